package store

import (
	"context"
	"time"
)

// EndUserSessions ends every session of a user, as an administrator does
// for someone who lost a laptop.
func (db *DB) EndUserSessions(ctx context.Context, userID, municipalityID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := endAllSessions(ctx, tx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "sessies-beeindigd", ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: municipalityID})
	})
}

// CountRole returns how many active accounts hold role in the municipality.
func (db *DB) CountRole(ctx context.Context, municipalityID, role string) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.municipality_id = ? AND m.role = ? AND NOT u.disabled`, municipalityID, role).Scan(&n)
	return n, err
}

// CountRecentMail counts the mails to a recipient since a time (to limit
// password-reset mails).
func (db *DB) CountRecentMail(ctx context.Context, recipient string, since time.Time) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE recipient = ? AND created_at > ?`, recipient, since).Scan(&n)
	return n, err
}
