package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The regisseur draws up a covenant from the Delft template, records the
// signatures of three parties, links two networks to its data-sharing
// clause, and sees on the compliance page that the kernteam, new today,
// cannot be judged yet; ending the covenant turns the networks to pseudonyms.
func TestCovenantFromTemplate(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)

	// A second network to link: a signals meeting.
	tb.open("/netwerken/arnhem/nieuw", 200)
	tb.do("a signals meeting",
		chromedp.SetValue(chromedp.CSS("#soort"), vios.NetworkSignalering),
		chromedp.SendKeys(chromedp.CSS("#naam"), "Signaleringsoverleg Arnhem-Oost"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Netwerk aanmaken"]`))

	tb.open("/convenanten/arnhem", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[starts-with(normalize-space(),"Beginnen met het sjabloon Delft")]`))
	tb.checkAccessibility()
	// Parties without a signatory are refused, beside the field.
	option := func(sel, prefix string) string {
		return eval[string](tb, `[...document.querySelectorAll(`+js(sel+" option")+`)].find(o => o.text.startsWith(`+js(prefix)+`)).value`)
	}
	school := eval[string](tb, `[...document.querySelectorAll("#partij-0 option")].find(o => o.text.includes("college") || o.text.includes("Lyceum") || o.text.includes("school") || o.index == 1).value`)
	start := vios.Date(p.clock.Now()).AddDate(0, -6, 0).Format(time.DateOnly)
	tb.do("fill in the covenant",
		chromedp.SetValue(chromedp.CSS("#ingangsdatum"), start),
		chromedp.SetValue(chromedp.CSS("#partij-0"), school),
		chromedp.SetValue(chromedp.CSS("#partij-1"), option("#partij-1", "Politie")),
		chromedp.SendKeys(chromedp.CSS("#tekent-1"), "Teamchef politie Arnhem-Zuid"))
	tb.refused(`//button[normalize-space()="Convenant aanmaken"]`, "/convenanten/arnhem/nieuw")
	if got := tb.text("#partijen-fout"); !strings.Contains(got, "wie namens haar tekent") {
		t.Errorf("signatory message: %q", got)
	}
	tb.checkAccessibility()
	team := eval[string](tb, `[...document.querySelectorAll("#partij-2 option")].find(o => o.index > 0 && o.value != `+js(school)+` && !o.text.startsWith("Politie")).value`)
	tb.do("complete the parties",
		chromedp.SendKeys(chromedp.CSS("#tekent-0"), "Voorzitter college van bestuur"),
		chromedp.SetValue(chromedp.CSS("#partij-2"), team),
		chromedp.SendKeys(chromedp.CSS("#tekent-2"), "Burgemeester van Arnhem"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Convenant aanmaken"]`))
	if got := tb.text("#convenant-status"); got != "Concept" {
		t.Fatalf("status of a new covenant: %q", got)
	}
	tb.checkAccessibility()
	covenant := tb.path()
	covenant = covenant[:strings.Index(covenant, "?")]

	// Three paper signatures recorded: each waits for its party, so the
	// covenant stays a concept until every party confirmed its own.
	for i := 0; i < 3; i++ {
		tb.follow(chromedp.Search(`(//button[starts-with(normalize-space(),"Op papier getekend")])[1]`))
	}
	if got := tb.text("#convenant-status"); got != "Concept" || strings.Count(tb.text("#partijtabel"), "Wacht op bevestiging") != 3 {
		t.Fatalf("status after three recordings: %q", got)
	}
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(t.Context(), "arnhem")
	found, err := p.db.Covenants.FindCovenant(vios.NewSystemContext(t.Context(), "test"), arnhem.ID, covenant[strings.LastIndex(covenant, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	signAsParties(t, p.db, found)
	tb.open(covenant, 200)
	if got := tb.text("#convenant-status"); got != "Actief" {
		t.Fatalf("status after the parties confirmed: %q", got)
	}
	// Every recording is a version that says what changed.
	versions := tb.table("#versietabel")
	if len(versions.Rows) != 4 || !strings.HasPrefix(versions.Rows[0][tb.column(versions, "Wat veranderde")], "Ondertekening door") {
		t.Errorf("versions: %v", versions.Rows)
	}
	// A clause without legal basis that names pupils is refused.
	tb.do("a clause without legal basis",
		chromedp.SendKeys(chromedp.CSS("#clause-doel"), "Bespreken in het signaleringsoverleg"),
		chromedp.Click(chromedp.CSS("#clause-naam")),
		chromedp.Click(chromedp.CSS("#ontvanger-school-identiteit")))
	tb.refused(`//button[normalize-space()="Afspraak toevoegen"]`, covenant+"/deelafspraken")
	if got := tb.text("#grondslag-fout"); !strings.Contains(got, "grondslag") {
		t.Errorf("legal basis message: %q", got)
	}
	tb.checkAccessibility()
	// The kernteam is held to eight meetings a year.
	tb.do("a working agreement for the kernteam",
		chromedp.SendKeys(chromedp.CSS("#afspraak-omschrijving"), "Kernteam per school"),
		chromedp.SetValue(chromedp.CSS("#afspraak-netwerk"), option("#afspraak-netwerk", "Kernteam")),
		chromedp.SendKeys(chromedp.CSS("#afspraak-keer"), "8"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Werkafspraak toevoegen"]`))

	// Both networks get the template's clause.
	for _, name := range []string{"Kernteam", "Signaleringsoverleg Arnhem-Oost"} {
		tb.open("/netwerken", 200)
		tb.follow(chromedp.Search(`//table[@id="netwerken-arnhem"]//a[starts-with(normalize-space(),` + js(name) + `)]`))
		tb.disclose("Afspraak koppelen")
		tb.do("choose the clause", chromedp.SetValue(chromedp.CSS("#deelafspraak"), option("#deelafspraak", "Convenant Veilig in en om School")))
		tb.follow(chromedp.Search(`//button[normalize-space()="Koppelen"]`))
		if got := tb.text("#deling-waarom"); !strings.HasPrefix(got, "Leerlingen mogen met naam worden besproken") || !strings.Contains(got, "taak van algemeen belang") {
			t.Errorf("%s: sharing %q", name, got)
		}
		tb.checkAccessibility()
	}

	// The compliance page: the kernteam started today, so none of its
	// meetings is due yet and the covenant cannot be judged.
	tb.open(covenant+"/naleving", 200)
	tb.checkAccessibility()
	check := tb.table("#werkafspraken-naleving")
	row := tb.row(check, "Kernteam per school")
	if row[tb.column(check, "Gehouden")] != "0" || row[tb.column(check, "Verwacht")] != "0" ||
		!strings.HasPrefix(row[tb.column(check, "Nagekomen")], "nog niet te beoordelen") {
		t.Errorf("compliance row: %v (%v)", row, check.Head)
	}
	if got := tb.text("#oordeel"); !strings.HasPrefix(got, "Nog niet te beoordelen") {
		t.Errorf("verdict: %q", got)
	}

	// Ending the covenant: the networks fall back to pseudonyms and the
	// regisseur is warned.
	tb.open(covenant, 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Convenant beëindigen"]`))
	if got := tb.text("#convenant-status"); got != "Beëindigd" {
		t.Errorf("status after ending: %q", got)
	}
	tb.open("/netwerken", 200)
	tb.follow(chromedp.Search(`//table[@id="netwerken-arnhem"]//a[starts-with(normalize-space(),"Signaleringsoverleg")]`))
	if got := tb.text("#deling-waarom"); !strings.HasPrefix(got, "Leerlingen worden gepseudonimiseerd besproken") {
		t.Errorf("after ending: %q", got)
	}
	if got := tb.text("#deling-waarschuwing"); !strings.Contains(got, "beëindigd") {
		t.Errorf("warning: %q", got)
	}
	tb.logout()

	// The police member of the kernteam, a party, now sees pseudonyms on the
	// kernteam's page, and reads the covenant without being able to change it.
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open("/netwerken", 200)
	tb.follow(chromedp.Search(`//table[@id="netwerken-arnhem"]//a[starts-with(normalize-space(),"Kernteam")]`))
	if got := tb.text("#deling-waarom"); !strings.HasPrefix(got, "Leerlingen worden gepseudonimiseerd besproken") {
		t.Errorf("the partner after ending: %q", got)
	}
	if n := tb.count("#deling-waarschuwing"); n != 0 {
		t.Errorf("the partner sees the regisseur's warning")
	}
	tb.open(covenant, 200)
	if n := tb.count(`form[action$="/deelafspraken"]`); n != 0 {
		t.Errorf("a party sees %d edit forms", n)
	}
	tb.checkAccessibility()
}
