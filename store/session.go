package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// CreateSession starts a session for a user whose password was right, and
// writes the login to the audit trail. mfaDone is true when no second factor
// is needed (or it was given already).
func (db *Accounts) CreateSession(ctx context.Context, s *vios.Session, policy vios.SessionPolicy, mfaDone bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = tx.now, tx.now, tx.now.Add(policy.Absolute)
		action := "inloggen-wachtwoord"
		if mfaDone {
			s.MFAAt = &tx.now
			action = "inloggen"
			if err := tx.exec(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, tx.now, s.UserID); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, mfa_at, address, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt,
			nullTime(mfaDone, tx.now), s.Address, truncate(s.UserAgent, 200)); err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "gebruiker", ObjectID: s.UserID, UserID: s.UserID})
	})
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// FindSession returns the live session with id and its user, ENOTFOUND when
// it does not exist, ended, expired, was idle too long, or its user is disabled.
func (db *Accounts) FindSession(ctx context.Context, id string, policy vios.SessionPolicy) (*vios.Session, *vios.User, error) {
	s := &vios.Session{ID: id}
	var mfa sql.NullTime
	var ended sql.NullTime
	var disabled bool
	err := db.queryRow(ctx, `SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_at, s.mfa_method, s.address,
		s.user_agent, s.ended_at, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id).
		Scan(&s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &mfa, &s.MFAMethod, &s.Address, &s.UserAgent, &ended, &disabled)
	if err != nil {
		return nil, nil, errNoRows(err, "Uw sessie is verlopen. Log opnieuw in.")
	}
	now := db.Now()
	if ended.Valid || disabled || !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) > policy.Idle {
		return nil, nil, vios.Errorf(vios.ENOTFOUND, "Uw sessie is verlopen. Log opnieuw in.")
	}
	if mfa.Valid {
		t := mfa.Time.UTC()
		s.MFAAt = &t
	}
	u, err := db.FindUserByID(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

// TouchSession records activity, at most once a minute per session so that
// reading pages does not turn into a write per request.
func (db *Accounts) TouchSession(ctx context.Context, s *vios.Session) error {
	if db.Now().Sub(s.LastSeenAt) < time.Minute {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL`, tx.now, s.ID)
	})
}

// CompleteMFA marks the second factor given, replacing the session id with a
// new one (the old cookie value becomes worthless).
func (db *Accounts) CompleteMFA(ctx context.Context, oldID, newID, method string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var userID string
		if err := tx.queryRow(ctx, `SELECT user_id FROM sessions WHERE id = ? AND ended_at IS NULL`, oldID).Scan(&userID); err != nil {
			return errNoRows(err, "Uw sessie is verlopen. Log opnieuw in.")
		}
		if err := tx.exec(ctx, `UPDATE sessions SET id = ?, mfa_at = ?, mfa_method = ?, last_seen_at = ? WHERE id = ?`,
			newID, tx.now, method, tx.now, oldID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, tx.now, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "inloggen-" + method, ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// ListSessions returns the live sessions of a user, newest first.
func (db *Accounts) ListSessions(ctx context.Context, userID string) ([]*vios.Session, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, created_at, last_seen_at, expires_at, address, user_agent
		FROM sessions WHERE user_id = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at DESC`, userID, db.Now())
	return scanAll(rows, err, func(r scanner) (*vios.Session, error) {
		s := &vios.Session{}
		return s, r.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.Address, &s.UserAgent)
	})
}

// EndSession ends one session of userID. action names why in the audit trail
// ("uitloggen", "sessie-beeindigd").
func (db *Accounts) EndSession(ctx context.Context, userID, id, action string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE sessions SET ended_at = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL`), tx.now, id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze sessie bestaat niet of is al beëindigd.")
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "sessie", ObjectID: id[:16]})
	})
}

// endAllSessions ends every session of a user within tx, and forgets their
// own devices: whatever ends the sessions (blocking the user, an
// administrator for a lost laptop, a password reset) must not leave a
// device that logs in again with one touch.
func endAllSessions(ctx context.Context, tx *Tx, userID string) error {
	if err := tx.exec(ctx, `DELETE FROM own_devices WHERE user_id = ?`, userID); err != nil {
		return err
	}
	return tx.exec(ctx, `UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL`, tx.now, userID)
}

// RecordLoginFailure counts a failed login against each subject (the account
// and the address) and writes it to the audit trail. userID is empty when
// no account has the address that was tried.
func (db *Accounts) RecordLoginFailure(ctx context.Context, userID, reason string, subjects ...string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		for _, s := range subjects {
			if err := tx.exec(ctx, `INSERT INTO login_failures (subject, at) VALUES (?, ?)`, s, tx.now); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "inloggen-mislukt", ObjectType: "gebruiker", ObjectID: userID, UserID: userID,
			Outcome: vios.OutcomeFailed, LegalBasis: reason})
	})
}

// LoginFailures returns how many failures subject had since, and the oldest.
func (db *Accounts) LoginFailures(ctx context.Context, subject string, since time.Time) (int, time.Time, error) {
	// Counted in Go: SQLite returns aggregates of times as text.
	rows, err := db.query(ctx, `SELECT at FROM login_failures WHERE subject = ? AND at > ? ORDER BY at`, subject, since)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer rows.Close()
	n, oldest := 0, time.Time{}
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return 0, time.Time{}, err
		}
		if n == 0 {
			oldest = at.UTC()
		}
		n++
	}
	return n, oldest, rows.Err()
}

// ClearLoginFailures forgets the failures of subject after a good login.
func (db *Accounts) ClearLoginFailures(ctx context.Context, subject string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `DELETE FROM login_failures WHERE subject = ?`, subject)
	})
}

// RecordDenied writes a denied access to the audit trail.
func (db *Accounts) RecordDenied(ctx context.Context, action, objectType, objectID, municipalityID string) error {
	ctx = withoutIdempotencyClaim(ctx) // a denial is not the write a key guards
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.audit(ctx, Audit{Action: "toegang-geweigerd:" + action, ObjectType: objectType, ObjectID: objectID,
			MunicipalityID: municipalityID, Outcome: vios.OutcomeDenied})
	})
}
