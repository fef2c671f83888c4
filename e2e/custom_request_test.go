package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A school asks the municipality for straatcoaches (a request without a
// title is refused first), the regisseur grants part of it (an amount
// above the requested one is refused first), and the school reports the
// measure carried out with the amount spent; the regisseur's overview then
// shows the totals. axe finds nothing on the pages; they fit 320 px.
func TestCustomRequestJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	// The refused forms answer 400, which the console reports: those, and
	// nothing else.
	refusedOnce := func(path string) {
		t.Helper()
		if problems := tb.takeProblems(); len(problems) != 1 || !strings.Contains(problems[0], "400") || !strings.Contains(problems[0], path) {
			t.Errorf("console problems after the refused %s: %q", path, problems)
		}
	}

	tb.open("/maatwerk/arnhem/nieuw", 200)
	tb.checkAccessibility()
	tb.do("fill in all but the title",
		chromedp.SendKeys(chromedp.CSS("#omschrijving"), "Twee straatcoaches in de pauzes bij de fietsenstalling."),
		chromedp.SetValue(chromedp.CSS("#thema"), "vapes"),
		chromedp.SendKeys(chromedp.CSS("#bedrag"), "12.500"),
		chromedp.SetValue(chromedp.CSS("#vanaf"), "2027-04-01"),
		chromedp.SetValue(chromedp.CSS("#tot"), "2027-06-30"))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Aanvraag indienen"]`)); status != 400 || !strings.Contains(tb.text("main"), "Vul een titel in.") {
		t.Fatalf("a request without a title: %d %q", status, tb.text("main"))
	}
	refusedOnce("/maatwerk/arnhem/nieuw")
	tb.checkAccessibility()
	tb.do("add the title", chromedp.SendKeys(chromedp.CSS("#titel"), "Straatcoaches bij de fietsenstalling"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Aanvraag indienen"]`))
	requestPath, _, _ := strings.Cut(tb.path(), "?")
	if !strings.HasPrefix(requestPath, "/maatwerk/arnhem/") || tb.text("#status") != "Ingediend" || !strings.Contains(tb.text("main"), "€ 12.500,00") {
		t.Fatalf("after filing: %s %q", requestPath, tb.text("main"))
	}
	tb.checkAccessibility()
	tb.logout()

	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/maatwerk/arnhem", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Straatcoaches bij de fietsenstalling"]`))
	tb.checkAccessibility()
	tb.do("grant more than asked",
		chromedp.Click(chromedp.CSS("#besluit-deels-toegekend")),
		chromedp.SendKeys(chromedp.CSS("#toegekendBedrag"), "15.000"),
		chromedp.SendKeys(chromedp.CSS("#motivering"), "Eén straatcoach past in het budget."))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Besluit vastleggen"]`)); status != 400 ||
		!strings.Contains(tb.text("main"), "hoogstens het aangevraagde bedrag") || tb.text("#status") != "Ingediend" {
		t.Fatalf("a grant above the request: %d %q", status, tb.text("main"))
	}
	refusedOnce(requestPath + "/besluit")
	tb.do("grant part", chromedp.SetValue(chromedp.CSS("#toegekendBedrag"), "8.000"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Besluit vastleggen"]`))
	if tb.text("#status") != "Deels toegekend" || tb.text("#toegekend") != "€ 8.000,00" || tb.count("#motivering") != 0 {
		t.Fatalf("after the decision: %q", tb.text("main"))
	}
	tb.logout()

	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.narrow()
	tb.open(requestPath, 200)
	tb.fits("the request")
	tb.do("report completion",
		chromedp.Click(chromedp.CSS("#soort-uitgevoerd")),
		chromedp.SendKeys(chromedp.CSS("#verslag"), "De straatcoach was er elke pauze."),
		chromedp.SendKeys(chromedp.CSS("#besteed"), "7.800"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Verslag opslaan"]`))
	if tb.text("#status") != "Uitgevoerd" || tb.text("#besteed") != "€ 7.800,00" || tb.count("#verslag") != 0 {
		t.Fatalf("after the report: %q", tb.text("main"))
	}
	tb.checkAccessibility()
	tb.fits("the carried-out request")
	tb.logout()

	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/maatwerk/arnhem", 200)
	found := false
	for _, row := range tb.table("#overzicht").Rows {
		found = found || strings.Join(row[3:], " ") == "€ 12.500,00 € 8.000,00 € 7.800,00"
	}
	if !found {
		t.Errorf("the overview has no row with the request's totals: %+v", tb.table("#overzicht").Rows)
	}
	tb.checkAccessibility()
	tb.fits("the overview")
}
