package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The school adds a measure to its plan: bad input answers at the form and
// stores nothing; the measure is shown on the plan and with the kernteam's
// open actions, "Uit veiligheidsplan …".
func TestSafetyPlanMeasure(t *testing.T) {
	p, school, plan := schoolPlan(t, true)
	ctx := context.Background()
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	path := "/veiligheidsplannen/arnhem/" + plan.ID
	if r := p.do(t, "GET", path, s, nil); r.status != 200 || !strings.Contains(r.body, `id="maatregel-eigenaar"`) {
		t.Fatalf("plan page without the measure form: %d", r.status)
	}
	r := p.do(t, "POST", path+"/maatregelen", s, url.Values{"wat": {""}, "eigenaar": {school.ID}, "deadline": {""}})
	if r.status != 400 || !strings.Contains(r.body, `href="#maatregel-wat"`) {
		t.Errorf("a measure without text: %d", r.status)
	}
	due := vios.Date(p.db.Now()).AddDate(0, 1, 0).Format("2006-01-02")
	if r := p.do(t, "POST", path+"/maatregelen", s, url.Values{"wat": {"Pestprotocol bespreken"}, "eigenaar": {school.ID}, "deadline": {due}}); r.status != 303 {
		t.Fatalf("add a measure: %d", r.status)
	}
	if r := p.do(t, "GET", path, s, nil); !strings.Contains(r.body, "Pestprotocol bespreken") || !strings.Contains(r.body, "Open") {
		t.Errorf("the plan does not show its measure")
	}
	measures, err := p.db.SafetyPlans.PlanMeasures(vios.NewSystemContext(ctx, "test"), p.arnhemID, plan.ID)
	if err != nil || len(measures.Actions) != 1 {
		t.Fatalf("measures: %+v %v", measures, err)
	}
	if r := p.do(t, "GET", "/netwerken/arnhem/"+measures.NetworkID, s, nil); !strings.Contains(r.body, "Uit veiligheidsplan Plan Lindenhof") {
		t.Errorf("the kernteam's open actions do not name the plan: %d", r.status)
	}
}

// The school sets its plan's and a section's review dates on the plan page;
// a wrong date answers at the form.
func TestSafetyPlanReviewDatesPage(t *testing.T) {
	p, _, plan := schoolPlan(t, false)
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	path := "/veiligheidsplannen/arnhem/" + plan.ID
	section := plan.Sections[1].ID
	if r := p.do(t, "POST", path+"/herzieningsdata", s, url.Values{"herzienOp": {"morgen"}}); r.status != 400 || !strings.Contains(r.body, `href="#herzien-plan"`) {
		t.Errorf("a wrong date: %d", r.status)
	}
	if r := p.do(t, "POST", path+"/herzieningsdata", s, url.Values{"herzienOp": {"2099-09-01"}, "herzienOp-" + section: {"2099-03-01"}}); r.status != 303 {
		t.Fatalf("set review dates: %d", r.status)
	}
	if r := p.do(t, "GET", path, s, nil); !strings.Contains(r.body, "Dit onderdeel wordt herzien op 1 maart 2099") {
		t.Errorf("the section's review date is not shown")
	}
}

// schoolPlan is a platform with a plan of the demo school (Lindenhof), and
// with the demo kernteam when kernteam is set.
func schoolPlan(t *testing.T, kernteam bool) (*platform, *vios.User, *vios.SafetyPlan) {
	t.Helper()
	p := newPlatform(t, true)
	ctx := context.Background()
	if kernteam {
		if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	plan := &vios.SafetyPlan{MunicipalityID: p.arnhemID, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Plan Lindenhof",
		ReviewOn: vios.Date(p.db.Now()).AddDate(1, 0, 0)}
	if err := p.db.SafetyPlans.CreateSafetyPlan(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), plan, "sass", ""); err != nil {
		t.Fatal(err)
	}
	return p, school, plan
}
