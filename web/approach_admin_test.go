package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// approachFormValues reads the editor's form as a browser would submit it.
func approachFormValues(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[0], `type="checkbox"`) {
			v.Set(m[1], htmlUnescape(m[2]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2])
		if sel != nil {
			v.Set(m[1], sel[1])
		} else if first := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); first != nil {
			v.Set(m[1], first[1])
		}
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#39;", "'", "&#34;", `"`, "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

func TestRegisseurEditsTheApproach(t *testing.T) {
	p := newPlatform(t, true)
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	form := p.do(t, "GET", "/beheer/arnhem/aanpak", s, nil)
	if form.status != 200 || !strings.Contains(form.body, `value="VIOS-Arnhem"`) {
		t.Fatalf("editor: %d", form.status)
	}
	v := approachFormValues(t, form.body)
	if v.Get("element-kernteam") != "actief" || v.Get("aantal-vo") != "13" || v.Get("startdatum") != "2021-03-01" {
		t.Fatalf("editor not filled from the approach: %v", v)
	}
	v.Set("element-otsv", "gepland")
	v.Set("toelichting-otsv", "Stedelijk hulploket vanaf 2027")
	v.Set("fasetoelichting", "VIOS loopt sinds maart 2021; evaluatie in 2027")
	stale := v.Get("versie")
	if r := p.do(t, "POST", "/beheer/arnhem/aanpak", s, v); r.status != http.StatusSeeOther || r.location != "/beheer/arnhem/aanpak?melding=opgeslagen" {
		t.Fatalf("save: %d %q\n%s", r.status, r.location, r.body)
	}
	page := p.do(t, "GET", "/aanpakken/arnhem", "", nil)
	if !strings.Contains(page.body, "Stedelijk hulploket vanaf 2027") || !strings.Contains(page.body, "evaluatie in 2027") {
		t.Error("the public page does not show the change")
	}

	// Someone else saved meanwhile: the stale form is refused, not merged.
	v.Set("versie", stale)
	v.Set("naam", "VIOS-Arnhem oud")
	r := p.do(t, "POST", "/beheer/arnhem/aanpak", s, v)
	if r.status != http.StatusConflict || !strings.Contains(r.body, "Iemand anders heeft de aanpak intussen gewijzigd") {
		t.Errorf("stale form: %d", r.status)
	}
	if !strings.Contains(r.body, `value="VIOS-Arnhem oud"`) || !strings.Contains(r.body, `href="/beheer/arnhem/aanpak">Open de nieuwste versie`) {
		t.Error("the conflict page neither keeps what was typed nor offers the newest version")
	}

	// Bad input: every problem listed, nothing saved.
	fresh := approachFormValues(t, p.do(t, "GET", "/beheer/arnhem/aanpak", s, nil).body)
	fresh.Set("naam", "")
	fresh.Set("startdatum", "maart 2021")
	fresh.Set("aantal-vo", "dertien")
	r = p.do(t, "POST", "/beheer/arnhem/aanpak", s, fresh)
	for _, want := range []string{"Geef de aanpak een naam", "Vul de startdatum in als jjjj-mm-dd", "als heel getal",
		// Each message sits beside its field, linked for screen readers,
		// and what was typed is still there to correct.
		`aria-describedby="naam-fout"`, `id="naam-fout"`, `aria-describedby="startdatum-fout"`,
		`aria-describedby="bereik-tabel-fout"`, `value="maart 2021"`, `value="dertien"`} {
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
			t.Errorf("bad input: %d, page lacks %q", r.status, want)
		}
	}
	a, _ := p.db.Approaches.FindApproachByMunicipality(context.Background(), "arnhem")
	if a.Name != "VIOS-Arnhem" || a.Element("otsv") == nil || a.Phase.StartDate == nil || a.Phase.StartDate.Year() != 2021 {
		t.Errorf("after refused saves the approach is %q with otsv %v", a.Name, a.Element("otsv"))
	}
}

// When the number of participating schools in the reach differs from the
// school records taking part, the editor says so, beside the number.
func TestApproachEditorWarnsAboutReachCounts(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	s := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	schools, err := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	registered := 0
	for _, o := range schools {
		if o.InApproach && o.SchoolType == "vo" {
			registered++
		}
	}
	save := func(count int) string {
		t.Helper()
		v := approachFormValues(t, p.do(t, "GET", "/beheer/arnhem/aanpak", s, nil).body)
		v.Set("aantal-vo", strconv.Itoa(count))
		if r := p.do(t, "POST", "/beheer/arnhem/aanpak", s, v); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.status)
		}
		return p.do(t, "GET", "/beheer/arnhem/aanpak", s, nil).body
	}
	body := save(registered + 2)
	want := "bij de organisaties staan " + strconv.Itoa(registered) + " deelnemende scholen van dit type geregistreerd, hier staat " + strconv.Itoa(registered+2)
	if !strings.Contains(body, want) || !strings.Contains(body, `aria-describedby="aantal-vo-let-op"`) {
		t.Errorf("no warning about the vo count (want %q)", want)
	}
	if body := save(registered); strings.Contains(body, "aantal-vo-let-op") {
		t.Error("warning stays after the count was corrected")
	}
}

func TestApproachEditingIsForItsOwnMunicipality(t *testing.T) {
	p := newPlatform(t, true)
	orgs, err := p.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: p.arnhemID})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("Arnhem's organisations: %v", err)
	}
	arnhemOrg := orgs[0].ID
	for _, tt := range []struct {
		email, path string
		status      int
	}{
		{"school@arnhem.demo.example", "/beheer/arnhem/aanpak", http.StatusForbidden},
		{"fg@arnhem.demo.example", "/beheer/arnhem/organisaties", http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/arnhem/aanpak", http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/den-haag/aanpak", http.StatusOK},
		{"beheerder@den-haag.demo.example", "/beheer/utrecht/aanpak", http.StatusNotFound},
		{"beheerder@den-haag.demo.example", "/beheer/arnhem/organisaties", http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/arnhem/organisaties/" + arnhemOrg, http.StatusForbidden},
		// Arnhem's organisation under Den Haag's own path: not found.
		{"beheerder@den-haag.demo.example", "/beheer/den-haag/organisaties/" + arnhemOrg, http.StatusNotFound},
		{"partner@arnhem.demo.example", "/beheer/arnhem/organisaties/" + arnhemOrg, http.StatusForbidden},
		{"regisseur@arnhem.demo.example", "/beheer/arnhem/organisaties/" + arnhemOrg, http.StatusOK},
	} {
		s := p.login(t, tt.email, testPassword).cookie.Value
		if r := p.do(t, "GET", tt.path, s, nil); r.status != tt.status {
			t.Errorf("%s on %s: %d, want %d", tt.email, tt.path, r.status, tt.status)
		}
	}

	// Changes are refused the same way, and change nothing.
	people, _ := p.db.Organisations.CountPeople(context.Background(), p.arnhemID)
	before, _ := p.db.Approaches.FindApproachByMunicipality(context.Background(), "arnhem")
	for _, tt := range []struct {
		email, path string
		form        url.Values
		status      int
	}{
		{"school@arnhem.demo.example", "/beheer/arnhem/aanpak", url.Values{"naam": {"Overgenomen"}}, http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/arnhem/aanpak", url.Values{"naam": {"Overgenomen"}}, http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/arnhem/organisaties/" + arnhemOrg + "/personen", url.Values{"persoon-naam": {"X"}, "persoon-functie": {"Y"}}, http.StatusForbidden},
		{"beheerder@den-haag.demo.example", "/beheer/den-haag/organisaties/" + arnhemOrg + "/personen", url.Values{"persoon-naam": {"X"}, "persoon-functie": {"Y"}}, http.StatusNotFound},
		{"beheerder@den-haag.demo.example", "/beheer/den-haag/organisaties/" + arnhemOrg, url.Values{"naam": {"Overgenomen"}, "soort": {"partner"}, "soortPartner": {"politie"}}, http.StatusNotFound},
		{"beheerder@den-haag.demo.example", "/beheer/den-haag/organisaties/" + arnhemOrg + "/personen/" + arnhemOrg + "/verwijderen", url.Values{}, http.StatusNotFound},
	} {
		s := p.login(t, tt.email, testPassword).cookie.Value
		if r := p.do(t, "POST", tt.path, s, tt.form); r.status != tt.status {
			t.Errorf("POST %s by %s: %d, want %d", tt.path, tt.email, r.status, tt.status)
		}
	}
	after, _ := p.db.Approaches.FindApproachByMunicipality(context.Background(), "arnhem")
	if n, _ := p.db.Organisations.CountPeople(context.Background(), p.arnhemID); n != people || after.Name != before.Name || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Error("a refused request changed Arnhem's data")
	}
	if r := p.do(t, "GET", "/beheer/arnhem/aanpak", "", nil); r.location != "/inloggen" {
		t.Errorf("anonymous: %d %q", r.status, r.location)
	}
}

func TestOrganisationsAreEditedWithinTheMunicipality(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	s := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "POST", "/beheer/arnhem/organisaties/nieuw", s, url.Values{"naam": {"Jongerenwerk De Brug"}, "soort": {"partner"}, "soortPartner": {"jongerenwerk"}, "wijk": {"Presikhaaf"}})
	if r.location != "/beheer/arnhem/organisaties?melding=opgeslagen" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	m, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	var created *vios.Organisation
	list, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgPartner})
	for _, o := range list {
		if o.Name == "Jongerenwerk De Brug" {
			created = o
		}
	}
	if created == nil || created.Neighbourhood != "Presikhaaf" {
		t.Fatalf("created organisation not stored: %+v", created)
	}
	// A school without BRIN and type: both fields named, nothing stored.
	bad := p.do(t, "POST", "/beheer/arnhem/organisaties/nieuw", s, url.Values{"naam": {"Lyceum Zonder Brin"}, "soort": {"school"}})
	for _, want := range []string{"BRIN-code bestaat uit", "Kies het schooltype", `aria-describedby="brin-fout"`,
		`aria-describedby="schooltype-fout"`, `href="#brin"`, `value="Lyceum Zonder Brin"`} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("bad school: %d, page lacks %q", bad.status, want)
		}
	}
	// The list is grouped by kind, the new partner under the partners.
	listed := p.do(t, "GET", "/beheer/arnhem/organisaties", s, nil).body
	at := strings.Index(listed, `id="soort-partner"`)
	if at < 0 || !strings.Contains(listed[at:], "Jongerenwerk De Brug") || strings.Contains(listed[:at], "Jongerenwerk De Brug") ||
		strings.Contains(listed, "Lyceum Zonder Brin") {
		t.Error("organisation list not grouped by kind, or shows the refused school")
	}
	// Edit it; and a Den Haag organisation is not found under Arnhem's path.
	if r := p.do(t, "POST", "/beheer/arnhem/organisaties/"+created.ID, s, url.Values{"naam": {"Jongerenwerk De Brug Oost"}, "soort": {"partner"}, "soortPartner": {"jongerenwerk"}}); r.status != http.StatusSeeOther {
		t.Errorf("edit: %d", r.status)
	}
	dh, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	other, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: dh.ID})
	if r := p.do(t, "GET", "/beheer/arnhem/organisaties/"+other[0].ID, s, nil); r.status != http.StatusNotFound {
		t.Errorf("Den Haag organisation under Arnhem: %d, want 404", r.status)
	}
	if r := p.do(t, "POST", "/beheer/arnhem/organisaties/"+other[0].ID, s, url.Values{"naam": {"Overgenomen"}, "soort": {"partner"}, "soortPartner": {"politie"}}); r.status != http.StatusNotFound {
		t.Errorf("edit of Den Haag organisation under Arnhem: %d, want 404", r.status)
	}
	if problems, _, _ := p.db.Logs.VerifyLogs(ctx); len(problems) != 0 {
		t.Errorf("log chain broken: %v", problems)
	}
}

func TestContactPersonsAreLoggedPersonalData(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	orgs, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgPartner})
	path := "/beheer/arnhem/organisaties/" + orgs[0].ID
	if r := p.do(t, "POST", path+"/personen", s, url.Values{"persoon-naam": {"Kees Wijk"}, "persoon-functie": {"wijkagent"}, "persoon-email": {"k.wijk@politie.example"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add person: %d", r.status)
	}
	bad := p.do(t, "POST", path+"/personen", s, url.Values{"persoon-naam": {""}, "persoon-functie": {""}, "persoon-email": {"geen"}})
	for _, want := range []string{"De contactpersoon is niet toegevoegd.", "Vul de functie in", `aria-describedby="persoon-functie-fout"`,
		`aria-describedby="persoon-email-fout"`, `value="geen"`} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("bad person: %d, page lacks %q", bad.status, want)
		}
	}
	page := p.do(t, "GET", path, s, nil)
	if !strings.Contains(page.body, "Kees Wijk, wijkagent") {
		t.Fatal("person not listed")
	}
	// Reading the list is in the processing log, by pseudonymous id.
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	log := p.do(t, "GET", "/logboek/arnhem?actie=contactpersonen-bekijken", fg, nil)
	if !strings.Contains(log.body, "sociale-kaart") || strings.Contains(log.body, "Kees Wijk") {
		t.Error("reading contact persons is not logged, or the log shows the name")
	}
	id := regexp.MustCompile(`/personen/([0-9a-f-]{36})/verwijderen`).FindStringSubmatch(page.body)
	if r := p.do(t, "POST", path+"/personen/"+id[1]+"/verwijderen", s, url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.status)
	}
	if strings.Contains(p.do(t, "GET", path, s, nil).body, "Kees Wijk") {
		t.Error("removed person still listed")
	}
}
