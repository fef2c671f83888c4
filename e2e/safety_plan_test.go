package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios/demo"
)

// An Arnhem vo school copies its sister school's approved plan, adapts
// two sections, sees the difference, and its director (the vo school's
// account, marked as one that may approve) approves it; a year later the
// regisseur sees the review is overdue. Copying and adapting takes seven
// interactions: open the new-plan form, choose the sister's plan, create,
// and per section type the text and save.
func TestSafetyPlanFromSisterSchool(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	if err := demo.LoadSafetyPlans(context.Background(), p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("vo@arnhem.demo.example", loginTestPassword)
	tb.open("/veiligheidsplannen/arnhem", 200)
	tb.checkAccessibility()

	interactions := copyAndAdaptSisterPlan(t, tb)
	if interactions != 7 {
		t.Errorf("copying and adapting took %d interactions", interactions)
	}
	t.Logf("copying and adapting a plan: %d interactions", interactions)
	if got := tb.text(`.plan-section .plan-text li`); got != "We spreken elkaar aan op gedrag." {
		t.Errorf("rendered list item: %q", got)
	}

	// The difference with the copied version.
	tb.follow(chromedp.Search(`//a[@id="versies"]`))
	tb.checkAccessibility()
	if diff := tb.text("#verschillen + p + h3 + ul"); !strings.Contains(diff, "+ Onze school is van iedereen.") || !strings.Contains(diff, "− Iedereen op onze school") {
		t.Errorf("difference: %q", diff)
	}
	tb.open(strings.TrimSuffix(tb.path(), "/versies"), 200)

	// The director approves; the approved version is frozen.
	tb.follow(chromedp.Search(`//button[@id="vaststellen"]`))
	if got := tb.text("#plan-status"); !strings.HasPrefix(got, "Vastgesteld") {
		t.Fatalf("status after approval: %q", got)
	}
	if n := tb.count("textarea"); n != 0 {
		t.Errorf("an approved plan offers %d text fields", n)
	}
	tb.narrow()
	tb.fits("the approved plan")
	tb.open(tb.path()[:strings.Index(tb.path(), "?")]+"/afdrukken", 200)
	tb.fits("the print view")
	tb.open(strings.TrimSuffix(tb.path(), "/afdrukken"), 200) // the print view has no menu
	tb.logout()

	// A year later the regisseur sees the review is overdue.
	if overdue := overdueAYearLater(t, p, tb); overdue != 2 {
		t.Errorf("plans overdue a year later: %d", overdue)
	}
}

// copyAndAdaptSisterPlan plays the vo school (logged in, on the plan
// overview) copying its sister school's approved plan and adapting two
// sections; it returns the interactions that took.
func copyAndAdaptSisterPlan(t *testing.T, tb *tab) int {
	t.Helper()
	interactions := 0
	step := func() { interactions++ }
	tb.follow(chromedp.Search(`//a[@id="nieuw-plan"]`))
	step()
	tb.checkAccessibility()
	tb.do("choose the sister school's plan", chromedp.Click(chromedp.Search(`//label[starts-with(normalize-space(),"Een kopie van")]`)))
	step()
	tb.follow(chromedp.Search(`//button[normalize-space()="Plan aanmaken"]`))
	step()
	if got := tb.text("#plan-status"); got != "Concept" {
		t.Fatalf("status of the copy: %q", got)
	}
	tb.checkAccessibility()
	for i, text := range []string{"Onze school is van iedereen.\n\n- We spreken elkaar aan op gedrag.",
		"We meten elk jaar in november de veiligheidsbeleving, met een extra meting in leerjaar 1."} {
		area := `(//section[contains(@class,"plan-section")])[` + string(rune('1'+i)) + `]//textarea`
		tb.do("adapt a section", chromedp.SetValue(chromedp.Search(area), text))
		step()
		tb.follow(chromedp.Search(`(//section[contains(@class,"plan-section")])[` + string(rune('1'+i)) + `]//button[starts-with(normalize-space(),"Opslaan")]`))
		step()
	}
	return interactions
}

// overdueAYearLater moves the clock a year on and counts the plans the
// regisseur sees as overdue for review; the tab is logged out before.
func overdueAYearLater(t *testing.T, p *meetingPlatform, tb *tab) int {
	t.Helper()
	p.clock.Set(p.clock.Now().AddDate(1, 0, 1))
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/veiligheidsplannen/arnhem", 200)
	tb.fits("the overview")
	overview := tb.table("#plannen-overzicht")
	overdue := 0
	for _, r := range overview.Rows {
		if r[tb.column(overview, "Status")] == "Herziening te laat" {
			overdue++
		}
	}
	return overdue
}
