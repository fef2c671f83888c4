package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// challengeTTL is how long a WebAuthn ceremony may take.
const challengeTTL = 5 * time.Minute

// SaveChallenge keeps the server side of a WebAuthn ceremony for a session.
func (db *Accounts) SaveChallenge(ctx context.Context, sessionID, purpose, data string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `DELETE FROM webauthn_challenges WHERE (session_id = ? AND purpose = ?) OR created_at < ?`,
			sessionID, purpose, tx.now.Add(-time.Hour)); err != nil {
			return err
		}
		return tx.exec(ctx, `INSERT INTO webauthn_challenges (session_id, purpose, data, created_at) VALUES (?, ?, ?, ?)`,
			sessionID, purpose, data, tx.now)
	})
}

// TakeChallenge returns and removes the challenge of a session: a ceremony
// can be finished once, within five minutes.
func (db *Accounts) TakeChallenge(ctx context.Context, sessionID, purpose string) (string, error) {
	var data string
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT data FROM webauthn_challenges WHERE session_id = ? AND purpose = ? AND created_at > ?`,
			sessionID, purpose, tx.now.Add(-challengeTTL)).Scan(&data); err != nil {
			return errNoRows(err, "De passkey-controle is verlopen. Probeer het opnieuw.")
		}
		return tx.exec(ctx, `DELETE FROM webauthn_challenges WHERE session_id = ? AND purpose = ?`, sessionID, purpose)
	})
	return data, err
}

// ListPasskeys returns the passkeys of a user.
func (db *Accounts) ListPasskeys(ctx context.Context, userID string) ([]*vios.Passkey, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, name, credential, created_at, last_used_at FROM passkeys WHERE user_id = ? ORDER BY created_at`, userID)
	return scanAll(rows, err, func(s scanner) (*vios.Passkey, error) {
		p := &vios.Passkey{}
		var used sql.NullTime
		if err := s.Scan(&p.ID, &p.UserID, &p.Name, &p.Credential, &p.CreatedAt, &used); err != nil {
			return nil, err
		}
		if used.Valid {
			p.LastUsedAt = &used.Time
		}
		return p, nil
	})
}

// AddPasskey stores a new passkey of a user, with its audit record.
func (db *Accounts) AddPasskey(ctx context.Context, p *vios.Passkey) error {
	return db.inTx(ctx, func(tx *Tx) error {
		p.CreatedAt = tx.now
		if err := tx.exec(ctx, `INSERT INTO passkeys (id, user_id, name, credential, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.ID, p.UserID, p.Name, p.Credential, tx.now); err != nil {
			if isUniqueViolation(err) {
				return vios.Errorf(vios.ECONFLICT, "Deze passkey is al geregistreerd.")
			}
			return err
		}
		return tx.audit(ctx, Audit{Action: "passkey-toegevoegd", ObjectType: "gebruiker", ObjectID: p.UserID, UserID: p.UserID})
	})
}

// UsePasskey stores the credential after a login (its sign counter moves on).
func (db *Accounts) UsePasskey(ctx context.Context, userID, id, credential string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE passkeys SET credential = ?, last_used_at = ? WHERE id = ? AND user_id = ?`, credential, tx.now, id, userID)
	})
}

// RemovePasskey removes a passkey of the user.
func (db *Accounts) RemovePasskey(ctx context.Context, userID, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM passkeys WHERE id = ? AND user_id = ?`), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze passkey bestaat niet.")
		}
		// Without a passkey an own device cannot log in; the mark goes too,
		// so that a passkey added later does not revive it.
		if err := tx.exec(ctx, `DELETE FROM own_devices WHERE user_id = ? AND NOT EXISTS
			(SELECT 1 FROM passkeys WHERE user_id = ?)`, userID, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "passkey-verwijderd", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}
