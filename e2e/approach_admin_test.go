package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// startEditorPlatform serves the platform in demo mode (demo accounts skip
// the second factor) with the demo data and accounts.
func startEditorPlatform(t *testing.T) string { return startPlatformWith(t, true) }

// The regisseur of Arnhem records that the approach plans an OTSV, and adds a
// partner organisation; the public page shows it.
func TestRegisseurEditsApproach(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startEditorPlatform(t))
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/beheer/arnhem/aanpak", 200)
	tb.checkAccessibility()
	// A date the platform cannot read: the message sits beside the field,
	// and the page with errors is as accessible as the page without.
	tb.do("type a wrong date",
		chromedp.SetValue(chromedp.CSS("#startdatum"), "maart 2021"))
	tb.mu.Lock()
	tb.expected[tb.base+"/beheer/arnhem/aanpak"] = true // the 400 of the refused form
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Aanpak opslaan"]`)); status != 400 {
		t.Fatalf("wrong date answered %d", status)
	}
	if got := tb.text("#startdatum-fout"); !strings.Contains(got, "jjjj-mm-dd") {
		t.Errorf("date error: %q", got)
	}
	tb.checkAccessibility()
	tb.do("correct the date",
		chromedp.SetValue(chromedp.CSS("#startdatum"), "2021-03-01"))
	tb.do("plan an OTSV",
		chromedp.SetValue(chromedp.CSS(`select[name="element-otsv"]`), "gepland"),
		chromedp.SendKeys(chromedp.CSS(`input[name="toelichting-otsv"]`), "Hulploket vanaf 2027"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Aanpak opslaan"]`))
	if got := tb.text("[role=status]"); got == "" {
		t.Fatal("no confirmation after saving")
	}
	tb.checkAccessibility()

	tb.follow(chromedp.Search(`//a[normalize-space()="Organisaties van deze gemeente"]`))
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Organisatie toevoegen"]`))
	tb.checkAccessibility()
	tb.do("fill in a partner",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Jongerenwerk De Brug"),
		chromedp.SetValue(chromedp.CSS("#soort"), "partner"),
		chromedp.SetValue(chromedp.CSS("#soortPartner"), "jongerenwerk"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	tb.checkAccessibility()
	if n := tb.count(`#organisaties-partner a`); n < 2 {
		t.Fatalf("organisations list shows %d links", n)
	}
	// Add a contact person to the new partner.
	tb.follow(chromedp.Search(`//div[@id="organisaties"]//a[normalize-space()="Jongerenwerk De Brug"]`))
	tb.checkAccessibility()
	tb.do("fill in a contact person",
		chromedp.SendKeys(chromedp.CSS("#persoon-naam"), "Sam Straat"),
		chromedp.SendKeys(chromedp.CSS("#persoon-functie"), "jongerenwerker"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Contactpersoon toevoegen"]`))
	if got := tb.text("#personen"); !strings.Contains(got, "Sam Straat, jongerenwerker") {
		t.Errorf("contact persons: %q", got)
	}
	tb.checkAccessibility()

	tb.open("/aanpakken/arnhem", 200)
	row := tb.row(tb.table("#elementen"), "Operationeel Team Schoolveiligheid")
	if len(row) < 3 || row[1] != "Gepland" || row[2] != "Hulploket vanaf 2027" {
		t.Errorf("public page shows OTSV as %v", row)
	}
}
