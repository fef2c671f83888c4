package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func TestSafetyPlanLifecycle(t *testing.T) {
	db := openWithDemoUsers(t)
	arnhem := municipalityID(t, db, "arnhem")
	school := demoUser(t, db, "school@arnhem.demo.example")
	vo := demoUser(t, db, "vo@arnhem.demo.example")
	asSchool, asVO := asUser(school), asUser(vo)
	asCoordinator := asUser(demoUser(t, db, "coordinator@arnhem.demo.example"))
	asPartner := asUser(demoUser(t, db, "partner@arnhem.demo.example"))
	asBeheerder := asUser(demoUser(t, db, "beheerder@arnhem.demo.example"))
	asOther := asUser(demoUser(t, db, "regisseur@den-haag.demo.example"))
	ownSchool := school.Memberships[0].OrganisationID
	review := vios.Date(db.Now()).AddDate(1, 0, 0)

	// A plan for a school of another municipality: a clear error, nothing stored.
	foreign := demoUser(t, db, "school@den-haag.demo.example").Memberships[0].OrganisationID
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: foreign, Title: "Plan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asSchool, p, "sass", ""); fields(err) != "school" {
		t.Fatalf("plan for a school elsewhere: %v", err)
	}
	p = &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: ownSchool, Title: "Veiligheidsplan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asPartner, p, "digitaal-veiligheidsplan", ""); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("a partner starts a school's plan: %v", err)
	}
	if err := db.SafetyPlans.CreateSafetyPlan(asSchool, p, "digitaal-veiligheidsplan", ""); err != nil {
		t.Fatal(err)
	}
	if len(p.Sections) != 6 || p.Version != 1 || p.Status != vios.PlanDraft {
		t.Fatalf("new plan: %d sections, version %d, %s", len(p.Sections), p.Version, p.Status)
	}
	first := p.Sections[0].ID
	if err := db.SafetyPlans.UpdatePlanSection(asSchool, arnhem, p.ID, first, "Wij zijn **veilig**.", 1); err != nil {
		t.Fatal(err)
	}
	// A stale version, a partner without a section of theirs, another municipality.
	if err := db.SafetyPlans.UpdatePlanSection(asSchool, arnhem, p.ID, first, "Oud", 1); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale save: %v", err)
	}
	if err := db.SafetyPlans.UpdatePlanSection(asPartner, arnhem, p.ID, first, "Partner", 2); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("partner edits a section not theirs: %v", err)
	}
	if _, err := db.SafetyPlans.FindSafetyPlan(asOther, arnhem, p.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("another municipality reads the plan: %v", err)
	}
	// A coordinator helps once the school lets them, and may never approve.
	coordinator := vios.ActorFromContext(asCoordinator).User.ID
	if err := db.SafetyPlans.UpdatePlanSection(asCoordinator, arnhem, p.ID, first, "Hulp", 2); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("coordinator without the right: %v", err)
	}
	if err := db.SafetyPlans.SetPlanHelper(asSchool, arnhem, p.ID, coordinator, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.AddPlanComment(asCoordinator, arnhem, p.ID, &vios.PlanComment{SectionID: first, Text: "Noem het meetinstrument."}); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.UpdatePlanSection(asCoordinator, arnhem, p.ID, p.Sections[1].ID, "We meten jaarlijks.", 2); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.ApproveSafetyPlan(asCoordinator, arnhem, p.ID, 3); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("helper approves: %v", err)
	}
	// The school account approves once the beheerder marks it.
	if err := db.SafetyPlans.ApproveSafetyPlan(asSchool, arnhem, p.ID, 3); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("unmarked school account approves: %v", err)
	}
	if err := db.SafetyPlans.SetPlanApprover(asSchool, arnhem, ownSchool, school.ID, true); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("school marks itself: %v", err)
	}
	if err := db.SafetyPlans.SetPlanApprover(asBeheerder, arnhem, ownSchool, school.ID, true); err != nil {
		t.Fatal(err)
	}
	// The approver read version 2; the coordinator's save made it 3, so
	// nothing is approved until the approver has seen version 3.
	if err := db.SafetyPlans.ApproveSafetyPlan(asSchool, arnhem, p.ID, 2); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("approval of a version no longer current: %v", err)
	}
	if err := db.SafetyPlans.ApproveSafetyPlan(asSchool, arnhem, p.ID, 0); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("approval without the version seen: %v", err)
	}
	if got, _ := db.SafetyPlans.FindSafetyPlan(asSchool, arnhem, p.ID); got.Status != vios.PlanDraft || got.ApprovedVersion != 0 {
		t.Errorf("refused approvals approved: %+v", got)
	}
	if err := db.SafetyPlans.ApproveSafetyPlan(asSchool, arnhem, p.ID, 3); err != nil {
		t.Fatal(err)
	}
	err := db.SafetyPlans.UpdatePlanSection(asSchool, arnhem, p.ID, first, "Na vaststelling", 3)
	if vios.ErrorCode(err) != vios.ECONFLICT || !strings.Contains(vios.ErrorMessage(err), "vastgesteld") {
		t.Errorf("edit of an approved plan: %v", err)
	}
	got, err := db.SafetyPlans.FindSafetyPlan(asSchool, arnhem, p.ID)
	if err != nil || got.Status != vios.PlanApproved || got.ApprovedVersion != 3 || got.ApprovedBy != school.Name || got.Sections[0].Body != "Wij zijn **veilig**." {
		t.Fatalf("approved plan: %+v %v", got, err)
	}
	versions, err := db.SafetyPlans.PlanVersions(asSchool, arnhem, p.ID)
	if err != nil || len(versions) != 3 || !versions[0].Approved || versions[2].Sections[0].Body != "" {
		t.Fatalf("versions: %d %v", len(versions), err)
	}
	comments, err := db.SafetyPlans.PlanComments(asPartner, arnhem, p.ID)
	if vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("partner without a section reads comments: %d %v", len(comments), err)
	}
	if comments, _ = db.SafetyPlans.PlanComments(asSchool, arnhem, p.ID); len(comments) != 1 || comments[0].Text != "Noem het meetinstrument." {
		t.Errorf("comments: %+v", comments)
	}
	// The next draft starts from the approved version.
	if err := db.SafetyPlans.ReviseSafetyPlan(asSchool, arnhem, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.UpdatePlanSection(asSchool, arnhem, p.ID, first, "Herzien", 4); err != nil {
		t.Fatal(err)
	}

	// Shared within the municipality: another school copies its texts.
	if err := db.SafetyPlans.SharePlan(asSchool, arnhem, p.ID, vios.PlanSharedNational, false); fields(err) != "geenNamen" {
		t.Errorf("national sharing without confirming: %v", err)
	}
	if err := db.SafetyPlans.SharePlan(asSchool, arnhem, p.ID, vios.PlanSharedNational, true); fields(err) != "delen" {
		t.Errorf("a draft shared nationally: %v", err)
	}
	if err := db.SafetyPlans.SharePlan(asSchool, arnhem, p.ID, vios.PlanSharedMunicipality, false); err != nil {
		t.Fatal(err)
	}
	shared, err := db.SafetyPlans.SharedPlans(asVO, arnhem)
	if err != nil || len(shared) != 1 || shared[0].ID != p.ID {
		t.Fatalf("shared plans: %+v %v", shared, err)
	}
	if other, _ := db.SafetyPlans.SharedPlans(asOther, municipalityID(t, db, "den-haag")); len(other) != 0 {
		t.Errorf("a plan shared within Arnhem shown in Den Haag: %+v", other)
	}
	cp := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: vo.Memberships[0].OrganisationID, Title: "Ons plan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asVO, cp, "", p.ID); err != nil {
		t.Fatal(err)
	}
	if cp.Sections[0].Body != "Herzien" || cp.Sections[1].Body != "We meten jaarlijks." {
		t.Errorf("copied sections: %+v", cp.Sections[:2])
	}

	// The overview: approved, then overdue a year later.
	rows, err := db.SafetyPlans.PlanOverview(asUser(demoUser(t, db, "regisseur@arnhem.demo.example")), arnhem)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range rows {
		status[r.SchoolID] = r.Status
	}
	if status[ownSchool] != vios.PlanDraft || status[cp.OwnerOrgID] != vios.PlanDraft {
		t.Errorf("overview: %v", status)
	}
	if _, err := db.SafetyPlans.PlanOverview(asSchool, arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("school reads the overview: %v", err)
	}
	now := db.Now()
	db.Now = func() time.Time { return now.AddDate(1, 0, 2) }
	rows, _ = db.SafetyPlans.PlanOverview(asUser(demoUser(t, db, "regisseur@arnhem.demo.example")), arnhem)
	for _, r := range rows {
		if r.SchoolID == ownSchool && r.Status != vios.PlanOverdue {
			t.Errorf("a year later: %s", r.Status)
		}
	}
}

// The school is told once before its plan's review date, the coordinators
// once when it passed; content-free, each once per review date.
func TestSafetyPlanReminders(t *testing.T) {
	db := openWithDemoUsers(t)
	arnhem := municipalityID(t, db, "arnhem")
	school := demoUser(t, db, "school@arnhem.demo.example")
	now := db.Now()
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Plan van Lindenhof",
		ReviewOn: vios.Date(now).AddDate(0, 0, 20)}
	if err := db.SafetyPlans.CreateSafetyPlan(asUser(school), p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{1, 0} {
		if n, err := db.SafetyPlans.RemindSafetyPlans(context.Background()); err != nil || n != want {
			t.Fatalf("pass %d before the review: %d %v", i, n, err)
		}
	}
	mails := outbox(t, db)
	if len(mails[school.Email]) != 1 || strings.Contains(mails[school.Email][0].Body, "Lindenhof") {
		t.Fatalf("the school's reminder: %+v", mails[school.Email])
	}
	db.Now = func() time.Time { return now.AddDate(0, 0, 22) }
	for i, want := range []int{1, 0} {
		if n, err := db.SafetyPlans.RemindSafetyPlans(context.Background()); err != nil || n != want {
			t.Fatalf("pass %d after the review: %d %v", i, n, err)
		}
	}
	if got := outbox(t, db)["coordinator@arnhem.demo.example"]; len(got) != 1 || !strings.Contains(got[0].Subject, "niet op tijd herzien") {
		t.Errorf("the coordinator's reminder: %+v", got)
	}
}
