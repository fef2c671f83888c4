package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// The beheerder copies the default template and edits its points; an
// empty template answers at the form; a school may not see the templates.
func TestAuditTemplatePages(t *testing.T) {
	p := newPlatform(t, true)
	s := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsaudit-sjablonen/arnhem", s, nil); r.status != 200 || !strings.Contains(r.body, "Standaard veiligheidsaudit (versie 1, 15 punten)") {
		t.Fatalf("the templates page: %d", r.status)
	}
	r := p.do(t, "POST", "/veiligheidsaudit-sjablonen/arnhem", s, url.Values{"naam": {"Lijst Arnhem"}})
	if r.status != 303 {
		t.Fatalf("copy the default: %d", r.status)
	}
	path := strings.SplitN(r.location, "?", 2)[0]
	if r := p.do(t, "GET", path, s, nil); r.status != 200 || !strings.Contains(r.body, "Het terrein en de ingangen zijn overzichtelijk") {
		t.Errorf("the copy's form: %d", r.status)
	}
	form := url.Values{"naam": {"Lijst Arnhem"}, "punten-gebouw": {"Camera bij de ingang werkt\nHek is 's avonds dicht"}}
	if r := p.do(t, "POST", path, s, form); r.status != 303 {
		t.Fatalf("save the template: %d", r.status)
	}
	if r := p.do(t, "GET", "/veiligheidsaudit-sjablonen/arnhem", s, nil); !strings.Contains(r.body, "Lijst Arnhem</a> (2 punten") {
		t.Errorf("the edited template is not listed with its 2 points")
	}
	if r := p.do(t, "POST", path, s, url.Values{"naam": {""}}); r.status != 400 || !strings.Contains(r.body, "Geef het sjabloon een naam.") {
		t.Errorf("an empty template: %d", r.status)
	}
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsaudit-sjablonen/arnhem", school, nil); r.status != 403 {
		t.Errorf("a school reads the templates: %d", r.status)
	}
}
