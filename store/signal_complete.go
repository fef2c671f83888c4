package store

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

// CompleteSignal changes what a quick signal left to its defaults, while
// the signal is open: its date, urgency, phenomenon and description (only
// for a reader who sees the description: nobody overwrites what they cannot
// read), and, while it is not on an agenda yet, its network — only to one
// the actor has a place in. One transaction with its audit entry; the form
// must be based on the signal as it is now (ECONFLICT otherwise).
func (db *Casework) CompleteSignal(ctx context.Context, c *vios.Signal, basedOn time.Time) error {
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		// Two completions at once: the second waits here for the first
		// (SQLite writes one at a time anyway) and then finds it changed.
		if db.dialect == Postgres && vios.ValidID(c.ID) {
			if err := tx.exec(ctx, `SELECT id FROM signals WHERE id = ? FOR UPDATE`, c.ID); err != nil {
				return err
			}
		}
		s, _, err := tx.signalForChange(ctx, c.MunicipalityID, c.ID, vios.ActionCompleteSignal)
		if err != nil {
			return err
		}
		if s.Status != vios.SignalNew && s.Status != vios.SignalOnAgenda {
			return vios.Errorf(vios.ECONFLICT, "Dit signaal is al afgehandeld of een casus geworden en kan niet meer worden aangevuld.")
		}
		if stamp(s.UpdatedAt) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft dit signaal intussen gewijzigd. Uw aanvulling is niet opgeslagen; laad de pagina opnieuw en vul het nog eens aan.")
		}
		named := s.Access.Named()
		if !named && c.Description != "" {
			return vios.Invalid("omschrijving", "U ziet de omschrijving van dit signaal niet en kunt die niet wijzigen.", "Het signaal is niet aangevuld.")
		}
		choices, err := tx.signalChoices(ctx, c.MunicipalityID)
		if err != nil {
			return err
		}
		if err := c.ValidateCompletion(tx.now, choices.Phenomena, named); err != nil {
			return err
		}
		if c.NetworkID == "" {
			c.NetworkID = s.NetworkID
		}
		if c.NetworkID != s.NetworkID {
			if err := tx.checkSignalMove(ctx, s, c.NetworkID); err != nil {
				return err
			}
		}
		// The new version differs from the one read even when the clock
		// has not moved on (two changes within its resolution).
		changed := tx.now.Truncate(time.Microsecond)
		if !changed.After(s.UpdatedAt) {
			changed = s.UpdatedAt.Add(time.Microsecond)
		}
		set := `occurred_on = ?, urgency = ?, phenomenon = ?, network_id = ?, updated_at = ?`
		args := []any{vios.Date(c.OccurredOn), c.Urgency, c.Phenomenon, c.NetworkID, changed}
		if named {
			sealed, err := db.seal(c.MunicipalityID, "signals", s.ID, "description_sealed", c.Description)
			if err != nil {
				return err
			}
			set += `, description_sealed = ?, key_version = ?`
			args = append(args, sealed, db.activeKey(c.MunicipalityID))
		}
		// Day, phenomenon and network move the signal's counts.
		if err := tx.countSignals(ctx, -1, s.ID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE signals SET `+set+` WHERE id = ? AND municipality_id = ?`, append(args, s.ID, c.MunicipalityID)...); err != nil {
			return err
		}
		if err := tx.countSignals(ctx, 1, s.ID); err != nil {
			return err
		}
		if err := tx.requestEvaluations(ctx, c.MunicipalityID, c.NetworkID, s.ID, c.Phenomenon, s.SchoolIDs); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "signaal-aangevuld", ObjectType: "signaal", ObjectID: s.ID, MunicipalityID: c.MunicipalityID}); err != nil {
			return err
		}
		return tx.recordSignalsShown(ctx, "signaal-aangevuld", c.MunicipalityID, []*vios.Signal{s})
	})
}

// checkSignalMove checks a signal may move to another network: not once it
// is on an agenda, and only to a network of the municipality in which the
// actor has a place today.
func (tx *Tx) checkSignalMove(ctx context.Context, s *vios.Signal, networkID string) error {
	if s.Status != vios.SignalNew {
		return vios.Invalid("netwerk", "Dit signaal staat op de agenda van zijn netwerk en blijft in dat netwerk.", "Het signaal is niet aangevuld.")
	}
	if !vios.ValidID(networkID) {
		return vios.Invalid("netwerk", "Kies een netwerk waarin u een plaats heeft.", "Het signaal is niet aangevuld.")
	}
	na, err := tx.networkAccess(ctx, nil, s.MunicipalityID, networkID)
	actor := vios.ActorFromContext(ctx)
	if err != nil || na.network.PlaceOf(actor.User.ID, vios.Date(tx.now)) == "" {
		return vios.Invalid("netwerk", "Kies een netwerk waarin u een plaats heeft.", "Het signaal is niet aangevuld.")
	}
	return nil
}
