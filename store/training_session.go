package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Training sessions: a training held at a school of the municipality. The
// trainer is sealed; the participants' addresses are sealed and kept only
// until the last questionnaire is queued (training_invite.go).

const trainingSessionColumns = `s.id, s.municipality_id, s.training_id, t.title, s.school_id, o.name, s.held_on, s.trainer_sealed,
	s.participants,
	(SELECT COUNT(*) FROM training_responses r WHERE r.municipality_id = s.municipality_id AND r.session_id = s.id AND r.phase = 'voor'),
	(SELECT COUNT(*) FROM training_responses r WHERE r.municipality_id = s.municipality_id AND r.session_id = s.id AND r.phase = 'na')`

// ListTrainingSessions returns the municipality's sessions, newest first:
// every school's for its regisseur and OTSV, the own school's for a school
// account. Only counts of answers, never their scores.
func (db *Trainings) ListTrainingSessions(ctx context.Context, municipalityID string) ([]*vios.TrainingSession, error) {
	if err := db.authorize(ctx, vios.ActionTrainingSessions, vios.Resource{MunicipalityID: municipalityID}, "trainingssessies", ""); err != nil {
		return nil, err
	}
	where, args := "s.municipality_id = ?", []any{municipalityID}
	if school := vios.SchoolOf(vios.ActorFromContext(ctx), municipalityID); school != "" {
		where, args = where+" AND s.school_id = ?", append(args, school)
	}
	var list []*vios.TrainingSession
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+trainingSessionColumns+` FROM training_sessions s
			JOIN trainings t ON t.id = s.training_id JOIN organisations o ON o.id = s.school_id
			WHERE `+where+` ORDER BY s.held_on DESC, s.id LIMIT 500`), args...)
		list, err = scanAll(rows, err, func(r scanner) (*vios.TrainingSession, error) {
			s := &vios.TrainingSession{}
			var sealed string
			if err := r.Scan(&s.ID, &s.MunicipalityID, &s.TrainingID, &s.TrainingTitle, &s.SchoolID, &s.SchoolName, &s.HeldOn, &sealed,
				&s.Participants, &s.AnswersBefore, &s.AnswersAfter); err != nil {
				return nil, err
			}
			var err error
			s.Trainer, err = db.openOr(s.MunicipalityID, "training_sessions", s.ID, "trainer_sealed", sealed, "")
			return s, err
		})
		return err
	})
	return list, err
}

// RecordTrainingSession records a session at a school of the municipality
// with the participants' addresses, for the questionnaires.
func (db *Trainings) RecordTrainingSession(ctx context.Context, s *vios.TrainingSession) error {
	return db.inTenant(ctx, s.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionTrainingSessions, vios.Resource{MunicipalityID: s.MunicipalityID, SchoolID: s.SchoolID},
			"trainingssessie", ""); err != nil {
			return err
		}
		if err := s.Validate(); err != nil {
			return err
		}
		var v vios.Validation
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM trainings WHERE id = ?`, s.TrainingID).Scan(&n); err != nil {
			return err
		}
		v.Check(n == 1, "training", "Kies een training uit de catalogus.")
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND id = ? AND kind = ?`,
			s.MunicipalityID, s.SchoolID, vios.OrgSchool).Scan(&n); err != nil {
			return err
		}
		v.Check(n == 1, "school", "Kies een school van de gemeente.")
		if err := v.Err("De sessie is niet volledig of niet juist."); err != nil {
			return err
		}
		s.ID, s.HeldOn = uuid.NewString(), vios.Date(s.HeldOn)
		trainer := ""
		if s.Trainer != "" {
			var err error
			if trainer, err = tx.db.seal(s.MunicipalityID, "training_sessions", s.ID, "trainer_sealed", s.Trainer); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `INSERT INTO training_sessions (id, municipality_id, training_id, school_id, held_on, trainer_sealed, key_version,
			participants, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.MunicipalityID, s.TrainingID, s.SchoolID,
			s.HeldOn, trainer, tx.db.activeKey(s.MunicipalityID), s.Participants, actorUserID(ctx), tx.now); err != nil {
			return err
		}
		for _, e := range s.Emails {
			id := uuid.NewString()
			sealed, err := tx.db.seal(s.MunicipalityID, "training_participants", id, "email_sealed", e)
			if err != nil {
				return err
			}
			if err := tx.exec(ctx, `INSERT INTO training_participants (id, municipality_id, session_id, email_sealed, key_version)
				VALUES (?, ?, ?, ?, ?)`, id, s.MunicipalityID, s.ID, sealed, tx.db.activeKey(s.MunicipalityID)); err != nil {
				return err
			}
		}
		s.Emails = nil // not kept in memory longer than needed
		return tx.audit(ctx, Audit{Action: "trainingssessie-vastgelegd", ObjectType: "trainingssessie", ObjectID: s.ID, MunicipalityID: s.MunicipalityID})
	})
}

// trainingCounts is the meetlat's evidence of trainings: sessions held
// in [from, to), their participants and the answers received, for the
// municipality or one school. Counts only.
func (e *meetlatEvidence) trainingCounts() (sessions, participants, answers int) {
	where, args := "s.municipality_id = ? AND s.held_on >= ? AND s.held_on < ?", []any{e.m, e.from, e.to}
	if e.school != "" {
		where, args = where+" AND s.school_id = ?", append(args, e.school)
	}
	sessions = e.count(`SELECT COUNT(*) FROM training_sessions s WHERE `+where, args...)
	participants = e.count(`SELECT COALESCE(SUM(s.participants), 0) FROM training_sessions s WHERE `+where, args...)
	answers = e.count(`SELECT COUNT(*) FROM training_responses r JOIN training_sessions s ON s.id = r.session_id WHERE `+where, args...)
	return sessions, participants, answers
}
