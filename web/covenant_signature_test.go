package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// The regisseur records that the police signed; the police's own user
// finds it on the start page, reads what it signs and confirms. The
// regisseur cannot confirm for the police.
func TestPartyConfirmsItsSignature(t *testing.T) {
	p := newPlatform(t, true)
	c := createCovenant(t, p, p.db.Now(), func(c *vios.Covenant) {
		signed := vios.Date(p.db.Now())
		c.Parties[0].Status, c.Parties[0].SignedOn = vios.PartySigned, &signed
	})
	police := c.Parties[0]
	if police.Status != vios.PartyPending {
		t.Fatalf("a recorded signature: %s", police.Status)
	}
	form := "/convenanten/arnhem/" + c.ID + "/partijen/" + police.ID + "/bevestigen"
	partner := p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value

	today := p.do(t, "GET", "/vandaag", partner, nil)
	if !strings.Contains(today.body, "Te bevestigen ondertekeningen") || !strings.Contains(today.body, form) {
		t.Errorf("the police's start page does not ask to confirm: %d", today.status)
	}
	if res := p.do(t, "GET", "/vandaag", regisseur, nil); strings.Contains(res.body, "Te bevestigen ondertekeningen") {
		t.Errorf("the recorder is asked to confirm")
	}
	page := p.do(t, "GET", form, partner, nil)
	if page.status != 200 || !strings.Contains(page.body, c.Clauses[0].Purpose) || !strings.Contains(page.body, "Ik bevestig dat") {
		t.Errorf("the confirmation page: %d, without the clause or the button", page.status)
	}
	if res := p.do(t, "GET", form, regisseur, nil); res.status != 403 {
		t.Errorf("the regisseur opens the police's confirmation: %d", res.status)
	}
	if res := p.do(t, "POST", form, regisseur, url.Values{}); res.status != 403 {
		t.Errorf("the regisseur confirms for the police: %d", res.status)
	}
	decline := "/convenanten/arnhem/" + c.ID + "/partijen/" + police.ID + "/weigeren"
	if res := p.do(t, "POST", decline, partner, url.Values{"reden": {" "}}); res.status != 400 ||
		!strings.Contains(res.body, "Geef aan waarom uw organisatie niet tekent.") {
		t.Errorf("declining without a reason: %d", res.status)
	}
	res := p.do(t, "POST", form, partner, url.Values{})
	if res.status != 303 || !strings.Contains(res.location, "melding=bevestigd") {
		t.Fatalf("confirming: %d %s", res.status, res.location)
	}
	shown := p.do(t, "GET", res.location, partner, nil)
	if !strings.Contains(shown.body, "U heeft de ondertekening bevestigd.") || !strings.Contains(shown.body, "beantwoord door de partij op") {
		t.Errorf("the covenant after confirming: %d", shown.status)
	}
	if res := p.do(t, "POST", form, partner, url.Values{}); res.status != 409 {
		t.Errorf("confirming twice: %d", res.status)
	}
}

// The regisseur's button records a paper signature; it waits for the party.
func TestRecordingWaitsForTheParty(t *testing.T) {
	p := newPlatform(t, true)
	c := createCovenant(t, p, p.db.Now(), nil)
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	path := "/convenanten/arnhem/" + c.ID + "/partijen/" + c.Parties[1].ID + "/tekenen"
	res := p.do(t, "POST", path, regisseur, url.Values{"getekendOp": {vios.Date(p.db.Now()).Format("2006-01-02")},
		"versie": {c.UpdatedAt.Format("2006-01-02T15:04:05.999999999Z07:00")}})
	if res.status != 303 {
		t.Fatalf("recording: %d", res.status)
	}
	shown := p.do(t, "GET", "/convenanten/arnhem/"+c.ID, regisseur, nil)
	if !strings.Contains(shown.body, "Wacht op bevestiging") || strings.Contains(shown.body, "Ondertekening bevestigen of weigeren") {
		t.Errorf("after recording: %d", shown.status)
	}
}
