package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The regisseur writes Arnhem's own template; a school starts its plan
// from it, beside the two national templates.
func TestOwnPlanTemplate(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/beheer", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Eigen sjablonen voor veiligheidsplannen"]`))
	tb.checkAccessibility()
	// Without sections: a Dutch error at the field, nothing saved.
	tb.do("name only", chromedp.SetValue(chromedp.CSS("#sjabloon-naam"), "Arnhems sjabloon"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Sjabloon opslaan"]`))
	if got := tb.text("#onderdelen-fout"); !strings.Contains(got, "ten minste één onderdeel") {
		t.Errorf("a template without sections: %q", got)
	}
	tb.checkAccessibility()
	for _, problem := range tb.takeProblems() { // the refused form answers 400, as it should
		if !strings.Contains(problem, "status of 400") {
			t.Errorf("browser console: %s", problem)
		}
	}
	tb.do("sections", chromedp.SetValue(chromedp.CSS("#sjabloon-onderdelen"), "Visie van Arnhem\n- Wat is uw visie?\n\nVapes op school\n- Wat doet u bij vapes?"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Sjabloon opslaan"]`))
	if got := tb.text("#sjablonen"); !strings.Contains(got, "Arnhems sjabloon (2 onderdelen)") {
		t.Fatalf("the municipality's templates: %q", got)
	}
	tb.narrow()
	tb.fits("the own templates")
	tb.logout()

	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/veiligheidsplannen/arnhem/nieuw", 200)
	tb.do("choose the own template", chromedp.Click(chromedp.Search(`//label[normalize-space()="Het sjabloon Arnhems sjabloon"]`)))
	tb.follow(chromedp.Search(`//button[normalize-space()="Plan aanmaken"]`))
	if got := tb.text("main"); !strings.Contains(got, "Vapes op school") || !strings.Contains(got, "gebaseerd op Arnhems sjabloon") {
		t.Errorf("the plan from the own template: %q", got)
	}
	tb.fits("the plan from the own template")
}
