package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// auditFixture is Arnhem with its networks: the OTSV audits the school
// Lindenhof (school@arnhem), which has a kernteam and a safety plan.
type auditFixture struct {
	db      *store.DB
	arnhem  string
	otsv    context.Context
	school  *vios.User
	planID  string
	auditID string
}

func newAuditFixture(t *testing.T) *auditFixture {
	db := openWithDemoUsers(t)
	if err := demo.LoadNetworks(context.Background(), db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	f := &auditFixture{db: db, arnhem: municipalityID(t, db, "arnhem"), otsv: asUser(demoUser(t, db, "otsv@arnhem.demo.example")),
		school: demoUser(t, db, "school@arnhem.demo.example")}
	p := &vios.SafetyPlan{MunicipalityID: f.arnhem, OwnerOrgID: f.school.Memberships[0].OrganisationID, Title: "Plan Lindenhof",
		ReviewOn: vios.Date(db.Now()).AddDate(1, 0, 0)}
	if err := db.SafetyPlans.CreateSafetyPlan(asUser(f.school), p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	f.planID = p.ID
	a := &vios.Audit{MunicipalityID: f.arnhem, SchoolID: p.OwnerOrgID, TemplateID: vios.DefaultAuditTemplateID, AuditOn: vios.Date(db.Now())}
	if err := db.SafetyAudits.CreateAudit(f.otsv, a); err != nil {
		t.Fatal(err)
	}
	f.auditID = a.ID
	return f
}

// An audit copies the default template; findings, sealed notes and advice
// are saved; bad input saves nothing; a completed audit is frozen.
func TestAuditFindings(t *testing.T) {
	f := newAuditFixture(t)
	db, ctx := f.db, f.otsv
	a, err := db.SafetyAudits.FindAudit(ctx, f.arnhem, f.auditID)
	if err != nil || len(a.Items) != len(vios.DefaultAuditTemplate().Items) || a.TemplateVersion != vios.DefaultAuditTemplateVersion || a.AuditorName == "" {
		t.Fatalf("the new audit: %+v %v", a, err)
	}
	good := vios.AuditFinding{Key: "gebouw-1", Finding: vios.FindingAttention, Note: "Achteringang van meneer Jansen is niet verlicht", Advice: "Plaats verlichting bij de achteringang"}
	for _, bad := range [][]vios.AuditFinding{
		{good, {Key: "bestaat-niet", Finding: vios.FindingOK}},
		{good, {Key: "gebouw-2", Finding: "prima"}},
	} {
		if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, f.auditID, bad, "Algemeen advies"); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("bad findings %+v: %v", bad, err)
		}
	}
	if a, _ := db.SafetyAudits.FindAudit(ctx, f.arnhem, f.auditID); a.Item("gebouw-1").Finding != "" || a.Advice != "" {
		t.Errorf("bad input saved something: %+v", a.Item("gebouw-1"))
	}
	if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, f.auditID, []vios.AuditFinding{good}, "Algemeen advies"); err != nil {
		t.Fatal(err)
	}
	a, _ = db.SafetyAudits.FindAudit(ctx, f.arnhem, f.auditID)
	if it := a.Item("gebouw-1"); it.Finding != vios.FindingAttention || it.Note != good.Note || it.Advice != good.Advice || a.Advice != "Algemeen advies" {
		t.Errorf("the saved finding: %+v, advice %q", it, a.Advice)
	}
	// The note is sealed: the table does not hold the name.
	if stored := rawScalar(t, db, `SELECT note_sealed FROM audit_items WHERE audit_id = ? AND item_key = ?`, f.auditID, "gebouw-1"); stored == "" || strings.Contains(stored, "Jansen") {
		t.Errorf("the note is stored as %q", stored)
	}
	if err := db.SafetyAudits.CompleteAudit(ctx, f.arnhem, f.auditID); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("completing with open items: %v", err)
	}
	var all []vios.AuditFinding
	for _, it := range a.Items {
		all = append(all, vios.AuditFinding{Key: it.Key, Finding: vios.FindingOK, Note: it.Note, Advice: it.Advice})
	}
	if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, f.auditID, all, "Algemeen advies"); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyAudits.CompleteAudit(ctx, f.arnhem, f.auditID); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyAudits.RecordAuditFindings(ctx, f.arnhem, f.auditID, all, "Ander advies"); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("a change of a completed audit: %v", err)
	}
	if err := db.SafetyAudits.RespondToAudit(asUser(f.school), f.arnhem, f.auditID, "Wij pakken de verlichting op."); err != nil {
		t.Errorf("the school responds: %v", err)
	}
	if a, _ := db.SafetyAudits.FindAudit(asUser(f.school), f.arnhem, f.auditID); a == nil || !a.Completed() || len(a.Responses) != 1 || a.Advice != "Algemeen advies" {
		t.Errorf("the school reads its completed audit: %+v", a)
	}
}

// Only a school of the municipality is audited, from a template it can use.
func TestAuditBadStart(t *testing.T) {
	f := newAuditFixture(t)
	db := f.db
	denHaagSchool := demoUser(t, db, "school@den-haag.demo.example").Memberships[0].OrganisationID
	partnerOrg := demoUser(t, db, "partner@arnhem.demo.example").Memberships[0].OrganisationID
	day := vios.Date(db.Now())
	for name, a := range map[string]*vios.Audit{
		"a school of another municipality": {MunicipalityID: f.arnhem, SchoolID: denHaagSchool, TemplateID: vios.DefaultAuditTemplateID, AuditOn: day},
		"a partner, no school":             {MunicipalityID: f.arnhem, SchoolID: partnerOrg, TemplateID: vios.DefaultAuditTemplateID, AuditOn: day},
		"an unknown template":              {MunicipalityID: f.arnhem, SchoolID: f.school.Memberships[0].OrganisationID, TemplateID: "00000000-0000-0000-0000-000000000000", AuditOn: day},
	} {
		if err := db.SafetyAudits.CreateAudit(f.otsv, a); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	if list, err := db.SafetyAudits.ListAudits(f.otsv, f.arnhem); err != nil || len(list) != 1 {
		t.Errorf("nothing else saved: %d audits, %v", len(list), err)
	}
	if err := db.SafetyAudits.CreateAudit(asUser(f.school), &vios.Audit{MunicipalityID: f.arnhem, SchoolID: f.school.Memberships[0].OrganisationID,
		TemplateID: vios.DefaultAuditTemplateID, AuditOn: day}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a school audits itself: %v", err)
	}
}

// A municipality copies the default template and edits its items; an
// audit from it holds its items, and a later edit leaves the audit alone.
func TestAuditOwnTemplate(t *testing.T) {
	f := newAuditFixture(t)
	db := f.db
	own := vios.DefaultAuditTemplate()
	own.ID, own.MunicipalityID, own.Name, own.BasedOnVersion = "", f.arnhem, "Rotterdamse lijst", own.Version
	own.SetSectionItems("gebouw", "Camera bij de ingang werkt\nHek is 's avonds dicht")
	beheerder := asUser(demoUser(t, db, "beheerder@arnhem.demo.example"))
	if err := db.SafetyAudits.SaveAuditTemplate(asUser(f.school), own); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a school writes a template: %v", err)
	}
	own.ID = ""
	if err := db.SafetyAudits.SaveAuditTemplate(beheerder, own); err != nil {
		t.Fatal(err)
	}
	a := &vios.Audit{MunicipalityID: f.arnhem, SchoolID: f.school.Memberships[0].OrganisationID, TemplateID: own.ID, AuditOn: vios.Date(db.Now())}
	if err := db.SafetyAudits.CreateAudit(f.otsv, a); err != nil {
		t.Fatal(err)
	}
	own.SetSectionItems("gebouw", "Alleen nog dit punt")
	if err := db.SafetyAudits.SaveAuditTemplate(beheerder, own); err != nil {
		t.Fatal(err)
	}
	got, err := db.SafetyAudits.FindAudit(f.otsv, f.arnhem, a.ID)
	if err != nil || got.TemplateName != "Rotterdamse lijst" || got.Item("gebouw-2") == nil || got.Item("gebouw-2").Text != "Hek is 's avonds dicht" || got.Item("gebouw-3") != nil {
		t.Errorf("the audit from the own template: %+v %v", got, err)
	}
	list, err := db.SafetyAudits.AuditTemplates(f.otsv, f.arnhem)
	if err != nil || len(list) != 2 || !list[0].Default() || len(list[1].ItemsOf("gebouw")) != 1 {
		t.Errorf("the templates: %+v %v", list, err)
	}
	std := vios.DefaultAuditTemplate()
	std.MunicipalityID = f.arnhem
	if err := db.SafetyAudits.SaveAuditTemplate(beheerder, std); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("changing the default template: %v", err)
	}
}
