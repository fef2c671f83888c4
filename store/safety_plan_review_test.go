package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// The school sets the review dates of its plan and a section; a partner
// may not; a passed section date reminds the school once, content-free.
func TestSafetyPlanReviewDates(t *testing.T) {
	db := openWithDemoUsers(t)
	arnhem := municipalityID(t, db, "arnhem")
	school := demoUser(t, db, "school@arnhem.demo.example")
	asSchool := asUser(school)
	today := vios.Date(db.Now())
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Plan Lindenhof", ReviewOn: today.AddDate(1, 0, 0)}
	if err := db.SafetyPlans.CreateSafetyPlan(asSchool, p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	section := p.Sections[2].ID
	dates := map[string]time.Time{section: today.AddDate(0, 0, 10)}
	if err := db.SafetyPlans.SetPlanReviewDates(asUser(demoUser(t, db, "partner@arnhem.demo.example")), arnhem, p.ID, today.AddDate(2, 0, 0), dates); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner sets the review dates: %v", err)
	}
	if err := db.SafetyPlans.SetPlanReviewDates(asSchool, arnhem, p.ID, time.Time{}, dates); fields(err) != "herzienOp" {
		t.Errorf("without the plan's date: %v", err)
	}
	if err := db.SafetyPlans.SetPlanReviewDates(asSchool, arnhem, p.ID, today.AddDate(2, 0, 0), dates); err != nil {
		t.Fatal(err)
	}
	got, _ := db.SafetyPlans.FindSafetyPlan(asSchool, arnhem, p.ID)
	if !got.ReviewOn.Equal(today.AddDate(2, 0, 0)) || got.Section(section).ReviewOn == nil || !got.Section(section).ReviewOn.Equal(today.AddDate(0, 0, 10)) {
		t.Fatalf("review dates: %v %v", got.ReviewOn, got.Section(section).ReviewOn)
	}
	now := db.Now()
	db.Now = func() time.Time { return now.AddDate(0, 0, 12) }
	for i, want := range []int{1, 0} {
		if n, err := db.SafetyPlans.RemindSafetyPlans(context.Background()); err != nil || n != want {
			t.Fatalf("pass %d: %d %v", i, n, err)
		}
	}
	mails := outbox(t, db)[school.Email]
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "onderdeel") || strings.Contains(mails[0].Body, got.Section(section).Title) {
		t.Errorf("the section's reminder: %+v", mails)
	}
}
