package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// The OTSV starts an audit from the default template, records findings
// and advice, turns the advice into a measure of the school's plan (which
// then names the audit) and completes it; the school reads and responds;
// bad input answers at the form and the completed audit is frozen.
func TestAuditPages(t *testing.T) {
	p, school, plan := schoolPlan(t, true)
	otsv := p.login(t, "otsv@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsaudits/arnhem", otsv, nil); r.status != 200 || !strings.Contains(r.body, "Standaard veiligheidsaudit") {
		t.Fatalf("the audits page: %d", r.status)
	}
	schoolID := school.Memberships[0].OrganisationID
	today := vios.Date(p.db.Now()).Format("2006-01-02")
	if r := p.do(t, "POST", "/veiligheidsaudits/arnhem/nieuw", otsv, url.Values{"school": {"elders"}, "sjabloon": {"standaard"}, "datum": {today}}); r.status != 400 ||
		!strings.Contains(r.body, "Kies een school van deze gemeente.") {
		t.Errorf("an audit of a school elsewhere: %d", r.status)
	}
	r := p.do(t, "POST", "/veiligheidsaudits/arnhem/nieuw", otsv, url.Values{"school": {schoolID}, "sjabloon": {"standaard"}, "datum": {today}})
	if r.status != 303 {
		t.Fatalf("start an audit: %d %s", r.status, r.body)
	}
	path := strings.SplitN(r.location, "?", 2)[0]
	r = p.do(t, "POST", path+"/bevindingen", otsv, url.Values{"bevinding-gebouw-1": {"ontbreekt"}, "advies-gebouw-1": {"Verlichting bij de achteringang plaatsen"}})
	if r.status != 303 {
		t.Fatalf("record findings: %d", r.status)
	}
	if r := p.do(t, "POST", path+"/bevindingen", otsv, url.Values{"bevinding-gebouw-2": {"prima"}}); r.status != 400 {
		t.Errorf("an unknown finding: %d", r.status)
	}
	r = p.do(t, "GET", path, otsv, nil)
	if !strings.Contains(r.body, `id="eigenaar-gebouw-1"`) || !strings.Contains(r.body, "Maatregel in het veiligheidsplan") {
		t.Fatalf("the follow-up form is missing")
	}
	choices, err := p.db.SafetyAudits.AuditOwners(vios.NewSystemContext(t.Context(), "test"), p.arnhemID, path[strings.LastIndex(path, "/")+1:])
	if err != nil || len(choices.Owners) == 0 {
		t.Fatalf("owners: %v", err)
	}
	due := vios.Date(p.db.Now()).AddDate(0, 1, 0).Format("2006-01-02")
	if r := p.do(t, "POST", path+"/opvolging", otsv, url.Values{"punt": {"gebouw-1"}, "soort": {"maatregel"}, "eigenaar": {choices.Owners[0].UserID}, "deadline": {due}}); r.status != 303 {
		t.Fatalf("turn the advice into a measure: %d %s", r.status, r.body)
	}
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsplannen/arnhem/"+plan.ID, s, nil); !strings.Contains(r.body, "Verlichting bij de achteringang plaatsen: advies uit de") {
		t.Errorf("the plan does not show the measure from the audit")
	}
	if r := p.do(t, "POST", path+"/afronden", otsv, nil); r.status != 400 {
		t.Errorf("completing with open items: %d", r.status)
	}
	if r := p.do(t, "POST", path+"/reacties", s, url.Values{"reactie": {"Wij regelen de verlichting."}}); r.status != 303 {
		t.Errorf("the school responds: %d", r.status)
	}
	if r := p.do(t, "GET", path, s, nil); r.status != 200 || !strings.Contains(r.body, "Wij regelen de verlichting.") || strings.Contains(r.body, `action="`+path+`/bevindingen"`) {
		t.Errorf("the school's view: %d", r.status)
	}
	if r := p.do(t, "GET", path+"/rapport", otsv, nil); r.status != 200 || !strings.Contains(r.body, "Verlichting bij de achteringang plaatsen") {
		t.Errorf("the report: %d", r.status)
	}
	vo := p.login(t, "vo@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", path, vo, nil); r.status != 403 {
		t.Errorf("another school reads the audit: %d", r.status)
	}
}
