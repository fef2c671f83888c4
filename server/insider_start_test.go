package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and the national contact point: no municipal account (a
// regisseur, a beheerder, a school, a partner, the OTSV) reads, assigns,
// advises or closes a start request, on the web or through the API, or
// adds an adviser; who sends a request (even logged in) never reads one
// back, and the public API's answer names nobody. Afterwards the
// requests are as before and there is no adviser.
func TestInsiderStartRequests(t *testing.T) {
	f := newFixture(t)
	in := &insider{fixture: f}
	landelijk := vios.NewContextWithActor(context.Background(), &vios.Actor{User: mustUser(t, f, "landelijk@demo.example")})
	id := f.records["startvraag"][true]
	const contact, question = "Fatima Bakker", "Hoe beginnen wij met een kernteam?"

	insiders := []string{vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleSchool, vios.RolePartner, vios.RoleOTSV, vios.RoleFG}
	adviser := url.Values{"naam": {"Piet Insider"}, "regio": {"utrecht"}, "ervaring": {"Geen"}}
	for _, role := range insiders {
		for _, c := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/startvragen", nil},
			{"GET", "/startvragen/" + id, nil},
			{"GET", "/startvragen/adviseurs", nil},
			{"POST", "/startvragen/adviseurs", adviser},
			{"POST", "/startvragen/" + id + "/toewijzen", url.Values{"adviseur": {id}}},
			{"POST", "/startvragen/" + id + "/advies", url.Values{"advies": {"Doe niets."}}},
			{"POST", "/startvragen/" + id + "/sluiten", url.Values{}},
		} {
			status, page := in.web(t, f.sessions[role], c.method, c.path, c.form)
			if status != http.StatusForbidden || strings.Contains(page, contact) || strings.Contains(page, question) {
				t.Errorf("web %s %s %s: %d, want 403 without the request", role, c.method, c.path, status)
			}
		}
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/startvragen", nil},
			{"GET", "/api/v1/startvragen/" + id, nil},
			{"POST", "/api/v1/startvragen/" + id + "/_toewijzen", map[string]any{"adviseur": id}},
			{"POST", "/api/v1/startvragen/" + id + "/_advies", map[string]any{"advies": "Doe niets."}},
			{"POST", "/api/v1/startvragen/" + id + "/_sluiten", nil},
		} {
			status, doc := in.api(t, f.tokens[role], c.method, c.path, c.body)
			if status != http.StatusForbidden || strings.Contains(doc, contact) || strings.Contains(doc, question) {
				t.Errorf("api %s %s %s: %d, want 403 without the request: %s", role, c.method, c.path, status, doc)
			}
		}
	}
	// Without login: the pages ask to log in, the API for a token.
	if status, page := in.web(t, "", "GET", "/startvragen/"+id, nil); status != http.StatusSeeOther || strings.Contains(page, contact) {
		t.Errorf("the public opens a start request: %d", status)
	}
	if status, _ := in.api(t, "", "GET", "/api/v1/startvragen", nil); status != http.StatusUnauthorized {
		t.Errorf("the public lists start requests: %d", status)
	}
	// A regisseur sends one through the public API: the answer names
	// nobody, not even the sender's own words.
	status, doc := in.api(t, f.tokens[vios.RoleRegisseur], "POST", "/api/v1/startvragen", map[string]any{"organisatie": "Stichting X",
		"soortOrganisatie": "partner", "gemeente": "Arnhem", "naam": "Jan Jansen", "email": "jan@x.example", "vraag": "Wat staat er in de andere vragen?"})
	if status != http.StatusCreated || strings.Contains(doc, contact) || strings.Contains(doc, "Jan Jansen") || strings.Contains(doc, "andere vragen") {
		t.Errorf("the public POST answers %d: %s", status, doc)
	}

	s, err := f.db.Start.StartRequest(landelijk, id)
	if err != nil || s.Status != vios.StartNew || s.AdviserID != "" || s.Advice != "" || s.ClosedAt != nil {
		t.Errorf("the request after the insiders: %+v %v", s, err)
	}
	if list, err := f.db.Start.Advisers(landelijk); err != nil || len(list) != 0 {
		t.Errorf("advisers after the insiders: %d %v", len(list), err)
	}
}
