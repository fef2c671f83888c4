package vios_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/vios-platform/vios"
)

const (
	arnhem  = "11111111-1111-4111-8111-111111111111"
	denHaag = "22222222-2222-4222-8222-222222222222"
)

func actorWith(role, municipality string) *vios.Actor {
	u := &vios.User{ID: "u-" + role, Memberships: []vios.Membership{{MunicipalityID: municipality, Role: role}}}
	if role == vios.RoleLandelijk {
		u.Memberships[0].MunicipalityID = ""
	}
	return &vios.Actor{User: u}
}

// may is what a role may do in its own municipality, written from the issue
// and docs/ACCESS.md, not from authz.go:
//   - beheerder: users, organisations and configuration of the municipality;
//     never pupil data;
//   - regisseur: everything organisational in the municipality (sees who
//     works there, edits the approach), aggregated figures;
//   - fg: the processing log, the audit trail and the register, and the
//     rights review; no case content, so never pupil data;
//   - coordinator, otsv, school, partner: nothing administrative; pupil data
//     only as the data-sharing clause of a network decides;
//   - landelijk: read-only anonymised national figures; nothing else.
type may struct {
	viewUsers, manageUsers, editApproach, processingLog, rightsReview, outbox bool
	// transfer: prepare and receive transfers to the next school (school
	// staff only; the store decides per transfer).
	transfer bool
	// pupilData: the clause may grant it; false means never, whatever a
	// clause says.
	pupilData bool
	// decideTrend: the trend job's proposals.
	decideTrend bool
	// onboard: add a municipality and invite its first beheerder, a
	// right of the platform as a whole (the landelijk role), not of a
	// municipality's.
	onboard bool
}

var rules = map[string]may{
	vios.RoleBeheerder:   {viewUsers: true, manageUsers: true, editApproach: true, rightsReview: true, outbox: true},
	vios.RoleRegisseur:   {viewUsers: true, editApproach: true, pupilData: true, decideTrend: true},
	vios.RoleFG:          {processingLog: true, rightsReview: true},
	vios.RoleCoordinator: {pupilData: true},
	vios.RoleOTSV:        {pupilData: true},
	vios.RoleSchool:      {pupilData: true, transfer: true},
	vios.RolePartner:     {pupilData: true},
	vios.RoleLandelijk:   {onboard: true},
}

// municipalRule returns, for an action bound to a municipality, whether the
// role may do it in its own one.
func municipalRule(action vios.Action, m may) (allowed, ok bool) {
	switch action {
	case vios.ActionViewUsers:
		return m.viewUsers, true
	case vios.ActionManageUsers:
		return m.manageUsers, true
	case vios.ActionEditApproach:
		return m.editApproach, true
	case vios.ActionViewProcessingLog:
		return m.processingLog, true
	case vios.ActionViewRightsReview:
		return m.rightsReview, true
	case vios.ActionViewOutbox:
		return m.outbox, true
	case vios.ActionTransfer:
		return m.transfer, true
	case vios.ActionDecideTrend:
		return m.decideTrend, true
	case vios.ActionSetUpMunicipality:
		// Only the platform itself (SystemActor), never a role.
		return false, true
	}
	return false, false
}

var allActions = []vios.Action{
	vios.ActionViewAccount, vios.ActionViewUsers, vios.ActionManageUsers, vios.ActionEndSession,
	vios.ActionEditApproach, vios.ActionViewProcessingLog, vios.ActionViewRightsReview,
	vios.ActionViewOutbox, vios.ActionViewPupilData, vios.ActionSetUpMunicipality, vios.ActionTransfer, vios.ActionDecideTrend,
	vios.ActionOnboardMunicipality,
}

// An action added to authz.go without a rule here fails: the table below
// must say who may do it.
func TestEveryActionHasARule(t *testing.T) {
	src, err := os.ReadFile("authz.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := regexp.MustCompile(`(?m)^\s*Action\w+\s+Action\s*=\s*"([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(declared) == 0 {
		t.Fatal("no actions found in authz.go; the pattern no longer matches")
	}
	known := map[vios.Action]bool{}
	for _, a := range append(allActions, networkActions...) {
		known[a] = true
	}
	for _, d := range declared {
		if !known[vios.Action(d[1])] {
			t.Errorf("action %q in authz.go has no rule in authz_test.go", d[1])
		}
	}
	if len(rules) != len(vios.Roles) {
		t.Errorf("%d roles have rules, %d roles exist", len(rules), len(vios.Roles))
	}
}

// TestAuthorizeRules walks every action × every role × own/other
// municipality × own/foreign record, and asserts allow or deny from the
// rules above; a change in authz.go that breaks one of them fails here.
func TestAuthorizeRules(t *testing.T) {
	const self = "u-self"
	municipalities := []struct{ name, id string }{{"eigen gemeente", arnhem}, {"andere gemeente", denHaag}, {"geen gemeente", ""}}
	owners := []struct {
		name string
		id   string
		in   []string
	}{
		{"eigen record", self, []string{arnhem}},
		{"record van collega", "u-other", []string{arnhem}},
		{"record van ander in andere gemeente", "u-other", []string{denHaag}},
		{"record van ander in beide gemeenten", "u-other", []string{arnhem, denHaag}},
		{"record zonder eigenaar", "", nil},
	}
	for _, action := range allActions {
		for _, role := range vios.Codes(vios.Roles) {
			rule, ok := rules[role]
			if !ok {
				t.Fatalf("no rule for role %s", role)
			}
			home := arnhem
			if role == vios.RoleLandelijk {
				home = ""
			}
			actor := &vios.Actor{User: &vios.User{ID: self, Memberships: []vios.Membership{{MunicipalityID: home, Role: role}}}}
			for _, m := range municipalities {
				for _, o := range owners {
					for _, claimed := range []string{role, otherRole(role)} {
						res := vios.Resource{MunicipalityID: m.id, OwnerUserID: o.id, OwnerMunicipalities: o.in, Role: claimed}
						var want bool
						switch action {
						case vios.ActionViewAccount:
							// One's own account, whoever one is.
							want = o.id == self || o.id == ""
						case vios.ActionEndSession:
							// One's own sessions; an administrator also those
							// of users of their municipality.
							want = o.id == self || (rule.manageUsers && contains(o.in, arnhem))
						case vios.ActionOnboardMunicipality:
							// The landelijk role, wherever the record is.
							want = rule.onboard
						case vios.ActionViewPupilData:
							// Only in the role the clause names, held by the
							// actor in that municipality, and never for the
							// roles that may not see pupil data.
							want = rule.pupilData && claimed == role && m.id == home && m.id != ""
						default:
							allowed, ok := municipalRule(action, rule)
							if !ok {
								t.Fatalf("no rule for action %s", action)
							}
							want = allowed && m.id == home && m.id != ""
						}
						err := vios.Authorize(actor, action, res)
						if got := err == nil; got != want {
							t.Errorf("%s als %s, %s, %s, rol %s: toegestaan %v, verwacht %v",
								action, role, m.name, o.name, claimed, got, want)
						}
						if err != nil && vios.ErrorCode(err) != vios.EFORBIDDEN {
							t.Errorf("%s als %s: code %s, want %s", action, role, vios.ErrorCode(err), vios.EFORBIDDEN)
						}
					}
				}
			}
		}
	}
}

// Nobody logged in, or a blocked account: never anything, whatever the role.
func TestAuthorizeAnonymousAndBlocked(t *testing.T) {
	for _, action := range allActions {
		res := vios.Resource{MunicipalityID: arnhem, OwnerUserID: "u-beheerder", OwnerMunicipalities: []string{arnhem}, Role: vios.RoleSchool}
		for name, a := range map[string]*vios.Actor{"anoniem": nil, "actor zonder gebruiker": {}} {
			if err := vios.Authorize(a, action, res); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
				t.Errorf("%s %s: %v, want %s", action, name, err, vios.EUNAUTHORIZED)
			}
		}
		for _, role := range vios.Codes(vios.Roles) {
			blocked := actorWith(role, arnhem)
			blocked.User.Disabled = true
			own := res
			own.OwnerUserID = blocked.User.ID
			own.Role = role
			if err := vios.Authorize(blocked, action, own); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
				t.Errorf("%s by a blocked %s: %v, want %s", action, role, err, vios.EUNAUTHORIZED)
			}
		}
	}
}

// The platform acting itself (demo data, setup, an operator's command) may
// do every action but see pupils, and only when it says so explicitly: an
// actor without a user and without a reason is nobody.
func TestAuthorizeSystemActor(t *testing.T) {
	system := vios.SystemActor("demogegevens")
	for _, action := range append(append([]vios.Action{}, allActions...), networkActions...) {
		for _, res := range []vios.Resource{{}, {MunicipalityID: arnhem, Role: vios.RoleRegisseur}} {
			err := vios.Authorize(system, action, res)
			if action == vios.ActionViewPupilData {
				if vios.ErrorCode(err) != vios.EFORBIDDEN {
					t.Errorf("the system sees pupil data (%+v): %v", res, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s by the system (%+v): %v", action, res, err)
			}
		}
	}
	if vios.SystemActor("").System == "" {
		t.Error("a system actor without a reason")
	}
	if err := vios.Authorize(&vios.Actor{}, vios.ActionManageUsers, vios.Resource{MunicipalityID: arnhem}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("an empty actor: %v", err)
	}
}

// A person with several roles gets each role's rights in that role's
// municipality only; the rights do not mix.
func TestAuthorizeSeveralMemberships(t *testing.T) {
	a := &vios.Actor{User: &vios.User{ID: "u-multi", Memberships: []vios.Membership{
		{MunicipalityID: arnhem, Role: vios.RoleBeheerder},
		{MunicipalityID: denHaag, Role: vios.RoleSchool},
	}}}
	tests := []struct {
		action vios.Action
		res    vios.Resource
		want   bool
	}{
		{vios.ActionManageUsers, vios.Resource{MunicipalityID: arnhem}, true},
		{vios.ActionManageUsers, vios.Resource{MunicipalityID: denHaag}, false},
		{vios.ActionEditApproach, vios.Resource{MunicipalityID: denHaag}, false},
		{vios.ActionViewPupilData, vios.Resource{MunicipalityID: denHaag, Role: vios.RoleSchool}, true},
		{vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RoleSchool}, false},
		{vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RoleBeheerder}, false},
		{vios.ActionEndSession, vios.Resource{OwnerUserID: "x", OwnerMunicipalities: []string{denHaag}}, false},
		{vios.ActionEndSession, vios.Resource{OwnerUserID: "x", OwnerMunicipalities: []string{denHaag, arnhem}}, true},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := vios.Authorize(a, tt.action, tt.res) == nil; got != tt.want {
				t.Errorf("%s %+v: allowed %v, want %v", tt.action, tt.res, got, tt.want)
			}
		})
	}
}

// A record without a municipality is nobody's to administer: not the
// national role's, and not that of a role whose membership lost its
// municipality (a row Membership.Validate would refuse, but authorization
// must not rely on every row being valid).
func TestAuthorizeRecordWithoutMunicipality(t *testing.T) {
	for _, role := range vios.Codes(vios.Roles) {
		a := &vios.Actor{User: &vios.User{ID: "u-" + role, Memberships: []vios.Membership{{Role: role}}}}
		for _, action := range allActions {
			if action == vios.ActionViewAccount || action == vios.ActionEndSession {
				continue // about a user, not a municipality
			}
			if action == vios.ActionOnboardMunicipality && role == vios.RoleLandelijk {
				continue // the platform's, not a municipality's (TestAuthorizeRules)
			}
			if err := vios.Authorize(a, action, vios.Resource{Role: role}); vios.ErrorCode(err) != vios.EFORBIDDEN {
				t.Errorf("%s als %s zonder gemeente: %v, verwacht %s", action, role, err, vios.EFORBIDDEN)
			}
		}
	}
}

func TestMayManageUser(t *testing.T) {
	admin := actorWith(vios.RoleBeheerder, arnhem)
	blocked := actorWith(vios.RoleBeheerder, arnhem)
	blocked.User.Disabled = true
	both := &vios.Actor{User: &vios.User{ID: "u-both", Memberships: []vios.Membership{
		{MunicipalityID: arnhem, Role: vios.RoleBeheerder}, {MunicipalityID: denHaag, Role: vios.RoleBeheerder}}}}
	tests := []struct {
		name  string
		actor *vios.Actor
		owner []string
		want  bool
	}{
		{"beheerder, gebruiker van eigen gemeente", admin, []string{arnhem}, true},
		{"beheerder, gebruiker met twee rollen in eigen gemeente", admin, []string{arnhem, arnhem}, true},
		{"beheerder, gebruiker die ook in Den Haag werkt", admin, []string{arnhem, denHaag}, false},
		{"beheerder, gebruiker van andere gemeente", admin, []string{denHaag}, false},
		{"beheerder, gebruiker zonder gemeente (landelijk)", admin, nil, false},
		{"beheerder van beide gemeenten", both, []string{arnhem, denHaag}, true},
		{"geblokkeerde beheerder", blocked, []string{arnhem}, false},
		{"anoniem", nil, []string{arnhem}, false},
	}
	for _, role := range vios.Codes(vios.Roles) {
		if role != vios.RoleBeheerder {
			tests = append(tests, struct {
				name  string
				actor *vios.Actor
				owner []string
				want  bool
			}{role + ", gebruiker van eigen gemeente", actorWith(role, arnhem), []string{arnhem}, false})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vios.MayManageUser(tt.actor, tt.owner); got != tt.want {
				t.Errorf("MayManageUser = %v, want %v", got, tt.want)
			}
		})
	}
}

// otherRole returns a role that is not role, to claim in a pupil-data
// request the actor does not hold.
func otherRole(role string) string {
	if role == vios.RoleSchool {
		return vios.RolePartner
	}
	return vios.RoleSchool
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
