package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// signAsParties confirms every signature of c that waits, each as a user
// of its party: the regisseur's recording alone signs nothing.
func signAsParties(t *testing.T, db *store.DB, c *vios.Covenant) {
	t.Helper()
	if err := demo.ConfirmSignatures(context.Background(), db.Covenants, c, demo.PartyUser(c)); err != nil {
		t.Fatal(err)
	}
}

// recordedCovenant is a covenant of Arnhem in which the regisseur recorded
// the police's paper signature and invited the school.
func recordedCovenant(t *testing.T, db *store.DB) *vios.Covenant {
	t.Helper()
	ctx := context.Background()
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	regisseur, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	police, _, _ := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	school, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	signed := vios.Date(db.Now())
	c := vios.FindCovenantTemplate("delft").Fill(arnhem.ID, signed)
	c.Title = "Convenant Veilige Schoolomgeving Arnhem-Zuid"
	c.Parties = []vios.CovenantParty{
		{OrganisationID: police.Memberships[0].OrganisationID, Role: "ketenpartner", Signatories: "Teamchef", Status: vios.PartySigned, SignedOn: &signed},
		{OrganisationID: school.Memberships[0].OrganisationID, Role: "bevoegd gezag", Signatories: "Rector", Status: vios.PartyInvited},
	}
	if err := db.Covenants.CreateCovenant(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// The police's own user finds the signature the regisseur recorded on the
// start page, reads what the police signs, is told a decline needs a
// reason, and confirms; the covenant page then shows who answered.
func TestSignatureConfirmedByTheParty(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	c := recordedCovenant(t, p.db)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open("/vandaag", 200)
	if got := tb.text("#te-bevestigen"); !strings.Contains(got, c.Title) {
		t.Fatalf("the start page does not ask to confirm: %q", got)
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//ul[@id="te-bevestigen"]//a`))
	if got := tb.text("#ondertekening-status"); !strings.Contains(got, "Wacht op bevestiging") {
		t.Errorf("status on the confirmation page: %q", got)
	}
	if got := tb.text("main"); !strings.Contains(got, c.Clauses[0].Purpose) || !strings.Contains(got, "Bewaartermijnen") {
		t.Errorf("the page does not show what the police signs")
	}
	tb.checkAccessibility()
	form := "/convenanten/arnhem/" + c.ID + "/partijen/" + c.Parties[0].ID
	tb.refused(`//button[normalize-space()="Niet getekend"]`, form+"/weigeren")
	if got := tb.text("#reden-fout"); !strings.Contains(got, "Geef aan waarom") {
		t.Errorf("decline without a reason: %q", got)
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//button[@id="bevestig-ondertekening"]`))
	if got := tb.text("main"); !strings.Contains(got, "U heeft de ondertekening bevestigd.") || !strings.Contains(got, "beantwoord door de partij op") {
		t.Errorf("the covenant after confirming does not say so")
	}
	tb.checkAccessibility()
	tb.open("/vandaag", 200)
	if n := eval[int](tb, `document.querySelectorAll("#te-bevestigen li").length`); n != 0 {
		t.Errorf("still asked to confirm: %d", n)
	}
}

// signatureRecords gives the page platform a covenant whose police
// signature waits for the police: its confirmation page with both forms.
func (p *pagePlatform) signatureRecords(t *testing.T) {
	t.Helper()
	c := recordedCovenant(t, p.db)
	p.records["ondertekening-convenant"], p.records["ondertekening-partij"] = c.ID, c.Parties[0].ID
}
