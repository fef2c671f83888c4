package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// A measure of the plan is an action of the school's kernteam: added by who
// writes the plan, owned by a current member, shown on the plan and with
// the network's open actions; a school without a kernteam gets a clear error.
func TestSafetyPlanMeasures(t *testing.T) {
	db := openWithDemoUsers(t)
	if err := demo.LoadNetworks(context.Background(), db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	arnhem := municipalityID(t, db, "arnhem")
	school := demoUser(t, db, "school@arnhem.demo.example")
	partner := demoUser(t, db, "partner@arnhem.demo.example")
	coordinator := demoUser(t, db, "coordinator@arnhem.demo.example")
	asSchool := asUser(school)
	review := vios.Date(db.Now()).AddDate(1, 0, 0)
	due := vios.Date(db.Now()).AddDate(0, 1, 0)
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Plan Lindenhof", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asSchool, p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	measure := func() *vios.ActionItem {
		return &vios.ActionItem{Title: "Monitor afnemen", OwnerUserID: partner.ID, DueOn: due}
	}
	if err := db.SafetyPlans.AddPlanMeasure(asUser(partner), arnhem, p.ID, measure()); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner adds a measure: %v", err)
	}
	if err := db.SafetyPlans.AddPlanMeasure(asUser(coordinator), arnhem, p.ID, measure()); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a coordinator without the right adds a measure: %v", err)
	}
	stranger := measure()
	stranger.OwnerUserID = demoUser(t, db, "regisseur@arnhem.demo.example").ID
	if err := db.SafetyPlans.AddPlanMeasure(asSchool, arnhem, p.ID, stranger); fields(err) != "eigenaar" {
		t.Errorf("an owner outside the kernteam: %v", err)
	}
	a := measure()
	if err := db.SafetyPlans.AddPlanMeasure(asSchool, arnhem, p.ID, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.SafetyPlans.PlanMeasures(asSchool, arnhem, p.ID)
	if err != nil || got.NetworkID == "" || len(got.Actions) != 1 || got.Actions[0].Title != "Monitor afnemen" || len(got.Owners) != 3 {
		t.Fatalf("the plan's measures: %+v %v", got, err)
	}
	open, err := db.Networks.ListActions(asSchool, vios.ActionFilter{MunicipalityID: arnhem, NetworkID: got.NetworkID, OpenOnly: true})
	if err != nil || len(open) != 1 || open[0].PlanID != p.ID || open[0].PlanTitle != p.Title {
		t.Fatalf("the kernteam's open actions: %+v %v", open, err)
	}
	// A regisseur reads the plan and its measures, but chooses no owners.
	if got, err := db.SafetyPlans.PlanMeasures(asUser(demoUser(t, db, "regisseur@arnhem.demo.example")), arnhem, p.ID); err != nil || len(got.Actions) != 1 || len(got.Owners) != 0 {
		t.Errorf("the regisseur's view: %+v %v", got, err)
	}

	// The vo school has no kernteam.
	vo := demoUser(t, db, "vo@arnhem.demo.example")
	q := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: vo.Memberships[0].OrganisationID, Title: "Plan vo", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asUser(vo), q, "sass", ""); err != nil {
		t.Fatal(err)
	}
	err = db.SafetyPlans.AddPlanMeasure(asUser(vo), arnhem, q.ID, measure())
	if vios.ErrorCode(err) != vios.ECONFLICT || !strings.Contains(vios.ErrorMessage(err), "geen kernteam") {
		t.Errorf("a school without a kernteam: %v", err)
	}
}
