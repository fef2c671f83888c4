package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// directoryFixture is Arnhem with contact persons for two schools in
// different neighbourhoods, for those neighbourhoods and for everyone.
type directoryFixture struct {
	*platform
	schoolA, schoolB, partner, foreignSchool *vios.Organisation
	forA, forB, wijkA, wijkB, everyone       *vios.Person
}

func newDirectoryFixture(t *testing.T) *directoryFixture {
	t.Helper()
	ctx := context.Background()
	f := &directoryFixture{platform: newPlatform(t, true)}
	schools, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhemID, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 2 {
		t.Fatalf("schools: %v", err)
	}
	// The demo school account works at the first school.
	f.schoolA = schools[0]
	for _, s := range schools[1:] {
		if s.Neighbourhood != "" && s.Neighbourhood != f.schoolA.Neighbourhood {
			f.schoolB = s
			break
		}
	}
	partners, _ := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhemID, Kind: vios.OrgPartner})
	denHaag, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	foreign, _ := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: denHaag.ID, Kind: vios.OrgSchool})
	if f.schoolB == nil || len(partners) == 0 || len(foreign) == 0 {
		t.Fatal("demo data lacks a second neighbourhood, a partner or a school in Den Haag")
	}
	f.partner, f.foreignSchool = partners[0], foreign[0]
	add := func(name, topic, phone string, school *vios.Organisation, wijk string) *vios.Person {
		t.Helper()
		p := &vios.Person{OrganisationID: f.partner.ID, Name: name, Function: "contactpersoon", Topic: topic, Phone: phone, Neighbourhood: wijk}
		if school != nil {
			p.SchoolID = school.ID
		}
		if err := f.db.Approaches.AddPerson(vios.NewSystemContext(ctx, "testopzet"), f.arnhemID, p); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		return p
	}
	f.forA = add("Anna Aschool", "verzuim", "026 123 45 67", f.schoolA, "")
	f.forB = add("Bert Bschool", "vapes", "", f.schoolB, "")
	f.wijkA = add("Wendy Wijka", "zorgen over de thuissituatie", "", nil, f.schoolA.Neighbourhood)
	f.wijkB = add("Willem Wijkb", "straatcultuur", "", nil, f.schoolB.Neighbourhood)
	f.everyone = add("Iris Iedereen", "ronselen", "+31 6 1234 5678", nil, "")
	return f
}

// reasonOf returns what the sociale kaart says about why it shows name, or
// "" when it does not show name.
func reasonOf(body, name string) string {
	m := regexp.MustCompile(`(?s)scope="row">` + regexp.QuoteMeta(name) + `</th>.*?<td class="utrecht-table__cell">([^<]*)</td>\s*</tr>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return htmlUnescape(m[1])
}

func TestDirectoryFilters(t *testing.T) {
	f := newDirectoryFixture(t)
	school := f.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	regisseur := f.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	nameB := htmlUnescape(f.schoolB.Name)
	for _, tt := range []struct {
		name, session, query string
		want                 map[string]string // person → reason; "" = not shown
		heading              string
	}{
		{"a school user sees their own school first", school, "", map[string]string{
			f.forA.Name: "voor deze school", f.wijkA.Name: "voor de wijk " + f.schoolA.Neighbourhood, f.everyone.Name: "voor de hele gemeente",
			f.forB.Name: "", f.wijkB.Name: ""}, "Voor " + f.schoolA.Name},
		{"another school", school, "?school=" + f.schoolB.ID + "&wijk=", map[string]string{
			f.forB.Name: "voor deze school", f.wijkB.Name: "voor de wijk " + f.schoolB.Neighbourhood, f.everyone.Name: "voor de hele gemeente",
			f.forA.Name: "", f.wijkA.Name: ""}, "Voor " + f.schoolB.Name},
		{"a neighbourhood", regisseur, "?school=&wijk=" + url.QueryEscape(f.schoolB.Neighbourhood), map[string]string{
			f.forB.Name: "voor " + nameB + ", een school in deze wijk", f.wijkB.Name: "voor de wijk " + f.schoolB.Neighbourhood,
			f.everyone.Name: "voor de hele gemeente", f.forA.Name: "", f.wijkA.Name: ""}, "Voor de wijk " + f.schoolB.Neighbourhood},
		{"everything, for someone of no school", regisseur, "", map[string]string{
			f.forA.Name: "voor " + htmlUnescape(f.schoolA.Name), f.forB.Name: "voor " + nameB, f.wijkA.Name: "voor de wijk " + f.schoolA.Neighbourhood,
			f.wijkB.Name: "voor de wijk " + f.schoolB.Neighbourhood, f.everyone.Name: "voor de hele gemeente"}, "Alle contactpersonen in Arnhem"},
		{"everything, chosen by a school user", school, "?school=&wijk=", map[string]string{
			f.forA.Name: "voor " + htmlUnescape(f.schoolA.Name), f.forB.Name: "voor " + nameB}, "Alle contactpersonen in Arnhem"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(t, "GET", "/sociale-kaart/arnhem"+tt.query, tt.session, nil)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			for name, want := range tt.want {
				if got := reasonOf(r.body, name); got != want {
					t.Errorf("%s: shown %q, want %q", name, got, want)
				}
			}
			if h := regexp.MustCompile(`id="kaart-kop">([^<]*)<`).FindStringSubmatch(r.body); h == nil || !strings.HasPrefix(htmlUnescape(h[1]), htmlUnescape(tt.heading)) {
				t.Errorf("heading %q, want %q…", h, tt.heading)
			}
		})
	}

	// How: a telephone number is a link to call, the topic says what for,
	// and the people are grouped under their organisation.
	r := f.do(t, "GET", "/sociale-kaart/arnhem", school, nil)
	for _, want := range []string{`href="tel:0261234567">026 123 45 67</a>`, `href="tel:&#43;31612345678"`, `<td class="utrecht-table__cell">verzuim</td>`,
		`id="organisatie-` + f.partner.ID + `"`, `<option value="` + f.schoolA.ID + `" selected>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Count(r.body, `id="organisatie-`+f.partner.ID+`"`) != 1 {
		t.Error("one organisation is shown in more than one group")
	}
	// Both a school and another neighbourhood: the school counts, and the page says so.
	r = f.do(t, "GET", "/sociale-kaart/arnhem?school="+f.schoolA.ID+"&wijk="+url.QueryEscape(f.schoolB.Neighbourhood), school, nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, "U koos een school én een wijk") || reasonOf(r.body, f.wijkB.Name) != "" {
		t.Errorf("school and neighbourhood: %d", r.status)
	}

	// Every person shown is a processing record, and the read an audit record.
	records, err := f.db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: f.arnhemID, Action: "sociale-kaart-bekijken", SubjectID: f.forA.ID, Limit: 100})
	if err != nil || len(records) == 0 {
		t.Errorf("no processing record for a person shown: %d %v", len(records), err)
	}
	records, _ = f.db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: f.arnhemID, Action: "sociale-kaart-bekijken", SubjectID: f.wijkB.ID, Limit: 100})
	// wijkB was shown for school B, for its neighbourhood and twice with everything.
	if len(records) != 4 {
		t.Errorf("%d processing records for a person shown four times", len(records))
	}
}

func TestDirectoryAccess(t *testing.T) {
	f := newDirectoryFixture(t)
	for _, tt := range []struct {
		email, path string
		status      int
	}{
		{"partner@arnhem.demo.example", "/sociale-kaart/arnhem", http.StatusOK},
		{"fg@arnhem.demo.example", "/sociale-kaart/arnhem", http.StatusOK},
		{"coordinator@arnhem.demo.example", "/sociale-kaart/arnhem?wijk=" + url.QueryEscape(f.schoolA.Neighbourhood), http.StatusOK},
		// Another municipality's users, and the national role, see nothing.
		{"beheerder@den-haag.demo.example", "/sociale-kaart/arnhem", http.StatusForbidden},
		{"school@den-haag.demo.example", "/sociale-kaart/arnhem?school=" + f.schoolA.ID, http.StatusForbidden},
		{"landelijk@demo.example", "/sociale-kaart/arnhem", http.StatusForbidden},
		{"regisseur@den-haag.demo.example", "/sociale-kaart/utrecht", http.StatusNotFound},
		// Another municipality's school is not found under Arnhem, nor
		// Arnhem's under Den Haag.
		{"regisseur@arnhem.demo.example", "/sociale-kaart/arnhem?school=" + f.foreignSchool.ID, http.StatusNotFound},
		{"regisseur@den-haag.demo.example", "/sociale-kaart/den-haag?school=" + f.schoolA.ID, http.StatusNotFound},
		{"regisseur@arnhem.demo.example", "/sociale-kaart/arnhem?school=" + f.partner.ID, http.StatusNotFound},
	} {
		r := f.do(t, "GET", tt.path, f.login(t, tt.email, testPassword).cookie.Value, nil)
		if r.status != tt.status {
			t.Errorf("%s on %s: %d, want %d", tt.email, tt.path, r.status, tt.status)
		}
		if r.status != http.StatusOK && strings.Contains(r.body, f.forA.Name) {
			t.Errorf("%s on %s: a refusal shows a contact person", tt.email, tt.path)
		}
	}
	r := f.do(t, "GET", "/sociale-kaart/den-haag", f.login(t, "regisseur@den-haag.demo.example", testPassword).cookie.Value, nil)
	if r.status != http.StatusOK || strings.Contains(r.body, f.everyone.Name) {
		t.Errorf("Den Haag's sociale kaart: %d, shows Arnhem's people: %v", r.status, strings.Contains(r.body, f.everyone.Name))
	}
	if r := f.do(t, "GET", "/sociale-kaart/arnhem", "", nil); r.status != http.StatusSeeOther || r.location != "/inloggen" {
		t.Errorf("anonymous: %d %q", r.status, r.location)
	}
}

// The regisseur adds a contact person with the sociale kaart fields on the
// organisation page; mistakes are shown beside their fields, and a school
// of another municipality is refused.
func TestContactPersonFormDirectoryFields(t *testing.T) {
	f := newDirectoryFixture(t)
	s := f.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	path := "/beheer/arnhem/organisaties/" + f.partner.ID
	form := f.do(t, "GET", path, s, nil)
	for _, want := range []string{`id="persoon-telefoon"`, `id="persoon-waarvoor"`, `<option value="` + f.schoolB.ID + `">`,
		`<datalist id="wijken">`, `<option value="` + f.schoolB.Neighbourhood + `">`, `href="/sociale-kaart/arnhem"`,
		"Iris Iedereen, contactpersoon, telefoon &#43;31 6 1234 5678; waarvoor: ronselen;\n  op de sociale kaart voor de hele gemeente"} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the organisation page lacks %s", want)
		}
	}
	n, _ := f.db.Organisations.CountPeople(context.Background(), f.arnhemID)
	bad := url.Values{"persoon-naam": {"Tom Telefoon"}, "persoon-functie": {"leerplichtambtenaar"}, "persoon-telefoon": {"026-12"},
		"persoon-waarvoor": {"verzuim"}, "persoon-school": {f.schoolA.ID}, "persoon-wijk": {"Presikhaaf"}}
	r := f.do(t, "POST", path+"/personen", s, bad)
	for _, want := range []string{"Vul een telefoonnummer in van 10 tot 15 cijfers", "Kies een school of een wijk, niet allebei",
		`aria-describedby="persoon-telefoon-fout"`, `id="persoon-telefoon-fout"`, `aria-describedby="persoon-wijk-fout"`,
		`href="#persoon-telefoon"`, `value="026-12"`, `value="verzuim"`, `<option value="` + f.schoolA.ID + `" selected>`} {
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
			t.Errorf("invalid person: %d, page lacks %s", r.status, want)
		}
	}
	bad.Set("persoon-telefoon", "026 123 45 67")
	bad.Set("persoon-wijk", "")
	bad.Set("persoon-school", f.foreignSchool.ID)
	r = f.do(t, "POST", path+"/personen", s, bad)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, `id="persoon-school-fout">Kies een school van deze gemeente uit de lijst.`) {
		t.Errorf("a school of Den Haag: %d", r.status)
	}
	if after, _ := f.db.Organisations.CountPeople(context.Background(), f.arnhemID); after != n {
		t.Fatal("a refused contact person was stored")
	}
	bad.Set("persoon-school", f.schoolB.ID)
	if r := f.do(t, "POST", path+"/personen", s, bad); r.status != http.StatusSeeOther {
		t.Fatalf("valid person: %d\n%s", r.status, r.body)
	}
	page := f.do(t, "GET", path, s, nil)
	if !strings.Contains(page.body, "Tom Telefoon, leerplichtambtenaar, telefoon 026 123 45 67; waarvoor: verzuim;\n  op de sociale kaart voor "+f.schoolB.Name) {
		t.Error("the new contact person is not listed with the sociale kaart fields")
	}
	if got := reasonOf(f.do(t, "GET", "/sociale-kaart/arnhem?school="+f.schoolB.ID, s, nil).body, "Tom Telefoon"); got != "voor deze school" {
		t.Errorf("on the sociale kaart of the school: %q", got)
	}
}
