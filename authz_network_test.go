package vios_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// networkActions are decided by the actor's place in the network and the
// regisseur's role, written out here from the issue, not from authz.go:
//   - the regisseur sees and runs every network of the municipality;
//   - members (fixed or deputy) see their network and propose items;
//   - the chair and the secretary run meetings and see the figures;
//   - the chair (and the regisseur) change the network and its members;
//   - the owner of an action reports its progress;
//   - members reach their networks' signals, cases and alerts, enter
//     signals and raise alerts; the chair, the secretary and a case's owner
//     direct cases and complete signals (as does who entered one:
//     TestAuthorizeCompleteSignal); data-subject requests are the fg's alone;
//   - nobody acts in another municipality's networks, and a place in a
//     network counts only while one still has a role in its municipality.
var networkActions = []vios.Action{vios.ActionViewDirectory, vios.ActionViewCovenant, vios.ActionEditCovenant, vios.ActionCreateNetwork, vios.ActionViewNetwork, vios.ActionManageNetwork,
	vios.ActionRunMeeting, vios.ActionProposeItem, vios.ActionUpdateAction, vios.ActionViewNetworkFigures,
	vios.ActionViewCasework, vios.ActionEnterSignal, vios.ActionDirectCase, vios.ActionRaiseAlert, vios.ActionSubjectRequest,
	vios.ActionCompleteSignal}

// caseworkMay is what every place in a network may of the casework actions; the
// chair and the secretary also direct cases.
var caseworkMay = []vios.Action{vios.ActionViewCasework, vios.ActionEnterSignal, vios.ActionRaiseAlert}

// placeMay lists per place what it may; "" is someone outside the network.
var placeMay = map[string][]vios.Action{
	"":                  nil,
	vios.PositionMember: append([]vios.Action{vios.ActionViewNetwork, vios.ActionProposeItem}, caseworkMay...),
	vios.FunctionSecretary: append([]vios.Action{vios.ActionViewNetwork, vios.ActionProposeItem, vios.ActionRunMeeting, vios.ActionUpdateAction,
		vios.ActionViewNetworkFigures, vios.ActionDirectCase, vios.ActionCompleteSignal}, caseworkMay...),
	vios.FunctionChair: append([]vios.Action{vios.ActionViewNetwork, vios.ActionProposeItem, vios.ActionRunMeeting, vios.ActionUpdateAction,
		vios.ActionViewNetworkFigures, vios.ActionManageNetwork, vios.ActionDirectCase, vios.ActionCompleteSignal}, caseworkMay...),
}

func TestAuthorizeNetworkRules(t *testing.T) {
	const self = "u-self"
	for _, action := range networkActions {
		for _, role := range vios.Codes(vios.Roles) {
			home := arnhem
			if role == vios.RoleLandelijk {
				home = ""
			}
			actor := &vios.Actor{User: &vios.User{ID: self, Memberships: []vios.Membership{{MunicipalityID: home, Role: role}}}}
			for _, muni := range []string{arnhem, denHaag, ""} {
				for place := range placeMay {
					for _, owner := range []string{"", self, "u-other"} {
						res := vios.Resource{MunicipalityID: muni, InNetwork: place, OwnerUserID: owner}
						var want bool
						switch {
						case muni == "" || muni != home:
							want = false
						case action == vios.ActionViewDirectory:
							// The sociale kaart: every role held in the municipality.
							want = true
						case action == vios.ActionEditCovenant:
							want = role == vios.RoleRegisseur
						case action == vios.ActionViewCovenant:
							// Staff of the municipality; others only as a party.
							want = role == vios.RoleRegisseur || role == vios.RoleFG || role == vios.RoleCoordinator || role == vios.RoleOTSV
						case action == vios.ActionCreateNetwork:
							want = role == vios.RoleRegisseur
						case action == vios.ActionSubjectRequest:
							want = role == vios.RoleFG
						case role == vios.RoleRegisseur:
							want = true
						case (action == vios.ActionUpdateAction || action == vios.ActionDirectCase) && owner == self:
							want = true
						default:
							for _, a := range placeMay[place] {
								want = want || a == action
							}
						}
						err := vios.Authorize(actor, action, res)
						if got := err == nil; got != want {
							t.Errorf("%s als %s, gemeente %q, plek %q, eigenaar %q: toegestaan %v, verwacht %v", action, role, muni, place, owner, got, want)
						}
						if err != nil && vios.ErrorCode(err) != vios.EFORBIDDEN {
							t.Errorf("%s: code %s", action, vios.ErrorCode(err))
						}
					}
				}
			}
		}
	}
}

// A member whose roles in the municipality were all taken away keeps no
// access through an old place in a network.
func TestNetworkPlaceNeedsARoleInTheMunicipality(t *testing.T) {
	actor := &vios.Actor{User: &vios.User{ID: "u-1", Memberships: []vios.Membership{{MunicipalityID: denHaag, Role: vios.RolePartner}}}}
	for _, action := range networkActions {
		res := vios.Resource{MunicipalityID: arnhem, InNetwork: vios.FunctionChair, OwnerUserID: "u-1"}
		if err := vios.Authorize(actor, action, res); vios.ErrorCode(err) != vios.EFORBIDDEN {
			t.Errorf("%s with a place but no role in the municipality: %v", action, err)
		}
	}
}

// PlaceOf reads a network's members on a day: the chair outranks the
// secretary, who outranks a plain member; a past membership gives nothing.
func TestPlaceOf(t *testing.T) {
	day := vios.Date(mustTime("2026-09-01T10:00:00Z"))
	left := day
	n := &vios.Network{MunicipalityID: arnhem, Members: []vios.NetworkMember{
		{UserID: "chair", Position: vios.PositionMember, Function: vios.FunctionChair, JoinedOn: day.AddDate(0, -1, 0)},
		{UserID: "sec", Position: vios.PositionMember, Function: vios.FunctionSecretary, JoinedOn: day.AddDate(0, -1, 0)},
		{UserID: "deputy", Position: vios.PositionDeputy, JoinedOn: day},
		{UserID: "gone", Position: vios.PositionMember, JoinedOn: day.AddDate(0, -1, 0), LeftOn: &left},
		{UserID: "later", Position: vios.PositionMember, JoinedOn: day.AddDate(0, 0, 1)},
	}}
	for user, want := range map[string]string{"chair": vios.FunctionChair, "sec": vios.FunctionSecretary,
		"deputy": vios.PositionMember, "gone": "", "later": "", "stranger": ""} {
		if got := n.PlaceOf(user, day); got != want {
			t.Errorf("PlaceOf(%s) = %q, want %q", user, got, want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// A school or partner employee reads a covenant only when their own
// organisation is a party to it, and only in that municipality.
func TestCovenantReadableByParties(t *testing.T) {
	school := &vios.Actor{User: &vios.User{ID: "u-s", Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: vios.RoleSchool, OrganisationID: "org-school"}}}}
	cases := []struct {
		name    string
		muni    string
		parties []string
		want    bool
	}{
		{"own school is party", arnhem, []string{"org-police", "org-school"}, true},
		{"own school is no party", arnhem, []string{"org-police"}, false},
		{"party, but another municipality", denHaag, []string{"org-school"}, false},
	}
	for _, c := range cases {
		err := vios.Authorize(school, vios.ActionViewCovenant, vios.Resource{MunicipalityID: c.muni, Parties: c.parties})
		if got := err == nil; got != c.want {
			t.Errorf("%s: allowed %v, want %v", c.name, got, c.want)
		}
	}
}

// Administrators, the privacy officer and the national role see nothing of
// a pupil, even as members of a network under a clause that names pupils;
// someone who also holds a working role does.
func TestAccessOfNeverForRolesWithoutPupilData(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	n := &vios.Network{ID: "n", MunicipalityID: "m", Name: "Kernteam", Members: []vios.NetworkMember{
		{UserID: "u", OrganisationID: "o", Position: vios.PositionMember, JoinedOn: day.AddDate(0, -1, 0)}}}
	sharing := vios.Sharing{Named: true, Reason: "grondslag", Clause: &vios.SharingClause{Purpose: "p",
		Recipients: []vios.ClauseRecipient{{Kind: vios.OrgSchool, Categories: []string{vios.DataIdentity}}}},
		Covenant: &vios.Covenant{Title: "c", Parties: []vios.CovenantParty{signed("o", day)}}}
	for _, c := range []struct {
		roles []string
		want  string
	}{
		{[]string{vios.RoleBeheerder}, vios.AccessNone},
		{[]string{vios.RoleFG}, vios.AccessNone},
		{[]string{vios.RoleFG, vios.RoleSchool}, vios.AccessNamed},
		{[]string{vios.RoleSchool}, vios.AccessNamed},
	} {
		u := &vios.User{ID: "u"}
		for _, r := range c.roles {
			u.Memberships = append(u.Memberships, vios.Membership{MunicipalityID: "m", Role: r, OrganisationID: "o"})
		}
		if got := vios.AccessOf(&vios.Actor{User: u}, n, sharing, "other", "o", vios.OrgSchool, day); got.Level != c.want {
			t.Errorf("%v: %s, want %s", c.roles, got.Level, c.want)
		}
	}
}

// What one reader sees of a record's pupils: the reporter its own names,
// an entitled kind of organisation names, others pseudonyms, outsiders
// nothing; without named sharing only the reporter sees names.
func TestAccessOf(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	joined := day.AddDate(0, -1, 0)
	n := &vios.Network{ID: "n", MunicipalityID: "m", Name: "Kernteam", Members: []vios.NetworkMember{
		{UserID: "school", OrganisationID: "s", Position: vios.PositionMember, JoinedOn: joined},
		{UserID: "police", OrganisationID: "p", Position: vios.PositionMember, JoinedOn: joined},
		{UserID: "youth", OrganisationID: "y", Position: vios.PositionMember, JoinedOn: joined},
		{UserID: "gone", OrganisationID: "p", Position: vios.PositionMember, JoinedOn: joined, LeftOn: &joined}}}
	parties := []vios.CovenantParty{signed("s", joined), signed("p", joined), signed("y", joined)}
	named := vios.Sharing{Named: true, Reason: "grondslag", Covenant: &vios.Covenant{Title: "c", Parties: parties}, Clause: &vios.SharingClause{Purpose: "p",
		Recipients: []vios.ClauseRecipient{{Kind: vios.OrgSchool, Categories: []string{vios.DataIdentity}},
			{Kind: "politie", Categories: []string{vios.DataIdentity}}, {Kind: "jongerenwerk", Categories: []string{vios.DataSchool}}}}}
	unnamed := vios.Sharing{Reason: "geen afspraak"}
	actor := func(id, role, org string) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: id, Memberships: []vios.Membership{{MunicipalityID: "m", Role: role, OrganisationID: org}}}}
	}
	for _, c := range []struct {
		name      string
		a         *vios.Actor
		sharing   vios.Sharing
		org, kind string
		want      string
	}{
		{"reporter", actor("school", vios.RoleSchool, "s"), unnamed, "s", vios.OrgSchool, vios.AccessNamed},
		{"police under a named clause", actor("police", vios.RolePartner, "p"), named, "p", "politie", vios.AccessNamed},
		{"police without a clause", actor("police", vios.RolePartner, "p"), unnamed, "p", "politie", vios.AccessPseudonym},
		{"youth work gets no identity", actor("youth", vios.RolePartner, "y"), named, "y", "jongerenwerk", vios.AccessPseudonym},
		{"regisseur without a place", actor("reg", vios.RoleRegisseur, "t"), named, "t", vios.OrgMunicipal, vios.AccessPseudonym},
		{"a member who left", actor("gone", vios.RolePartner, "p"), named, "p", "politie", vios.AccessNone},
		{"no place in the network", actor("otsv", vios.RoleOTSV, "s"), named, "s", vios.OrgSchool, vios.AccessNone},
		{"another municipality", &vios.Actor{User: &vios.User{ID: "police", Memberships: []vios.Membership{{MunicipalityID: "x", Role: vios.RolePartner}}}},
			named, "p", "politie", vios.AccessNone},
	} {
		if got := vios.AccessOf(c.a, n, c.sharing, "s", c.org, c.kind, day); got.Level != c.want || got.Reason == "" {
			t.Errorf("%s: %s (%q), want %s", c.name, got.Level, got.Reason, c.want)
		}
	}
}

// signed is a party of a covenant that signed on day.
func signed(org string, day time.Time) vios.CovenantParty {
	return vios.CovenantParty{OrganisationID: org, OrganisationName: "organisatie " + org, Status: vios.PartySigned, SignedOn: &day}
}

// Names go only to organisations that signed the covenant and that the
// clause names (by default: every party of the kind), field by field by
// category; in a network of several schools a school sees only its own
// pupils by name unless the clause shares them across schools; the reason
// names the party and the categories.
func TestAccessOfPartiesAndCategories(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	joined := day.AddDate(0, -1, 0)
	members := []vios.NetworkMember{}
	for _, u := range []string{"a", "b", "new", "lp", "p2"} {
		members = append(members, vios.NetworkMember{UserID: u, OrganisationID: u, Position: vios.PositionMember, JoinedOn: joined})
	}
	kernteam := &vios.Network{ID: "n", MunicipalityID: "m", Name: "Kernteam A", SchoolIDs: []string{"a"}, Members: members}
	overarching := &vios.Network{ID: "o", MunicipalityID: "m", Name: "Overkoepelend", SchoolIDs: []string{"a", "b"}, Members: members}
	invited := vios.CovenantParty{OrganisationID: "p2", OrganisationName: "organisatie p2", Status: vios.PartyInvited}
	later := day.AddDate(0, 0, 3)
	covenant := &vios.Covenant{Title: "VIOS", Parties: []vios.CovenantParty{signed("a", joined), signed("b", joined), signed("lp", joined),
		invited, {OrganisationID: "new", OrganisationName: "nieuw", Status: vios.PartySigned, SignedOn: &later}}}
	clause := &vios.SharingClause{Purpose: "kernteam", LegalBasis: "6.1.e", Named: true, Recipients: []vios.ClauseRecipient{
		{Kind: vios.OrgSchool, Categories: []string{vios.DataIdentity, vios.DataSchool, vios.DataPlan}},
		{Kind: "leerplicht", Categories: []string{vios.DataIdentity}},
		{Kind: "politie", Categories: []string{vios.DataIdentity, vios.DataPolice}, OrganisationIDs: []string{"p1"}},
	}}
	sharing := vios.Sharing{Named: true, Covenant: covenant, Clause: clause}
	actor := func(id, role string) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: id, Memberships: []vios.Membership{{MunicipalityID: "m", Role: role, OrganisationID: id}}}}
	}
	for _, c := range []struct {
		name       string
		n          *vios.Network
		user, kind string
		want       string
		plan       bool
		ownSchool  string
		reason     string
	}{
		{"a signed school in its kernteam", kernteam, "a", vios.OrgSchool, vios.AccessNamed, true, "", "organisatie a, partij die het convenant ondertekende op 1 augustus 2026"},
		{"a school that signed later than today", kernteam, "new", vios.OrgSchool, vios.AccessPseudonym, false, "", "geen ondertekende partij"},
		{"leerplicht: names, not the plan", kernteam, "lp", "leerplicht", vios.AccessNamed, false, "", "identiteit van de leerling"},
		{"an invited party that has not signed", kernteam, "p2", "politie", vios.AccessPseudonym, false, "", "geen ondertekende partij"},
		{"school b in the overarching network: only its own pupils", overarching, "b", vios.OrgSchool, vios.AccessNamed, true, "b", ""},
	} {
		got := vios.AccessOf(actor(c.user, vios.RoleSchool), c.n, sharing, "reporter", c.user, c.kind, day)
		if got.Level != c.want || got.Reads(vios.DataPlan) != c.plan || got.School != c.ownSchool || !strings.Contains(got.Reason, c.reason) {
			t.Errorf("%s: %s plan=%v school=%q (%q)", c.name, got.Level, got.Reads(vios.DataPlan), got.School, got.Reason)
		}
	}
	// A party not named where the clause names its parties gets no names.
	covenant.Parties = append(covenant.Parties, signed("p3", joined))
	if got := vios.AccessOf(actor("p3", vios.RolePartner), &vios.Network{MunicipalityID: "m", Name: "n", Members: []vios.NetworkMember{
		{UserID: "p3", OrganisationID: "p3", Position: vios.PositionMember, JoinedOn: joined}}}, sharing, "r", "p3", "politie", day); got.Named() {
		t.Errorf("a police party the clause does not name sees names: %q", got.Reason)
	}
	// School b sees its own pupil by name, school a's pupil by pseudonym,
	// and no free text of a record about a pupil of school a.
	b := vios.AccessOf(actor("b", vios.RoleSchool), overarching, sharing, "reporter", "b", vios.OrgSchool, day)
	if !b.NamedFor("b") || b.NamedFor("a") || b.ForSchools("a", "b").Named() || !b.ForSchools("b").Named() {
		t.Errorf("school b in an overarching network: %+v", b)
	}
	if r := b.ForSchools("a").Reason; !strings.Contains(r, "alleen haar eigen leerlingen") {
		t.Errorf("reason for another school's pupil: %q", r)
	}
	clause.AcrossSchools = true
	if b := vios.AccessOf(actor("b", vios.RoleSchool), overarching, sharing, "reporter", "b", vios.OrgSchool, day); !b.NamedFor("a") {
		t.Errorf("a clause that shares across schools: %+v", b)
	}
}

// A seat in a network is only for an organisation the person holds a role
// at; municipal staff may sit for a municipal team or coordinator
// organisation.
func TestMayRepresent(t *testing.T) {
	school := &vios.Organisation{ID: "s", MunicipalityID: "m", Kind: vios.OrgSchool}
	youth := &vios.Organisation{ID: "y", MunicipalityID: "m", Kind: vios.OrgPartner, PartnerKind: "jongerenwerk"}
	team := &vios.Organisation{ID: "t", MunicipalityID: "m", Kind: vios.OrgMunicipal}
	worker := &vios.User{ID: "u", Memberships: []vios.Membership{{MunicipalityID: "m", Role: vios.RolePartner, OrganisationID: "y"}}}
	coordinator := &vios.User{ID: "c", Memberships: []vios.Membership{{MunicipalityID: "m", Role: vios.RoleCoordinator}}}
	elsewhere := &vios.User{ID: "e", Memberships: []vios.Membership{{MunicipalityID: "x", Role: vios.RoleSchool, OrganisationID: "s"}}}
	for _, c := range []struct {
		name string
		u    *vios.User
		o    *vios.Organisation
		want bool
	}{
		{"youth worker for youth work", worker, youth, true},
		{"youth worker for the school", worker, school, false},
		{"youth worker for a municipal team", worker, team, false},
		{"coordinator for a municipal team", coordinator, team, true},
		{"coordinator for the school", coordinator, school, false},
		{"a role in another municipality", elsewhere, school, false},
	} {
		if got := vios.MayRepresent(c.u, "m", c.o); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
