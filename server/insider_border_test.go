package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// Insiders and the border between municipalities: a pupil of Arnhem goes
// to school in Den Haag. Arnhem's regisseur opens the border in Arnhem's
// own clause but cannot write Den Haag's (web or API); with one side's
// clause nothing crosses; Den Haag's school never opens Arnhem's signal,
// and Arnhem's accounts never open Den Haag's.
func TestInsiderBorder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := &insider{fixture: f}
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	hague, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	hagueSchool := mustUser(t, f, "school@den-haag.demo.example")
	hagueSchoolOrg := hagueSchool.Memberships[0].OrganisationID
	linkKernteam(t, f.db, "arnhem", f.records["deelafspraak"][true])
	linkKernteam(t, f.db, "den-haag", f.records["deelafspraak"][false])
	// Arnhem's own clause names Den Haag: lawful, one side only.
	reg := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, "regisseur@arnhem.demo.example")})
	c, err := f.db.Covenants.FindCovenant(reg, arnhem.ID, f.records["convenant"][true])
	if err != nil {
		t.Fatal(err)
	}
	c.Clauses[0].BorderMunicipalities = []string{hague.ID}
	if err := f.db.Covenants.UpdateCovenant(reg, c, "Grens", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	pupil := vios.Pupil{Name: "Lotte Visser", BirthDate: "2011-02-03", SchoolID: hagueSchoolOrg}
	theirs := enterSignal(t, f, "school@den-haag.demo.example", hague.ID, pupil)
	ours := enterSignal(t, f, "partner@arnhem.demo.example", arnhem.ID, pupil)

	// Arnhem's regisseur tries to name Arnhem in Den Haag's covenant.
	hagueCovenant := f.records["convenant"][false]
	form := url.Values{"doel": {"Grens"}, "grondslag": {"6.1.e"}, "metNaam": {"ja"}, "grensGemeente": {arnhem.ID},
		"ontvanger-politie": {vios.DataIdentity}, "bewaartermijnSignalen": {"365"}, "bewaartermijnCasussen": {"365"}, "bewaartermijnVerslagen": {"365"}}
	if status, _ := in.web(t, f.sessions[vios.RoleRegisseur], "POST", "/convenanten/den-haag/"+hagueCovenant+"/deelafspraken", form); status != http.StatusForbidden && status != http.StatusNotFound {
		t.Errorf("web: Arnhem's regisseur adds a border clause to Den Haag's covenant: %d", status)
	}
	body := map[string]any{"titel": "Overgenomen", "deelafspraken": []any{map[string]any{"doel": "Grens", "metNaam": true, "grensGemeenten": []string{arnhem.ID}}}}
	if status, _ := in.api(t, f.tokens[vios.RoleRegisseur], "PUT", "/api/v1/convenanten/"+hagueCovenant, body); status != http.StatusNotFound {
		t.Errorf("api: Arnhem's regisseur changes Den Haag's covenant: %d", status)
	}
	sys := vios.NewSystemContext(ctx, "test")
	after, err := f.db.Covenants.FindCovenant(sys, hague.ID, hagueCovenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range after.Clauses {
		if len(cl.BorderMunicipalities) > 0 {
			t.Errorf("Den Haag's clause %q names %v after Arnhem's attempts", cl.Purpose, cl.BorderMunicipalities)
		}
	}

	// One side's clause: no notice on either side, in the web or the store.
	for email, as := range map[string]*vios.User{"partner@arnhem": mustUser(t, f, "partner@arnhem.demo.example"), "school@den-haag": hagueSchool} {
		notices, err := f.db.Casework.ListMatchNotices(vios.NewContextWithActor(ctx, &vios.Actor{User: as}))
		if err != nil || len(notices) != 0 {
			t.Errorf("%s has match notices with one side's clause only: %+v %v", email, notices, err)
		}
	}
	if _, page := in.web(t, f.sessions[vios.RolePartner], "GET", "/signalen/arnhem", nil); strings.Contains(page, "Over de gemeentegrens") {
		t.Error("Arnhem's police sees a notice across the border without Den Haag's clause")
	}
	// Neither side opens the other's signal, whatever its role.
	for _, role := range []string{vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner} {
		if status, doc := in.api(t, f.tokens[role], "GET", "/api/v1/signalen/"+theirs, nil); status != http.StatusNotFound || strings.Contains(doc, "Lotte") {
			t.Errorf("api: Arnhem's %s opens Den Haag's signal: %d", role, status)
		}
		if status, page := in.web(t, f.sessions[role], "GET", "/signalen/den-haag/"+theirs, nil); status == http.StatusOK || strings.Contains(page, "Lotte") {
			t.Errorf("web: Arnhem's %s opens Den Haag's signal: %d", role, status)
		}
	}
	if _, err := f.db.Casework.FindSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: hagueSchool}), arnhem.ID, ours); err == nil {
		t.Error("Den Haag's school opens Arnhem's signal about its own pupil")
	}
	// The form's school search finds Den Haag's schools, labelled by
	// municipality and not as Arnhem's own.
	if _, found := in.web(t, f.sessions[vios.RolePartner], "GET", "/signalen/arnhem/scholen?zoek=den+haag", nil); !strings.Contains(found, `"gemeenteNaam":"Den Haag"`) ||
		strings.Contains(found, `"eigen":true`) {
		t.Errorf("the signal form's search does not offer the schools of other municipalities, labelled: %.300s", found)
	}
}

// linkKernteam links the municipality's demo kernteam to the clause, as
// its regisseur.
func linkKernteam(t *testing.T, db *store.DB, slug, clauseID string) {
	t.Helper()
	ctx := context.Background()
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, slug)
	reg, _, err := db.Accounts.FindCredentials(ctx, "regisseur@"+slug+".demo.example")
	if err != nil {
		t.Fatal(err)
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: reg})
	nets, err := db.Networks.ListNetworks(as, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("kernteam of %s: %v", slug, err)
	}
	if err := db.Covenants.LinkNetworkClause(as, m.ID, nets[0].ID, clauseID); err != nil {
		t.Fatal(err)
	}
}

// enterSignal enters a signal about the pupil in the municipality's demo
// kernteam as the account, and returns its id.
func enterSignal(t *testing.T, f *fixture, email, municipalityID string, p vios.Pupil) string {
	t.Helper()
	ctx := context.Background()
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, email)})
	nets, err := f.db.Networks.ListNetworks(as, vios.NetworkFilter{MunicipalityID: municipalityID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("kernteam: %v", err)
	}
	s := &vios.Signal{MunicipalityID: municipalityID, NetworkID: nets[0].ID, OccurredOn: vios.Date(f.db.Now()), Phenomenon: "vechtpartijen",
		Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Vechtpartij.", Pupils: []vios.Pupil{p}}
	if _, err := f.db.Casework.CreateSignal(as, s); err != nil {
		t.Fatalf("%s enters a signal: %v", email, err)
	}
	return s.ID
}
