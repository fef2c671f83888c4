package vios

import (
	"testing"
	"time"
)

// Who answers a party's signature: a role at the party's organisation in
// the covenant's municipality, a regisseur for the municipal team; never
// who recorded it, another organisation, another municipality or the
// platform itself.
func TestDecideSignature(t *testing.T) {
	school := &SignatureAccess{OrganisationID: "school-a", OrganisationKind: OrgSchool, Recorders: []string{"recorder"}}
	team := &SignatureAccess{OrganisationID: "team", OrganisationKind: OrgMunicipal, Recorders: []string{"recorder"}}
	// In a regio, a member municipality's team signs for that member: the
	// region's regisseur does not answer for it, its own staff do.
	memberTeam := &SignatureAccess{OrganisationID: "kerkrade", OrganisationKind: OrgMunicipal, MemberMunicipality: "Kerkrade", Recorders: []string{"recorder"}}
	user := func(id string, ms ...Membership) *Actor { return &Actor{User: &User{ID: id, Memberships: ms}} }
	atSchool := Membership{MunicipalityID: "m", OrganisationID: "school-a", Role: RoleSchool}
	regisseur := Membership{MunicipalityID: "m", Role: RoleRegisseur}
	for _, c := range []struct {
		name   string
		actor  *Actor
		access *SignatureAccess
		muni   string
		ok     bool
	}{
		{"a user of the school", user("u", atSchool), school, "m", true},
		{"the recorder, also at the school", user("recorder", regisseur, atSchool), school, "m", false},
		{"a regisseur for a school", user("u", regisseur), school, "m", false},
		{"a user of another school", user("u", Membership{MunicipalityID: "m", OrganisationID: "school-b", Role: RoleSchool}), school, "m", false},
		{"the school's id in another municipality", user("u", Membership{MunicipalityID: "x", OrganisationID: "school-a", Role: RoleSchool}), school, "m", false},
		{"a regisseur for the municipal team", user("u", regisseur), team, "m", true},
		{"the recording regisseur for the team", user("recorder", regisseur), team, "m", false},
		{"a coordinator for the team", user("u", Membership{MunicipalityID: "m", Role: RoleCoordinator}), team, "m", false},
		{"the region's regisseur for a member's team", user("u", regisseur), memberTeam, "m", false},
		{"a user of the member's team", user("u", Membership{MunicipalityID: "m", OrganisationID: "kerkrade", Role: RoleRegisseur}), memberTeam, "m", true},
		{"the platform", SystemActor("test"), school, "m", false},
		{"no party named", user("u", atSchool), nil, "m", false},
	} {
		err := Authorize(c.actor, ActionAnswerSignature, Resource{MunicipalityID: c.muni, Signature: c.access})
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want allowed %v", c.name, err, c.ok)
		}
	}
}

// An editor's save: a new date is a new recording that waits; the same
// date keeps the party's answer; the input never brings an answer along.
func TestSettleRecording(t *testing.T) {
	day := Date(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	later := day.AddDate(0, 0, 1)
	answered := time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC)
	confirmed := &CovenantParty{Status: PartySigned, SignedOn: &day, Signature: Signature{RecordedBy: "r", DecidedBy: "s", DecidedAt: &answered}}
	now := time.Date(2027, 3, 3, 9, 0, 0, 0, time.UTC)

	p := CovenantParty{Status: PartySigned, SignedOn: &day, Signature: Signature{DecidedBy: "forged"}}
	if fresh, err := p.SettleRecording(nil, "r", now); err != nil || !fresh || p.Status != PartyPending || p.Signature.DecidedBy != "" || p.Signature.RecordedBy != "r" {
		t.Errorf("a new party sent as signed: %+v %v %v", p, fresh, err)
	}
	p = CovenantParty{Status: PartySigned, SignedOn: &day}
	if fresh, err := p.SettleRecording(confirmed, "r2", now); err != nil || fresh || p.Status != PartySigned || p.Signature.DecidedBy != "s" {
		t.Errorf("the same date kept: %+v", p)
	}
	p = CovenantParty{Status: PartySigned, SignedOn: &later}
	if fresh, _ := p.SettleRecording(confirmed, "r2", now); !fresh || p.Status != PartyPending || p.Signature.RecordedBy != "r2" {
		t.Errorf("a new date: %+v", p)
	}
	p = CovenantParty{Status: PartyDeclined}
	if _, err := p.SettleRecording(confirmed, "r2", now); ErrorCode(err) != EINVALID {
		t.Errorf("an editor declines for the party: %v", err)
	}
	p = CovenantParty{Status: PartyInvited, Signature: Signature{DecidedBy: "forged"}}
	if _, err := p.SettleRecording(confirmed, "r2", now); err != nil || p.Signature != (Signature{}) {
		t.Errorf("invited again: %+v", p)
	}
}
