// Package demo holds the demo data of the platform: the 12 municipalities of
// the research report (July 2025) with their approaches as described in
// tables 2.1 and 2.2, and fictional schools, partner organisations,
// municipal teams and people.
//
// The approaches (elements, reach, phase) follow the report; every
// organisation and person is invented. BRIN codes start with "9" to stay
// away from real codes and e-mail addresses use the reserved .example domain.
package demo

import (
	"slices"
	"strings"
	"time"

	vios "github.com/vios-platform/vios"
)

// Setups returns the demo data: one vios.MunicipalitySetup per municipality
// of the research report, in alphabetical order by name. Deterministic: the
// same output on every call (no randomness, no time.Now). Every call builds
// fresh values, so callers may change what they get.
func Setups() []vios.MunicipalitySetup {
	data := municipalities()
	out := make([]vios.MunicipalitySetup, 0, len(data))
	for i, m := range data {
		out = append(out, m.build(i))
	}
	slices.SortStableFunc(out, func(a, b vios.MunicipalitySetup) int {
		return strings.Compare(a.Municipality.Name, b.Municipality.Name)
	})
	return out
}

// municipalityData describes one municipality of the report.
type municipalityData struct {
	slug    string
	name    string
	kind    string
	members []string

	approachName     string
	model            string
	summary          string
	elements         []vios.ApproachElement
	reachDescription string
	reach            []vios.ReachSchoolType
	phase            vios.Phase

	// neighbourhoods of the participating schools, handed out in turn.
	neighbourhoods []string
	// memberOf gives, in a regio, the member municipality of each
	// neighbourhood: its schools belong to that member.
	memberOf map[string]string
	// otherSchools are schools that do not (yet) take part in the approach.
	otherSchools []otherSchools
	// orgs are the municipal teams, coordinator organisations and partners.
	orgs []orgSpec
}

// otherSchools are count schools of one type outside the approach, in the
// given neighbourhoods (in turn).
type otherSchools struct {
	schoolType     string
	count          int
	neighbourhoods []string
}

// orgSpec is a non-school organisation and the people working there.
type orgSpec struct {
	kind     string // vios.OrgMunicipal, vios.OrgPartner or vios.OrgCoordinator
	code     string // the team or partner kind
	name     string
	member   string // in a regio, the member municipality ("" for the whole region)
	function string // function of the people working there
	people   int    // number of people; 0 means 1
}

// in places o in a member municipality of a regio.
func (o orgSpec) in(member string) orgSpec {
	o.member = member
	return o
}

// times sets the number of people of o.
func (o orgSpec) times(n int) orgSpec {
	o.people = n
	return o
}

// team returns a municipal team "Gemeente <municipality> – team <…>".
func team(code, name, function string) orgSpec {
	return orgSpec{kind: vios.OrgMunicipal, code: code, name: name, function: function}
}

// partner returns a partner organisation; an empty function takes the
// usual function for the kind.
func partner(kind, name, function string) orgSpec {
	if function == "" {
		function = partnerFunctions[kind]
	}
	return orgSpec{kind: vios.OrgPartner, code: kind, name: name, function: function}
}

// coordinatorOrg returns an external coordinator organisation.
func coordinatorOrg(name, function string) orgSpec {
	return orgSpec{kind: vios.OrgCoordinator, name: name, function: function}
}

// partnerFunctions is the usual function of a partner's representative.
var partnerFunctions = map[string]string{
	"politie":                 "wijkagent",
	"jongerenwerk":            "jongerenwerker",
	"leerplicht":              "leerplichtambtenaar",
	"halt":                    "Halt-medewerker",
	"sociaal_wijkteam":        "medewerker sociaal wijkteam",
	"jeugdreclassering":       "jeugdreclasseerder",
	"straatcoaches":           "straatcoach",
	"handhaving":              "handhaver (boa)",
	"ggd":                     "jeugdverpleegkundige",
	"zorg_en_veiligheidshuis": "procesregisseur",
}

// schoolFunctions are the functions of the school contacts, in turn.
var schoolFunctions = []string{
	"veiligheidscoördinator",
	"zorgcoördinator",
	"teamleider",
	"coördinator ondersteuningsteam",
	"leerlingbegeleider",
}

// schoolContacts is the number of participating schools that get a contact person.
const schoolContacts = 5

// month returns the first day of month m of year y, in UTC.
func month(y, m int) *time.Time {
	t := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return &t
}

// el returns an active element with a note.
func el(code, note string) vios.ApproachElement {
	return vios.ApproachElement{Code: code, Status: "actief", Note: note}
}

// dev returns an element in development with a note.
func dev(code, note string) vios.ApproachElement {
	return vios.ApproachElement{Code: code, Status: "in_ontwikkeling", Note: note}
}

// planned returns a planned element with a note.
func planned(code, note string) vios.ApproachElement {
	return vios.ApproachElement{Code: code, Status: "gepland", Note: note}
}

// reach returns the reach for one school type.
func reach(schoolType, status string, count int) vios.ReachSchoolType {
	return vios.ReachSchoolType{SchoolType: schoolType, Status: status, SchoolCount: count}
}

// build turns m into a setup. seed (the position of m in the data) makes
// school names, BRIN codes and people differ between municipalities.
func (m municipalityData) build(seed int) vios.MunicipalitySetup {
	s := vios.MunicipalitySetup{
		Municipality: vios.Municipality{
			Slug:    m.slug,
			Name:    m.name,
			Kind:    m.kind,
			Members: slices.Clone(m.members),
		},
		Approach: vios.Approach{
			Name:     m.approachName,
			Model:    m.model,
			Summary:  m.summary,
			Elements: slices.Clone(m.elements),
			Reach: vios.Reach{
				Description: m.reachDescription,
				SchoolTypes: slices.Clone(m.reach),
			},
			Phase: m.phase,
		},
	}
	names := newNameGen(seed)
	addPeople := func(org, domain, function string, n int) {
		for range max(n, 1) {
			first, last := names.next()
			s.People = append(s.People, vios.SetupPerson{
				Organisation: org,
				Person: vios.Person{
					Name:     first + " " + last,
					Function: function,
					Email:    emailFor(first, last, domain),
				},
			})
		}
	}

	// A regio's member municipalities each sign its covenant through a
	// municipal team of their own.
	for _, team := range vios.RegionMemberTeams("", m.members) {
		s.Organisations = append(s.Organisations, *team)
		addPeople(team.Name, slug(team.Name), "beleidsadviseur openbare orde en veiligheid", 1)
	}
	for _, o := range m.orgs {
		org := vios.Organisation{Kind: o.kind, Name: o.name, MemberMunicipality: o.member}
		domain := slug(o.name)
		switch o.kind {
		case vios.OrgMunicipal:
			org.Team = o.code
			// "Gemeente Arnhem – team OOV" mails from gemeente-arnhem.example.
			domain = slug(strings.Split(o.name, " – ")[0])
		case vios.OrgPartner:
			org.PartnerKind = o.code
		}
		s.Organisations = append(s.Organisations, org)
		addPeople(o.name, domain, o.function, o.people)
	}

	perType := map[string]int{} // schools of each type so far, for names
	idx := 0                    // schools so far, for BRIN codes
	addSchool := func(schoolType, neighbourhood string, inApproach bool) {
		name := schoolName(seed, schoolType, perType[schoolType])
		perType[schoolType]++
		s.Organisations = append(s.Organisations, vios.Organisation{
			Kind:          vios.OrgSchool,
			Name:          name,
			SchoolType:    schoolType,
			BRIN:          brin(seed, idx),
			Neighbourhood: neighbourhood,
			InApproach:    inApproach,

			MemberMunicipality: m.memberOf[neighbourhood],
		})
		idx++
		if inApproach && idx <= schoolContacts {
			addPeople(name, slug(name), schoolFunctions[(idx-1)%len(schoolFunctions)], 1)
		}
	}
	for _, r := range m.reach {
		if r.Status != "deelnemend" {
			continue
		}
		for range r.SchoolCount {
			addSchool(r.SchoolType, m.neighbourhoods[idx%len(m.neighbourhoods)], true)
		}
	}
	for _, o := range m.otherSchools {
		for i := range o.count {
			addSchool(o.schoolType, o.neighbourhoods[i%len(o.neighbourhoods)], false)
		}
	}
	return s
}
