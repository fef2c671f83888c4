package vios_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// Safety audits: the regisseur and OTSV hold them, the beheerder writes
// the templates too, the audited school's accounts read and respond;
// another school, a partner and another municipality get nothing.
func TestAuthorizeAudits(t *testing.T) {
	actor := func(role, org string) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: "u-" + role, Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: role, OrganisationID: org}}}}
	}
	audit := vios.Resource{MunicipalityID: arnhem, SchoolID: "o-school"}
	elsewhere := vios.Resource{MunicipalityID: denHaag, SchoolID: "o-school"}
	for _, c := range []struct {
		name   string
		actor  *vios.Actor
		action vios.Action
		res    vios.Resource
		want   bool
	}{
		{"otsv reads", actor(vios.RoleOTSV, ""), vios.ActionViewAudit, audit, true},
		{"otsv records", actor(vios.RoleOTSV, ""), vios.ActionEditAudit, audit, true},
		{"regisseur records", actor(vios.RoleRegisseur, ""), vios.ActionEditAudit, audit, true},
		{"otsv elsewhere", actor(vios.RoleOTSV, ""), vios.ActionViewAudit, elsewhere, false},
		{"beheerder records", actor(vios.RoleBeheerder, ""), vios.ActionEditAudit, audit, false},
		{"beheerder writes templates", actor(vios.RoleBeheerder, ""), vios.ActionEditAuditTemplates, audit, true},
		{"coordinator writes templates", actor(vios.RoleCoordinator, ""), vios.ActionEditAuditTemplates, audit, false},
		{"the school reads", actor(vios.RoleSchool, "o-school"), vios.ActionViewAudit, audit, true},
		{"the school responds", actor(vios.RoleSchool, "o-school"), vios.ActionRespondAudit, audit, true},
		{"the school records", actor(vios.RoleSchool, "o-school"), vios.ActionEditAudit, audit, false},
		{"another school reads", actor(vios.RoleSchool, "o-other"), vios.ActionViewAudit, audit, false},
		{"a partner reads", actor(vios.RolePartner, "o-school"), vios.ActionViewAudit, audit, false},
		{"otsv responds", actor(vios.RoleOTSV, ""), vios.ActionRespondAudit, audit, false},
	} {
		if got := vios.Authorize(c.actor, c.action, c.res) == nil; got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
