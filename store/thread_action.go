package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// MessageToAction makes a message an action item of its network. Actions
// live on a meeting: the latest one that began (its open actions are
// followed up in the next), or the next planned one when none did. Only
// who runs the network's meetings may (ActionRunMeeting), as in a meeting.
// The deadline may not lie before today; the owner is a current member
// and the action's organisation the one they sit there for. The title is
// the maker's text: the web fills it in with each pupil as their code.
func (db *Networks) MessageToAction(ctx context.Context, municipalityID, id string, a *vios.ActionItem) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, _, _, err := tx.ownMessage(ctx, municipalityID, id, nil)
		if err != nil {
			return err
		}
		if m.ActionID != "" {
			return vios.Errorf(vios.ECONFLICT, "Van dit bericht is al een actiepunt gemaakt.")
		}
		meetingID, err := tx.followUpMeeting(ctx, municipalityID, m.NetworkID)
		if err == sql.ErrNoRows {
			return vios.Errorf(vios.ECONFLICT, "Dit netwerk heeft nog geen overleg: een actiepunt hoort bij een overleg, plan er eerst een.")
		} else if err != nil {
			return err
		}
		meeting, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, meetingID, time.Time{})
		if err != nil {
			return err
		}
		a.MunicipalityID = municipalityID
		if err := a.Validate(tx.now); err != nil {
			return err
		}
		if err := tx.insertAction(ctx, meeting, a, vios.Date(tx.now)); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE messages SET action_id = ? WHERE id = ?`, a.ID, m.ID); err != nil {
			return err
		}
		if err := tx.threadChanged(ctx, municipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bericht-actiepunt", ObjectType: "bericht", ObjectID: m.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
}

// followUpMeeting returns the meeting a network's new action without a
// meeting of its own lives on: the latest that began (its open actions are
// followed up in the next), or the next planned one when none did;
// sql.ErrNoRows when the network has none.
func (tx *Tx) followUpMeeting(ctx context.Context, municipalityID, networkID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `SELECT id FROM meetings WHERE network_id = ? AND municipality_id = ? AND status <> ? AND starts_at <= ?
		ORDER BY starts_at DESC LIMIT 1`, networkID, municipalityID, vios.MeetingCancelled, tx.now).Scan(&id)
	if err == sql.ErrNoRows {
		err = tx.queryRow(ctx, `SELECT id FROM meetings WHERE network_id = ? AND municipality_id = ? AND status <> ?
			ORDER BY starts_at LIMIT 1`, networkID, municipalityID, vios.MeetingCancelled).Scan(&id)
	}
	return id, err
}
