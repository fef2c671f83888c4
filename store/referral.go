package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The route of a case: referrals to other tables, each with its status and
// the history of its changes, so anyone who sees the case sees where the
// pupil is. Any current member of the network adds and updates them.

const referralColumns = `r.id, r.municipality_id, r.case_id, COALESCE(r.pupil_id, ''), r.table_code, r.status, r.waiting_since, r.outcome_sealed, r.outcome,
	r.note_sealed, r.note, r.created_by, r.created_at, r.updated_at`

// scanReferral reads a referral and opens its outcome and note; readers
// who see pseudonyms get them blanked (referralsFor).
func (db *Casework) scanReferral(sc scanner) (vios.Referral, error) {
	var r vios.Referral
	var waiting sql.NullTime
	var outcome, plainOutcome, note, plainNote string
	if err := sc.Scan(&r.ID, &r.MunicipalityID, &r.CaseID, &r.PupilID, &r.Table, &r.Status, &waiting, &outcome, &plainOutcome, &note, &plainNote,
		&r.CreatedByID, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	var err error
	if r.Outcome, err = db.openOr(r.MunicipalityID, "referrals", r.ID, "outcome_sealed", outcome, plainOutcome); err != nil {
		return r, err
	}
	if r.Note, err = db.openOr(r.MunicipalityID, "referrals", r.ID, "note_sealed", note, plainNote); err != nil {
		return r, err
	}
	if waiting.Valid {
		d := day(waiting.Time)
		r.WaitingSince = &d
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// caseReferrals reads the referrals of the cases, oldest first, by case id;
// with their status history when history is set.
func (tx *Tx) caseReferrals(ctx context.Context, caseIDs []string, history bool) (map[string][]vios.Referral, error) {
	out := map[string][]vios.Referral{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := idArgs(caseIDs)
	in := `(` + placeholders(len(args)) + `)`
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+referralColumns+` FROM referrals r WHERE r.case_id IN `+in+
		` ORDER BY r.created_at, r.id`), args...)
	list, err := scanAll(rows, err, tx.db.Casework.scanReferral)
	if err != nil {
		return nil, err
	}
	events := map[string][]vios.ReferralEvent{}
	if history && len(list) > 0 {
		rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT e.referral_id, e.id, e.municipality_id, e.status, e.at, e.by_user_id, u.name,
			e.note_sealed, e.note
			FROM referral_events e JOIN referrals r ON r.id = e.referral_id JOIN users u ON u.id = e.by_user_id
			WHERE r.case_id IN `+in+` ORDER BY e.at, e.id`), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id, eventID, municipalityID, sealed, plain string
			var e vios.ReferralEvent
			if err := rows.Scan(&id, &eventID, &municipalityID, &e.Status, &e.At, &e.ByUserID, &e.ByName, &sealed, &plain); err != nil {
				return nil, err
			}
			if e.Note, err = tx.db.openOr(municipalityID, "referral_events", eventID, "note_sealed", sealed, plain); err != nil {
				return nil, err
			}
			e.At = e.At.UTC()
			events[id] = append(events[id], e)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, r := range list {
		r.History = events[r.ID]
		out[r.CaseID] = append(out[r.CaseID], r)
	}
	return out, nil
}

// referralsFor returns the referrals as a reader sees them: notes and
// outcomes are free text that may name people, shown to readers of names
// only; statuses and dates are for everyone who sees the case.
func referralsFor(list []vios.Referral, named bool) []vios.Referral {
	if named {
		return list
	}
	for i := range list {
		list[i].Note, list[i].Outcome = "", ""
		for j := range list[i].History {
			list[i].History[j].Note = ""
		}
	}
	return list
}

// CreateReferral refers one pupil of an open case to a table: requested,
// with the first entry of its history. Each pupil has a route of its own;
// when the case has one pupil, the referral is that pupil's. It returns
// the referral as the actor sees it in its case, read in the same
// transaction: the request is the one processing record of the pupil.
func (db *Casework) CreateReferral(ctx context.Context, r *vios.Referral) (*vios.Referral, error) {
	var seen *vios.Referral
	err := db.inTenant(ctx, r.MunicipalityID, func(tx *Tx) error {
		c, err := tx.caseForChange(ctx, r.MunicipalityID, r.CaseID, vios.ActionEnterSignal, nil)
		if err != nil {
			return err
		}
		if r.PupilID == "" && len(c.Pupils) == 1 {
			r.PupilID = c.Pupils[0].ID
		}
		var pupil error
		if !slices.Contains(c.PupilIDs(), r.PupilID) {
			pupil = vios.Invalid("leerling", "Kies de leerling van deze casus die u verwijst.", "")
		}
		if err := vios.JoinInvalid("De verwijzing is niet opgeslagen.", r.Validate(), pupil); err != nil {
			return err
		}
		r.ID = uuid.NewString()
		r.Status = vios.ReferralRequested
		r.CreatedByID = vios.ActorFromContext(ctx).User.ID
		r.CreatedAt = tx.now.UTC().Truncate(time.Microsecond)
		r.UpdatedAt = r.CreatedAt
		r.WaitingSince, r.Outcome = nil, ""
		note, err := db.seal(r.MunicipalityID, "referrals", r.ID, "note_sealed", r.Note)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO referrals (id, municipality_id, case_id, pupil_id, table_code, status, note, note_sealed, key_version,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`, r.ID, r.MunicipalityID, r.CaseID, r.PupilID, r.Table,
			r.Status, note, db.activeKey(r.MunicipalityID), r.CreatedByID, r.CreatedAt, r.UpdatedAt); err != nil {
			return fmt.Errorf("insert referral: %w", err)
		}
		if err := tx.referralEvent(ctx, r, r.Note); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "verwijzing-aangevraagd", ObjectType: "verwijzing", ObjectID: r.ID, MunicipalityID: r.MunicipalityID}); err != nil {
			return err
		}
		if err := tx.recordPupilsShown(ctx, "verwijzing-aangevraagd", r.MunicipalityID, r.PupilID); err != nil {
			return err
		}
		c, err = tx.caseAsSeen(ctx, r.MunicipalityID, r.CaseID)
		if err != nil {
			return err
		}
		if seen = c.Referral(r.ID); seen == nil {
			return fmt.Errorf("the new referral %s is not in its case", r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return seen, nil
}

// referralEvent records the referral's current status in its history.
func (tx *Tx) referralEvent(ctx context.Context, r *vios.Referral, note string) error {
	id := uuid.NewString()
	sealed, err := tx.db.seal(r.MunicipalityID, "referral_events", id, "note_sealed", note)
	if err != nil {
		return err
	}
	return tx.exec(ctx, `INSERT INTO referral_events (id, municipality_id, referral_id, status, by_user_id, note, note_sealed, key_version, at)
		VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)`, id, r.MunicipalityID, r.ID, r.Status, vios.ActorFromContext(ctx).User.ID,
		sealed, tx.db.activeKey(r.MunicipalityID), r.UpdatedAt)
}

// UpdateReferral sets the status of a referral of an open case, if nobody
// changed it since basedOn: the waiting list counts from the day it was
// put on it, a closing needs an outcome, and a closed or returned referral
// stays as it is (refer again instead).
func (db *Casework) UpdateReferral(ctx context.Context, municipalityID, id, status, outcome, note string, basedOn time.Time) error {
	if !vios.ValidID(id) {
		return vios.Errorf(vios.ENOTFOUND, "Deze verwijzing bestaat niet.")
	}
	outcome, note = strings.TrimSpace(outcome), strings.TrimSpace(note)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var caseID string
		if err := tx.queryRow(ctx, `SELECT case_id FROM referrals WHERE id = ? AND municipality_id = ?`, id, municipalityID).Scan(&caseID); err != nil {
			return errNoRows(err, "Deze verwijzing bestaat niet.")
		}
		// The case is locked first, so two changes of one referral queue
		// and the second is compared with what the first stored.
		c, err := tx.caseForChange(ctx, municipalityID, caseID, vios.ActionEnterSignal, nil)
		if err != nil {
			return err
		}
		r, err := db.scanReferral(tx.queryRow(ctx, `SELECT `+referralColumns+` FROM referrals r WHERE r.id = ?`, id))
		if err != nil {
			return err
		}
		if stamp(r.UpdatedAt) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft deze verwijzing intussen bijgewerkt. Uw wijziging is niet opgeslagen; laad de pagina opnieuw.")
		}
		if err := vios.ValidateReferralStatus(r.Status, status, outcome); err != nil {
			return err
		}
		var v vios.Validation
		v.Check(len([]rune(note)) <= 2000, "toelichting", "De toelichting mag hoogstens 2.000 tekens lang zijn.")
		v.Check(len([]rune(outcome)) <= 2000, "uitkomst", "De uitkomst mag hoogstens 2.000 tekens lang zijn.")
		if err := v.Err("De status van de verwijzing is niet gewijzigd."); err != nil {
			return err
		}
		switch {
		case status != vios.ReferralWaiting:
			r.WaitingSince = nil
		case r.Status != vios.ReferralWaiting || r.WaitingSince == nil:
			today := vios.Date(tx.now)
			r.WaitingSince = &today
		}
		if status == vios.ReferralClosed {
			r.Outcome = outcome
		}
		r.Status = status
		r.UpdatedAt = laterStamp(tx.now, r.UpdatedAt)
		var waiting any
		if r.WaitingSince != nil {
			waiting = *r.WaitingSince
		}
		// Outcome and note are sealed again together, under one version.
		sealedOutcome, err := db.seal(municipalityID, "referrals", r.ID, "outcome_sealed", r.Outcome)
		if err != nil {
			return err
		}
		sealedNote, err := db.seal(municipalityID, "referrals", r.ID, "note_sealed", r.Note)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE referrals SET status = ?, waiting_since = ?, outcome = '', outcome_sealed = ?, note = '',
			note_sealed = ?, key_version = ?, updated_at = ? WHERE id = ?`, r.Status, waiting, sealedOutcome, sealedNote,
			db.activeKey(municipalityID), r.UpdatedAt, r.ID); err != nil {
			return err
		}
		if err := tx.referralEvent(ctx, &r, note); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "verwijzing-bijgewerkt", ObjectType: "verwijzing", ObjectID: r.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "verwijzing-bijgewerkt", municipalityID, casePupils([]*vios.Case{c})...)
	})
}

// FindReferral returns a referral with its history, read through its case:
// ENOTFOUND for someone who may see nothing of the case.
func (db *Casework) FindReferral(ctx context.Context, municipalityID, id string) (*vios.Referral, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze verwijzing bestaat niet.")
	}
	var caseID string
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return errNoRows(q.QueryRowContext(ctx, db.rebind(`SELECT case_id FROM referrals WHERE id = ? AND municipality_id = ?`), id, municipalityID).
			Scan(&caseID), "Deze verwijzing bestaat niet.")
	})
	if err != nil {
		return nil, err
	}
	c, err := db.FindCase(ctx, municipalityID, caseID)
	if err != nil {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze verwijzing bestaat niet.")
	}
	if r := c.Referral(id); r != nil {
		return r, nil
	}
	return nil, vios.Errorf(vios.ENOTFOUND, "Deze verwijzing bestaat niet.")
}
