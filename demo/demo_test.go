package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	vios "github.com/vios-platform/vios"
)

// bySlug returns the setups keyed by municipality slug.
func bySlug(t *testing.T) map[string]vios.MunicipalitySetup {
	t.Helper()
	out := map[string]vios.MunicipalitySetup{}
	for _, s := range Setups() {
		out[s.Municipality.Slug] = s
	}
	return out
}

func TestSetupsValidate(t *testing.T) {
	// Validate fills in IDs, so it runs on a fresh copy from Setups.
	for _, s := range Setups() {
		t.Run(s.Municipality.Slug, func(t *testing.T) {
			if err := s.Validate(); err != nil {
				for _, f := range vios.ErrorFields(err) {
					t.Errorf("%s: %s", f.Field, f.Message)
				}
				t.Fatal(err)
			}
		})
	}
}

func TestMunicipalities(t *testing.T) {
	want := []string{
		"amsterdam", "arnhem", "delft", "den-haag", "eindhoven", "groningen",
		"leiden", "leidschendam-voorburg", "parkstad", "rotterdam", "zaanstad", "zwolle",
	}
	setups := Setups()
	var slugs, names []string
	for _, s := range setups {
		slugs = append(slugs, s.Municipality.Slug)
		names = append(names, s.Municipality.Name)
	}
	if !slices.Equal(slugs, want) {
		t.Errorf("slugs = %v, want %v", slugs, want)
	}
	if !slices.IsSorted(names) {
		t.Errorf("names not in alphabetical order: %v", names)
	}
	for _, s := range setups {
		m := s.Municipality
		wantKind, wantMembers := vios.MunicipalityKindGemeente, 0
		if m.Slug == "parkstad" {
			wantKind, wantMembers = vios.MunicipalityKindRegio, 7
		}
		if m.Kind != wantKind || len(m.Members) != wantMembers {
			t.Errorf("%s: kind %q with %d members, want %q with %d", m.Slug, m.Kind, len(m.Members), wantKind, wantMembers)
		}
	}
}

// Table 2.1 of the report, and the models of section 2.4.
func TestApproachElements(t *testing.T) {
	setups := bySlug(t)
	tests := []struct {
		slug, element, status string
	}{
		{"arnhem", "kernteam", "actief"},
		{"arnhem", "signaleringsoverleg", "actief"},
		{"arnhem", "coordinator", "actief"},
		{"zaanstad", "signaleringsoverleg", "in_ontwikkeling"},
		{"zaanstad", "regiegroep", "actief"},
		{"delft", "alert_app", "gepland"},
		{"delft", "veiligheidscoordinator_school", "in_ontwikkeling"},
		{"delft", "handelingsprotocol", "actief"},
		{"amsterdam", "otsv", "actief"},
		{"amsterdam", "straatcoaches", "actief"},
		{"eindhoven", "alert_app", "actief"},
		{"groningen", "structuren_in_kaart", "in_ontwikkeling"},
		{"leiden", "convenant", "in_ontwikkeling"},
		{"leidschendam-voorburg", "alert_app", "in_ontwikkeling"},
		{"parkstad", "werkgroepen", "actief"},
		{"rotterdam", "audits", "actief"},
		{"rotterdam", "handreikingen", "in_ontwikkeling"},
		{"zwolle", "signaleringsoverleg", "in_ontwikkeling"},
	}
	for _, tt := range tests {
		t.Run(tt.slug+"/"+tt.element, func(t *testing.T) {
			s, ok := setups[tt.slug]
			if !ok {
				t.Fatalf("no municipality %q", tt.slug)
			}
			e := s.Approach.Element(tt.element)
			if e == nil {
				t.Fatalf("%s has no element %s", tt.slug, tt.element)
			}
			if e.Status != tt.status {
				t.Errorf("%s %s: status %q, want %q", tt.slug, tt.element, e.Status, tt.status)
			}
		})
	}

	notes := []struct{ slug, element, note string }{
		{"eindhoven", "overkoepelend_overleg", "Inloopuur VIOS"},
		{"delft", "overkoepelend_overleg", "Op drie niveaus: uitvoerend, tactisch en strategisch"},
		{"eindhoven", "alert_app", "Code Oranje app"},
	}
	for _, tt := range notes {
		a := setups[tt.slug].Approach
		if e := a.Element(tt.element); e == nil || e.Note != tt.note {
			t.Errorf("%s %s: note %v, want %q", tt.slug, tt.element, e, tt.note)
		}
	}

	absent := []struct{ slug, element string }{
		{"amsterdam", "kernteam"},
		{"delft", "kernteam"},
		{"eindhoven", "signaleringsoverleg"},
	}
	for _, tt := range absent {
		a := setups[tt.slug].Approach
		if a.HasElement(tt.element) {
			t.Errorf("%s has element %s, which table 2.1 does not list", tt.slug, tt.element)
		}
	}

	models := map[string]string{
		"amsterdam": "amsterdam", "arnhem": "arnhem", "den-haag": "arnhem", "delft": "delft",
		"eindhoven": "eigen", "groningen": "eigen", "leiden": "arnhem", "leidschendam-voorburg": "arnhem",
		"parkstad": "eigen", "rotterdam": "rotterdam", "zaanstad": "arnhem", "zwolle": "eigen",
	}
	for slug, model := range models {
		if got := setups[slug].Approach.Model; got != model {
			t.Errorf("%s: model %q, want %q", slug, got, model)
		}
	}
}

// Table 2.2 of the report: phase and start date.
func TestApproachPhase(t *testing.T) {
	setups := bySlug(t)
	tests := []struct {
		slug  string
		phase string
		start string // "2006-01", or "" for no start date
	}{
		{"amsterdam", "uitvoering", ""},
		{"arnhem", "uitvoering", "2021-03"},
		{"den-haag", "uitvoering", "2024-10"},
		{"delft", "uitvoering", "2023-01"},
		{"eindhoven", "uitvoering", "2020-01"},
		{"groningen", "plan", "2024-11"},
		{"leiden", "uitvoering", "2022-11"},
		{"leidschendam-voorburg", "uitvoering", "2024-04"},
		{"parkstad", "uitvoering", "2018-01"},
		{"rotterdam", "uitvoering", "2012-01"},
		{"zaanstad", "uitvoering", "2023-01"},
		{"zwolle", "uitvoering", "2024-01"},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			p := setups[tt.slug].Approach.Phase
			if p.Phase != tt.phase {
				t.Errorf("phase %q, want %q", p.Phase, tt.phase)
			}
			switch {
			case tt.start == "" && p.StartDate != nil:
				t.Errorf("start date %v, want none", p.StartDate)
			case tt.start != "" && p.StartDate == nil:
				t.Errorf("no start date, want %s", tt.start)
			case tt.start != "":
				want, _ := time.Parse("2006-01", tt.start)
				if !p.StartDate.Equal(want) || p.StartDate.Location() != time.UTC {
					t.Errorf("start date %v, want %v UTC", p.StartDate, want)
				}
			}
		})
	}
}

// Table 2.2 of the report: reach, and the schools taking part.
func TestReach(t *testing.T) {
	setups := bySlug(t)
	inApproach := func(s vios.MunicipalitySetup, schoolType string) int {
		n := 0
		for _, o := range s.Organisations {
			if o.Kind == vios.OrgSchool && o.InApproach && (schoolType == "" || o.SchoolType == schoolType) {
				n++
			}
		}
		return n
	}
	schools := []struct {
		slug, schoolType string // "" counts every type
		want             int
	}{
		{"arnhem", "vo", 13},
		{"arnhem", "po", 2},
		{"arnhem", "mbo", 1},
		{"parkstad", "", 150},
		{"eindhoven", "", 44},
		{"eindhoven", "po", 0},
		{"zaanstad", "vo", 8},
		{"zwolle", "vso", 1},
		{"groningen", "", 8},
	}
	for _, tt := range schools {
		if got := inApproach(setups[tt.slug], tt.schoolType); got != tt.want {
			t.Errorf("%s: %d schools of type %q in the approach, want %d", tt.slug, got, tt.schoolType, tt.want)
		}
	}

	reachTests := []struct {
		slug, schoolType, status string
		count                    int
	}{
		{"eindhoven", "po", "uitgenodigd", 70},
		{"amsterdam", "po", "verkennend", 0},
		{"delft", "po", "verkennend", 0},
		{"rotterdam", "po", "gepland", 0},
		{"leidschendam-voorburg", "po", "gepland", 0},
		{"parkstad", "isk", "deelnemend", 4},
	}
	for _, tt := range reachTests {
		a := setups[tt.slug].Approach
		r := a.ReachFor(tt.schoolType)
		if r == nil {
			t.Errorf("%s: no reach for %s", tt.slug, tt.schoolType)
			continue
		}
		if r.Status != tt.status || r.SchoolCount != tt.count {
			t.Errorf("%s %s: %s %d, want %s %d", tt.slug, tt.schoolType, r.Status, r.SchoolCount, tt.status, tt.count)
		}
	}

	// Eindhoven's invited primary schools have no school records.
	for _, o := range setups["eindhoven"].Organisations {
		if o.SchoolType == "po" {
			t.Errorf("eindhoven: unexpected primary school %q", o.Name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Setups(), Setups()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Setups differ")
	}
	// Changing the result of one call must not change the next.
	a[0].Organisations[0].Name = "gewijzigd"
	a[0].Approach.Elements[0].Note = "gewijzigd"
	*a[1].Approach.Phase.StartDate = time.Time{}
	if !reflect.DeepEqual(b, Setups()) {
		t.Fatal("Setups shares values between calls")
	}
}

func TestUniqueWithinMunicipality(t *testing.T) {
	for _, s := range Setups() {
		t.Run(s.Municipality.Slug, func(t *testing.T) {
			brins := map[string]string{}
			for _, o := range s.Organisations {
				if o.Kind != vios.OrgSchool {
					continue
				}
				if other, ok := brins[o.BRIN]; ok {
					t.Errorf("BRIN %s used by %q and %q", o.BRIN, other, o.Name)
				}
				brins[o.BRIN] = o.Name
				if !strings.HasPrefix(o.BRIN, "9") {
					t.Errorf("BRIN %s of %q does not start with 9", o.BRIN, o.Name)
				}
				if o.Neighbourhood == "" {
					t.Errorf("school %q has no neighbourhood", o.Name)
				}
			}
			people := map[string]bool{}
			for _, p := range s.People {
				if people[p.Person.Name] {
					t.Errorf("person %q appears twice", p.Person.Name)
				}
				people[p.Person.Name] = true
			}
		})
	}
}

func TestOrganisationsAndPeople(t *testing.T) {
	emailPattern := regexp.MustCompile(`^[a-z]\.[a-z]+@[a-z0-9-]+\.example$`)
	// Names of public figures, and of people named in the report, that the
	// generator must never produce.
	notable := []string{"Mette van Duijn", "Peter de Vries", "Jan Smit", "Wim Kok", "Wouter Bos", "Rik Smits", "Monique Smit", "Lotte Verbeek"}
	for _, s := range Setups() {
		t.Run(s.Municipality.Slug, func(t *testing.T) {
			kinds := map[string]bool{}
			peopleAt := map[string]int{}
			for _, p := range s.People {
				peopleAt[p.Organisation]++
				if !emailPattern.MatchString(p.Person.Email) {
					t.Errorf("%s: e-mail %q is not a fictional .example address", p.Person.Name, p.Person.Email)
				}
				if slices.Contains(notable, p.Person.Name) {
					t.Errorf("generated the name of a real person: %q", p.Person.Name)
				}
			}
			schoolsWithPeople := 0
			for _, o := range s.Organisations {
				switch o.Kind {
				case vios.OrgPartner:
					kinds[o.PartnerKind] = true
				case vios.OrgMunicipal:
					kinds["team:"+o.Team] = true
				case vios.OrgSchool:
					if peopleAt[o.Name] > 0 {
						schoolsWithPeople++
					}
					continue
				}
				if peopleAt[o.Name] == 0 {
					t.Errorf("nobody works at %q", o.Name)
				}
			}
			for _, k := range []string{"politie", "jongerenwerk", "leerplicht", "halt", "sociaal_wijkteam", "team:oov", "team:onderwijs"} {
				if !kinds[k] {
					t.Errorf("missing %s", k)
				}
			}
			if schoolsWithPeople != 5 {
				t.Errorf("%d schools have a contact person, want 5", schoolsWithPeople)
			}
		})
	}

	arnhem := bySlug(t)["arnhem"]
	coordinators := 0
	for _, o := range arnhem.Organisations {
		if o.Kind == vios.OrgCoordinator {
			coordinators++
		}
	}
	if coordinators != 1 {
		t.Errorf("arnhem: %d coordinator organisations, want 1", coordinators)
	}
}

func TestSchoolName(t *testing.T) {
	seen := map[string]bool{}
	for j := range 1080 {
		n := schoolName(3, "po", j)
		if seen[n] {
			t.Fatalf("schoolName(3, po, %d) = %q repeats an earlier name", j, n)
		}
		seen[n] = true
	}
}

func TestSlugAndEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Gemeente Den Haag", "gemeente-den-haag"},
		{"Gemeente Amsterdam – team Jeugd & Veiligheid Noord", "gemeente-amsterdam-team-jeugd-en-veiligheid-noord"},
		{"Öztürk", "ozturk"},
		{"  Zorg- en Veiligheidshuis ", "zorg-en-veiligheidshuis"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := emailFor("Fatima", "van den Berg", "politie"), "f.vandenberg@politie.example"; got != want {
		t.Errorf("emailFor = %q, want %q", got, want)
	}
}
