package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

var formKeyField = regexp.MustCompile(`name="sleutel" value="([^"]+)"`)

// The quick signal: /melden leads to the municipality's form with the
// school member's school chosen; the pupil search answers by POST with the
// pupils the reporter may name; a form sent twice stores one signal; bad
// input names the fields and keeps the text.
func TestQuickSignal(t *testing.T) {
	p, knife, sessions, users := caseFixture(t)
	ctx := context.Background()
	school := sessions["school"]

	if r := p.do(t, "GET", "/melden", school, nil); r.status != 303 || r.location != "/signalen/arnhem/melden" {
		t.Fatalf("/melden: %d %q", r.status, r.location)
	}
	if r := p.do(t, "GET", "/melden", sessions["denhaag"], nil); r.status != 303 || r.location != "/signalen/den-haag/melden" {
		t.Errorf("/melden in Den Haag: %d %q", r.status, r.location)
	}
	// Without a place in any network: said so, with what to do when it is acute.
	otsv := p.login(t, "otsv@arnhem.demo.example", testPassword)
	if r := p.do(t, "GET", "/melden", otsv.cookie.Value, nil); r.status != 200 || !strings.Contains(r.body, "nog geen lid van een netwerk") {
		t.Errorf("/melden without a network: %d %q", r.status, r.location)
	}
	form := p.do(t, "GET", "/signalen/arnhem/melden", school, nil)
	own := users["school"].Memberships[0].OrganisationID
	if form.status != 200 || !strings.Contains(form.body, `<option value="`+own+`" selected>`) {
		t.Fatalf("form: %d, own school chosen: %v", form.status, strings.Contains(form.body, own+`" selected`))
	}
	key := formKeyField.FindStringSubmatch(form.body)
	if key == nil {
		t.Fatal("no one-time key in the form")
	}

	// The search: fewer than two letters asks for more; the pupil of the
	// demo knife signal is found by part of the name, and logged.
	if r := p.do(t, "POST", "/signalen/arnhem/melden/leerlingen", school, url.Values{"zoek": {"j"}}); r.status != 200 ||
		!strings.Contains(r.body, "minstens twee letters") {
		t.Errorf("one letter: %d %s", r.status, r.body)
	}
	pupil := knife.Pupils[0]
	r := p.do(t, "POST", "/signalen/arnhem/melden/leerlingen", school, url.Values{"zoek": {strings.Fields(pupil.Name)[0][:3]}})
	if r.status != 200 || !strings.Contains(r.body, `value="`+pupil.ID+`"`) || !strings.Contains(r.body, pupil.Name) {
		t.Fatalf("search: %d %s", r.status, r.body)
	}
	// Den Haag's school has no place here.
	if r := p.do(t, "POST", "/signalen/arnhem/melden/leerlingen", sessions["denhaag"], url.Values{"zoek": {"jan"}}); r.status != 403 && r.status != 404 {
		t.Errorf("den haag searches arnhem: %d", r.status)
	}

	// No phenomenon and no place: both named, the text kept, nothing stored.
	_, before, _ := p.db.Casework.ListSignals(vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]}), vios.SignalFilter{MunicipalityID: p.arnhemID})
	r = p.do(t, "POST", "/signalen/arnhem/melden", school, url.Values{"sleutel": {key[1]}, "omschrijving": {"Vechtpartij bij de ingang."}})
	if r.status != 400 || !strings.Contains(r.body, "Kies het fenomeen.") || !strings.Contains(r.body, "Kies de school of vul de wijk in") ||
		!strings.Contains(r.body, "Vechtpartij bij de ingang.") {
		t.Errorf("bad input: %d", r.status)
	}

	// The quick signal with the chosen pupil, sent twice with the same key.
	good := url.Values{"sleutel": {key[1]}, "omschrijving": {"Vechtpartij bij de ingang."}, "fenomeen": {"wapens"},
		"school": {own}, "leerling": {pupil.ID}, "label-" + pupil.ID: {pupil.Name}}
	first := p.do(t, "POST", "/signalen/arnhem/melden", school, good)
	if first.status != 303 || !strings.HasPrefix(first.location, "/signalen/arnhem/") {
		t.Fatalf("quick signal: %d %q", first.status, first.location)
	}
	again := p.do(t, "POST", "/signalen/arnhem/melden", school, good, "HX-Request", "true")
	if again.status != 204 || again.header.Get("HX-Redirect") != first.location {
		t.Errorf("replay: %d %q, want %q", again.status, again.header.Get("HX-Redirect"), first.location)
	}
	list, after, _ := p.db.Casework.ListSignals(vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]}), vios.SignalFilter{MunicipalityID: p.arnhemID})
	if after.Total != before.Total+1 || len(list[0].Pupils) != 1 || list[0].Pupils[0].ID != pupil.ID || list[0].Urgency != vios.UrgencyNormal {
		t.Errorf("signals %d → %d; newest %+v", before.Total, after.Total, list[0])
	}
}
