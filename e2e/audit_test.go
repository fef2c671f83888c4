package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// An audit whose advice lands in the school's safety plan: the OTSV starts
// an audit of the demo school from the default template, records a finding
// with advice, turns the advice into a measure of the school's plan with
// one click, and the plan shows the measure and the audit it came from;
// axe finds nothing, and the new pages fit a 320 px phone.
func TestAuditAdviceIntoSafetyPlan(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	ctx := context.Background()
	school, _, err := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	plan := &vios.SafetyPlan{MunicipalityID: arnhem.ID, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Veiligheidsplan Lindenhof",
		ReviewOn: vios.Date(p.db.Now()).AddDate(1, 0, 0)}
	if err := p.db.SafetyPlans.CreateSafetyPlan(vios.NewSystemContext(ctx, "testopzet"), plan, "sass", ""); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("otsv@arnhem.demo.example", loginTestPassword)

	tb.open("/veiligheidsaudits/arnhem", 200)
	tb.checkAccessibility()
	tb.do("choose the school", chromedp.SetValue(chromedp.CSS("#school"), plan.OwnerOrgID))
	tb.choose("#sjabloon", "Standaard veiligheidsaudit")
	tb.follow(chromedp.Search(`//button[normalize-space()="Audit beginnen"]`))
	auditPath, _, _ := strings.Cut(tb.path(), "?")
	if !strings.Contains(tb.text("main"), "De audit is aangemaakt.") {
		t.Fatalf("after starting: %s %q", auditPath, tb.text("main"))
	}
	tb.checkAccessibility()

	tb.do("record a finding with advice",
		chromedp.Click(chromedp.CSS("#bevinding-gebouw-3-aandachtspunt")),
		chromedp.SendKeys(chromedp.CSS("#toelichting-gebouw-3"), "Geen toezicht bij de fietsenstalling in de pauze."),
		chromedp.SendKeys(chromedp.CSS("#advies-gebouw-3"), "Deel een pleinwacht in bij de fietsenstalling."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Bevindingen opslaan"]`))
	if !strings.Contains(tb.text("main"), "De bevindingen zijn opgeslagen.") {
		t.Fatalf("after recording: %q", tb.text("main"))
	}
	tb.checkAccessibility()

	// One click: the advice becomes a measure of the school's plan.
	tb.follow(chromedp.Search(`//form[@aria-labelledby="opvolging-gebouw-3"]//button[@value="maatregel"]`))
	followUps := tb.table("#audit-opvolging")
	if !strings.Contains(tb.text("main"), "Het advies staat als maatregel in het veiligheidsplan van de school.") || len(followUps.Rows) != 1 ||
		!strings.Contains(followUps.Rows[0][0], "Deel een pleinwacht in bij de fietsenstalling.") || !strings.Contains(followUps.Rows[0][0], "Veiligheidsplan Lindenhof") {
		t.Fatalf("the audit's follow-up: %v %q", followUps.Rows, tb.text("main"))
	}
	tb.checkAccessibility()
	tb.open(auditPath+"/rapport", 200)
	if !strings.Contains(tb.text("main"), "Deel een pleinwacht in bij de fietsenstalling.") {
		t.Errorf("the report lacks the advice: %q", tb.text("main"))
	}
	tb.checkAccessibility()

	// The plan shows the measure and the audit it came from.
	tb.open("/veiligheidsplannen/arnhem/"+plan.ID, 200)
	measures := tb.table("#plan-maatregelen")
	if len(measures.Rows) != 1 || !strings.HasPrefix(measures.Rows[0][0], "Deel een pleinwacht in bij de fietsenstalling.") ||
		!strings.Contains(tb.text("#maatregelen-uit-audits"), "veiligheidsaudit van") {
		t.Fatalf("the plan's measures: %v %q", measures.Rows, tb.text("#maatregelen"))
	}
	tb.checkAccessibility()

	tb.narrow()
	tb.open(auditPath, 200)
	tb.fits("the audit")
	tb.open("/veiligheidsaudits/arnhem", 200)
	tb.fits("the audits")
}
