package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A school writes its safety plan from a template, Markdown stays safe,
// the director approves it, the approved version is frozen; the versions,
// the print view and the municipality's overview show it.
func TestSafetyPlanJourney(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	form := p.do(t, "GET", "/veiligheidsplannen/arnhem/nieuw", s, nil)
	if form.status != 200 || !strings.Contains(form.body, "Digitaal Veiligheidsplan") {
		t.Fatalf("new plan form: %d", form.status)
	}
	if r := p.do(t, "POST", "/veiligheidsplannen/arnhem/nieuw", s, url.Values{"titel": {""}, "school": {school.Memberships[0].OrganisationID},
		"start": {"sass"}, "herzienOp": {"2027-09-01"}}); r.status != 400 || !strings.Contains(r.body, "Vul de titel") ||
		!strings.Contains(r.body, `aria-describedby="titel-fout"`) || !strings.Contains(r.body, `id="titel-fout"`) {
		t.Errorf("plan without a title, the error at its field: %d", r.status)
	}
	r := p.do(t, "POST", "/veiligheidsplannen/arnhem/nieuw", s, url.Values{"titel": {"Ons veiligheidsplan"}, "school": {school.Memberships[0].OrganisationID},
		"start": {"digitaal-veiligheidsplan"}, "herzienOp": {"2027-09-01"}})
	path, _, ok := strings.Cut(r.location, "?")
	if !ok {
		t.Fatalf("create: %d %s", r.status, r.location)
	}
	plan, _ := p.db.SafetyPlans.FindSafetyPlan(vios.NewSystemContext(ctx, "testopzet"), p.arnhemID, path[strings.LastIndex(path, "/")+1:])
	section := plan.Sections[0].ID
	text := "Wij zijn **veilig**.\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(2)>"
	if r := p.do(t, "POST", path+"/onderdelen/"+section, s, url.Values{"tekst": {text}, "versie": {"1"}}); r.status != 303 {
		t.Fatalf("save section: %d", r.status)
	}
	page := p.do(t, "GET", path, s, nil)
	if page.status != 200 || !strings.Contains(page.body, "<strong>veilig</strong>") || strings.Contains(page.body, "<script>alert") ||
		strings.Contains(page.body, `href="javascript`) || strings.Contains(page.body, "<img src=x") {
		t.Errorf("plan page: %d; Markdown rendered unsafely or not at all", page.status)
	}
	if strings.Contains(page.body, `id="vaststellen"`) {
		t.Error("an unmarked school account is offered to approve")
	}
	beheerder := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "POST", "/veiligheidsplannen/arnhem/vaststellers", beheerder, url.Values{"school": {plan.OwnerOrgID}, "gebruiker": {school.ID}, "mag": {"ja"}}); r.status != 303 {
		t.Fatalf("mark approver: %d", r.status)
	}
	// Approval pins the version seen: the page offers version 2; a form
	// of version 1 (read before the save) approves nothing.
	if page := p.do(t, "GET", path, s, nil); !strings.Contains(page.body, `name="versie" value="2"><button class="utrecht-button utrecht-button--primary-action" id="vaststellen"`) {
		t.Error("the approval form does not carry the version shown")
	}
	if r := p.do(t, "POST", path+"/vaststellen", s, url.Values{"versie": {"1"}}); r.status != 409 || !strings.Contains(r.body, "gewijzigd nadat u versie 1 las") {
		t.Errorf("approval of a version no longer current: %d", r.status)
	}
	if r := p.do(t, "POST", path+"/vaststellen", s, url.Values{}); r.status != 400 || !strings.Contains(r.body, "Geef de versie") {
		t.Errorf("approval without the version seen: %d", r.status)
	}
	if got, _ := p.db.SafetyPlans.FindSafetyPlan(vios.NewSystemContext(ctx, "testopzet"), p.arnhemID, plan.ID); got.Status != vios.PlanDraft {
		t.Errorf("a refused approval approved: %s", got.Status)
	}
	if r := p.do(t, "POST", path+"/vaststellen", s, url.Values{"versie": {"2"}}); r.status != 303 {
		t.Fatalf("approve: %d", r.status)
	}
	r = p.do(t, "POST", path+"/onderdelen/"+section, s, url.Values{"tekst": {"Anders"}, "versie": {"2"}})
	if r.status != 409 || !strings.Contains(r.body, "vastgesteld en kan niet meer worden gewijzigd") {
		t.Errorf("edit of an approved plan: %d", r.status)
	}
	if r := p.do(t, "GET", path+"/versies?van=1&tot=2", s, nil); r.status != 200 || !strings.Contains(r.body, "toegevoegd: </span>+ Wij zijn **veilig**.") {
		t.Errorf("versions: %d", r.status)
	}
	if r := p.do(t, "GET", path+"/afdrukken", s, nil); r.status != 200 || !strings.Contains(r.body, `lang="nl"`) || !strings.Contains(r.body, "<title>Ons veiligheidsplan") {
		t.Errorf("print view: %d", r.status)
	}
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/veiligheidsplannen/arnhem", regisseur, nil); r.status != 200 || !strings.Contains(r.body, "Vastgesteld") || !strings.Contains(r.body, "Geen plan") {
		t.Errorf("overview: %d", r.status)
	}
	if r := p.do(t, "GET", path, p.login(t, "school@den-haag.demo.example", testPassword).cookie.Value, nil); r.status != 403 {
		t.Errorf("a school of another municipality reads the plan: %d", r.status)
	}
}
