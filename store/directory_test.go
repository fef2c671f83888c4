package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// directoryOrgs returns two schools of Arnhem in different neighbourhoods,
// a partner of Arnhem and a school of Den Haag.
func directoryOrgs(t *testing.T, db *store.DB) (schoolA, schoolB, partner, foreignSchool *vios.Organisation) {
	t.Helper()
	ctx := context.Background()
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	schools, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 2 {
		t.Fatalf("schools of Arnhem: %d %v", len(schools), err)
	}
	schoolA = schools[0]
	for _, s := range schools[1:] {
		if s.Neighbourhood != "" && s.Neighbourhood != schoolA.Neighbourhood {
			schoolB = s
			break
		}
	}
	partners, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem, Kind: vios.OrgPartner})
	foreign, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: denHaag, Kind: vios.OrgSchool})
	if schoolA.Neighbourhood == "" || schoolB == nil || len(partners) == 0 || len(foreign) == 0 {
		t.Fatal("the demo data lacks schools in two neighbourhoods, a partner or a school in Den Haag")
	}
	return schoolA, schoolB, partners[0], foreign[0]
}

// The sociale kaart fields of a contact person are stored and read back; a
// school of another municipality, or no school at all, is refused.
func TestContactPersonDirectoryFields(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	asEditor := approachEditor(t, db)
	arnhem := municipalityID(t, db, "arnhem")
	schoolA, _, partner, foreignSchool := directoryOrgs(t, db)

	forSchool := &vios.Person{OrganisationID: partner.ID, Name: "Lotte Leerplicht", Function: "leerplichtambtenaar",
		Topic: " verzuim en thuiszitters ", Phone: "026 123 45 67", SchoolID: schoolA.ID}
	forWijk := &vios.Person{OrganisationID: partner.ID, Name: "Wim Wijk", Function: "wijkagent",
		Topic: "zorgen over de thuissituatie", Phone: "+31 6-1234-5678", Neighbourhood: "Schuytgraaf"}
	for _, p := range []*vios.Person{forSchool, forWijk} {
		if err := db.Approaches.AddPerson(asEditor, arnhem, p); err != nil {
			t.Fatalf("add %s: %v", p.Name, err)
		}
	}
	people, err := db.Approaches.ListPeople(ctx, arnhem, partner.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]vios.Person{}
	for _, p := range people {
		got[p.ID] = *p
	}
	if !reflect.DeepEqual(got[forSchool.ID], *forSchool) || got[forSchool.ID].Topic != "verzuim en thuiszitters" {
		t.Errorf("person for a school read back as\n%+v, want\n%+v", got[forSchool.ID], *forSchool)
	}
	if !reflect.DeepEqual(got[forWijk.ID], *forWijk) {
		t.Errorf("person for a neighbourhood read back as\n%+v, want\n%+v", got[forWijk.ID], *forWijk)
	}

	n, _ := db.Organisations.CountPeople(ctx, arnhem)
	for _, tt := range []struct {
		name, school string
	}{
		{"a school of another municipality", foreignSchool.ID},
		{"an organisation that is no school", partner.ID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &vios.Person{OrganisationID: partner.ID, Name: "Indringer", Function: "x", SchoolID: tt.school}
			err := db.Approaches.AddPerson(asEditor, arnhem, p)
			if vios.ErrorCode(err) != vios.EINVALID || len(vios.ErrorFields(err)) != 1 || vios.ErrorFields(err)[0].Field != "school" ||
				vios.ErrorFields(err)[0].Message != "Kies een school van deze gemeente uit de lijst." {
				t.Errorf("AddPerson: %v %+v", err, vios.ErrorFields(err))
			}
			// CreatePerson (used when setting up) checks the same.
			if err := db.Organisations.CreatePerson(ctx, p); vios.ErrorCode(err) != vios.EINVALID {
				t.Errorf("CreatePerson: %v", err)
			}
		})
	}
	if after, _ := db.Organisations.CountPeople(ctx, arnhem); after != n {
		t.Errorf("refused people were stored: %d → %d", n, after)
	}
}

// Person.Validate names every wrong field with a Dutch message of its own.
func TestContactPersonValidation(t *testing.T) {
	valid := func() vios.Person {
		return vios.Person{OrganisationID: "o", Name: "Naam", Function: "wijkagent"}
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	for _, tt := range []struct {
		name   string
		change func(p *vios.Person)
		field  string // "" when valid
		want   string // part of the message
	}{
		{"mobile number", func(p *vios.Person) { p.Phone = "06-12345678" }, "", ""},
		{"international number", func(p *vios.Person) { p.Phone = "+31 26 123 45 67" }, "", ""},
		{"fifteen digits", func(p *vios.Person) { p.Phone = "0031 26 123 45 67 89" }, "", ""},
		{"too few digits", func(p *vios.Person) { p.Phone = "026 12345" }, "telefoon", "10 tot 15 cijfers"},
		{"too many digits", func(p *vios.Person) { p.Phone = "0031 26 123 45 67 890" }, "telefoon", "10 tot 15 cijfers"},
		{"letters", func(p *vios.Person) { p.Phone = "026 ABC 45 67 89" }, "telefoon", "bijvoorbeeld 026 123 45 67"},
		{"plus inside", func(p *vios.Person) { p.Phone = "026+1234567" }, "telefoon", "een + vooraan"},
		{"padded with dashes", func(p *vios.Person) { p.Phone = "026" + strings.Repeat("-", 30) + "1234567" }, "telefoon", "10 tot 15 cijfers"},
		{"parentheses", func(p *vios.Person) { p.Phone = "(026) 123 45 67" }, "telefoon", "alleen cijfers, spaties, streepjes"},
		{"topic of 200", func(p *vios.Person) { p.Topic = long(200) }, "", ""},
		{"topic of 201", func(p *vios.Person) { p.Topic = long(201) }, "waarvoor", "hoogstens 200 tekens"},
		{"neighbourhood of 101", func(p *vios.Person) { p.Neighbourhood = long(101) }, "wijk", "De wijk mag hoogstens 100 tekens lang zijn."},
		{"school and neighbourhood", func(p *vios.Person) {
			p.SchoolID, p.Neighbourhood = "0b9e0c55-4d3e-4a39-9a6d-6f8f2d1c0a11", "Presikhaaf"
		}, "wijk", "Kies een school of een wijk, niet allebei."},
		{"no school id", func(p *vios.Person) { p.SchoolID = "school-1" }, "school", "Kies een school van deze gemeente uit de lijst."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.change(&p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v %+v", err, vios.ErrorFields(err))
				}
				return
			}
			fields := vios.ErrorFields(err)
			if vios.ErrorCode(err) != vios.EINVALID || len(fields) != 1 || fields[0].Field != tt.field || !strings.Contains(fields[0].Message, tt.want) {
				t.Fatalf("got %v %+v, want field %s with %q", err, fields, tt.field, tt.want)
			}
		})
	}
}

// The sociale kaart shows, for a school, its own contacts, those of its
// neighbourhood and those for the whole municipality; for a neighbourhood,
// its contacts, those of its schools and the municipality-wide ones. Every
// person shown is a processing record; another municipality sees nothing.
func TestListDirectory(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	asEditor := approachEditor(t, db)
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	schoolA, schoolB, partner, _ := directoryOrgs(t, db)
	add := func(name string, school *vios.Organisation, wijk string) *vios.Person {
		t.Helper()
		p := &vios.Person{OrganisationID: partner.ID, Name: name, Function: "contact", Topic: "waarvoor " + name, Neighbourhood: wijk}
		if school != nil {
			p.SchoolID = school.ID
		}
		if err := db.Approaches.AddPerson(asEditor, arnhem, p); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		return p
	}
	forA := add("Voor A", schoolA, "")
	forB := add("Voor B", schoolB, "")
	// The neighbourhood as typed may differ in case from the school's.
	wijkA := add("Wijk A", nil, strings.ToLower(schoolA.Neighbourhood))
	wijkB := add("Wijk B", nil, schoolB.Neighbourhood)
	everyone := add("Iedereen", nil, "")
	// A contact person of school A itself, naming neither school nor wijk,
	// is a contact for school A.
	ownStaff := &vios.Person{OrganisationID: schoolA.ID, Name: "Zorgcoördinator A", Function: "zorgcoördinator"}
	if err := db.Approaches.AddPerson(asEditor, arnhem, ownStaff); err != nil {
		t.Fatal(err)
	}

	list := func(f vios.DirectoryFilter) map[string]*vios.DirectoryEntry {
		t.Helper()
		f.MunicipalityID = arnhem
		entries, err := db.Organisations.ListDirectory(ctx, f)
		if err != nil {
			t.Fatalf("list %+v: %v", f, err)
		}
		byID := map[string]*vios.DirectoryEntry{}
		for i, e := range entries {
			byID[e.ID] = e
			if i > 0 && entries[i-1].Organisation.Name > e.Organisation.Name {
				t.Errorf("not by organisation: %q before %q", entries[i-1].Organisation.Name, e.Organisation.Name)
			}
		}
		return byID
	}
	check := func(what string, got map[string]*vios.DirectoryEntry, shown, hidden []*vios.Person) {
		t.Helper()
		for _, p := range shown {
			if got[p.ID] == nil {
				t.Errorf("%s: %s not shown", what, p.Name)
			}
		}
		for _, p := range hidden {
			if got[p.ID] != nil {
				t.Errorf("%s: %s shown", what, p.Name)
			}
		}
	}

	logs := logEntries(t, db)
	forSchoolA := list(vios.DirectoryFilter{SchoolID: schoolA.ID})
	check("school A", forSchoolA, []*vios.Person{forA, wijkA, everyone, ownStaff}, []*vios.Person{forB, wijkB})
	e := forSchoolA[forA.ID]
	if e.Organisation.ID != partner.ID || e.Organisation.Name != partner.Name || e.ForSchoolID != schoolA.ID ||
		e.ForSchoolName != schoolA.Name || e.Topic != "waarvoor Voor A" {
		t.Errorf("entry for school A: %+v", e)
	}
	if e := forSchoolA[ownStaff.ID]; e.ForSchoolID != schoolA.ID || e.SchoolID != "" {
		t.Errorf("a school's own staff: %+v", e)
	}
	if e := forSchoolA[everyone.ID]; e.ForSchoolID != "" || e.Neighbourhood != "" {
		t.Errorf("municipality-wide entry: %+v", e)
	}
	// Every person shown is a processing record of its own.
	for id := range forSchoolA {
		if n := personProcessing(t, db, arnhem, "sociale-kaart-bekijken", id); n != 1 {
			t.Errorf("%d processing records for %s, want 1", n, id)
		}
	}
	if n := personProcessing(t, db, arnhem, "sociale-kaart-bekijken", forB.ID); n != 0 {
		t.Errorf("a person not shown has %d processing records", n)
	}
	if logEntries(t, db) <= logs {
		t.Error("reading the sociale kaart left no trace in the log")
	}

	forWijkB := list(vios.DirectoryFilter{Neighbourhood: strings.ToUpper(schoolB.Neighbourhood)})
	check("wijk of school B", forWijkB, []*vios.Person{forB, wijkB, everyone}, []*vios.Person{forA, wijkA, ownStaff})

	all := list(vios.DirectoryFilter{})
	check("everyone", all, []*vios.Person{forA, forB, wijkA, wijkB, everyone, ownStaff}, nil)
	if n, _ := db.Organisations.CountPeople(ctx, arnhem); len(all) != n {
		t.Errorf("the whole sociale kaart shows %d of %d people", len(all), n)
	}
	if n := personProcessing(t, db, arnhem, "sociale-kaart-bekijken", everyone.ID); n != 3 {
		t.Errorf("%d processing records after three reads, want 3", n)
	}

	// Another municipality: not Arnhem's schools, not Arnhem's people.
	for _, f := range []vios.DirectoryFilter{{MunicipalityID: denHaag, SchoolID: schoolA.ID}, {MunicipalityID: arnhem, SchoolID: "geen-id"}} {
		if _, err := db.Organisations.ListDirectory(ctx, f); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%+v: %v, want ENOTFOUND", f, err)
		}
	}
	theirs, err := db.Organisations.ListDirectory(ctx, vios.DirectoryFilter{MunicipalityID: denHaag})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range theirs {
		if e.Organisation.ID == partner.ID || e.ForSchoolID == schoolA.ID {
			t.Errorf("Den Haag's sociale kaart shows Arnhem's %s", e.Name)
		}
	}

	wijken, err := db.Organisations.DirectoryNeighbourhoods(ctx, arnhem)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{schoolA.Neighbourhood, schoolB.Neighbourhood, strings.ToLower(schoolA.Neighbourhood)} {
		if !slices.Contains(wijken, want) {
			t.Errorf("neighbourhoods %q lack %q", wijken, want)
		}
	}
	if !slices.IsSorted(wijken) {
		t.Errorf("neighbourhoods not sorted: %q", wijken)
	}
	logEntries(t, db)
}
