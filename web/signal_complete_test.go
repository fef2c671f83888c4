package web_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

var signalVersion = regexp.MustCompile(`name="versie" value="([^"]+)"`)

// Completing a signal: who entered it gets the form from the signal page
// and the confirmation; bad input names its fields and keeps the text; a
// stale form is a conflict; a plain member of another organisation gets
// neither link nor form.
func TestCompleteSignalPages(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]})
	before, err := p.db.Casework.FindSignal(ctx, p.arnhemID, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	page := "/signalen/arnhem/" + s.ID
	form := page + "/aanvullen"

	if r := p.do(t, "GET", page+"?melding=opgeslagen", sessions["school"], nil); r.status != 200 ||
		!strings.Contains(r.body, `id="aanvullen"`) || !strings.Contains(r.body, "Vul het signaal later aan") {
		t.Errorf("signal page of who entered it: %d, link %v", r.status, strings.Contains(r.body, `id="aanvullen"`))
	}
	if r := p.do(t, "GET", page, sessions["jongerenwerk"], nil); r.status != 200 || strings.Contains(r.body, `id="aanvullen"`) {
		t.Errorf("youth work is offered to complete it: %d", r.status)
	}
	for _, who := range []string{"jongerenwerk", "denhaag"} {
		if r := p.do(t, "GET", form, sessions[who], nil); r.status != 403 && r.status != 404 {
			t.Errorf("%s opens the form: %d", who, r.status)
		}
	}
	r := p.do(t, "GET", form, sessions["school"], nil)
	m := signalVersion.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil || !strings.Contains(r.body, `name="omschrijving"`) {
		t.Fatalf("form: %d", r.status)
	}
	version := html.UnescapeString(m[1])

	// Bad input: the fields named, the typed text kept, nothing changed.
	bad := p.do(t, "POST", form, sessions["school"], url.Values{"versie": {version}, "datum": {"2099-01-01"}, "urgentie": {"hoog"},
		"fenomeen": {""}, "omschrijving": {"Nieuwe tekst over het mes."}})
	if bad.status != 400 || !strings.Contains(bad.body, "De datum van een signaal ligt niet in de toekomst.") ||
		!strings.Contains(bad.body, "Kies het fenomeen.") || !strings.Contains(bad.body, "Nieuwe tekst over het mes.") {
		t.Fatalf("bad input: %d", bad.status)
	}
	if after, _ := p.db.Casework.FindSignal(ctx, p.arnhemID, s.ID); after.Urgency != before.Urgency || after.Description != before.Description {
		t.Fatalf("changed by bad input: %+v", after)
	}
	good := url.Values{"versie": {version}, "datum": {vios.Date(p.db.Now()).AddDate(0, 0, -2).Format("2006-01-02")}, "urgentie": {"acuut"},
		"fenomeen": {"wapens"}, "omschrijving": {"Nieuwe tekst over het mes."}, "netwerk": {s.NetworkID}}
	if r := p.do(t, "POST", form, sessions["school"], good); r.status != 303 {
		t.Fatalf("completing: %d", r.status)
	}
	if after, _ := p.db.Casework.FindSignal(ctx, p.arnhemID, s.ID); after.Urgency != vios.UrgencyAcute || after.Description != "Nieuwe tekst over het mes." {
		t.Errorf("completed: %+v", after)
	}
	// The same form again, based on the old version: a conflict, the text kept.
	good.Set("omschrijving", "Nog een andere tekst.")
	stale := p.do(t, "POST", form, sessions["school"], good)
	if stale.status != 409 || !strings.Contains(stale.body, "Iemand anders heeft dit signaal intussen gewijzigd") ||
		!strings.Contains(stale.body, "Nog een andere tekst.") {
		t.Errorf("stale form: %d", stale.status)
	}
	if r := p.do(t, "POST", form, sessions["jongerenwerk"], good); r.status != 403 {
		t.Errorf("youth work completes it: %d", r.status)
	}
}
