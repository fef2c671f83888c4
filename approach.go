package vios

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// The models of section 2.4 of the report that a municipality can follow.
var Models = []Label{
	{"amsterdam", "Amsterdams model"},
	{"arnhem", "Arnhems model"},
	{"delft", "Delfts model"},
	{"rotterdam", "Rotterdams model"},
	{"eigen", "Eigen aanpak"},
}

// Elements an approach can be built from. The first seven are the main
// elements of the report (Bijlagen B–H); the rest are related elements that
// municipalities use alongside them (section 2.3.1 and table 2.1).
var Elements = []Label{
	{"schoolveiligheidsplan", "Schoolveiligheidsplan"},
	{"kernteam", "Kernteam(overleg)"},
	{"signaleringsoverleg", "Signaleringsoverleg"},
	{"coordinator", "Coördinator of projectleider"},
	{"overkoepelend_overleg", "Overkoepelend schoolveiligheidsoverleg"},
	{"otsv", "Operationeel Team Schoolveiligheid"},
	{"convenant", "Convenant of samenwerkingsovereenkomst"},
	{"handelingsprotocol", "Handelingsprotocol"},
	{"veiligheidscoordinator_school", "Veiligheidscoördinator op school"},
	{"jongerenwerk_op_school", "Jongerenwerk op school"},
	{"straatcoaches", "Straatcoaches"},
	{"trainingen", "Trainingen"},
	{"programmas", "Programma's voor scholen en professionals"},
	{"maatwerk", "Maatwerk"},
	{"audits", "Veiligheidsaudits"},
	{"wijkoverleg", "Wijkoverleg"},
	{"regiegroep", "Bestuurlijke regiegroep"},
	{"werkgroepen", "Werkgroepen"},
	{"spreekuur", "Spreekuur"},
	{"kennisbijeenkomsten", "Kennis- en themabijeenkomsten"},
	{"congres", "Congres"},
	{"handreikingen", "Handreikingen"},
	{"alert_app", "Alert-app"},
	{"appgroepen", "Appgroepen"},
	{"nieuwsbrief", "Nieuwsbrief"},
	{"structuren_in_kaart", "Bestaande structuren en interventies in kaart"},
}

// CoreElementCount is how many of Elements are the report's main elements.
const CoreElementCount = 7

// Element statuses.
var ElementStatuses = []Label{
	{"actief", "Actief"},
	{"in_ontwikkeling", "In ontwikkeling"},
	{"gepland", "Gepland"},
}

// School types of the Dutch education system that an approach can reach.
var SchoolTypes = []Label{
	{"po", "Primair onderwijs"},
	{"vo", "Voortgezet onderwijs"},
	{"mbo", "Middelbaar beroepsonderwijs"},
	{"vso", "(Voortgezet) speciaal onderwijs"},
	{"praktijkonderwijs", "Praktijkonderwijs"},
	{"isk", "Internationale schakelklas"},
}

// How far a school type takes part in an approach.
var ReachStatuses = []Label{
	{"deelnemend", "Neemt deel"},
	{"uitgenodigd", "Uitgenodigd"},
	{"verkennend", "Verkennende fase"},
	{"gepland", "Sluit naar verwachting aan"},
}

// Phases of an approach (table 2.2).
var Phases = []Label{
	{"plan", "Planfase"},
	{"ontwikkeling", "Ontwikkelfase"},
	{"uitvoering", "Uitvoeringsfase"},
}

// ModelLabel, ElementLabel, … return the Dutch label for a code.
func ModelLabel(code string) string         { return labelOf(Models, code) }
func ElementLabel(code string) string       { return labelOf(Elements, code) }
func ElementStatusLabel(code string) string { return labelOf(ElementStatuses, code) }
func SchoolTypeLabel(code string) string    { return labelOf(SchoolTypes, code) }
func ReachStatusLabel(code string) string   { return labelOf(ReachStatuses, code) }
func PhaseLabel(code string) string         { return labelOf(Phases, code) }

// Approach is a municipality's own school-safety approach ("VIOS-Arnhem"):
// which elements it uses, which schools it reaches and in which phase it is.
type Approach struct {
	ID             string
	MunicipalityID string
	Municipality   *Municipality // filled in by reads
	Name           string
	Model          string
	Summary        string
	Elements       []ApproachElement
	Reach          Reach
	Phase          Phase
	UpdatedAt      time.Time
}

// ApproachElement is one element in use, with its status and the local name
// or remark ("Inloopuur VIOS", "per stadsdeel").
type ApproachElement struct {
	Code   string
	Status string
	Note   string
}

// Reach says which schools the approach covers.
type Reach struct {
	Description string
	SchoolTypes []ReachSchoolType
}

// ReachSchoolType is the reach for one school type. SchoolCount is the
// number of schools of that type; for "deelnemend" it equals the number of
// registered schools of that type taking part.
type ReachSchoolType struct {
	SchoolType  string
	Status      string
	SchoolCount int
}

// Phase is where the approach stands, since when, and what it aims for.
type Phase struct {
	Phase     string
	StartDate *time.Time // a date; nil when unknown
	Remark    string     // the phase as the municipality describes it
	Ambition  string
}

// HasElement reports whether the approach uses the element in any status.
func (a *Approach) HasElement(code string) bool {
	for _, e := range a.Elements {
		if e.Code == code {
			return true
		}
	}
	return false
}

// Element returns the approach's element with code, or nil.
func (a *Approach) Element(code string) *ApproachElement {
	for i := range a.Elements {
		if a.Elements[i].Code == code {
			return &a.Elements[i]
		}
	}
	return nil
}

// ReachFor returns the reach for a school type, or nil.
func (a *Approach) ReachFor(schoolType string) *ReachSchoolType {
	for i := range a.Reach.SchoolTypes {
		if a.Reach.SchoolTypes[i].SchoolType == schoolType {
			return &a.Reach.SchoolTypes[i]
		}
	}
	return nil
}

// Text limits, in characters.
const (
	maxName  = 100
	maxShort = 200
	maxText  = 2000
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks every field and reports all problems at once.
func (a *Approach) Validate() error {
	var v Validation
	a.Name = strings.TrimSpace(a.Name)
	v.Check(a.MunicipalityID != "", "gemeente", "Kies de gemeente waar deze aanpak bij hoort.")
	v.Check(a.Name != "", "naam", "Geef de aanpak een naam, bijvoorbeeld 'VIOS-Arnhem'.")
	v.Check(!tooLong(a.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(inList(Models, a.Model), "model", "Kies een model: Amsterdam, Arnhem, Delft, Rotterdam of eigen aanpak.")
	v.Check(!tooLong(a.Summary, maxText), "samenvatting", "De samenvatting mag hoogstens %d tekens lang zijn.", maxText)

	v.Check(len(a.Elements) > 0, "elementen", "Kies minstens één element van de aanpak.")
	seen := map[string]bool{}
	for _, e := range a.Elements {
		switch {
		case !inList(Elements, e.Code):
			v.Add("elementen", "Het element '%s' bestaat niet.", e.Code)
		case seen[e.Code]:
			v.Add("elementen", "Het element '%s' staat er twee keer in.", ElementLabel(e.Code))
		case !inList(ElementStatuses, e.Status):
			v.Add("elementen", "Kies bij '%s' de status actief, in ontwikkeling of gepland.", ElementLabel(e.Code))
		case tooLong(e.Note, maxShort):
			v.Add("elementen", "De toelichting bij '%s' mag hoogstens %d tekens lang zijn.", ElementLabel(e.Code), maxShort)
		}
		seen[e.Code] = true
	}

	v.Check(!tooLong(a.Reach.Description, maxText), "bereik.omschrijving", "De omschrijving van het bereik mag hoogstens %d tekens lang zijn.", maxText)
	v.Check(len(a.Reach.SchoolTypes) > 0, "bereik.schooltypen", "Geef aan welke soorten scholen de aanpak bereikt.")
	seenType := map[string]bool{}
	for _, r := range a.Reach.SchoolTypes {
		switch {
		case !inList(SchoolTypes, r.SchoolType):
			v.Add("bereik.schooltypen", "Het schooltype '%s' bestaat niet.", r.SchoolType)
		case seenType[r.SchoolType]:
			v.Add("bereik.schooltypen", "Het schooltype '%s' staat er twee keer in.", SchoolTypeLabel(r.SchoolType))
		case !inList(ReachStatuses, r.Status):
			v.Add("bereik.schooltypen", "Kies bij '%s' of de scholen deelnemen, uitgenodigd zijn, verkennen of gepland zijn.", SchoolTypeLabel(r.SchoolType))
		case r.SchoolCount < 0 || r.SchoolCount > 10000:
			v.Add("bereik.schooltypen", "Het aantal scholen bij '%s' moet tussen 0 en 10.000 liggen.", SchoolTypeLabel(r.SchoolType))
		}
		seenType[r.SchoolType] = true
	}

	v.Check(inList(Phases, a.Phase.Phase), "fase.fase", "Kies de fase: plan, ontwikkeling of uitvoering.")
	if d := a.Phase.StartDate; d != nil {
		v.Check(d.Year() >= 2000 && d.Year() <= 2100, "fase.startdatum", "De startdatum moet tussen 2000 en 2100 liggen.")
	}
	v.Check(!tooLong(a.Phase.Remark, maxShort), "fase.toelichting", "De toelichting bij de fase mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(!tooLong(a.Phase.Ambition, maxText), "fase.ambitie", "De ambitie mag hoogstens %d tekens lang zijn.", maxText)
	return v.Err("De aanpak is niet volledig of niet juist ingevuld.")
}

// ApproachFilter narrows a list of approaches. Empty fields do not filter.
type ApproachFilter struct {
	Element    string // uses this element (any status)
	Model      string
	SchoolType string // reaches this school type with status "deelnemend"
	Phase      string
}

// Validate reports every filter value that is not a known code.
func (f ApproachFilter) Validate() error {
	var v Validation
	v.Check(f.Element == "" || inList(Elements, f.Element), "element", "Onbekend element '%s'.", f.Element)
	v.Check(f.Model == "" || inList(Models, f.Model), "model", "Onbekend model '%s'.", f.Model)
	v.Check(f.SchoolType == "" || inList(SchoolTypes, f.SchoolType), "schoolType", "Onbekend schooltype '%s'.", f.SchoolType)
	v.Check(f.Phase == "" || inList(Phases, f.Phase), "fase", "Onbekende fase '%s'.", f.Phase)
	return v.Err("Het filter bevat een onbekende waarde.")
}

// Match reports whether a satisfies the filter. The store filters in SQL; this
// is the reference that its tests compare against.
func (f ApproachFilter) Match(a *Approach) bool {
	if f.Element != "" && !a.HasElement(f.Element) {
		return false
	}
	if f.Model != "" && a.Model != f.Model {
		return false
	}
	if f.SchoolType != "" {
		if r := a.ReachFor(f.SchoolType); r == nil || r.Status != "deelnemend" {
			return false
		}
	}
	return f.Phase == "" || a.Phase.Phase == f.Phase
}

// ApproachService reads and writes approaches.
type ApproachService interface {
	// ListApproaches returns the approaches matching filter, ordered by
	// municipality name, with their municipality filled in.
	ListApproaches(ctx context.Context, filter ApproachFilter) ([]*Approach, error)
	// FindApproachByID returns ENOTFOUND when there is none.
	FindApproachByID(ctx context.Context, id string) (*Approach, error)
	// FindApproachByMunicipality returns the approach of the municipality
	// with slug, ENOTFOUND when there is none.
	FindApproachByMunicipality(ctx context.Context, slug string) (*Approach, error)
	// CreateApproach validates and stores a new approach, setting its ID.
	CreateApproach(ctx context.Context, a *Approach) error

	// The regisseur's editing of the approach, its organisations and their
	// contact persons.

	// UpdateApproach saves the approach if unchanged since basedOn;
	// ECONFLICT otherwise.
	UpdateApproach(ctx context.Context, a *Approach, basedOn time.Time) error
	SaveOrganisation(ctx context.Context, o *Organisation) error
	FindOrganisation(ctx context.Context, municipalityID, id string) (*Organisation, error)
	ListPeople(ctx context.Context, municipalityID, organisationID string) ([]*Person, error)
	AddPerson(ctx context.Context, municipalityID string, p *Person) error
	RemovePerson(ctx context.Context, municipalityID, organisationID, personID string) error
}
