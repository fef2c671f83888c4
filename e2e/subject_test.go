package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// A parent asks what the platform holds about their child: the privacy
// officer finds the pupil by name and date of birth, reads the inzage,
// downloads it as JSON, and on a second request erases the pupil with a
// reason; the deletion record shows it, and a dry run of the retention
// job finds nothing else to remove.
func TestPrivacyOfficerHandlesASubjectRequest(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	if err := demo.LoadCasework(context.Background(), p.db.All, p.clock.Now()); err != nil {
		t.Fatal(err)
	}
	born := vios.Date(p.clock.Now()).AddDate(-13, -4, 0).Format(time.DateOnly)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("fg@arnhem.demo.example", loginTestPassword)

	tb.open("/inzage/arnhem", 200)
	tb.checkAccessibility()
	tb.do("search with a wrong date of birth",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Daan Bakker"),
		chromedp.SetValue(chromedp.CSS("#geboortedatum"), "2001-01-01"))
	tb.mu.Lock()
	tb.expected[tb.base+"/inzage/arnhem"] = true
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Leerling zoeken"]`)); status != 404 {
		t.Fatalf("a pupil who is not there: status %d", status)
	}
	if got := tb.text("#fouten"); !strings.Contains(got, "geen leerling met deze naam") {
		t.Errorf("not found message: %q", got)
	}
	tb.checkAccessibility()
	tb.do("the right date of birth", chromedp.SetValue(chromedp.CSS("#geboortedatum"), born))
	tb.follow(chromedp.Search(`//button[normalize-space()="Leerling zoeken"]`))
	page := tb.path()
	if !strings.HasPrefix(page, "/inzage/arnhem/") || strings.Contains(strings.ToLower(page), "daan") {
		t.Fatalf("the inzage is at %s", page)
	}
	if got := tb.text("#leerling-naam"); got != "Daan Bakker" {
		t.Errorf("the inzage names %q", got)
	}
	if got := tb.text("#waarom"); !strings.Contains(got, "verzoek van de betrokkene") {
		t.Errorf("why may I see this: %q", got)
	}
	if n := tb.count(`#verwerkingen tbody tr`); n == 0 {
		t.Error("the inzage shows no processing records")
	}
	tb.checkAccessibility()

	// The JSON download, as the browser fetches it with the fg's session.
	json := get(tb, "download the JSON", chromedp.Evaluate[string](`(async () => {
		const r = await fetch(document.querySelector("#json").href);
		const d = await r.json();
		return r.headers.get("Content-Disposition") + "|" + d.leerling.naam + "|" + d.signalen.length + "|" + d.signalen[0].omschrijving;
	})()`, chromedp.EvalAwaitPromise))
	parts := strings.Split(json, "|")
	if len(parts) != 4 || !strings.HasPrefix(parts[0], "attachment") || parts[1] != "Daan Bakker" || parts[2] != "1" || !strings.Contains(parts[3], "Snapchat") {
		t.Errorf("the JSON download: %q", json)
	}

	// Erasure: without confirmation it is refused, the reason kept.
	tb.do("give a reason", chromedp.SendKeys(chromedp.CSS("#wissen-reden"), "Verzoek van de ouders, per brief ontvangen"))
	tb.refused(`//button[normalize-space()="Leerling wissen"]`, page+"/wissen")
	if got := tb.text("#bevestig-fout"); !strings.Contains(got, "Bevestig") {
		t.Errorf("confirmation message: %q", got)
	}
	if got := tb.value("#wissen-reden"); got != "Verzoek van de ouders, per brief ontvangen" {
		t.Errorf("the reason was lost: %q", got)
	}
	tb.checkAccessibility()
	tb.do("confirm", chromedp.Click(chromedp.CSS("#wissen-bevestig")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Leerling wissen"]`))
	if got := tb.path(); got != "/inzage/arnhem?melding=gewist" {
		t.Fatalf("after erasure: %s", got)
	}
	tb.checkAccessibility()
	tb.open(page, 404)

	tb.open("/bewaartermijnen/arnhem", 200)
	records := tb.table("#verwijderingen")
	if len(records.Rows) == 0 || records.Rows[0][tb.column(records, "Soort")] != "leerlingen" ||
		!strings.Contains(records.Rows[0][tb.column(records, "Reden")], "per brief ontvangen") {
		t.Errorf("deletion records: %v", records.Rows)
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(),"Proefrun")]`))
	if got := tb.text("#melding"); !strings.Contains(got, "niets over de bewaartermijn") {
		t.Errorf("dry run: %q", got)
	}
	tb.checkAccessibility()
}
