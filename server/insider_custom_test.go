package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// otherSchoolLogin adds an account at another school of Arnhem than the
// demo school and returns its session cookie, its API token and its school.
func otherSchoolLogin(t *testing.T, f *fixture) (session, token, school string) {
	t.Helper()
	ctx := context.Background()
	demoSchool := mustUser(t, f, "school@arnhem.demo.example").Memberships[0]
	orgs, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: demoSchool.MunicipalityID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID != demoSchool.OrganisationID {
			school = o.ID
			break
		}
	}
	// A demo account, as the fixture's: it logs in without a second factor.
	hash, _ := auth.NewHasher(1).Hash(ctx, "matrix-wachtwoord-123")
	u := &vios.User{Email: "mentor@andere-school.example", Name: "Mentor", Demo: true, Memberships: []vios.Membership{
		{MunicipalityID: demoSchool.MunicipalityID, Role: vios.RoleSchool, OrganisationID: school}}}
	if err := f.db.Accounts.CreateUser(vios.NewSystemContext(ctx, "testopzet"), u, hash); err != nil {
		t.Fatal(err)
	}
	raw, _ := auth.NewToken()
	token = "vios_" + raw
	if err := f.db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "insider", Scopes: []string{"lezen", "schrijven"},
		ExpiresAt: f.db.Now().Add(3600e9)}, auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	return f.login(t, u.Email), token, school
}

// Insiders and custom-support requests: another school of Arnhem neither
// reads nor reports on the demo school's request; the school does not
// decide its own request, nor files one in another school's name; the
// beheerder does not decide; the regisseur of Arnhem neither reads nor
// decides Den Haag's request. Afterwards every request is as before.
func TestInsiderCustomRequests(t *testing.T) {
	f := newFixture(t)
	in := &insider{fixture: f}
	sys := vios.NewSystemContext(context.Background(), "test")
	arnhemReq, hagueReq := f.records["maatwerk"][true], f.records["maatwerk"][false]
	arnhemTitle, hagueTitle := f.records["maatwerktitel"][true], f.records["maatwerktitel"][false]
	session, token, otherSchool := otherSchoolLogin(t, f)
	decision := url.Values{"besluit": {"toegekend"}, "motivering": {"Goed plan."}}
	report := url.Values{"soort": {"uitgevoerd"}, "verslag": {"Klaar."}, "besteed": {"100"}}
	regisseur := vios.RoleRegisseur

	for _, c := range []struct {
		who, session, method, path string
		form                       url.Values
	}{
		{"other school", session, "GET", "/maatwerk/arnhem/" + arnhemReq, nil},
		{"other school", session, "POST", "/maatwerk/arnhem/" + arnhemReq + "/verslag", report},
		{"other school", session, "POST", "/maatwerk/arnhem/" + arnhemReq + "/besluit", decision},
		{"school", f.sessions[vios.RoleSchool], "POST", "/maatwerk/arnhem/" + arnhemReq + "/besluit", decision},
		{"beheerder", f.sessions[vios.RoleBeheerder], "POST", "/maatwerk/arnhem/" + arnhemReq + "/besluit", decision},
		{"regisseur", f.sessions[regisseur], "GET", "/maatwerk/arnhem/" + hagueReq, nil},
		{"regisseur", f.sessions[regisseur], "GET", "/maatwerk/den-haag/" + hagueReq, nil},
		{"regisseur", f.sessions[regisseur], "GET", "/maatwerk/den-haag", nil},
		{"regisseur", f.sessions[regisseur], "POST", "/maatwerk/arnhem/" + hagueReq + "/besluit", decision},
		{"regisseur", f.sessions[regisseur], "POST", "/maatwerk/den-haag/" + hagueReq + "/besluit", decision},
	} {
		status, page := in.web(t, c.session, c.method, c.path, c.form)
		if status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("web %s %s %s: %d, want a refusal", c.who, c.method, c.path, status)
		}
		if strings.Contains(page, hagueTitle) || c.who == "other school" && strings.Contains(page, arnhemTitle) {
			t.Errorf("web %s %s %s shows a title it may not", c.who, c.method, c.path)
		}
	}
	if _, page := in.web(t, session, "GET", "/maatwerk/arnhem", nil); strings.Contains(page, arnhemTitle) {
		t.Error("another school lists the demo school's request")
	}

	filed := map[string]any{"gemeente": "arnhem", "school": otherSchool, "titel": "Namens een ander", "omschrijving": "x", "thema": "vapes",
		"aangevraagdInCenten": 100, "periodeVan": "2027-04-01", "periodeTot": "2027-05-01"}
	for _, c := range []struct {
		who, token, method, path string
		body                     any
		want                     int
	}{
		{"other school", token, "GET", "/api/v1/maatwerkaanvragen/" + arnhemReq, nil, 404},
		{"other school", token, "POST", "/api/v1/maatwerkaanvragen/" + arnhemReq + "/_verslag", map[string]any{"soort": "voortgang", "verslag": "x"}, 404},
		{"school", f.tokens[vios.RoleSchool], "POST", "/api/v1/maatwerkaanvragen/" + arnhemReq + "/_besluiten", map[string]any{"besluit": "toegekend", "motivering": "x"}, 403},
		{"school", f.tokens[vios.RoleSchool], "POST", "/api/v1/maatwerkaanvragen", filed, 400},
		{"regisseur", f.tokens[regisseur], "GET", "/api/v1/maatwerkaanvragen/" + hagueReq, nil, 404},
		{"regisseur", f.tokens[regisseur], "POST", "/api/v1/maatwerkaanvragen/" + hagueReq + "/_besluiten", map[string]any{"besluit": "afgewezen", "motivering": "x"}, 404},
	} {
		if got, doc := in.api(t, c.token, c.method, c.path, c.body); got != c.want || strings.Contains(doc, hagueTitle) {
			t.Errorf("api %s %s %s: %d, want %d: %s", c.who, c.method, c.path, got, c.want, doc)
		}
	}
	if _, doc := in.api(t, token, "GET", "/api/v1/maatwerkaanvragen", nil); strings.Contains(doc, arnhemTitle) {
		t.Error("another school lists the demo school's request through the API")
	}
	for _, role := range []string{regisseur, vios.RoleBeheerder, vios.RoleSchool} {
		_, doc := in.api(t, f.tokens[role], "GET", "/api/v1/maatwerkaanvragen", nil)
		_, page := in.web(t, f.sessions[role], "GET", "/maatwerk/arnhem", nil)
		if !strings.Contains(doc, arnhemTitle) || !strings.Contains(page, arnhemTitle) || strings.Contains(doc+page, hagueTitle) {
			t.Errorf("the lists of the %s: not Arnhem's request, or Den Haag's", role)
		}
	}

	for _, id := range []string{arnhemReq, hagueReq} {
		c, err := f.db.CustomRequests.FindCustomRequest(sys, id)
		if err != nil || c.Status != vios.CustomSubmitted || c.DecidedAt != nil || len(c.Reports) != 0 {
			t.Errorf("request %s after the attempts: %+v %v", id, c, err)
		}
	}
	for _, m := range []string{"arnhem", "den-haag"} {
		muni, _ := f.db.Organisations.FindMunicipalityBySlug(context.Background(), m)
		if list, err := f.db.CustomRequests.ListCustomRequests(sys, vios.CustomFilter{MunicipalityID: muni.ID}); err != nil || len(list) != 1 {
			t.Errorf("requests of %s after the attempts: %d %v", m, len(list), err)
		}
	}
}
