package vios_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// Who writes the catalogue and who sees and records sessions, written out
// once more: the landelijk role for the platform, a municipality's
// regisseur, beheerder and OTSV for theirs; sessions for its regisseur
// and OTSV, a school account for its own school only.
func TestTrainingRules(t *testing.T) {
	actor := func(role, municipality, org string) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: role, Memberships: []vios.Membership{{Role: role, MunicipalityID: municipality, OrganisationID: org}}}}
	}
	for _, c := range []struct {
		name   string
		actor  *vios.Actor
		action vios.Action
		res    vios.Resource
		ok     bool
	}{
		{"landelijk for the platform", actor(vios.RoleLandelijk, "", ""), vios.ActionEditTraining, vios.Resource{}, true},
		{"landelijk for a municipality", actor(vios.RoleLandelijk, "", ""), vios.ActionEditTraining, vios.Resource{MunicipalityID: "m"}, false},
		{"regisseur for its own", actor(vios.RoleRegisseur, "m", ""), vios.ActionEditTraining, vios.Resource{MunicipalityID: "m"}, true},
		{"regisseur for another", actor(vios.RoleRegisseur, "m", ""), vios.ActionEditTraining, vios.Resource{MunicipalityID: "n"}, false},
		{"regisseur for the platform", actor(vios.RoleRegisseur, "m", ""), vios.ActionEditTraining, vios.Resource{}, false},
		{"beheerder", actor(vios.RoleBeheerder, "m", ""), vios.ActionEditTraining, vios.Resource{MunicipalityID: "m"}, true},
		{"otsv", actor(vios.RoleOTSV, "m", ""), vios.ActionEditTraining, vios.Resource{MunicipalityID: "m"}, true},
		{"school writes no entry", actor(vios.RoleSchool, "m", "s"), vios.ActionEditTraining, vios.Resource{MunicipalityID: "m"}, false},
		{"regisseur's sessions", actor(vios.RoleRegisseur, "m", ""), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m", SchoolID: "s"}, true},
		{"otsv's sessions", actor(vios.RoleOTSV, "m", ""), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m"}, true},
		{"another municipality's sessions", actor(vios.RoleRegisseur, "m", ""), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "n"}, false},
		{"beheerder sees no sessions", actor(vios.RoleBeheerder, "m", ""), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m"}, false},
		{"school, own school", actor(vios.RoleSchool, "m", "s"), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m", SchoolID: "s"}, true},
		{"school, another school", actor(vios.RoleSchool, "m", "s"), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m", SchoolID: "t"}, false},
		{"partner", actor(vios.RolePartner, "m", "p"), vios.ActionTrainingSessions, vios.Resource{MunicipalityID: "m"}, false},
		{"landelijk sees no sessions", actor(vios.RoleLandelijk, "", ""), vios.ActionTrainingSessions, vios.Resource{}, false},
	} {
		if got := vios.Authorize(c.actor, c.action, c.res) == nil; got != c.ok {
			t.Errorf("%s: allowed %v, want %v", c.name, got, c.ok)
		}
	}
	if got := vios.SchoolOf(actor(vios.RoleSchool, "m", "s"), "m"); got != "s" {
		t.Errorf("a school account's school: %q", got)
	}
	if got := vios.SchoolOf(actor(vios.RoleRegisseur, "m", ""), "m"); got != "" {
		t.Errorf("the regisseur is narrowed to school %q", got)
	}
}

// A result shows only above ten answers after the session, its change
// only with as many before; an answer must score every statement.
func TestTrainingResultThreshold(t *testing.T) {
	for _, c := range []struct {
		after, before int
		shown, change bool
	}{{10, 50, false, false}, {11, 10, true, false}, {11, 11, true, true}, {0, 0, false, false}} {
		r := vios.TrainingResult{Respondents: c.after, BeforeRespondents: c.before}
		if r.Shown() != c.shown || r.ShowsChange() != c.change {
			t.Errorf("%d after, %d before: shown %v change %v", c.after, c.before, r.Shown(), r.ShowsChange())
		}
	}
	form := &vios.EvaluationForm{Phase: vios.PhaseAfter, Statements: []string{"a", "b", "c"}}
	for _, e := range []vios.Evaluation{{Rating: 0, Scores: []int{3, 3, 3}}, {Rating: 3, Scores: []int{3, 3}}, {Rating: 3, Scores: []int{3, 6, 3}}} {
		if err := e.Validate(form); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%+v: %v", e, err)
		}
	}
}
