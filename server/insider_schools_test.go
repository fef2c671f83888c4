package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Insiders and the school search: a school account learns nothing but the
// public identity of schools (no person, no e-mail address, no pupil), by
// whatever it types; wildcards and SQL are text; no page is too large; the
// form's search of another municipality is refused.
func TestInsiderSchoolSearch(t *testing.T) {
	f := newFixture(t)
	in := &insider{fixture: f}
	token, session := f.tokens["school"], f.sessions["school"]
	public := []string{"brin", "eigenGemeente", "gemeente", "gemeenteNaam", "id", "naam", "soort"}

	for _, query := range []string{"school", "arnhem", "demo.example", "%_%", "' OR '1'='1", "leerling"} {
		status, body := in.api(t, token, "GET", "/api/v1/scholen?zoek="+url.QueryEscape(query)+"&paginaGrootte=50", nil)
		var page struct{ Items []map[string]any }
		if err := json.Unmarshal([]byte(body), &page); status != http.StatusOK || err != nil {
			t.Fatalf("%q: %d %v", query, status, err)
		}
		for _, item := range page.Items {
			keys := make([]string, 0, len(item))
			for k := range item {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, public) {
				t.Errorf("%q: a match shows %v", query, keys)
			}
		}
		if strings.Contains(body, "@") {
			t.Errorf("%q: an e-mail address in the answer", query)
		}
		if (strings.ContainsAny(query, "%'") || query == "demo.example" || query == "leerling") && len(page.Items) != 0 {
			t.Errorf("%q matches %d schools", query, len(page.Items))
		}
	}
	for _, target := range []string{"/api/v1/scholen?zoek=school&paginaGrootte=1000", "/api/v1/scholen?zoek=school&pagina=100000",
		"/api/v1/scholen?zoek=" + strings.Repeat("a", 101)} {
		if status, _ := in.api(t, token, "GET", target, nil); status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", target, status)
		}
	}
	if status, body := in.web(t, session, "GET", "/signalen/den-haag/scholen?zoek=school", nil); status != http.StatusForbidden &&
		status != http.StatusNotFound || strings.Contains(body, `"naam"`) {
		t.Errorf("Arnhem's school searches in Den Haag's form: %d", status)
	}
}
