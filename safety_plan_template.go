package vios

// Templates for a new safety plan: the six fields of Stichting School &
// Veiligheid's Digitaal Veiligheidsplan and the six parts of the SASS
// handleiding, each section with guiding questions. A municipality's own
// template is a plan of its own that it shares within the municipality.

// PlanTemplate is a set of sections to start a plan from.
type PlanTemplate struct {
	Code     string
	Name     string
	Sections []PlanSection
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
