package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios/web"
)

func TestPrivacyOfficerSearchesTheLog(t *testing.T) {
	p := newPlatform(t, true)
	// Things worth finding: a failed login and a denied access in Arnhem,
	// and a read of personal data (the user list).
	p.login(t, "school@arnhem.demo.example", "verkeerd-wachtwoord-1")
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	p.do(t, "GET", "/beheer/arnhem/aanpak", school, nil)
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	p.do(t, "GET", "/beheer/arnhem/gebruikers", admin, nil)

	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "GET", "/logboek/arnhem", fg, nil)
	if r.status != 200 {
		t.Fatalf("log: %d", r.status)
	}
	for _, want := range []string{"inloggen-mislukt", "toegang-geweigerd:aanpak-wijzigen", "geweigerd", "gebruikers-bekijken",
		"https://vios-platform.example/verwerkingsregister/accountbeheer"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("log page lacks %q", want)
		}
	}
	// The processing log names people only by pseudonymous id.
	table := r.body[strings.Index(r.body, `id="verwerkingen"`):]
	if strings.Contains(table, "@") || strings.Contains(table, "Demo ") {
		t.Error("the processing log table shows a name or e-mail address")
	}
	// Follow a trace from the processing log to the audit record beside it.
	trace := regexp.MustCompile(`/logboek/arnhem/traces/([0-9a-f]{32})`).FindStringSubmatch(table)
	if trace == nil {
		t.Fatal("no trace link")
	}
	tr := p.do(t, "GET", "/logboek/arnhem/traces/"+trace[1], fg, nil)
	if tr.status != 200 || !strings.Contains(tr.body, "gebruikers-bekijken") || !strings.Contains(tr.body, "logboek-doorzocht") && !strings.Contains(tr.body, "beheerder") {
		t.Errorf("trace page: %d", tr.status)
	}
	// Filters, CSV, bad input.
	r = p.do(t, "GET", "/logboek/arnhem?"+url.Values{"actie": {"inloggen-mislukt"}}.Encode(), fg, nil)
	if strings.Contains(r.body, "gebruikers-bekijken</td>") {
		t.Error("action filter does not filter")
	}
	csv := p.do(t, "GET", "/logboek/arnhem/audit.csv?actie=inloggen", fg, nil)
	if !strings.HasPrefix(csv.body, "\ufeffseq,tijdstip,trace_id") || !strings.Contains(csv.body, "inloggen-mislukt") {
		t.Errorf("CSV: %.200q", csv.body)
	}
	if r := p.do(t, "GET", "/logboek/arnhem?van=gisteren&kleur=rood", fg, nil); r.status != http.StatusBadRequest ||
		!strings.Contains(r.body, "Vul een datum in als jjjj-mm-dd.") || !strings.Contains(r.body, "kleur") {
		t.Errorf("bad search: %d", r.status)
	}
	if r := p.do(t, "GET", "/logboek/arnhem/traces/0123456789abcdef0123456789abcdef", fg, nil); r.status != http.StatusNotFound {
		t.Errorf("unknown trace: %d", r.status)
	}
	if r := p.do(t, "GET", "/register/arnhem", fg, nil); r.status != 200 || !strings.Contains(r.body, "Accountbeheer en toegang") {
		t.Errorf("register: %d", r.status)
	}
	// Only Arnhem's privacy officer.
	for _, email := range []string{"fg@den-haag.demo.example", "beheerder@arnhem.demo.example", "regisseur@arnhem.demo.example"} {
		s := p.login(t, email, testPassword).cookie.Value
		if r := p.do(t, "GET", "/logboek/arnhem", s, nil); r.status != http.StatusForbidden {
			t.Errorf("%s on Arnhem's log: %d", email, r.status)
		}
	}
}

func TestPrivacyOfficerMaintainsTheRegister(t *testing.T) {
	p := newPlatform(t, true)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	bad := p.do(t, "POST", "/register/arnhem/nieuw", fg, url.Values{"naam": {"Signalen"}})
	for _, want := range []string{"Vul het doel in.", "Vul de grondslag (AVG-artikel) in.", "Vul de bewaartermijn in."} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("incomplete activity: %d, lacks %q", bad.status, want)
		}
	}
	r := p.do(t, "POST", "/register/arnhem/nieuw", fg, url.Values{"naam": {"Signalen over leerlingen"}, "doel": {"Signalering en preventie"},
		"grondslag": {"AVG art. 6 lid 1 sub e"}, "gegevens": {"Naam, school, signaal"}, "bewaartermijn": {"Twee jaar"}})
	if r.location != "/register/arnhem?melding=opgeslagen" {
		t.Fatalf("add: %d %s", r.status, r.body)
	}
	list := p.do(t, "GET", "/register/arnhem", fg, nil)
	id := regexp.MustCompile(`/register/arnhem/([0-9a-f-]{36})"`).FindStringSubmatch(list.body)
	if !strings.Contains(list.body, "Signalen over leerlingen") || id == nil {
		t.Fatal("new activity not listed with an edit link")
	}
	if r := p.do(t, "POST", "/register/arnhem/"+id[1], fg, url.Values{"naam": {"Signalen"}, "doel": {"Signalering"},
		"grondslag": {"AVG art. 6 lid 1 sub e"}, "gegevens": {"Naam"}, "bewaartermijn": {"Een jaar"}}); r.status != http.StatusSeeOther {
		t.Errorf("edit: %d", r.status)
	}
	// The platform's defaults are fixed; Den Haag does not see Arnhem's.
	if r := p.do(t, "POST", "/register/arnhem/11f0a3c2-0000-4000-8000-000000000001", fg, url.Values{"naam": {"x"}, "doel": {"x"},
		"grondslag": {"x"}, "gegevens": {"x"}, "bewaartermijn": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("editing a default: %d", r.status)
	}
	if r := p.do(t, "GET", "/register/arnhem/11f0a3c2-0000-4000-8000-000000000001", fg, nil); r.status != 200 ||
		!strings.Contains(r.body, "kan niet worden gewijzigd") || strings.Contains(r.body, ">Opslaan<") || !strings.Contains(r.body, "readonly") {
		t.Errorf("a default is not shown read-only: %d", r.status)
	}
	other := p.login(t, "fg@den-haag.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/register/den-haag/"+id[1], other, nil); r.status != http.StatusNotFound {
		t.Errorf("Den Haag opens Arnhem's activity: %d", r.status)
	}
	if strings.Contains(p.do(t, "GET", "/register/den-haag", other, nil).body, id[1]) {
		t.Error("Den Haag's register lists Arnhem's activity")
	}
}

// The exports are attachments with a header row, recorded as exports;
// anonymous visitors go to the login page; bad ids and dates are refused.
func TestPrivacyOfficerExportsTheLog(t *testing.T) {
	p := newPlatform(t, true)
	if r := p.do(t, "GET", "/logboek/arnhem", "", nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/inloggen") {
		t.Errorf("anonymous: %d %q", r.status, r.location)
	}
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	p.do(t, "GET", "/beheer/arnhem/gebruikers", admin, nil)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value

	req, _ := http.NewRequest("GET", p.URL+"/logboek/arnhem/verwerkingen.csv?actie=gebruikers-bekijken", nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: fg})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("export: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if !strings.HasPrefix(lines[0], "\ufeffseq,trace_id,span_id") || len(lines) < 2 || !strings.Contains(lines[1], "gebruikers-bekijken") {
		t.Errorf("CSV: %.300q", body)
	}
	if strings.Contains(string(body), "@") {
		t.Error("the processing log export holds an e-mail address")
	}
	if r := p.do(t, "GET", "/logboek/arnhem?actie=logboek-geexporteerd", fg, nil); !strings.Contains(r.body, "logboek-geexporteerd</") {
		t.Error("the export is not in the audit trail")
	}
	for path, want := range map[string]int{
		"/logboek/arnhem/traces/niet-hex":             http.StatusBadRequest,
		"/logboek/arnhem/audit.csv?tot=31-12-2026":    http.StatusBadRequest,
		"/logboek/arnhem?auditVoor=-2":                http.StatusBadRequest,
		"/logboek/arnhem?verwerkingVoor=Jan":          http.StatusBadRequest,
		"/logboek/arnhem?gebruiker=iemand@x.example":  http.StatusBadRequest,
		"/logboek/arnhem?auditVoor=2&actie=inloggen":  http.StatusOK,
		"/logboek/nergenshuizen":                      http.StatusNotFound,
		"/register/arnhem/00000000-0000-4000-8000-00": http.StatusNotFound,
	} {
		if r := p.do(t, "GET", path, fg, nil); r.status != want {
			t.Errorf("%s: %d, want %d", path, r.status, want)
		}
	}
}
