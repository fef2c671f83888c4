package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/vios-platform/vios"
)

var evaluationToken = regexp.MustCompile(`/evaluatie/([A-Za-z0-9_-]+)`)

// trainingRecords gives the page platform a training, a session at
// Arnhem's school with one participant, and that participant's live
// one-time link (from the mail the job queued).
func (p *pagePlatform) trainingRecords(t *testing.T, schoolID string) {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	m, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	tr := &vios.Training{Kind: "training", Title: "Weerbaar tegen groepsdruk", Provider: "Stichting School & Veiligheid",
		TargetGroup: "Mentoren onderbouw", Duration: "2 dagdelen", Cost: "€ 950 per groep", Themes: []string{"groepsdruk"},
		SchoolTypes: []string{"vo"}, Description: "Docenten leren groepsdruk herkennen en bespreken."}
	s := &vios.TrainingSession{MunicipalityID: m.ID, SchoolID: schoolID, HeldOn: vios.Date(p.db.Now()).AddDate(0, 0, 14),
		Participants: 12, Trainer: "Stichting School & Veiligheid", Emails: []string{"deelnemer@school.example"}}
	if err := p.db.Trainings.CreateTraining(ctx, tr); err != nil {
		t.Fatal(err)
	}
	s.TrainingID = tr.ID
	if err := p.db.Trainings.RecordTrainingSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.Trainings.SendTrainingQuestionnaires(ctx); err != nil {
		t.Fatal(err)
	}
	mails, err := p.db.Accounts.ListMail(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, mail := range mails {
		if mail.Recipient == "deelnemer@school.example" {
			p.records["evaluatie"] = evaluationToken.FindStringSubmatch(mail.Body)[1]
		}
	}
	p.records["training"] = tr.ID
}
