package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// delftCovenant fills the Delft template for Arnhem with three parties:
// the kernteam's school, the police and a municipal team.
func delftCovenant(t *testing.T, w *networkWorld) *vios.Covenant {
	t.Helper()
	c := vios.FindCovenantTemplate("delft").Fill(w.arnhem, w.now.AddDate(0, -1, 0))
	orgs, _ := w.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: w.arnhem, Kind: vios.OrgMunicipal})
	signed := vios.Date(w.now.AddDate(0, -1, 0))
	for _, id := range []string{w.school.ID, w.police.ID, orgs[0].ID} {
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: id, Role: "partij", Signatories: "Bestuurder, voorzitter",
			Status: vios.PartySigned, SignedOn: &signed})
	}
	return c
}

func TestCovenantVersionsAndClauses(t *testing.T) {
	w := newNetworkWorld(t)
	ctx := w.as(vios.RoleRegisseur)
	db := w.db
	c := delftCovenant(t, w)
	if err := db.Covenants.CreateCovenant(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := c.Status(w.now); got != vios.CovenantDraft {
		t.Fatalf("status of a covenant whose signatures wait for the parties: %s", got)
	}
	if err := signAsParties(db, c); err != nil {
		t.Fatal(err)
	}
	if got := c.Status(w.now); got != vios.CovenantActive {
		t.Fatalf("status of a signed, running covenant: %s", got)
	}

	// A clause that names pupils without a legal basis, with a retention of
	// zero and criminal data without article 10: all said, nothing saved.
	bad := *c
	bad.Clauses = []vios.SharingClause{{Purpose: "Kernteam", Named: true, RetentionSignals: 0, RetentionCases: 5000, RetentionMinutes: 30,
		Recipients: []vios.ClauseRecipient{{Kind: "politie", Categories: []string{vios.DataJudicial}}}}}
	err := db.Covenants.UpdateCovenant(ctx, &bad, "Strenger", c.UpdatedAt)
	for _, f := range []string{"grondslag", "artikel10", "bewaartermijnSignalen", "bewaartermijnCasussen"} {
		if !strings.Contains(fields(err), f) {
			t.Errorf("invalid clause: %v lacks %s (%s)", err, f, fields(err))
		}
	}
	// A party without a signatory.
	bad = *c
	bad.Parties = append([]vios.CovenantParty(nil), c.Parties...)
	bad.Parties[1].Signatories = " "
	if err := db.Covenants.UpdateCovenant(ctx, &bad, "x", c.UpdatedAt); fields(err) != "partijen" {
		t.Errorf("party without signatory: %v", err)
	}
	stored, _ := db.Covenants.FindCovenant(context.Background(), w.arnhem, c.ID)
	if stored.Version != 1 || len(stored.Clauses) != 1 || stored.Parties[1].Signatories == " " {
		t.Fatalf("after refused updates: version %d, %d clauses", stored.Version, len(stored.Clauses))
	}

	// Link the kernteam; the clause keeps its id across a new version.
	clause := stored.Clauses[0].ID
	if err := db.Covenants.LinkNetworkClause(ctx, w.arnhem, w.network.ID, clause); err != nil {
		t.Fatal(err)
	}
	stored.Goals += " Ook de schoolomgeving."
	if err := db.Covenants.UpdateCovenant(ctx, stored, "Doelen aangevuld", stored.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := db.Covenants.UpdateCovenant(ctx, stored, "Nog eens", stored.UpdatedAt.Add(-time.Second)); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale update: %v", err)
	}
	again, _ := db.Covenants.FindCovenant(context.Background(), w.arnhem, c.ID)
	if again.Version != 2 || again.Clauses[0].ID != clause {
		t.Errorf("version %d, clause %s (want %s)", again.Version, again.Clauses[0].ID, clause)
	}
	// A clause a network relies on cannot be dropped.
	again.Clauses = nil
	if err := db.Covenants.UpdateCovenant(ctx, again, "Zonder deelafspraak", again.UpdatedAt); fields(err) != "deelafspraken" {
		t.Errorf("dropping a linked clause: %v", err)
	}
	n, _ := db.Networks.FindNetwork(context.Background(), w.arnhem, w.network.ID)
	fresh, _ := db.Covenants.FindCovenant(context.Background(), w.arnhem, c.ID)
	if s := vios.SharingOf(fresh, n.ClauseID, w.now); !s.Named || !strings.Contains(s.Reason, "taak van algemeen belang") {
		t.Errorf("sharing while active: %+v", s)
	}

	// After the end date the network falls back to pseudonyms, and no
	// network can be linked to it any more.
	later := fresh.EndsOn.AddDate(0, 0, 1)
	if s := vios.SharingOf(fresh, n.ClauseID, later); s.Named || !strings.Contains(s.Warning, "verlopen") {
		t.Errorf("sharing after expiry: %+v", s)
	}
	w.now = later
	if err := db.Covenants.LinkNetworkClause(ctx, w.arnhem, w.network.ID, clause); fields(err) != "deelafspraak" {
		t.Errorf("linking to an expired covenant: %v", err)
	}
	// Another municipality finds nothing.
	if _, err := db.Covenants.FindCovenant(context.Background(), municipalityID(t, db, "den-haag"), c.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("other municipality: %v", err)
	}
	logEntries(t, db)
}

// The regisseur hears once that the evaluation is near, and at most monthly
// that working agreements are not kept.
func TestCovenantReminders(t *testing.T) {
	w := newNetworkWorld(t)
	ctx := w.as(vios.RoleRegisseur)
	c := delftCovenant(t, w)
	c.StartsOn = w.now.AddDate(0, -6, 0)
	c.EvaluateOn = w.now.AddDate(0, 0, 20)
	c.Agreements = []vios.WorkingAgreement{{NetworkID: w.network.ID, Description: "Kernteam", TimesPerYear: 8}}
	if err := w.db.Covenants.CreateCovenant(ctx, c); err != nil {
		t.Fatal(err)
	}
	// The mails to the parties about their signatures come a minute earlier.
	w.now = w.now.Add(time.Minute)
	before, _ := w.db.Accounts.ListMail(context.Background(), 1000)
	n, err := w.db.Covenants.RemindCovenants(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("reminders: %d, %v (want the evaluation and the agreements)", n, err)
	}
	mails, _ := w.db.Accounts.ListMail(context.Background(), 1000)
	subjects := map[string]string{}
	for _, m := range mails[:len(mails)-len(before)] {
		subjects[m.Subject] = m.Recipient
	}
	if subjects["Evaluatie van het convenant nadert"] != w.users[vios.RoleRegisseur].Email ||
		subjects["Afspraken uit het convenant worden niet nagekomen"] != w.users[vios.RoleRegisseur].Email {
		t.Errorf("reminder mails: %v", subjects)
	}
	if n, _ := w.db.Covenants.RemindCovenants(context.Background()); n != 0 {
		t.Errorf("second run: %d", n)
	}
	w.now = w.now.AddDate(0, 0, 31)
	if n, _ := w.db.Covenants.RemindCovenants(context.Background()); n != 1 {
		t.Errorf("a month later: %d, want only the agreements again", n)
	}
}

// Another municipality's covenant is an example only with its consent, and
// never with its parties.
func TestSharedCovenants(t *testing.T) {
	w := newNetworkWorld(t)
	c := delftCovenant(t, w)
	c.Title = "Convenant Arnhem"
	if err := w.db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	denHaag := municipalityID(t, w.db, "den-haag")
	if list, _ := w.db.Covenants.ListSharedCovenants(context.Background(), denHaag); len(list) != 0 {
		t.Fatalf("not shared, yet offered: %d", len(list))
	}
	c.Shareable = true
	if err := w.db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), c, "Gedeeld als voorbeeld", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	list, err := w.db.Covenants.ListSharedCovenants(context.Background(), denHaag)
	if err != nil || len(list) != 1 || list[0].Municipality != "Arnhem" || len(list[0].Covenant.Parties) != 0 {
		t.Fatalf("shared examples for Den Haag: %+v, %v", list, err)
	}
	if own, _ := w.db.Covenants.ListSharedCovenants(context.Background(), w.arnhem); len(own) != 0 {
		t.Errorf("a municipality is offered its own covenant: %d", len(own))
	}
	copy := vios.FromExample(list[0].Covenant, list[0].Municipality, denHaag, w.now)
	if copy.MunicipalityID != denHaag || copy.BasedOn != "convenant 'Convenant Arnhem' van Arnhem" || len(copy.Clauses) != 1 ||
		copy.Clauses[0].ID != "" || len(copy.Protocol) != 3 || len(copy.Parties) != 0 {
		t.Errorf("from the example: %+v", copy)
	}
}
