package demo_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// Arnhem's demo school has a completed audit from the default template
// whose advice became a measure of its plan; loading twice adds nothing.
func TestLoadAudits(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.LoadAudits(ctx, db.All, db.SafetyAudits, db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	sys := vios.NewSystemContext(ctx, "test")
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	list, err := db.SafetyAudits.ListAudits(sys, m.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("demo audits: %d %v", len(list), err)
	}
	a, err := db.SafetyAudits.FindAudit(sys, m.ID, list[0].ID)
	if err != nil || !a.Completed() || a.TemplateID != vios.DefaultAuditTemplateID || len(a.FollowUps) != 1 || a.FollowUps[0].PlanID == "" {
		t.Fatalf("the demo audit: %+v %v", a, err)
	}
	measures, err := db.SafetyPlans.PlanMeasures(sys, m.ID, a.FollowUps[0].PlanID)
	if err != nil || len(measures.Actions) != 1 || measures.FromAudits[measures.Actions[0].ID].AuditID != a.ID {
		t.Errorf("the plan's measure from the audit: %+v %v", measures, err)
	}
}
