package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The help desk's journey (issue 17, done-when): a school asks for help
// with a vape problem; the OTSV desk takes it in, records the intake, the
// analysis and advice, agrees support and closes it; the school rates the
// help; the municipality's overview shows it closed with its rating. axe
// on every page, and the new pages fit a 320 px phone.
func TestHelpDeskJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)

	tb.open("/hulploket/arnhem", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Nieuwe hulpvraag stellen"]`))
	tb.checkAccessibility()
	// Sent without a question: a clear error, nothing filed.
	tb.follow(chromedp.Search(`//button[normalize-space()="Hulpvraag indienen"]`))
	if !strings.Contains(tb.text("#fouten"), "Vul uw vraag in.") {
		t.Fatalf("an empty question: %q", tb.text("main"))
	}
	tb.checkAccessibility()
	for _, problem := range tb.takeProblems() { // the refused form answers 400, as it should
		if !strings.Contains(problem, "status of 400") {
			t.Errorf("browser console: %s", problem)
		}
	}
	tb.choose("#thema", "Vapes")
	tb.choose("#urgentie", "Hoog")
	tb.do("ask the question", chromedp.SendKeys(chromedp.CSS("#vraag"), "Steeds meer leerlingen vapen op het toilet. Hoe pakken we dat aan?"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Hulpvraag indienen"]`))
	requestPath, _, _ := strings.Cut(tb.path(), "?")
	if !strings.HasPrefix(requestPath, "/hulploket/arnhem/") || tb.text("#status") != "Ingediend" {
		t.Fatalf("after filing: %s %q", requestPath, tb.text("main"))
	}
	code := strings.TrimPrefix(tb.text("h1"), "Hulpvraag ")
	tb.checkAccessibility()
	tb.logout()

	// The desk takes every step.
	tb.open("/inloggen", 200)
	tb.submitLogin("otsv@arnhem.demo.example", loginTestPassword)
	tb.open(requestPath, 200)
	tb.checkAccessibility()
	steps := []struct {
		button, status string
		fill           []chromedp.Action[chromedp.Void]
	}{
		{"In behandeling nemen", "In behandeling (toegewezen)", nil},
		{"Intake vastleggen", "Intake gedaan", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#intake"), "Gebeld met de teamleider onderbouw.")}},
		{"Advies geven", "Advies gegeven", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#analyse"), "Vooral in de pauzes, bij de toiletten."),
			chromedp.SendKeys(chromedp.CSS("#advies"), "Toezicht in de pauzes en een voorlichtingsles over vapen.")}},
		{"Ondersteuning afspreken", "Ondersteuning afgesproken", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS("#uren"), "6"),
			chromedp.SendKeys(chromedp.CSS("#door"), "Preventiewerker van de GGD")}},
		{"Hulpvraag sluiten", "Gesloten", nil},
	}
	for _, s := range steps {
		if len(s.fill) > 0 {
			tb.do(s.button, s.fill...)
		}
		tb.follow(chromedp.Search(`//button[normalize-space()="` + s.button + `"]`))
		if got := tb.text("#status"); got != s.status {
			t.Fatalf("after %q: status %q, %q", s.button, got, tb.text("main"))
		}
		tb.checkAccessibility()
	}
	if !strings.Contains(tb.text("#ondersteuning"), "6 uur, door Preventiewerker van de GGD") || tb.count("#verloop li") != 6 {
		t.Errorf("the closed request: %q", tb.text("main"))
	}
	tb.logout()

	// The school rates the help, on a phone.
	tb.narrow()
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(requestPath, 200)
	tb.fits("the request")
	if !strings.Contains(tb.text("#advies-tekst"), "voorlichtingsles") {
		t.Errorf("the school does not read the advice: %q", tb.text("main"))
	}
	tb.do("rate", chromedp.Click(chromedp.CSS("#cijfer-4")), chromedp.SendKeys(chromedp.CSS("#toelichting"), "Snel en praktisch."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Waardering geven"]`))
	if !strings.Contains(tb.text("#waardering"), "4 van 5") {
		t.Fatalf("after rating: %q", tb.text("main"))
	}
	tb.fits("the rated request")
	tb.open("/hulploket/arnhem", 200)
	tb.fits("the help desk")
	tb.open("/hulploket/arnhem/nieuw", 200)
	tb.fits("the form")
	tb.logout()

	// The municipality's overview.
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/hulploket/arnhem/overzicht", 200)
	tb.fits("the overview")
	row := ""
	for _, r := range tb.texts("#hulpvragen tbody tr") {
		if strings.Contains(r, code) {
			row = r
		}
	}
	if !strings.Contains(row, "Gesloten") || !strings.Contains(row, "4 van 5") || !strings.Contains(tb.text("#per-thema"), "Vapes") {
		t.Errorf("the overview's row of %s: %q; %q", code, row, tb.text("main"))
	}
}
