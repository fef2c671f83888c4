package vios

import (
	"context"
	"strings"
	"time"
)

// Templates for a new safety plan: the six fields of Stichting School &
// Veiligheid's Digitaal Veiligheidsplan and the six parts of the SASS
// handleiding, each section with guiding questions, and a municipality's
// own templates (its regisseur or beheerder writes them), offered beside
// the national two to its schools.

// PlanTemplate is a set of sections to start a plan from.
type PlanTemplate struct {
	// Code is a national template's code, or OwnTemplatePrefix and the id
	// of a municipality's own.
	Code           string
	Name           string
	Sections       []PlanSection // Title and Questions
	MunicipalityID string        // "" for a national template
	UpdatedAt      time.Time
}

// OwnTemplatePrefix starts the code of a municipality's own template.
const OwnTemplatePrefix = "eigen:"

// Own reports whether the template is a municipality's own.
func (t *PlanTemplate) Own() bool { return strings.HasPrefix(t.Code, OwnTemplatePrefix) }

// Limits of an own template.
const (
	MaxTemplateSections  = 20
	maxTemplateTitle     = 200
	maxTemplateQuestions = 2000
)

// Validate checks a municipality's own template.
func (t *PlanTemplate) Validate() error {
	var v Validation
	t.Name = strings.TrimSpace(t.Name)
	v.Check(t.Name != "", "naam", "Geef het sjabloon een naam.")
	v.Check(!tooLong(t.Name, maxName), "naam", "De naam heeft hoogstens %d tekens.", maxName)
	v.Check(len(t.Sections) > 0, "onderdelen", "Geef het sjabloon ten minste één onderdeel: een titel op de eerste regel, daaronder de vragen.")
	v.Check(len(t.Sections) <= MaxTemplateSections, "onderdelen", "Een sjabloon heeft hoogstens %d onderdelen.", MaxTemplateSections)
	for _, s := range t.Sections {
		v.Check(!tooLong(s.Title, maxTemplateTitle), "onderdelen", "Een titel van een onderdeel heeft hoogstens %d tekens.", maxTemplateTitle)
		v.Check(!tooLong(s.Questions, maxTemplateQuestions), "onderdelen", "De vragen bij een onderdeel hebben samen hoogstens %d tekens.", maxTemplateQuestions)
	}
	return v.Err("Het sjabloon is niet opgeslagen.")
}

// ParseTemplateSections reads the sections of an own template as typed in
// one text field: blocks separated by an empty line, each a title on its
// first line and its guiding questions on the lines below (a leading "-"
// or "*" is dropped).
func ParseTemplateSections(text string) []PlanSection {
	var out []PlanSection
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*"))
			if line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) == 0 {
			continue
		}
		out = append(out, PlanSection{Title: lines[0], Questions: strings.Join(lines[1:], "\n")})
	}
	return out
}

// FormatTemplateSections is the text ParseTemplateSections reads back.
func FormatTemplateSections(sections []PlanSection) string {
	blocks := make([]string, len(sections))
	for i, s := range sections {
		blocks[i] = s.Title
		if s.Questions != "" {
			blocks[i] += "\n" + s.Questions
		}
	}
	return strings.Join(blocks, "\n\n")
}

// PlanTemplateService keeps a municipality's own templates.
type PlanTemplateService interface {
	// PlanTemplates returns the national templates and the municipality's own.
	PlanTemplates(ctx context.Context, municipalityID string) ([]PlanTemplate, error)
	// SavePlanTemplate creates an own template (Code "") or changes one.
	SavePlanTemplate(ctx context.Context, t *PlanTemplate) error
	// DeletePlanTemplate removes an own template; plans started from it keep
	// their sections.
	DeletePlanTemplate(ctx context.Context, municipalityID, code string) error
}

// PlanTemplates are the built-in templates.
var PlanTemplates = []PlanTemplate{
	{Code: "digitaal-veiligheidsplan", Name: "Digitaal Veiligheidsplan (Stichting School & Veiligheid)", Sections: []PlanSection{
		{Title: "Visie, kernwaarden en afspraken", Questions: "Waar staat de school voor als het gaat om veiligheid?\nWelke kernwaarden en gedragsafspraken gelden voor leerlingen en medewerkers?\nHoe maakt u die afspraken bekend bij leerlingen en ouders?"},
		{Title: "Inzicht in veiligheidsbeleving", Questions: "Met welk instrument meet u jaarlijks de veiligheidsbeleving van leerlingen?\nWanneer was de laatste meting en wat kwam eruit?\nHoe houdt u incidenten bij?"},
		{Title: "Scheppen van voorwaarden", Questions: "Wie is het aanspreekpunt pesten en wie coördineert het anti-pestbeleid?\nWelke scholing krijgen medewerkers?\nHoe is de samenwerking met partners geregeld?"},
		{Title: "Positief pedagogisch handelen", Questions: "Hoe bevordert u een positief klimaat in de klas en de school?\nHoe worden leerlingen en ouders betrokken?"},
		{Title: "Preventieve activiteiten en programma's", Questions: "Welke programma's zet u in (bijvoorbeeld tegen pesten, voor weerbaarheid)?\nHoe weet u of ze werken?"},
		{Title: "Tijdig signaleren en effectief handelen", Questions: "Hoe signaleren medewerkers zorgen over een leerling?\nWat doet u bij een incident, en wie belt u wanneer?\nHoe evalueert u na een incident?"},
	}},
	{Code: "sass", Name: "Handleiding SASS (School en Veiligheid)", Sections: []PlanSection{
		{Title: "Doel, visie en kernwaarden", Questions: "Wat wil de school met dit plan bereiken?\nWelke visie en kernwaarden liggen eronder?"},
		{Title: "Sociale veiligheid en medewerkers", Questions: "Welke afspraken gelden voor medewerkers?\nHoe worden zij geschoold en ondersteund na een incident?"},
		{Title: "Sociale veiligheid en leerlingen", Questions: "Welke regels gelden voor leerlingen?\nHoe hebben leerlingen inspraak?"},
		{Title: "Sociale veiligheid en zorgstructuur", Questions: "Hoe loopt de zorg voor een leerling van signaal tot hulp?\nWelke partners zijn betrokken en wanneer?"},
		{Title: "Monitoring", Questions: "Hoe en wanneer meet u de veiligheidsbeleving?\nHoe registreert u incidenten en wie kijkt ernaar?"},
		{Title: "Toezicht", Questions: "Hoe is het toezicht in en rond de school geregeld?\nWie ziet erop toe dat het plan wordt uitgevoerd en herzien?"},
	}},
}

// FindPlanTemplate returns the template with code, or nil.
func FindPlanTemplate(code string) *PlanTemplate {
	for i := range PlanTemplates {
		if PlanTemplates[i].Code == code {
			return &PlanTemplates[i]
		}
	}
	return nil
}
