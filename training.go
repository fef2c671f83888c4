package vios

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Trainings: a platform-wide catalogue of trainings, workshops and
// masterclasses, the sessions schools hold, and what the participants say of
// them. Participants answer anonymously through a one-time link that the
// platform mails before the session and three months after: a rating of the
// session and a short questionnaire of the trained skill (statements scored
// 1–5), so the catalogue can show per training whether it works. Results are
// shown only above TrainingMinRespondents answers, across all
// municipalities: never per school or per session.

// Kinds of training in the catalogue.
var TrainingKinds = []Label{
	{"training", "Training"},
	{"workshop", "Workshop"},
	{"masterclass", "Masterclass"},
}

func TrainingKindLabel(code string) string { return labelOf(TrainingKinds, code) }

// The two moments a participant is asked: before the session and after.
const (
	PhaseBefore = "voor"
	PhaseAfter  = "na"
)

// TrainingMinRespondents: results show only with more answers than this,
// so that no one's answers can be read from a figure.
const TrainingMinRespondents = 10

// TrainingResultStep: a result changes only when this many new answers
// have come in, so that comparing the figure before and after someone
// answered tells no one's answer.
const TrainingResultStep = 5

// TrainingFollowUp is how long after the session the second questionnaire
// goes out; TrainingAnswerWindow how long its link works.
const (
	TrainingFollowUpMonths = 3
	TrainingAnswerWindow   = 30 * 24 * time.Hour
)

// DefaultTrainingStatements are asked when a training names none of its own.
var DefaultTrainingStatements = []string{
	"Ik herken signalen van dit thema bij leerlingen.",
	"Ik weet wat ik moet doen als ik zo'n signaal zie.",
	"Ik weet bij wie ik op school en bij partners terechtkan.",
	"Ik voel me zeker genoeg om een leerling hierop aan te spreken.",
}

// Training is one offer in the catalogue. MunicipalityID is "" for an entry
// of the landelijk role; a municipality's entry shows its name.
type Training struct {
	ID               string
	MunicipalityID   string
	MunicipalityName string
	MunicipalitySlug string
	Kind             string
	Title            string
	Provider         string
	TargetGroup      string
	Duration         string // as the provider says it: "2 dagdelen"
	Cost             string // "€ 450 per groep", "gratis"
	Description      string
	Themes           []string // codes of DefaultPhenomena
	SchoolTypes      []string // codes of SchoolTypes
	Statements       []string // nil: DefaultTrainingStatements
	CreatedAt        time.Time

	// NoNameConfirmed: the writer confirms that a text that looks as if it
	// names someone names no person (the catalogue is read platform-wide).
	NoNameConfirmed bool

	// Result is the aggregate over every session on the platform.
	Result TrainingResult
}

// Questions returns the training's statements, or the default set.
func (t *Training) Questions() []string {
	if len(t.Statements) > 0 {
		return t.Statements
	}
	return DefaultTrainingStatements
}

// TrainingResult is what the participants said of a training, across all
// municipalities. The means are set only when Shown.
type TrainingResult struct {
	Respondents       int // answers after the session (with a rating)
	BeforeRespondents int
	Rating            float64
	Before, After     float64
}

// Shown reports whether there are enough answers after the session.
func (r TrainingResult) Shown() bool { return r.Respondents > TrainingMinRespondents }

// ShowsChange reports whether there are enough answers before and after.
func (r TrainingResult) ShowsChange() bool {
	return r.Shown() && r.BeforeRespondents > TrainingMinRespondents
}

// Change is the mean score after minus the mean score before.
func (r TrainingResult) Change() float64 { return r.After - r.Before }

const maxTrainingText = 5000

// Validate checks every field and reports all problems at once.
func (t *Training) Validate() error {
	var v Validation
	for _, s := range []*string{&t.Title, &t.Provider, &t.TargetGroup, &t.Duration, &t.Cost, &t.Description} {
		*s = strings.TrimSpace(*s)
	}
	v.Check(inList(TrainingKinds, t.Kind), "soort", "Kies de soort: training, workshop of masterclass.")
	v.Check(t.Title != "", "titel", "Vul een titel in.")
	v.Check(t.Provider != "", "aanbieder", "Vul de aanbieder in.")
	for _, f := range []struct{ name, value string }{{"titel", t.Title}, {"aanbieder", t.Provider}, {"doelgroep", t.TargetGroup},
		{"duur", t.Duration}, {"kosten", t.Cost}} {
		v.Check(!tooLong(f.value, maxShort), f.name, "Dit veld heeft hoogstens %d tekens.", maxShort)
	}
	v.Check(!tooLong(t.Description, maxTrainingText), "beschrijving", "De beschrijving heeft hoogstens %d tekens.", maxTrainingText)
	v.Check(len(t.Themes) > 0, "themas", "Kies minstens één thema.")
	for _, c := range t.Themes {
		v.Check(inList(DefaultPhenomena, c), "themas", "Kies de thema's uit de lijst.")
	}
	for _, c := range t.SchoolTypes {
		v.Check(inList(SchoolTypes, c), "schooltypen", "Kies de schooltypen uit de lijst.")
	}
	var statements []string
	for _, s := range t.Statements {
		if s = strings.TrimSpace(s); s != "" {
			statements = append(statements, s)
			v.Check(!tooLong(s, maxShort), "stellingen", "Een stelling heeft hoogstens %d tekens.", maxShort)
		}
	}
	t.Statements = statements
	v.Check(len(statements) == 0 || (len(statements) >= 3 && len(statements) <= 5), "stellingen",
		"Geef 3 tot 5 stellingen, of laat het veld leeg voor de standaardstellingen.")
	if !t.NoNameConfirmed && (MayNameSomeone(t.Description) || MayNameSomeone(t.Provider)) {
		v.Add("geenNaam", "De tekst lijkt een naam van een persoon te bevatten. De catalogus is voor het hele platform: haal de naam weg, of bevestig dat de tekst geen persoon noemt.")
	}
	return v.Err("De training is niet volledig of niet juist.")
}

// TrainingSession is a training held at a school. Trainer may name a person
// and is sealed; the participants' addresses are kept, sealed, only until
// the last questionnaire is sent, and are never read back.
type TrainingSession struct {
	ID             string
	MunicipalityID string
	TrainingID     string
	TrainingTitle  string
	SchoolID       string
	SchoolName     string
	HeldOn         time.Time
	Trainer        string
	Participants   int
	// Emails are the participants' addresses, only on registering.
	Emails []string
	// Answers counts the answers received before and after (no scores: a
	// session is too small a group to show them).
	AnswersBefore, AnswersAfter int
}

const maxParticipants = 500

// Validate checks the session's own fields and reports all problems at once.
func (s *TrainingSession) Validate() error {
	var v Validation
	s.Trainer = strings.TrimSpace(s.Trainer)
	v.Check(ValidID(s.TrainingID), "training", "Kies de training.")
	v.Check(ValidID(s.SchoolID), "school", "Kies de school.")
	v.Check(!s.HeldOn.IsZero(), "datum", "Vul de datum van de sessie in.")
	v.Check(!tooLong(s.Trainer, maxShort), "trainer", "De naam van de trainer heeft hoogstens %d tekens.", maxShort)
	v.Check(s.Participants >= 1 && s.Participants <= maxParticipants, "deelnemers", "Vul het aantal deelnemers in (1 tot %d).", maxParticipants)
	seen := map[string]bool{}
	for _, e := range s.Emails {
		addr, err := mail.ParseAddress(e)
		v.Check(err == nil && addr.Address == e, "emailadressen", "%q is geen e-mailadres.", e)
		v.Check(!seen[strings.ToLower(e)], "emailadressen", "%q staat er twee keer in.", e)
		seen[strings.ToLower(e)] = true
	}
	v.Check(len(s.Emails) <= s.Participants || s.Participants < 1, "emailadressen", "Er zijn meer e-mailadressen dan deelnemers.")
	return v.Err("De sessie is niet volledig of niet juist.")
}

// SplitEmails reads addresses separated by lines, commas or spaces.
func SplitEmails(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' || r == ' ' || r == '\t' })
}

// Evaluation is one anonymous answer through a one-time link.
type Evaluation struct {
	Phase  string
	Rating int   // 1–5, after the session only
	Scores []int // one per statement, 1–5
}

// EvaluationForm is what a one-time link opens: the training's statements
// and until when the link works.
type EvaluationForm struct {
	Phase         string
	TrainingTitle string
	HeldOn        time.Time
	Statements    []string
	ValidUntil    time.Time
}

// Validate checks the answer against the form.
func (e *Evaluation) Validate(f *EvaluationForm) error {
	var v Validation
	if f.Phase == PhaseAfter {
		v.Check(e.Rating >= 1 && e.Rating <= 5, "waardering", "Geef de sessie een cijfer van 1 tot 5.")
	} else {
		e.Rating = 0
	}
	v.Check(len(e.Scores) == len(f.Statements), "stellingen", "Beantwoord elke stelling.")
	for i, s := range e.Scores {
		v.Check(s >= 1 && s <= 5, fmt.Sprintf("stelling-%d", i+1), "Kies bij elke stelling 1 tot 5.")
	}
	return v.Err("Uw antwoorden zijn niet opgeslagen: niet alles is ingevuld.")
}

// TrainingFilter narrows the catalogue: "wat werkt bij groepsdruk in het vo?".
type TrainingFilter struct {
	Theme      string
	SchoolType string
}

// TrainingService keeps the catalogue, the sessions and their evaluations.
type TrainingService interface {
	// ListTrainings returns the catalogue matching f, each with its result:
	// the trainings with a measured effect first, largest effect first.
	ListTrainings(ctx context.Context, f TrainingFilter) ([]*Training, error)
	// FindTraining returns one training with its result.
	FindTraining(ctx context.Context, id string) (*Training, error)
	// CreateTraining adds t for t.MunicipalityID ("" for the landelijk role).
	CreateTraining(ctx context.Context, t *Training) error
	// ListTrainingSessions returns the municipality's sessions the actor
	// may see (a school account: its own school's).
	ListTrainingSessions(ctx context.Context, municipalityID string) ([]*TrainingSession, error)
	// RecordTrainingSession records a session held at a school.
	RecordTrainingSession(ctx context.Context, s *TrainingSession) error
	// EvaluationByToken opens the questionnaire of a one-time link.
	EvaluationByToken(ctx context.Context, token string) (*EvaluationForm, error)
	// SubmitEvaluation stores an anonymous answer and spends the link.
	SubmitEvaluation(ctx context.Context, token string, e *Evaluation) error
}
