package vios_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// Custom-support requests, written out from docs/ACCESS.md: a school's own
// accounts file and report, the regisseur decides, the regisseur and the
// beheerder read all; no other school, role or municipality.
func TestAuthorizeCustomRequests(t *testing.T) {
	const muni, school, other = "m-1", "school-1", "school-2"
	member := func(role, org string) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: "u", Memberships: []vios.Membership{{MunicipalityID: muni, Role: role, OrganisationID: org}}}}
	}
	own := vios.Resource{MunicipalityID: muni, SchoolID: school}
	all := vios.Resource{MunicipalityID: muni}
	elsewhere := vios.Resource{MunicipalityID: "m-2", SchoolID: school}
	for _, c := range []struct {
		name   string
		actor  *vios.Actor
		action vios.Action
		res    vios.Resource
		allow  bool
	}{
		{"school reads its own", member(vios.RoleSchool, school), vios.ActionViewCustom, own, true},
		{"school files", member(vios.RoleSchool, school), vios.ActionRequestCustom, own, true},
		{"school decides its own", member(vios.RoleSchool, school), vios.ActionDecideCustom, own, false},
		{"school reads all", member(vios.RoleSchool, school), vios.ActionViewCustom, all, false},
		{"other school reads", member(vios.RoleSchool, other), vios.ActionViewCustom, own, false},
		{"other school reports", member(vios.RoleSchool, other), vios.ActionRequestCustom, own, false},
		{"school elsewhere", member(vios.RoleSchool, school), vios.ActionViewCustom, elsewhere, false},
		{"regisseur reads all", member(vios.RoleRegisseur, ""), vios.ActionViewCustom, all, true},
		{"regisseur decides", member(vios.RoleRegisseur, ""), vios.ActionDecideCustom, own, true},
		{"regisseur files", member(vios.RoleRegisseur, ""), vios.ActionRequestCustom, own, false},
		{"regisseur elsewhere", member(vios.RoleRegisseur, ""), vios.ActionDecideCustom, elsewhere, false},
		{"beheerder reads", member(vios.RoleBeheerder, ""), vios.ActionViewCustom, own, true},
		{"beheerder decides", member(vios.RoleBeheerder, ""), vios.ActionDecideCustom, own, false},
		{"otsv reads", member(vios.RoleOTSV, ""), vios.ActionViewCustom, own, false},
		{"partner reads", member(vios.RolePartner, "org"), vios.ActionViewCustom, own, false},
		{"no municipality", member(vios.RoleRegisseur, ""), vios.ActionViewCustom, vios.Resource{}, false},
		{"nobody logged in", nil, vios.ActionViewCustom, own, false},
	} {
		if got := vios.Authorize(c.actor, c.action, c.res) == nil; got != c.allow {
			t.Errorf("%s: allowed %v, want %v", c.name, got, c.allow)
		}
	}
}

// Amounts in Dutch notation, as typed and as shown.
func TestEuros(t *testing.T) {
	for in, want := range map[string]int64{"12500": 1_250_000, "12.500,50": 1_250_050, "€ 1250,5": 125_050, "0,99": 99} {
		if got, ok := vios.ParseEuros(in); !ok || got != want {
			t.Errorf("ParseEuros(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-5", "12,345", "1e5", "twaalf", "12,", "1234567890123"} {
		if _, ok := vios.ParseEuros(bad); ok {
			t.Errorf("ParseEuros(%q) accepted", bad)
		}
	}
	if got := vios.Euros(1_250_050); got != "€ 12.500,50" {
		t.Errorf("Euros = %q", got)
	}
}
