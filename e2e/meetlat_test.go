package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// On a phone, the regisseur opens the meetlat from the dashboard, sees the
// evidence beside the questions, scores, reflects, saves a draft and
// completes it, then reads the one-page profile and the yearly comparison.
// Every page passes axe and fits 320 px.
func TestMeetlatJourney(t *testing.T) {
	requireBrowser(t)
	ctx := context.Background()
	base, db := startPlatformWithDB(t, true)
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	year := strconv.Itoa(db.Now().Year())
	tb := openPrivateTab(t, base)
	tb.narrow()
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/statistieken/arnhem", 200)
	tb.follow(chromedp.Search(`#naar-meetlat`))
	if got := tb.path(); got != "/meetlat/arnhem" {
		t.Fatalf("the dashboard's meetlat link leads to %s", got)
	}
	tb.fits("the meetlat overview")
	tb.follow(chromedp.Search(`#meetlat-dit-jaar`))
	if got := tb.path(); got != "/meetlat/arnhem/"+year {
		t.Fatalf("this year's meetlat is at %s", got)
	}
	if got := tb.text("#bewijs-vraagbaak"); !strings.Contains(got, "medewerkers van het hulploket") {
		t.Errorf("the help desk's evidence: %q", got)
	}
	if got := tb.text("#bewijs-veiligheidsplan"); !strings.Contains(got, "scholen hebben een vastgesteld veiligheidsplan") {
		t.Errorf("the safety plans' evidence: %q", got)
	}
	tb.fits("the meetlat form")

	// Scores: 3 everywhere, 1 for active participation, with a reflection.
	var steps []chromedp.Action[chromedp.Void]
	for _, q := range vios.MeetlatQuestions {
		score := "3"
		if q.Code == "deelname" {
			score = "1"
		}
		steps = append(steps, chromedp.Click(chromedp.CSS("#score-"+q.Code+"-"+score)))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.CSS("#toelichting-deelname"), "De politie stuurt steeds iemand anders."))
	tb.do("score the meetlat", steps...)
	tb.follow(chromedp.Search(`//button[normalize-space()="Concept opslaan"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "als concept opgeslagen") {
		t.Errorf("after saving the draft: %q", got)
	}
	if got := tb.value("#toelichting-deelname"); got != "De politie stuurt steeds iemand anders." {
		t.Errorf("the reflection after saving: %q", got)
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Afronden"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "De meetlat is afgerond") {
		t.Errorf("after completing: %q", got)
	}
	if tb.count(`input[type=radio]`) != 0 {
		t.Error("a completed meetlat can still be changed")
	}
	tb.fits("the completed meetlat")

	tb.follow(chromedp.Search(`#meetlat-profiel`))
	if got := tb.path(); got != "/meetlat/arnhem/profiel/"+year {
		t.Fatalf("the profile is at %s", got)
	}
	profile := tb.text("body")
	for _, want := range []string{"Sterkst:", "Zwakst: Actieve deelname en bijdrage van partners", "Volgende stappen", "vaste vertegenwoordiger"} {
		if !strings.Contains(profile, want) {
			t.Errorf("the profile lacks %q", want)
		}
	}
	tb.fits("the profile")

	tb.open("/meetlat/arnhem", 200)
	comparison := tb.table("#vergelijking")
	if row := tb.row(comparison, "Actieve deelname en bijdrage van partners"); row[tb.column(comparison, year)] != "1 – Nog niet aanwezig" {
		t.Errorf("the comparison: %v", row)
	}
	tb.fits("the comparison")
}
