package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The school adds a measure to its plan, owned by the wijkagent in its
// kernteam, and gives a section a review date of its own; the plan shows
// both, axe clean and without sideways scrolling at 320 px.
func TestSafetyPlanMeasureAndReview(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	ctx := context.Background()
	school, _, err := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	plan := &vios.SafetyPlan{MunicipalityID: arnhem.ID, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Veiligheidsplan",
		ReviewOn: vios.Date(p.db.Now()).AddDate(1, 0, 0)}
	if err := p.db.SafetyPlans.CreateSafetyPlan(vios.NewSystemContext(ctx, "testopzet"), plan, "sass", ""); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/veiligheidsplannen/arnhem/"+plan.ID, 200)
	tb.checkAccessibility()
	due := vios.Date(p.db.Now()).AddDate(0, 2, 0).Format("2006-01-02")
	tb.do("describe the measure", chromedp.SetValue(chromedp.CSS(`#maatregel-wat`), "Monitor sociale veiligheid afnemen"))
	tb.do("choose the due date", chromedp.SetValue(chromedp.CSS(`#maatregel-deadline`), due))
	tb.follow(chromedp.Search(`//button[normalize-space()="Maatregel toevoegen"]`))
	measures := tb.table("#plan-maatregelen")
	if len(measures.Rows) != 1 || !strings.HasPrefix(measures.Rows[0][0], "Monitor sociale veiligheid afnemen") {
		t.Fatalf("the plan's measures: %v", measures.Rows)
	}
	tb.checkAccessibility()
	review := vios.Date(p.db.Now()).AddDate(0, 6, 0)
	tb.do("a section's review date", chromedp.SetValue(chromedp.CSS(`#herzien-`+plan.Sections[1].ID), review.Format("2006-01-02")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Herzieningsdata opslaan"]`))
	if !strings.Contains(tb.text("#onderdeel-"+plan.Sections[1].ID), "Dit onderdeel wordt herzien op") {
		t.Errorf("the section's review date is not shown")
	}
	tb.narrow()
	tb.fits("the plan with its measures")
}
