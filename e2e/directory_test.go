package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The regisseur of Arnhem adds the truancy officer as the contact for one
// school, with what to contact her for and her phone number; someone of
// that school opens the sociale kaart and finds her there, and why.
func TestSocialeKaart(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startEditorPlatform(t))

	// Someone of the school looks first: the page opens on their own school.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/sociale-kaart/arnhem", 200)
	tb.checkAccessibility()
	schoolID := eval[string](tb, `document.querySelector("#school").value`)
	schoolName := eval[string](tb, `document.querySelector("#school option:checked").textContent.replace(/ \(.*\)$/, "")`)
	if schoolID == "" || !strings.HasPrefix(tb.text("#kaart-kop"), "Voor "+schoolName) {
		t.Fatalf("the sociale kaart does not open on the user's school: %q, heading %q", schoolID, tb.text("#kaart-kop"))
	}
	if strings.Contains(tb.text("#kaart"), "Lotte Leerplicht") {
		t.Fatal("the contact person is there before anyone added her")
	}
	tb.logout()

	// The regisseur adds her to the truancy office, for that school.
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/beheer/arnhem/organisaties", 200)
	tb.follow(chromedp.Search(`//div[@id="organisaties"]//a[normalize-space()="Leerplicht gemeente Arnhem"]`))
	orgPath := tb.path()
	orgID := orgPath[strings.LastIndex(orgPath, "/")+1:]
	tb.do("fill in the contact person",
		chromedp.SendKeys(chromedp.CSS("#persoon-naam"), "Lotte Leerplicht"),
		chromedp.SendKeys(chromedp.CSS("#persoon-functie"), "leerplichtambtenaar"),
		chromedp.SendKeys(chromedp.CSS("#persoon-waarvoor"), "verzuim en thuiszitten"),
		chromedp.SendKeys(chromedp.CSS("#persoon-telefoon"), "026 377"),
		chromedp.SetValue(chromedp.CSS("#persoon-school"), schoolID))
	// A number too short: the message sits beside the field, what was typed stays.
	tb.refused(`//button[normalize-space()="Contactpersoon toevoegen"]`, orgPath+"/personen")
	if got := tb.text("#persoon-telefoon-fout"); !strings.Contains(got, "10 tot 15 cijfers") {
		t.Errorf("phone error: %q", got)
	}
	if got := tb.value("#persoon-waarvoor"); got != "verzuim en thuiszitten" {
		t.Errorf("the topic typed was lost: %q", got)
	}
	tb.checkAccessibility()
	tb.do("correct the phone number", chromedp.SetValue(chromedp.CSS("#persoon-telefoon"), "026 377 12 34"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Contactpersoon toevoegen"]`))
	if got := tb.text("#personen"); !strings.Contains(got, "Lotte Leerplicht, leerplichtambtenaar, telefoon 026 377 12 34; waarvoor: verzuim en thuiszitten; op de sociale kaart voor "+schoolName) {
		t.Errorf("contact persons: %q", got)
	}
	tb.checkAccessibility()
	tb.logout()

	// The school sees her on its sociale kaart: what for, how, and why here.
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/sociale-kaart/arnhem", 200)
	row := tb.row(tb.table("#organisatie-"+orgID), "Lotte Leerplicht")
	if want := []string{"Lotte Leerplicht", "leerplichtambtenaar", "verzuim en thuiszitten", "026 377 12 34", "voor deze school"}; strings.Join(row, "|") != strings.Join(want, "|") {
		t.Errorf("row %q, want %q", row, want)
	}
	if n := tb.count(`#organisatie-` + orgID + ` a[href="tel:0263771234"]`); n != 1 {
		t.Errorf("%d links to call her", n)
	}
	tb.checkAccessibility()

	// Everything in the municipality: she is there for her school by name.
	// (Chromium deselects every option when a select's value is set to "",
	// so the first options are chosen as a user would: by index.)
	tb.do("choose every school and neighbourhood", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("#school").selectedIndex = 0; document.querySelector("#wijk").selectedIndex = 0;`))
	tb.follow(chromedp.Search(`//button[normalize-space()="Toon de sociale kaart"]`))
	if got := tb.text("#kaart-kop"); got != "Alle contactpersonen in Arnhem" {
		t.Errorf("heading %q", got)
	}
	row = tb.row(tb.table("#organisatie-"+orgID), "Lotte Leerplicht")
	if row[len(row)-1] != "voor "+schoolName {
		t.Errorf("why shown: %q", row[len(row)-1])
	}
	tb.checkAccessibility()
}
