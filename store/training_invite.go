package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The questionnaires of a training session. The job mails every participant
// a one-time link before the session (if it is still to come) and three
// months after it. A link names the session and the phase, not the
// participant; an answer names neither the link nor the time of day. Once
// the second link is queued the address is erased.

const (
	evaluationNotFound = "Deze link is ongeldig of al gebruikt. Elke link werkt één keer."
	evaluationExpired  = "De termijn voor deze vragenlijst is verlopen op %s: uw antwoorden kunnen niet meer worden opgeslagen."
)

// newLinkToken returns a random token for a link and its hash (the hash as
// auth.HashToken makes it: the store keeps only the hash).
func newLinkToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, linkTokenHash(token)
}

func linkTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// dueParticipant is a participant whose questionnaire is due.
type dueParticipant struct {
	id, sessionID, sealed, title string
	heldOn                       time.Time
}

// SendTrainingQuestionnaires queues the questionnaires that are due: before
// a session still to come, and three months after one. It returns how many
// mails it queued.
func (db *Trainings) SendTrainingQuestionnaires(ctx context.Context) (int, error) {
	count := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		for _, phase := range []string{vios.PhaseBefore, vios.PhaseAfter} {
			n, err := db.sendQuestionnaires(ctx, municipalityID, phase)
			count += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	return count, err
}

// sendQuestionnaires queues the municipality's due questionnaires of the
// phase, a chunk at a time.
func (db *Trainings) sendQuestionnaires(ctx context.Context, municipalityID, phase string) (int, error) {
	count := 0
	for {
		n, seen, err := db.sendQuestionnaireChunk(ctx, municipalityID, phase)
		count += n
		if err != nil || seen < jobChunk {
			return count, err
		}
		db.betweenChunks()
	}
}

// sendQuestionnaireChunk queues up to jobChunk questionnaires of the phase
// in one transaction. Each participant is claimed by a conditional UPDATE,
// so a second instance of the job sends nothing twice; a claimed
// participant is no longer due, so the next chunk finds the rest.
func (db *Trainings) sendQuestionnaireChunk(ctx context.Context, municipalityID, phase string) (sent, seen int, err error) {
	today := vios.Date(db.Now())
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		due := `p.before_sent_at IS NULL AND p.after_sent_at IS NULL AND s.held_on >= ?`
		column, cutoff := "before_sent_at", today
		if phase == vios.PhaseAfter {
			due, column = `p.after_sent_at IS NULL AND s.held_on <= ?`, "after_sent_at"
			cutoff = today.AddDate(0, -vios.TrainingFollowUpMonths, 0)
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT p.id, p.session_id, p.email_sealed, t.title, s.held_on FROM training_participants p
			JOIN training_sessions s ON s.id = p.session_id JOIN trainings t ON t.id = s.training_id
			WHERE p.municipality_id = ? AND p.email_sealed <> '' AND `+due+` ORDER BY p.id LIMIT ?`), municipalityID, cutoff, jobChunk)
		list, err := scanAll(rows, err, func(r scanner) (dueParticipant, error) {
			var p dueParticipant
			return p, r.Scan(&p.id, &p.sessionID, &p.sealed, &p.title, &p.heldOn)
		})
		if err != nil {
			return err
		}
		seen = len(list)
		var audits []Audit
		for _, p := range list {
			ok, err := tx.sendQuestionnaire(ctx, municipalityID, phase, column, p)
			if err != nil {
				return err
			}
			if ok {
				sent++
				audits = append(audits, Audit{Action: "training-vragenlijst-verstuurd", ObjectType: "trainingssessie", ObjectID: p.sessionID,
					MunicipalityID: municipalityID})
			}
		}
		return tx.auditAll(ctx, audits)
	})
	return sent, seen, err
}

// sendQuestionnaire claims the participant for the phase, makes a one-time
// link and queues its mail; after the session it erases the address.
func (tx *Tx) sendQuestionnaire(ctx context.Context, municipalityID, phase, column string, p dueParticipant) (bool, error) {
	erase := ""
	if phase == vios.PhaseAfter {
		erase = ", email_sealed = ''"
	}
	claimed, err := tx.claim(ctx, `UPDATE training_participants SET `+column+` = ?`+erase+` WHERE id = ? AND `+column+` IS NULL AND email_sealed <> ''`,
		tx.now, p.id)
	if err != nil || !claimed {
		return false, err
	}
	email, err := tx.db.open(municipalityID, "training_participants", p.id, "email_sealed", p.sealed)
	if err != nil {
		return false, err
	}
	// Before: until the end of the session's day; after: a month.
	until := vios.Date(p.heldOn).AddDate(0, 0, 1)
	if phase == vios.PhaseAfter {
		until = tx.now.Add(vios.TrainingAnswerWindow)
	}
	token, hash := newLinkToken()
	if err := tx.exec(ctx, `INSERT INTO training_invitations (token_hash, municipality_id, session_id, phase, valid_until) VALUES (?, ?, ?, ?, ?)`,
		hash, municipalityID, p.sessionID, phase, until); err != nil {
		return false, err
	}
	m := tx.db.Logs.site().TrainingQuestionnaire(token, p.title, phase == vios.PhaseAfter, until)
	return true, queueMail(ctx, tx, email, m.Subject, m.Body)
}

// invitation is what a link's row says.
type invitation struct {
	municipalityID, sessionID, trainingID, phase string
	used                                         bool
	validUntil                                   time.Time
	form                                         vios.EvaluationForm
}

// readInvitation reads the link of token, with its training's statements.
func (db *Trainings) readInvitation(ctx context.Context, q querier, token string) (*invitation, error) {
	if token == "" || len(token) > 100 {
		return nil, vios.Errorf(vios.ENOTFOUND, evaluationNotFound)
	}
	inv := &invitation{}
	var statements string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT i.municipality_id, i.session_id, s.training_id, i.phase, i.used, i.valid_until, t.title,
		s.held_on, t.statements FROM training_invitations i JOIN training_sessions s ON s.id = i.session_id JOIN trainings t ON t.id = s.training_id
		WHERE i.token_hash = ?`), linkTokenHash(token)).Scan(&inv.municipalityID, &inv.sessionID, &inv.trainingID, &inv.phase, &inv.used,
		&inv.validUntil, &inv.form.TrainingTitle, &inv.form.HeldOn, &statements)
	if err != nil {
		return nil, errNoRows(err, evaluationNotFound)
	}
	if inv.used {
		return nil, vios.Errorf(vios.ENOTFOUND, evaluationNotFound)
	}
	t := &vios.Training{}
	if statements != "" {
		t.Statements = strings.Split(statements, "\n")
	}
	inv.form.Phase, inv.form.Statements, inv.form.ValidUntil = inv.phase, t.Questions(), inv.validUntil
	return inv, nil
}

// expired is the refusal of a link past its window.
func (inv *invitation) expired(now time.Time) error {
	if now.Before(inv.validUntil) {
		return nil
	}
	return vios.Errorf(vios.EINVALID, evaluationExpired, inv.validUntil.In(vios.Amsterdam).Format("2-1-2006 15:04"))
}

// EvaluationByToken opens the questionnaire of a one-time link; the link is
// the only key: no account is needed.
func (db *Trainings) EvaluationByToken(ctx context.Context, token string) (*vios.EvaluationForm, error) {
	var inv *invitation
	err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		inv, err = db.readInvitation(ctx, q, token)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &inv.form, inv.expired(db.Now())
}

// SubmitEvaluation stores an anonymous answer and spends the link, in one
// transaction: a refused answer (incomplete, a used link, past its window)
// saves nothing and leaves an unused link as it was.
func (db *Trainings) SubmitEvaluation(ctx context.Context, token string, e *vios.Evaluation) error {
	var inv *invitation
	if err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		inv, err = db.readInvitation(ctx, q, token)
		return err
	}); err != nil {
		return err
	}
	return db.inTenant(ctx, inv.municipalityID, func(tx *Tx) error {
		if err := inv.expired(tx.now); err != nil {
			return err
		}
		if err := e.Validate(&inv.form); err != nil {
			return err
		}
		claimed, err := tx.claim(ctx, `UPDATE training_invitations SET used = 1 WHERE token_hash = ? AND used = 0 AND valid_until > ?`,
			linkTokenHash(token), tx.now)
		if err != nil {
			return err
		} else if !claimed {
			return vios.Errorf(vios.ENOTFOUND, evaluationNotFound)
		}
		var rating any
		if inv.phase == vios.PhaseAfter {
			rating = e.Rating
		}
		scores, sum := make([]string, len(e.Scores)), 0
		for i, s := range e.Scores {
			scores[i], sum = strconv.Itoa(s), sum+s
		}
		id := uuid.NewString()
		if err := tx.exec(ctx, `INSERT INTO training_responses (id, municipality_id, session_id, training_id, phase, rating, scores, score, answered_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, inv.municipalityID, inv.sessionID, inv.trainingID, inv.phase, rating,
			strings.Join(scores, ","), float64(sum)/float64(len(e.Scores)), vios.Date(tx.now)); err != nil {
			return err
		}
		if err := tx.tallyTrainingAnswer(ctx, inv.trainingID, inv.phase, float64(sum)/float64(len(e.Scores)), float64(e.Rating)); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "training-evaluatie-ontvangen", ObjectType: "trainingssessie", ObjectID: inv.sessionID,
			MunicipalityID: inv.municipalityID})
	})
}

// ImportEvaluations enters answers given on paper (and the demo's) for a
// session: each through a one-time link made and spent at once, so they
// are stored exactly as an answer by mail is. Only the platform's own work
// may do it.
func (db *Trainings) ImportEvaluations(ctx context.Context, sessionID string, list []vios.Evaluation) error {
	if a := vios.ActorFromContext(ctx); a == nil || a.User != nil || a.System == "" {
		return vios.Errorf(vios.EFORBIDDEN, "Alleen het platform zelf voert antwoorden in.")
	}
	var municipalityID string
	if err := db.readInTenant(ctx, "", func(q querier) error {
		return errNoRows(q.QueryRowContext(ctx, db.rebind(`SELECT municipality_id FROM training_sessions WHERE id = ?`), sessionID).Scan(&municipalityID),
			"Deze sessie bestaat niet.")
	}); err != nil {
		return err
	}
	for _, e := range list {
		token, hash := newLinkToken()
		if err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
			return tx.exec(ctx, `INSERT INTO training_invitations (token_hash, municipality_id, session_id, phase, valid_until) VALUES (?, ?, ?, ?, ?)`,
				hash, municipalityID, sessionID, e.Phase, tx.now.Add(time.Hour))
		}); err != nil {
			return err
		}
		if err := db.SubmitEvaluation(ctx, token, &e); err != nil {
			return err
		}
	}
	return nil
}
