package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Work on an open case: notes, actions agreed for it at a meeting, closing.

// AddCaseNote adds news to an open case (sealed: it may name people). It
// answers "what happened since?", so the next question moves a full
// interval on.
func (db *Casework) AddCaseNote(ctx context.Context, municipalityID, caseID, text string) error {
	text = strings.TrimSpace(text)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		c, err := tx.caseForChange(ctx, municipalityID, caseID, vios.ActionEnterSignal, nil)
		if err != nil {
			return err
		}
		var v vios.Validation
		v.Check(text != "", "notitie", "Schrijf wat er sinds de vorige keer is gebeurd.")
		v.Check(len([]rune(text)) <= 2000, "notitie", "Een notitie mag hoogstens 2.000 tekens lang zijn.")
		if err := v.Err("De notitie is niet opgeslagen."); err != nil {
			return err
		}
		id := uuid.NewString()
		sealed, err := db.seal(municipalityID, "case_notes", id, "text_sealed", text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO case_notes (id, municipality_id, case_id, author_id, text_sealed, key_version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, municipalityID, c.ID, vios.ActorFromContext(ctx).User.ID, sealed,
			db.activeKey(municipalityID), tx.now.UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		next := vios.Date(tx.now).AddDate(0, 0, c.ReviewEveryDays)
		if err := tx.exec(ctx, `UPDATE cases SET next_review_on = ? WHERE id = ?`, next, c.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "casus-notitie", ObjectType: "casus", ObjectID: c.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "casus-notitie", municipalityID, casePupils([]*vios.Case{c})...)
	})
}

// AddCaseAction agrees an action for the case: an action item, followed
// up like any other, of the meeting the case was agreed in — or, once that
// meeting's minutes are approved, of the network's latest meeting whose
// minutes are still open (approved minutes do not change).
func (db *Casework) AddCaseAction(ctx context.Context, municipalityID, caseID string, a *vios.ActionItem) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		c, err := tx.caseForChange(ctx, municipalityID, caseID, vios.ActionDirectCase, nil)
		if err != nil {
			return err
		}
		today := vios.Date(tx.now)
		a.MunicipalityID = municipalityID
		if err := a.Validate(today); err != nil {
			return err
		}
		m, err := tx.caseMeeting(ctx, c)
		if err != nil {
			return err
		}
		if err := tx.insertAction(ctx, m, a, today); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO case_actions (case_id, action_id, municipality_id) VALUES (?, ?, ?)`,
			c.ID, a.ID, municipalityID); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "casus-actie", municipalityID, casePupils([]*vios.Case{c})...)
	})
}

// caseMeeting is the meeting a case's new action belongs to.
func (tx *Tx) caseMeeting(ctx context.Context, c *vios.Case) (*vios.Meeting, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+meetingColumns+` FROM meetings m JOIN networks n ON n.id = m.network_id
		WHERE m.network_id = ? AND m.municipality_id = ? AND m.starts_at <= ? AND m.status <> ? ORDER BY m.starts_at DESC, m.id`),
		c.NetworkID, c.MunicipalityID, tx.now.UTC(), vios.MeetingCancelled)
	held, err := scanAll(rows, err, tx.db.Networks.scanMeeting)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		return nil, vios.Errorf(vios.ECONFLICT, "Spreek acties af in een overleg: dit netwerk heeft nog geen overleg gehad.")
	}
	var open *vios.Meeting
	for _, m := range held {
		if m.MinutesApprovedAt != nil {
			continue
		}
		if m.ID == c.MeetingID {
			return m, nil
		}
		if open == nil {
			open = m
		}
	}
	if open == nil {
		return nil, vios.Errorf(vios.ECONFLICT, "Het verslag van het laatste overleg is vastgesteld; spreek de actie af in het volgende overleg.")
	}
	return open, nil
}

// CloseCase closes an open case with an outcome and a reason, if nobody
// changed it since basedOn.
func (db *Casework) CloseCase(ctx context.Context, municipalityID, id, outcome, reason string, basedOn time.Time) error {
	reason = strings.TrimSpace(reason)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		// Who may close it first; then what is missing; then whether it changed.
		c, err := tx.caseForChange(ctx, municipalityID, id, vios.ActionDirectCase, nil)
		if err != nil {
			return err
		}
		if err := vios.ValidateClose(outcome, reason); err != nil {
			return err
		}
		if stamp(c.UpdatedAt) != stamp(basedOn) {
			return errCaseChanged
		}
		now := laterStamp(tx.now, c.UpdatedAt)
		// The reason is free text: sealed, and the plan sealed again with
		// it under one key version; close_reason keeps a marker (CHECK).
		var plan string
		if err := tx.queryRow(ctx, `SELECT plan_sealed FROM cases WHERE id = ?`, c.ID).Scan(&plan); err != nil {
			return err
		}
		if plan, err = db.open(municipalityID, "cases", c.ID, "plan_sealed", plan); err != nil {
			return err
		}
		if plan, err = db.seal(municipalityID, "cases", c.ID, "plan_sealed", plan); err != nil {
			return err
		}
		sealedReason, err := db.seal(municipalityID, "cases", c.ID, "close_reason_sealed", reason)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE cases SET status = ?, outcome = ?, close_reason = ?, close_reason_sealed = ?, plan_sealed = ?,
			key_version = ?, closed_at = ?, updated_at = ? WHERE id = ?`, vios.CaseClosed, outcome, shieldedReason, sealedReason, plan,
			db.activeKey(municipalityID), now, now, c.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "casus-gesloten", ObjectType: "casus", ObjectID: c.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "casus-gesloten", municipalityID, casePupils([]*vios.Case{c})...)
	})
}

// openCloseReason opens the sealed reason a closed case was closed for.
func (tx *Tx) openCloseReason(ctx context.Context, c *vios.Case) error {
	if c.CloseReason == "" {
		return nil
	}
	var sealed string
	if err := tx.queryRow(ctx, `SELECT close_reason_sealed FROM cases WHERE id = ?`, c.ID).Scan(&sealed); err != nil {
		return err
	}
	var err error
	c.CloseReason, err = tx.db.openOr(c.MunicipalityID, "cases", c.ID, "close_reason_sealed", sealed, c.CloseReason)
	return err
}
