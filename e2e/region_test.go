package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A regional collaboration joins the platform: the landelijk role adds
// Westelijke Mijnstreek with its member municipalities (a region of one is
// refused at the field), and its first beheerder adds a school of one of
// them: the form offers the members and the whole region.
func TestOnboardingARegion(t *testing.T) {
	requireBrowser(t)
	base, _ := startPlatformWithDB(t, true)
	tb := openTab(t, base)
	tb.open("/inloggen", 200)
	tb.submitLogin("landelijk@demo.example", loginTestPassword)
	tb.open("/gemeenten/nieuw", 200)
	tb.do("fill in a region of one",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Westelijke Mijnstreek"),
		chromedp.SendKeys(chromedp.CSS("#code"), "westelijke-mijnstreek"),
		chromedp.SendKeys(chromedp.CSS("#email"), "wim@westelijke-mijnstreek.example"),
		chromedp.SendKeys(chromedp.CSS("#leden"), "Sittard-Geleen"))
	tb.mu.Lock()
	tb.expected[base+"/gemeenten/nieuw"] = true // the 400 of the refused form
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Gemeente toevoegen"]`)); status != 400 {
		t.Fatalf("a region of one answered %d, want 400", status)
	}
	if got := tb.text("#leden-fout"); !strings.Contains(got, "minstens twee deelnemende gemeenten") {
		t.Errorf("message beside the members: %q", got)
	}
	tb.checkAccessibility()
	tb.do("name all three", chromedp.SetValue(chromedp.CSS("#leden"), "Sittard-Geleen\nStein\nBeek\n"))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Gemeente toevoegen"]`)); status != 201 {
		t.Fatalf("adding the region answered %d, want 201", status)
	}
	if got := tb.text("[role=status]"); !strings.Contains(got, "regionale samenwerking van Sittard-Geleen, Stein, Beek") {
		t.Errorf("confirmation: %q", got)
	}
	tb.checkAccessibility()
	link := tb.text("#uitnodigingslink")
	link = link[strings.Index(link, "/uitnodiging/"):]
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))

	tb.acceptFirstInvitation(link, "wim@westelijke-mijnstreek.example", "kolenlift-daalt-diep-omlaag")
	tb.open("/beheer/westelijke-mijnstreek/organisaties", 200)
	links := strings.Join(tb.texts("main a"), "|")
	for _, member := range []string{"Gemeente Sittard-Geleen", "Gemeente Stein", "Gemeente Beek"} {
		if !strings.Contains(links, member) {
			t.Errorf("the region starts without a municipal team %q: %s", member, links)
		}
	}
	tb.open("/beheer/westelijke-mijnstreek/organisaties/nieuw", 200)
	options := eval[[]string](tb, `[...document.querySelectorAll("#deelnemendeGemeente option")].map(o => o.textContent)`)
	if strings.Join(options, "|") != "De hele regio|Sittard-Geleen|Stein|Beek" {
		t.Errorf("member choices: %q", options)
	}
	tb.checkAccessibility()
	tb.setWidth(320, true)
	tb.checkPage("GET /beheer/{gemeente}/organisaties/nieuw (regio)", 320)
	tb.setWidth(1280, false)
	tb.do("fill in a school in Stein",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Groenewald College"),
		chromedp.SetValue(chromedp.CSS("#soort"), "school"),
		chromedp.SetValue(chromedp.CSS("#schooltype"), "vo"),
		chromedp.SendKeys(chromedp.CSS("#brin"), "07ST"),
		chromedp.SetValue(chromedp.CSS("#deelnemendeGemeente"), "Stein"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	tb.follow(chromedp.Search(`//a[normalize-space()="Groenewald College"]`))
	if got := eval[string](tb, `document.querySelector("#deelnemendeGemeente").value`); got != "Stein" {
		t.Errorf("the school's member municipality after saving: %q", got)
	}
}
