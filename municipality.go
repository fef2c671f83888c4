package vios

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Kinds of municipality: a single gemeente, or a regional collaboration of
// several (Parkstad) that runs one approach together.
const (
	MunicipalityKindGemeente = "gemeente"
	MunicipalityKindRegio    = "regio"
)

// MunicipalityKinds lists the kinds with their Dutch labels.
var MunicipalityKinds = []Label{
	{MunicipalityKindGemeente, "Gemeente"},
	{MunicipalityKindRegio, "Regionale samenwerking"},
}

// Municipality is the tenant: a municipality, or a regional collaboration of
// municipalities, under whose direction an approach runs.
type Municipality struct {
	ID   string
	Slug string // used in URLs: /aanpakken/{slug}
	Name string
	Kind string
	// Members names the municipalities of a regional collaboration.
	Members []string
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s has the form of a slug: lower-case letters and
// digits separated by single hyphens, at most 60 characters.
func ValidSlug(s string) bool {
	return len(s) <= 60 && slugPattern.MatchString(s)
}

// Validate checks every field and reports all problems at once.
func (m *Municipality) Validate() error {
	var v Validation
	m.Name = strings.TrimSpace(m.Name)
	v.Check(m.Name != "", "naam", "Vul de naam van de gemeente in.")
	v.Check(utf8.RuneCountInString(m.Name) <= 100, "naam", "De naam mag hoogstens 100 tekens lang zijn.")
	// One line: the name also heads the municipality's lines in logs and
	// files, where a line break would start a line of the writer's choosing.
	v.Check(SingleLine(m.Name), "naam", "De naam is één regel, zonder stuurtekens.")
	v.Check(ValidSlug(m.Slug), "code", "De code mag alleen kleine letters, cijfers en losse streepjes bevatten (bijvoorbeeld 'den-haag').")
	v.Check(inList(MunicipalityKinds, m.Kind), "soort", "Kies als soort 'gemeente' of 'regio'.")
	if m.Kind == MunicipalityKindRegio {
		v.Check(len(m.Members) >= 2, "deelnemendeGemeenten", "Een regionale samenwerking heeft minstens twee deelnemende gemeenten.")
	} else {
		v.Check(len(m.Members) == 0, "deelnemendeGemeenten", "Alleen een regionale samenwerking heeft deelnemende gemeenten.")
	}
	seen := map[string]bool{}
	for _, name := range m.Members {
		if strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > 100 || !SingleLine(name) {
			v.Add("deelnemendeGemeenten", "Elke deelnemende gemeente heeft een naam van 1 tot 100 tekens.")
			break
		}
		if key := strings.ToLower(strings.TrimSpace(name)); seen[key] {
			v.Add("deelnemendeGemeenten", "Noem elke deelnemende gemeente één keer.")
			break
		} else {
			seen[key] = true
		}
	}
	return v.Err("De gegevens van de gemeente zijn niet volledig of niet juist.")
}
