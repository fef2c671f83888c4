package store

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Trainings keeps the training catalogue, the sessions at schools and their
// anonymous evaluations. The catalogue and its results are read across
// municipalities (no tenant set; every logged-in account reads them), a
// session in its municipality.
type Trainings struct{ *DB }

const trainingNotFound = "Deze training staat niet in de catalogus."

const trainingColumns = `t.id, COALESCE(t.municipality_id, ''), COALESCE(m.name, ''), COALESCE(m.slug, ''), t.kind, t.title, t.provider, t.target_group,
	t.duration, t.cost, t.description, t.themes, t.school_types, t.statements, t.created_at`

const trainingFrom = ` FROM trainings t LEFT JOIN municipalities m ON m.id = t.municipality_id`

func scanTraining(s scanner) (*vios.Training, error) {
	t := &vios.Training{}
	var themes, types, statements string
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.MunicipalityName, &t.MunicipalitySlug, &t.Kind, &t.Title, &t.Provider, &t.TargetGroup,
		&t.Duration, &t.Cost, &t.Description, &themes, &types, &statements, &t.CreatedAt)
	t.Themes, t.SchoolTypes = splitCodes(themes), splitCodes(types)
	if statements != "" {
		t.Statements = strings.Split(statements, "\n")
	}
	return t, err
}

// loggedIn refuses a reader without an account: the catalogue and its
// results are for the platform's users.
func loggedIn(ctx context.Context) error {
	if a := vios.ActorFromContext(ctx); a == nil || (a.User == nil && a.System == "") {
		return vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	return nil
}

// ListTrainings returns the catalogue matching f, the trainings with a
// measured effect first (largest first), then the others by title.
func (db *Trainings) ListTrainings(ctx context.Context, f vios.TrainingFilter) ([]*vios.Training, error) {
	if err := loggedIn(ctx); err != nil {
		return nil, err
	}
	var v vios.Validation
	v.Check(f.Theme == "" || isPhenomenon(f.Theme), "thema", "Kies een thema uit de lijst.")
	v.Check(f.SchoolType == "" || isSchoolType(f.SchoolType), "schooltype", "Kies een schooltype uit de lijst.")
	if err := v.Err("Het filter is niet juist."); err != nil {
		return nil, err
	}
	where, args := []string{"1 = 1"}, []any{}
	if f.Theme != "" {
		where, args = append(where, "t.themes LIKE ?"), append(args, "%,"+f.Theme+",%")
	}
	if f.SchoolType != "" {
		where, args = append(where, "t.school_types LIKE ?"), append(args, "%,"+f.SchoolType+",%")
	}
	var list []*vios.Training
	err := db.readInTenant(ctx, "", func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+trainingColumns+trainingFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY t.title, t.id`), args...)
		if list, err = scanAll(rows, err, scanTraining); err != nil {
			return err
		}
		return db.attachResults(ctx, q, list)
	})
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i].Result, list[j].Result
		if a.ShowsChange() != b.ShowsChange() {
			return a.ShowsChange()
		}
		return a.ShowsChange() && a.Change() > b.Change()
	})
	return list, err
}

func isPhenomenon(code string) bool {
	for _, l := range vios.DefaultPhenomena {
		if l.Code == code {
			return true
		}
	}
	return false
}

func isSchoolType(code string) bool {
	for _, l := range vios.SchoolTypes {
		if l.Code == code {
			return true
		}
	}
	return false
}

// FindTraining returns one training with its result.
func (db *Trainings) FindTraining(ctx context.Context, id string) (*vios.Training, error) {
	if err := loggedIn(ctx); err != nil {
		return nil, err
	}
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, trainingNotFound)
	}
	var t *vios.Training
	err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		if t, err = scanTraining(q.QueryRowContext(ctx, db.rebind(`SELECT `+trainingColumns+trainingFrom+` WHERE t.id = ?`), id)); err != nil {
			return errNoRows(err, trainingNotFound)
		}
		return db.attachResults(ctx, q, []*vios.Training{t})
	})
	return t, err
}

// attachResults sets each training's result from the answers of every
// session on the platform, as last published: the figures move in steps
// of vios.TrainingResultStep answers (tallyTrainingAnswer). A mean leaves
// the store only above the threshold: below it the result holds the
// counts alone, so no page, API answer or export can show a small group's
// scores.
func (db *Trainings) attachResults(ctx context.Context, q querier, list []*vios.Training) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*vios.Training{}
	args := make([]any, 0, len(list))
	for _, t := range list {
		byID[t.ID] = t
		args = append(args, t.ID)
	}
	err := queryEach(ctx, q, db.rebind(`SELECT training_id, phase, shown_answers, shown_score, shown_rating FROM training_results
		WHERE training_id IN (`+placeholders(len(args))+`)`), args, func(r scanner) error {
		var id, phase string
		var n int
		var score float64
		var rating sql.NullFloat64
		if err := r.Scan(&id, &phase, &n, &score, &rating); err != nil {
			return err
		}
		res := &byID[id].Result
		if phase == vios.PhaseBefore {
			res.BeforeRespondents, res.Before = n, score
		} else {
			res.Respondents, res.After, res.Rating = n, score, rating.Float64
		}
		return nil
	})
	for _, t := range list {
		t.Result = hideSmall(t.Result)
	}
	return err
}

// tallyTrainingAnswer adds an answer to its training's running tally, in
// the answer's own transaction, and publishes the tally's means when its
// count reaches a multiple of vios.TrainingResultStep: between those
// moments the catalogue shows the figures of the last one. rating is 0 for
// an answer before the session (which has none).
func (tx *Tx) tallyTrainingAnswer(ctx context.Context, trainingID, phase string, score, rating float64) error {
	if err := tx.exec(ctx, `INSERT INTO training_results (training_id, phase, answers, score_sum, rating_sum, shown_answers, shown_score, shown_rating)
		VALUES (?, ?, 0, 0, 0, 0, 0, 0) ON CONFLICT (training_id, phase) DO NOTHING`, trainingID, phase); err != nil {
		return err
	}
	if err := tx.exec(ctx, `UPDATE training_results SET answers = answers + 1, score_sum = score_sum + ?, rating_sum = rating_sum + ?
		WHERE training_id = ? AND phase = ?`, score, rating, trainingID, phase); err != nil {
		return err
	}
	return tx.exec(ctx, `UPDATE training_results SET shown_answers = answers, shown_score = score_sum / answers, shown_rating = rating_sum / answers
		WHERE training_id = ? AND phase = ? AND answers % ? = 0`, trainingID, phase, vios.TrainingResultStep)
}

// hideSmall clears the means a result may not show, and rounds the others
// to one decimal, as they are shown.
func hideSmall(r vios.TrainingResult) vios.TrainingResult {
	round := func(x float64) float64 { return math.Round(x*10) / 10 }
	if !r.Shown() {
		r.Rating, r.After = 0, 0
	}
	if !r.ShowsChange() {
		r.Before = 0
	}
	r.Rating, r.Before, r.After = round(r.Rating), round(r.Before), round(r.After)
	return r
}

// CreateTraining adds an entry to the catalogue: the landelijk role's
// (MunicipalityID "") or a municipality's.
func (db *Trainings) CreateTraining(ctx context.Context, t *vios.Training) error {
	return db.inTenant(ctx, t.MunicipalityID, func(tx *Tx) error {
		// Who may write comes first: a refusal says nothing about the input.
		if err := tx.authorize(ctx, vios.ActionEditTraining, vios.Resource{MunicipalityID: t.MunicipalityID}, "training", ""); err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		t.ID, t.CreatedAt = uuid.NewString(), tx.now
		var municipality any
		if t.MunicipalityID != "" {
			municipality = t.MunicipalityID
		}
		if err := tx.exec(ctx, `INSERT INTO trainings (id, municipality_id, kind, title, provider, target_group, duration, cost,
			description, themes, school_types, statements, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, municipality, t.Kind, t.Title, t.Provider, t.TargetGroup, t.Duration, t.Cost, t.Description, codes(t.Themes),
			codes(t.SchoolTypes), strings.Join(t.Statements, "\n"), actorUserID(ctx), tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "training-toegevoegd", ObjectType: "training", ObjectID: t.ID, MunicipalityID: t.MunicipalityID})
	})
}
