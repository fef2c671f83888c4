package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios/demo"
)

// A regisseur writes a handreiking about vapes for the own municipality,
// then makes it public; a visitor without login finds it at /kennisbank by
// a stemmed word ("vapes" finds "vapen"), opens it and reads its Markdown,
// on a 320 px phone; axe finds nothing on the pages.
func TestKnowledgeBankJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	// The demo knowledge bank: Delft's public covenant about vapes among it.
	if err := demo.LoadKnowledge(t.Context(), p.db.All, p.db.Knowledge); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)

	tb.open("/kennisbank/arnhem/nieuw", 200)
	tb.checkAccessibility()
	tb.choose("#soort", "Handreiking")
	tb.do("write the handreiking",
		chromedp.SendKeys(chromedp.CSS("#titel"), "Handreiking: vapen op het schoolplein"),
		chromedp.SendKeys(chromedp.CSS("#tekst"), "## Situatie\n\nLeerlingen vapen in de pauze.\n\n## Wat te doen\n\n- Neem de vape in.\n- Bel de ouders."),
		chromedp.Click(chromedp.CSS("#zichtbaarheid-eigen")),
		chromedp.Click(chromedp.CSS("#thema-vapes")),
		chromedp.Click(chromedp.CSS("#schooltype-vo")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	itemPath, _, _ := strings.Cut(tb.path(), "?")
	if !strings.HasPrefix(itemPath, "/kennisbank/") || !strings.Contains(tb.text("main"), "Eigen gemeente") {
		t.Fatalf("after saving: %s %q", itemPath, tb.text("main"))
	}
	tb.checkAccessibility()

	// Made public.
	tb.follow(chromedp.Search(`//a[normalize-space()="Stuk wijzigen"]`))
	tb.do("make it public", chromedp.Click(chromedp.CSS("#zichtbaarheid-openbaar")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	if !strings.Contains(tb.text("main"), "Openbaar") {
		t.Fatalf("not public: %q", tb.text("main"))
	}
	tb.logout()

	// A visitor without login, on a phone, finds it by "vapes".
	tb.narrow()
	tb.open("/kennisbank?zoeken=vapes", 200)
	tb.fits("the knowledge bank")
	tb.follow(chromedp.Search(`//a[normalize-space()="Handreiking: vapen op het schoolplein"]`))
	if tb.path() != itemPath || tb.count(".kennisbank-tekst h2") != 2 || tb.count(".kennisbank-tekst li") != 2 {
		t.Errorf("the visitor's item page: %s (want %s), %q", tb.path(), itemPath, tb.text("main"))
	}
	tb.fits("the item")

	// "vapen" finds Delft's covenant and the new handreiking.
	tb.open("/kennisbank?zoeken=vapen", 200)
	for _, title := range []string{"Convenant vapen en roken rond de scholen van Delft", "Handreiking: vapen op het schoolplein"} {
		if tb.count(`a[href^="/kennisbank/"]`) == 0 || !strings.Contains(tb.text("main"), title) {
			t.Errorf("searching vapen does not find %q: %q", title, tb.text("main"))
		}
	}
}
