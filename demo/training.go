package demo

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

// TrainingStore is what LoadTrainings needs.
type TrainingStore interface {
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
	ListOrganisations(ctx context.Context, f vios.OrganisationFilter) ([]*vios.Organisation, error)
}

// TrainingImporter enters the demo's anonymous answers.
type TrainingImporter interface {
	vios.TrainingService
	ImportEvaluations(ctx context.Context, sessionID string, list []vios.Evaluation) error
}

// demoTrainings is the catalogue: slug of the municipality that offers it
// ("" for the landelijk role's entries), then the training.
var demoTrainings = []struct {
	slug     string
	training vios.Training
}{
	{"", vios.Training{Kind: "training", Title: "Weerbaar tegen groepsdruk", Provider: "Stichting School & Veiligheid",
		TargetGroup: "Mentoren en docenten onderbouw", Duration: "2 dagdelen", Cost: "€ 950 per groep van 15",
		Description: "Docenten leren groepsdruk herkennen en het gesprek erover in de klas voeren.",
		Themes:      []string{"groepsdruk", "pesten"}, SchoolTypes: []string{"vo", "mbo"}}},
	{"", vios.Training{Kind: "workshop", Title: "Wapens en messen: signaleren en handelen", Provider: "Politie en Halt",
		TargetGroup: "Schoolleiding, conciërges en mentoren", Duration: "3 uur", Cost: "Gratis",
		Description: "Wat zie je aan een leerling die een mes draagt, en wat doe je dan volgens het incidentprotocol?",
		Themes:      []string{"wapens", "straatcultuur"}, SchoolTypes: []string{"vo"}}},
	{"", vios.Training{Kind: "masterclass", Title: "Ronselen van leerlingen herkennen", Provider: "Regionaal Informatie- en Expertise Centrum",
		TargetGroup: "Zorgcoördinatoren en veiligheidscoördinatoren", Duration: "1 dag", Cost: "€ 250 per persoon",
		Description: "Hoe criminelen jongeren werven, welke signalen daarbij horen en met welke partners u optrekt.",
		Themes:      []string{"ronselen"}, SchoolTypes: []string{"vo", "mbo"},
		Statements: []string{"Ik herken signalen van ronselen.", "Ik weet welke partners ik kan inschakelen.",
			"Ik durf een leerling op signalen aan te spreken."}}},
	{"arnhem", vios.Training{Kind: "workshop", Title: "In gesprek over vapes", Provider: "GGD Gelderland-Midden",
		TargetGroup: "Docenten en leerlingbegeleiders", Duration: "2 uur", Cost: "Gratis voor Arnhemse scholen",
		Description: "Feiten over vapen en hoe u er zonder te preken met leerlingen over praat.",
		Themes:      []string{"vapes", "verslaving"}, SchoolTypes: []string{"po", "vo"}}},
}

// LoadTrainings fills the catalogue and gives Arnhem's first school two
// sessions: one with enough anonymous answers to show a result, one with
// too few. It skips when the catalogue has trainings.
func LoadTrainings(ctx context.Context, db TrainingStore, trainings TrainingImporter, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	if existing, err := trainings.ListTrainings(ctx, vios.TrainingFilter{}); err != nil || len(existing) > 0 {
		return err
	}
	ids := map[string]string{}
	for _, d := range demoTrainings {
		t := d.training
		if d.slug != "" {
			m, err := db.FindMunicipalityBySlug(ctx, d.slug)
			if err != nil {
				return err
			}
			t.MunicipalityID = m.ID
		}
		t.NoNameConfirmed = true
		if err := trainings.CreateTraining(ctx, &t); err != nil {
			return err
		}
		ids[t.Title] = t.ID
	}
	arnhem, err := db.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		return err
	}
	schools, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) == 0 {
		return err
	}
	today := vios.Date(now)
	for _, s := range []struct {
		title              string
		held               time.Time
		participants, seen int
	}{
		{"Weerbaar tegen groepsdruk", today.AddDate(0, -4, 0), 16, 15},
		{"Wapens en messen: signaleren en handelen", today.AddDate(0, -1, 0), 8, 4},
	} {
		session := &vios.TrainingSession{MunicipalityID: arnhem.ID, TrainingID: ids[s.title], SchoolID: schools[0].ID, HeldOn: s.held,
			Participants: s.participants}
		if err := trainings.RecordTrainingSession(ctx, session); err != nil {
			return err
		}
		if err := trainings.ImportEvaluations(ctx, session.ID, demoAnswers(s.seen)); err != nil {
			return err
		}
	}
	return nil
}

// demoAnswers are n answers before and n after, the after ones higher.
func demoAnswers(n int) []vios.Evaluation {
	var list []vios.Evaluation
	for i := range n {
		low, high := 2+i%2, 3+i%3
		list = append(list, vios.Evaluation{Phase: vios.PhaseBefore, Scores: []int{low, low, 3, 2}},
			vios.Evaluation{Phase: vios.PhaseAfter, Rating: 3 + i%3, Scores: []int{high, high, 4, high}})
	}
	return list
}
