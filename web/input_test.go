package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A form field with a NUL or another control character, or broken UTF-8,
// gets a Dutch page naming the field, and nothing is saved (PostgreSQL gave
// a 500, SQLite stored it). Newlines and tabs in multi-line text are fine.
func TestFormTextWithControlCharactersIsRefused(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	regie := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	count := func() int {
		list, err := p.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: p.arnhemID})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	for name, value := range map[string]string{"NUL": "Kernteam\x00Noord", "escape": "Kernteam \x1b[31mNoord", "broken UTF-8": "Kernteam \xff Noord"} {
		r := p.do(t, "POST", "/netwerken/arnhem/nieuw", regie, url.Values{"soort": {"alertgroep"}, "naam": {value},
			"omschrijving": {"Regel een\nregel\ttwee"}})
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "naam: Bevat een teken dat hier niet kan") ||
			strings.Contains(r.body, "omschrijving:") {
			t.Errorf("%s: %d\n%s", name, r.status, r.body)
		}
	}
	if after := count(); after != before {
		t.Errorf("%d networks after refused forms, want %d", after, before)
	}
	// The same form with clean text is saved, newlines and tabs included.
	if r := p.do(t, "POST", "/netwerken/arnhem/nieuw", regie, url.Values{"soort": {"alertgroep"}, "naam": {"Alertgroep Noord"},
		"omschrijving": {"Regel een\nregel\ttwee"}}); r.status != http.StatusSeeOther || count() != before+1 {
		t.Errorf("clean form: %d\n%s", r.status, r.body)
	}
	// A query or a path with such a character: a 400 or a 404, never a 500.
	if r := p.do(t, "GET", "/aanpakken?element=ot%00sv", "", nil); r.status != http.StatusBadRequest || !strings.Contains(r.body, "element: Bevat een teken") {
		t.Errorf("query: %d\n%s", r.status, r.body)
	}
	for _, path := range []string{"/aanpakken/arn%00hem", "/aanpakken/%ff"} {
		if r := p.do(t, "GET", path, "", nil); r.status != http.StatusNotFound {
			t.Errorf("%s: %d", path, r.status)
		}
	}
	// The login form too: no 500 for a NUL in the e-mail address.
	if r := p.do(t, "POST", "/inloggen", "", url.Values{"email": {"a\x00@example.org"}, "wachtwoord": {"iets"}}); r.status != http.StatusBadRequest {
		t.Errorf("login: %d", r.status)
	}
}
