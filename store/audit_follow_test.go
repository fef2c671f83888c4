package store_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// Advice becomes an action item of the school's kernteam or, with one
// click, a measure of the school's safety plan; the audit shows both and
// the plan's measure names the audit it came from.
func TestAuditFollowUp(t *testing.T) {
	f := newAuditFixture(t)
	db, ctx := f.db, f.otsv
	findings := []vios.AuditFinding{
		{Key: "gebouw-1", Finding: vios.FindingMissing, Advice: "Plaats verlichting bij de achteringang"},
		{Key: "procedures-1", Finding: vios.FindingAttention, Advice: "Neem het vapeprotocol met het team door"},
	}
	if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, f.auditID, findings, ""); err != nil {
		t.Fatal(err)
	}
	choices, err := db.SafetyAudits.AuditOwners(ctx, f.arnhem, f.auditID)
	if err != nil || choices.PlanID != f.planID || len(choices.Owners) == 0 {
		t.Fatalf("the choices: %+v %v", choices, err)
	}
	due := vios.Date(db.Now()).AddDate(0, 1, 0)
	owner := choices.Owners[0].UserID
	if err := db.SafetyAudits.FollowUpAudit(ctx, f.arnhem, f.auditID, "", vios.FollowUpAction, &vios.ActionItem{OwnerUserID: owner, DueOn: due}); fields(err) != "advies" {
		t.Errorf("following up advice that is not there: %v", err)
	}
	if err := db.SafetyAudits.FollowUpAudit(ctx, f.arnhem, f.auditID, "gebouw-1", vios.FollowUpMeasure, &vios.ActionItem{OwnerUserID: owner, DueOn: due}); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyAudits.FollowUpAudit(ctx, f.arnhem, f.auditID, "procedures-1", vios.FollowUpAction, &vios.ActionItem{OwnerUserID: owner, DueOn: due}); err != nil {
		t.Fatal(err)
	}
	a, err := db.SafetyAudits.FindAudit(ctx, f.arnhem, f.auditID)
	if err != nil || len(a.FollowUps) != 2 {
		t.Fatalf("the follow-ups: %+v %v", a, err)
	}
	measure := a.FollowUpsOf("gebouw-1")
	if len(measure) != 1 || measure[0].PlanID != f.planID || measure[0].Action.Title != "Plaats verlichting bij de achteringang" {
		t.Errorf("the measure: %+v", measure)
	}
	if action := a.FollowUpsOf("procedures-1"); len(action) != 1 || action[0].PlanID != "" || action[0].Action.OwnerUserID != owner {
		t.Errorf("the action item: %+v", action)
	}
	plan, err := db.SafetyPlans.PlanMeasures(asUser(f.school), f.arnhem, f.planID)
	if err != nil || len(plan.Actions) != 1 || plan.FromAudits[plan.Actions[0].ID].AuditID != f.auditID {
		t.Errorf("the plan's measures: %+v %v", plan, err)
	}
	// A school without a plan: a clear message, nothing saved.
	vo := demoUser(t, db, "vo@arnhem.demo.example").Memberships[0].OrganisationID
	other := &vios.Audit{MunicipalityID: f.arnhem, SchoolID: vo, TemplateID: vios.DefaultAuditTemplateID, AuditOn: vios.Date(db.Now())}
	if err := db.SafetyAudits.CreateAudit(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, other.ID, findings[:1], ""); err != nil {
		t.Fatal(err)
	}
	err = db.SafetyAudits.FollowUpAudit(ctx, f.arnhem, other.ID, "gebouw-1", vios.FollowUpMeasure, &vios.ActionItem{OwnerUserID: owner, DueOn: due})
	if vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("a measure for a school without a plan: %v", err)
	}
	if a, _ := db.SafetyAudits.FindAudit(ctx, f.arnhem, other.ID); len(a.FollowUps) != 0 {
		t.Errorf("the refused measure was saved: %+v", a.FollowUps)
	}
}
