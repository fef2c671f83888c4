package vios_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// Completing a signal: a place in its network and working for the
// organisation that entered it, or the chair, the secretary, the
// regisseur; never in another municipality.
func TestAuthorizeCompleteSignal(t *testing.T) {
	school := &vios.Actor{User: &vios.User{ID: "u-school", Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: vios.RoleSchool, OrganisationID: "o-school"}}}}
	youth := &vios.Actor{User: &vios.User{ID: "u-youth", Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: vios.RolePartner, OrganisationID: "o-youth"}}}}
	regisseur := &vios.Actor{User: &vios.User{ID: "u-reg", Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: vios.RoleRegisseur}}}}
	for _, c := range []struct {
		name  string
		actor *vios.Actor
		res   vios.Resource
		want  bool
	}{
		{"reporter's organisation, member", school, vios.Resource{MunicipalityID: arnhem, InNetwork: vios.PositionMember, ReporterOrgID: "o-school"}, true},
		{"reporter's organisation, outside the network", school, vios.Resource{MunicipalityID: arnhem, ReporterOrgID: "o-school"}, false},
		{"reporter's organisation, other municipality", school, vios.Resource{MunicipalityID: denHaag, InNetwork: vios.PositionMember, ReporterOrgID: "o-school"}, false},
		{"another organisation, member", youth, vios.Resource{MunicipalityID: arnhem, InNetwork: vios.PositionMember, ReporterOrgID: "o-school"}, false},
		{"another organisation, secretary", youth, vios.Resource{MunicipalityID: arnhem, InNetwork: vios.FunctionSecretary, ReporterOrgID: "o-school"}, true},
		{"no reporter named", youth, vios.Resource{MunicipalityID: arnhem, InNetwork: vios.PositionMember}, false},
		{"regisseur", regisseur, vios.Resource{MunicipalityID: arnhem, ReporterOrgID: "o-school"}, true},
	} {
		if got := vios.Authorize(c.actor, vios.ActionCompleteSignal, c.res) == nil; got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
