package store

import (
	"context"
	"database/sql"

	"github.com/vios-platform/vios"
)

// messageRetention reads a network's own period for its messages (0: the
// clause's) and the clause's period for signals (days).
func (tx *Tx) messageRetention(ctx context.Context, municipalityID, networkID string) (own, clause int, err error) {
	var days sql.NullInt64
	err = tx.queryRow(ctx, `SELECT n.message_retention_days, COALESCE(c.retention_signals, ?) FROM networks n
		LEFT JOIN sharing_clauses c ON c.id = n.clause_id WHERE n.id = ? AND n.municipality_id = ?`,
		vios.MaxRetentionSignals, networkID, municipalityID).Scan(&days, &clause)
	if err != nil {
		return 0, 0, errNoRows(err, "Dit netwerk bestaat niet.")
	}
	return int(days.Int64), clause, nil
}

// MessageRetention returns a network's own period for its thread's
// messages (0: as long as its clause keeps signals) and that period of
// the clause, for who manages the network.
func (db *Networks) MessageRetention(ctx context.Context, municipalityID, networkID string) (own, clause int, err error) {
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorizeInNetwork(ctx, vios.ActionManageNetwork, municipalityID, networkID, "netwerk", networkID); err != nil {
			return err
		}
		own, clause, err = tx.messageRetention(ctx, municipalityID, networkID)
		return err
	})
	return own, clause, err
}

// SetMessageRetention sets a network's own, shorter period for its
// thread's messages: between MinMessageRetention days and the clause's
// period for signals; 0 goes back to the clause's. The retention job
// applies it.
func (db *Networks) SetMessageRetention(ctx context.Context, municipalityID, networkID string, days int) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorizeInNetwork(ctx, vios.ActionManageNetwork, municipalityID, networkID, "netwerk", networkID); err != nil {
			return err
		}
		_, clause, err := tx.messageRetention(ctx, municipalityID, networkID)
		if err != nil {
			return err
		}
		if err := vios.ValidateMessageRetention(days, clause); err != nil {
			return err
		}
		var value any
		if days > 0 {
			value = days
		}
		if err := tx.exec(ctx, `UPDATE networks SET message_retention_days = ? WHERE id = ?`, value, networkID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bewaartermijn-berichten", ObjectType: "netwerk", ObjectID: networkID, MunicipalityID: municipalityID})
	})
}
