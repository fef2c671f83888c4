package vios_test

import (
	"fmt"
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

// TestAuthorizeRules states the rules of docs/ACCESS.md once more, written
// out per action, role and municipality, so a change in authz.go that
// breaks one of them fails here.
func TestAuthorizeRules(t *testing.T) {
	// Who may, in their own municipality. Nobody may in another one.
	own := map[vios.Action][]string{
		vios.ActionViewUsers:         {vios.RoleBeheerder, vios.RoleRegisseur},
		vios.ActionManageUsers:       {vios.RoleBeheerder},
		vios.ActionEditApproach:      {vios.RoleBeheerder, vios.RoleRegisseur},
		vios.ActionViewProcessingLog: {vios.RoleFG},
		vios.ActionViewRightsReview:  {vios.RoleBeheerder, vios.RoleFG},
		vios.ActionViewOutbox:        {vios.RoleBeheerder},
	}
	for action, allowed := range own {
		for _, role := range vios.Codes(vios.Roles) {
			for _, municipality := range []string{arnhem, denHaag} {
				want := municipality == arnhem && contains(allowed, role)
				err := vios.Authorize(actorWith(role, arnhem), action, vios.Resource{MunicipalityID: municipality})
				if got := err == nil; got != want {
					t.Errorf("%s as %s of Arnhem on %s: allowed %v, want %v", action, role, municipality, got, want)
				}
				if err != nil && vios.ErrorCode(err) != vios.EFORBIDDEN {
					t.Errorf("%s as %s: code %s, want forbidden", action, role, vios.ErrorCode(err))
				}
			}
		}
		// Nobody logged in, a blocked account, and a record of no
		// municipality: never.
		if err := vios.Authorize(nil, action, vios.Resource{MunicipalityID: arnhem}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
			t.Errorf("%s anonymous: %v", action, err)
		}
		blocked := actorWith(allowed[0], arnhem)
		blocked.User.Disabled = true
		if err := vios.Authorize(blocked, action, vios.Resource{MunicipalityID: arnhem}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
			t.Errorf("%s blocked: %v", action, err)
		}
		if err := vios.Authorize(actorWith(allowed[0], arnhem), action, vios.Resource{}); err == nil {
			t.Errorf("%s on a record without municipality: allowed", action)
		}
	}
}

func TestAuthorizeOwnRecords(t *testing.T) {
	me := actorWith(vios.RoleSchool, arnhem)
	admin := actorWith(vios.RoleBeheerder, arnhem)
	tests := []struct {
		actor  *vios.Actor
		action vios.Action
		res    vios.Resource
		want   bool
	}{
		{me, vios.ActionViewAccount, vios.Resource{OwnerUserID: me.User.ID}, true},
		{me, vios.ActionViewAccount, vios.Resource{OwnerUserID: "someone-else"}, false},
		{me, vios.ActionEndSession, vios.Resource{OwnerUserID: me.User.ID}, true},
		{me, vios.ActionEndSession, vios.Resource{OwnerUserID: "x", OwnerMunicipalities: []string{arnhem}}, false},
		// An administrator ends sessions of users of their municipality only.
		{admin, vios.ActionEndSession, vios.Resource{OwnerUserID: "x", OwnerMunicipalities: []string{arnhem}}, true},
		{admin, vios.ActionEndSession, vios.Resource{OwnerUserID: "x", OwnerMunicipalities: []string{denHaag}}, false},
		// Pupil data: never for beheerder, fg or landelijk, whatever the role claims.
		{admin, vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RoleBeheerder}, false},
		{actorWith(vios.RoleFG, arnhem), vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RoleFG}, false},
		{actorWith(vios.RoleLandelijk, ""), vios.ActionViewPupilData, vios.Resource{Role: vios.RoleLandelijk}, false},
		{me, vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RoleSchool}, true},
		{me, vios.ActionViewPupilData, vios.Resource{MunicipalityID: denHaag, Role: vios.RoleSchool}, false},
		{me, vios.ActionViewPupilData, vios.Resource{MunicipalityID: arnhem, Role: vios.RolePartner}, false},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := vios.Authorize(tt.actor, tt.action, tt.res) == nil; got != tt.want {
				t.Errorf("%s %+v: allowed %v, want %v", tt.action, tt.res, got, tt.want)
			}
		})
	}
}

func TestMayManageUser(t *testing.T) {
	admin := actorWith(vios.RoleBeheerder, arnhem)
	if !vios.MayManageUser(admin, []string{arnhem}) {
		t.Error("may not manage a user of their own municipality")
	}
	if vios.MayManageUser(admin, []string{arnhem, denHaag}) {
		t.Error("may manage a user who also works for Den Haag")
	}
	if vios.MayManageUser(admin, nil) || vios.MayManageUser(actorWith(vios.RoleRegisseur, arnhem), []string{arnhem}) {
		t.Error("may manage a user without municipality, or as regisseur")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
