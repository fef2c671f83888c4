package demo

import (
	"context"

	"github.com/vios-platform/vios"
)

// KnowledgeStore is what LoadKnowledge needs.
type KnowledgeStore interface {
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
}

// demoKnowledge are the knowledge bank's demo items: slug of the sharing
// municipality, then the item.
var demoKnowledge = []struct {
	slug string
	item vios.KnowledgeItem
}{
	{"delft", vios.KnowledgeItem{Kind: "convenant", Visibility: vios.VisibilityPublic, Title: "Convenant vapen en roken rond de scholen van Delft",
		Themes: []string{"vapes", "verslaving"}, SchoolTypes: []string{"vo", "mbo"},
		Body: "## Doel\n\nScholen, gemeente, politie en GGD spreken af hoe zij vapen in en rond de school tegengaan.\n\n" +
			"## Afspraken\n\n- De school neemt vapen in en meldt het bij de ouders.\n- Bij verkoop van vapen aan minderjarigen meldt de school het bij de gemeente.\n" +
			"- De GGD geeft voorlichting in de onderbouw.\n"}},
	{"arnhem", vios.KnowledgeItem{Kind: "handreiking", Visibility: vios.VisibilityPublic, Title: "Handreiking: een leerling met een vape in de klas",
		Themes: []string{"vapes"}, SchoolTypes: []string{"po", "vo"},
		Body: "**Situatie:** een docent ziet een leerling met vapes in de klas.\n\n**Wat te doen:**\n\n1. Neem de vape in en leg dat vast.\n" +
			"2. Bel de ouders dezelfde dag.\n3. Bespreek herhaling in het zorgoverleg.\n"}},
	{"arnhem", vios.KnowledgeItem{Kind: "protocol", Visibility: vios.VisibilityAll, Title: "Protocol na een vechtpartij op het schoolplein",
		Themes: []string{"vechtpartijen"}, SchoolTypes: []string{"vo"},
		Body: "Na een vechtpartij: scheid de leerlingen, verleen eerste hulp, bel zo nodig 112 en informeer de ouders."}},
	{"den-haag", vios.KnowledgeItem{Kind: "samenwerkingsovereenkomst", Visibility: vios.VisibilityAll, Title: "Samenwerkingsovereenkomst school en jongerenwerk",
		Themes: []string{"groepsdruk", "straatcultuur"}, SchoolTypes: []string{"vo", "mbo"},
		Body: "Jongerenwerk en scholen werken samen aan een veilige omgeving na schooltijd."}},
	{"rotterdam", vios.KnowledgeItem{Kind: "voorbeeld-veiligheidsplan", Visibility: vios.VisibilityPublic, Title: "Voorbeeld-veiligheidsplan voor het mbo",
		Themes: []string{"wapens", "discriminatie"}, SchoolTypes: []string{"mbo"},
		Body: "Een voorbeeld van een veiligheidsplan met fysieke en sociale veiligheid, incidentregistratie en partners."}},
	{"arnhem", vios.KnowledgeItem{Kind: "protocol", Visibility: vios.VisibilityOwn, Title: "Belrooster bij incidenten (intern)",
		Themes: []string{"wapens"}, SchoolTypes: []string{"vo"},
		Body: "Wie belt wie bij een incident met een wapen: de interne lijst van Arnhem."}},
}

// LoadKnowledge shares a handful of items in the knowledge bank, so that
// /kennisbank is not empty. It skips when the bank has items.
func LoadKnowledge(ctx context.Context, db KnowledgeStore, knowledge vios.KnowledgeService) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	if existing, err := knowledge.SearchKnowledge(ctx, vios.KnowledgeFilter{Limit: 1}); err != nil || len(existing) > 0 {
		return err
	}
	for _, d := range demoKnowledge {
		m, err := db.FindMunicipalityBySlug(ctx, d.slug)
		if err != nil {
			return err
		}
		k := d.item
		k.MunicipalityID = m.ID
		if err := knowledge.SaveKnowledge(ctx, &k); err != nil {
			return err
		}
	}
	return nil
}
