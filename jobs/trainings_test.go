package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// A session with two participants ahead: the first pass queues their
// questionnaires and wakes the mailer, the next queues nothing; three
// months after the session the second questionnaire goes out, once.
func TestTrainingQuestionnairesOnce(t *testing.T) {
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	db, arnhem, users := demoArnhem(t, &now)
	sys := vios.NewSystemContext(context.Background(), "test")
	tr := &vios.Training{Kind: "workshop", Title: "In gesprek over vapes", Provider: "GGD", Themes: []string{"vapes"}}
	if err := db.Trainings.CreateTraining(sys, tr); err != nil {
		t.Fatal(err)
	}
	held := vios.Date(now).AddDate(0, 0, 7)
	s := &vios.TrainingSession{MunicipalityID: arnhem.ID, TrainingID: tr.ID, SchoolID: users[vios.RoleSchool].Memberships[0].OrganisationID,
		HeldOn: held, Participants: 2, Emails: []string{"een@school.example", "twee@school.example"}}
	if err := db.Trainings.RecordTrainingSession(sys, s); err != nil {
		t.Fatal(err)
	}
	woken := 0
	job := &TrainingQuestionnaires{Store: db.Trainings, Queued: func() { woken++ }}
	pass := func(want int) {
		t.Helper()
		if n, err := job.RunOnce(context.Background()); err != nil || n != want {
			t.Fatalf("pass: %d, %v; want %d", n, err, want)
		}
	}
	pass(2)
	pass(0)
	now = held.AddDate(0, vios.TrainingFollowUpMonths, 0).Add(time.Hour)
	pass(2)
	pass(0)
	if woken != 2 {
		t.Errorf("the mailer was woken %d times, want 2", woken)
	}
}
