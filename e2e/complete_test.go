package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The school completes on a phone the signal it just reported: from the
// confirmation to the form, a field left empty is refused and named, then
// the urgency and the description are saved.
func TestCompleteSignalOnAPhone(t *testing.T) {
	p, earlier, tb := schoolOnAPhone(t)
	page := "/signalen/arnhem/" + earlier.ID
	tb.open(page+"?melding=opgeslagen", 200)
	if status := tb.follow(chromedp.Search(`#later-aanvullen`)); status != 200 {
		t.Fatalf("Vul het signaal later aan: %d", status)
	}
	if tb.path() != page+"/aanvullen" {
		t.Fatalf("the link leads to %s", tb.path())
	}
	tb.checkAccessibility()
	tb.fitsSideways("the completion form")

	tb.mu.Lock()
	tb.expected[tb.base+page+"/aanvullen"] = true // the refused form answers 400
	tb.mu.Unlock()
	tb.do("empty the description", chromedp.Clear(chromedp.CSS("#omschrijving")))
	tb.do("urgency", chromedp.SetValue(chromedp.CSS("#urgentie"), vios.UrgencyAcute))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Aanvulling opslaan"]`)); status != 400 {
		t.Fatalf("without a description: %d", status)
	}
	if got := tb.text("#fouten"); !strings.Contains(got, "Beschrijf wat er speelt") {
		t.Errorf("refusal: %q", got)
	}
	if got := tb.value("#urgentie"); got != vios.UrgencyAcute {
		t.Errorf("the chosen urgency was lost: %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the refused completion")

	what := "Daan had een mes bij zich, bij de fietsenstalling."
	tb.do("describe", chromedp.SendKeys(chromedp.CSS("#omschrijving"), what),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Aanvulling opslaan"]`)))
	tb.arrives("the signal page", "melding=aangevuld")
	if got := tb.text("#omschrijving"); got != what {
		t.Errorf("description shown: %q", got)
	}
	school, _, _ := p.db.Accounts.FindCredentials(context.Background(), "school@arnhem.demo.example")
	after, err := p.db.Casework.FindSignal(vios.NewContextWithActor(context.Background(), &vios.Actor{User: school}), earlier.MunicipalityID, earlier.ID)
	if err != nil || after.Urgency != vios.UrgencyAcute || after.Description != what {
		t.Errorf("stored: %+v %v", after, err)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the completed signal")
}
