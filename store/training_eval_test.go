package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

var evaluationLink = regexp.MustCompile(`/evaluatie/([A-Za-z0-9_-]+)`)

// questionnaireLinks returns the tokens of the questionnaire mails queued
// to the participants, by subject, and empties the outbox of them.
func (w *trainingWorld) questionnaireLinks(t *testing.T, subject string) []string {
	t.Helper()
	mails, err := w.db.Logs.ClaimPendingMail(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, m := range mails {
		if strings.HasPrefix(m.Recipient, "deelnemer") && strings.Contains(m.Subject, subject) {
			tokens = append(tokens, evaluationLink.FindStringSubmatch(m.Body)[1])
		}
		if err := w.db.Logs.MarkMailSent(context.Background(), m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return tokens
}

func (w *trainingWorld) result(t *testing.T) vios.TrainingResult {
	t.Helper()
	got, err := w.db.Trainings.FindTraining(w.as(t, "regisseur@den-haag.demo.example"), w.training.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Result
}

// The whole evaluation: seventeen participants get a link before the session
// and, three months later, another; the address is erased then. Each link
// works once and only in its window; an incomplete answer saves nothing.
// The result shows only above ten answers, in Den Haag too, and with it
// the change between before and after; it moves only in steps of five
// answers, so no one's answer can be read from a change of the figure.
func TestTrainingEvaluation(t *testing.T) {
	w := newTrainingWorld(t)
	db := w.db
	now := storetest.Now()
	db.Now = func() time.Time { return now }
	ctx := context.Background()
	var emails []string
	for i := range 17 {
		emails = append(emails, fmt.Sprintf("deelnemer%d@school.example", i+1))
	}
	held := vios.Date(now).AddDate(0, 0, 14)
	s := &vios.TrainingSession{MunicipalityID: w.arnhem, TrainingID: w.training.ID, SchoolID: w.school(t, "school@arnhem.demo.example"),
		HeldOn: held, Participants: 17, Emails: emails}
	if err := db.Trainings.RecordTrainingSession(w.as(t, "regisseur@arnhem.demo.example"), s); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Trainings.SendTrainingQuestionnaires(ctx); err != nil || n != 17 {
		t.Fatalf("questionnaires before: %d, %v", n, err)
	}
	if n, _ := db.Trainings.SendTrainingQuestionnaires(ctx); n != 0 {
		t.Errorf("a second pass queued %d more", n)
	}
	before := w.questionnaireLinks(t, "vooraf")
	if len(before) != 17 {
		t.Fatalf("links before: %d", len(before))
	}
	answer := func(token string, e vios.Evaluation) error { return db.Trainings.SubmitEvaluation(ctx, token, &e) }
	if err := answer(before[0], vios.Evaluation{Scores: []int{2, 2}}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("an incomplete answer: %v", err)
	}
	for i, token := range before[:15] {
		if err := answer(token, vios.Evaluation{Scores: []int{2, 2, 3, 2 + i%2}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := answer(before[0], vios.Evaluation{Scores: []int{5, 5, 5, 5}}); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a link used twice: %v", err)
	}
	// The session's day is over: the sixteenth link no longer works.
	now = held.Add(25 * time.Hour)
	if _, err := db.Trainings.EvaluationByToken(ctx, before[15]); vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(vios.ErrorMessage(err), "verlopen") {
		t.Errorf("opening a link after its window: %v", err)
	}
	if err := answer(before[15], vios.Evaluation{Scores: []int{1, 1, 1, 1}}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("an answer after the window: %v", err)
	}
	if r := w.result(t); r.BeforeRespondents != 15 || r.Shown() || r.Before != 0 {
		t.Errorf("before answers only: %+v", r)
	}

	// Three months on: the second questionnaire, and the addresses erased.
	now = held.AddDate(0, vios.TrainingFollowUpMonths, 0).Add(time.Hour)
	if n, err := db.Trainings.SendTrainingQuestionnaires(ctx); err != nil || n != 17 {
		t.Fatalf("questionnaires after: %d, %v", n, err)
	}
	if n, _ := db.Trainings.SendTrainingQuestionnaires(ctx); n != 0 {
		t.Errorf("a second pass after queued %d more", n)
	}
	after := w.questionnaireLinks(t, "opgeleverd")
	form, err := db.Trainings.EvaluationByToken(ctx, after[0])
	if err != nil || form.Phase != vios.PhaseAfter || len(form.Statements) != 4 || form.TrainingTitle != w.training.Title {
		t.Fatalf("the form after: %+v, %v", form, err)
	}
	for i, token := range after[:14] {
		if err := answer(token, vios.Evaluation{Rating: 4, Scores: []int{4, 4, 4, 3 + i%2}}); err != nil {
			t.Fatal(err)
		}
		if r := w.result(t); r.Respondents != (i+1)/5*5 || r.Shown() || r.Rating != 0 || r.After != 0 {
			t.Errorf("%d answers show: %+v", i+1, r)
		}
	}
	if err := answer(after[14], vios.Evaluation{Rating: 5, Scores: []int{4, 4, 4, 4}}); err != nil {
		t.Fatal(err)
	}
	r := w.result(t)
	if !r.Shown() || !r.ShowsChange() || r.Respondents != 15 || r.Rating != 4.1 || r.Before != 2.4 || r.After != 3.9 {
		t.Errorf("fifteen answers: %+v", r)
	}
	// One more answer, the lowest there is: the figure does not move, so
	// no one can read it from the difference.
	if err := answer(after[15], vios.Evaluation{Rating: 1, Scores: []int{1, 1, 1, 1}}); err != nil {
		t.Fatal(err)
	}
	if got := w.result(t); got != r {
		t.Errorf("the sixteenth answer moved the figure: %+v, was %+v", got, r)
	}
	sessions, err := db.Trainings.ListTrainingSessions(w.as(t, "regisseur@arnhem.demo.example"), w.arnhem)
	if err != nil || sessions[0].AnswersBefore != 15 || sessions[0].AnswersAfter != 16 {
		t.Errorf("the session's counts: %+v, %v", sessions[0], err)
	}
	// The addresses are gone: nothing is sent again, even later.
	now = now.AddDate(1, 0, 0)
	if n, _ := db.Trainings.SendTrainingQuestionnaires(ctx); n != 0 {
		t.Errorf("a year later %d more", n)
	}
	if err := answer(after[16], vios.Evaluation{Rating: 1, Scores: []int{1, 1, 1, 1}}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("an answer a year late: %v", err)
	}
	if got := w.result(t); got != r {
		t.Errorf("refused answers changed the result: %+v, was %+v", got, r)
	}
}
