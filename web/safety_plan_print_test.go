package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

// The whole plan and its factsheet print as print view and tagged PDF; the
// factsheet takes the vision and agreements from the plan, whom to call
// from the school's incident protocols, and shows their cards.
func TestSafetyPlanFactsheet(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	schoolID := school.Memberships[0].OrganisationID
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "POST", "/veiligheidsplannen/arnhem/nieuw", s, url.Values{"titel": {"Ons veiligheidsplan"}, "school": {schoolID},
		"start": {"digitaal-veiligheidsplan"}, "herzienOp": {"2027-09-01"}})
	path, _, ok := strings.Cut(r.location, "?")
	if !ok {
		t.Fatalf("create: %d %s", r.status, r.location)
	}
	sys := vios.NewSystemContext(ctx, "testopzet")
	plan, _ := p.db.SafetyPlans.FindSafetyPlan(sys, p.arnhemID, path[strings.LastIndex(path, "/")+1:])
	text := "Onze school is van iedereen.\n\nWe spreken elkaar aan.\n\n- Wie iets ziet, meldt het.\n- We bellen bij wapens altijd de politie."
	if r := p.do(t, "POST", path+"/onderdelen/"+plan.Sections[0].ID, s, url.Values{"tekst": {text}, "versie": {"1"}}); r.status != 303 {
		t.Fatalf("save section: %d", r.status)
	}
	if err := p.db.Protocols.SaveProtocol(sys, &vios.IncidentProtocol{MunicipalityID: p.arnhemID, SchoolID: schoolID, Phenomenon: "wapens",
		Steps: []vios.IncidentStep{{Who: "Teamleider", Action: "Neemt het wapen niet zelf af", Call: vios.Call112}}}); err != nil {
		t.Fatal(err)
	}

	view := p.do(t, "GET", path+"/factsheet", s, nil)
	for _, want := range []string{`<html lang="nl">`, "<title>Factsheet veiligheid", "Onze school is van iedereen.", "<li>Wie iets ziet, meldt het.</li>",
		`<table id="wie-bellen">`, "<td>112</td>", "Neemt het wapen niet zelf af", `href="` + path + `/factsheet.pdf"`} {
		if view.status != 200 || !strings.Contains(view.body, want) {
			t.Errorf("factsheet view %d lacks %q", view.status, want)
		}
	}
	title := titleTag.FindStringSubmatch(view.body)
	pdf := p.do(t, "GET", path+"/factsheet.pdf", s, nil)
	if pdf.status != 200 || title == nil {
		t.Fatalf("factsheet PDF: %d", pdf.status)
	}
	pdftest.Check(t, []byte(pdf.body), title[1], "H1", "H2", "Table", "TH", "TD", "L", "LI")

	full := p.do(t, "GET", path+"/veiligheidsplan.pdf", s, nil)
	if full.status != 200 {
		t.Fatalf("plan PDF: %d", full.status)
	}
	pdftest.Check(t, []byte(full.body), "Ons veiligheidsplan", "H1", "H2", "Table")
	// The protocols are kept with the plan; the overview shows what the
	// school misses of the law (no approved plan: no safety policy).
	if r := p.do(t, "GET", path, s, nil); r.status != 200 || !strings.Contains(r.body, `id="plan-protocollen"`) || !strings.Contains(r.body, "nog niet geëvalueerd") {
		t.Errorf("plan page without its protocols: %d", r.status)
	}
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsplannen/arnhem", regisseur, nil); r.status != 200 || !strings.Contains(r.body, "Ontbrekende wettelijke eisen") ||
		!strings.Contains(r.body, "Veiligheidsbeleid, Monitoring veiligheidsbeleving") || !strings.Contains(r.body, "Nog geen") {
		t.Errorf("overview without checklist and evaluation: %d", r.status)
	}
	if r := p.do(t, "GET", "/statistieken/arnhem", regisseur, nil); r.status != 200 || !strings.Contains(r.body, `<table class="utrecht-table" id="veiligheidsplannen">`) ||
		!strings.Contains(r.body, `href="`+path+`">`) {
		t.Errorf("dashboard without the plan status per school: %d", r.status)
	}
	if r := p.do(t, "GET", path+"/factsheet", p.login(t, "school@den-haag.demo.example", testPassword).cookie.Value, nil); r.status != 403 {
		t.Errorf("a school of another municipality reads the factsheet: %d", r.status)
	}
}
