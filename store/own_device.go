package store

import (
	"context"
	"database/sql"

	"github.com/vios-platform/vios"
)

// Own devices: where a user marked a device as their own, the login page
// offers their passkey at once. The cookie's id is random and only its
// hash is stored; the row says nothing about the person but whose it is.

// AddOwnDevice marks a device as the user's own, with its audit record.
func (db *Accounts) AddOwnDevice(ctx context.Context, userID, idHash, name string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM own_devices WHERE user_id = ?`, userID).Scan(&n); err != nil {
			return err
		}
		if n >= vios.MaxOwnDevices {
			return vios.Errorf(vios.ECONFLICT, "U heeft al %d eigen apparaten. Vergeet er eerst een.", vios.MaxOwnDevices)
		}
		if err := tx.exec(ctx, `INSERT INTO own_devices (id_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)`,
			idHash, userID, name, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "eigen-apparaat-gemarkeerd", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// ListOwnDevices returns the user's own devices, the newest first.
func (db *Accounts) ListOwnDevices(ctx context.Context, userID string) ([]*vios.OwnDevice, error) {
	rows, err := db.query(ctx, `SELECT id_hash, user_id, name, created_at, last_used_at FROM own_devices WHERE user_id = ?
		ORDER BY created_at DESC, id_hash`, userID)
	return scanAll(rows, err, func(s scanner) (*vios.OwnDevice, error) {
		d := &vios.OwnDevice{}
		var used sql.NullTime
		if err := s.Scan(&d.IDHash, &d.UserID, &d.Name, &d.CreatedAt, &used); err != nil {
			return nil, err
		}
		d.CreatedAt, d.LastUsedAt = d.CreatedAt.UTC(), utcPtr(used)
		return d, nil
	})
}

// FindOwnDevice returns the user of a device and notes that it was used.
func (db *Accounts) FindOwnDevice(ctx context.Context, idHash string) (*vios.User, error) {
	var userID string
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT user_id FROM own_devices WHERE id_hash = ?`, idHash).Scan(&userID); err != nil {
			return errNoRows(err, "Dit apparaat is niet (meer) als eigen apparaat bekend.")
		}
		return tx.exec(ctx, `UPDATE own_devices SET last_used_at = ? WHERE id_hash = ?`, tx.now, idHash)
	})
	if err != nil {
		return nil, err
	}
	return db.FindUserByID(ctx, userID)
}

// ForgetOwnDevice removes the mark of one of the user's devices.
func (db *Accounts) ForgetOwnDevice(ctx context.Context, userID, idHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM own_devices WHERE id_hash = ? AND user_id = ?`), idHash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit apparaat is niet (meer) als eigen apparaat bekend.")
		}
		return tx.audit(ctx, Audit{Action: "eigen-apparaat-vergeten", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// CreateDeviceSession starts a complete session after the passkey login on
// an own device (the handler checked the passkey, with user verification).
// The device, the user and a passkey are checked again in the session's
// transaction, so that a device forgotten or a user blocked during the
// ceremony does not log in.
func (db *Accounts) CreateDeviceSession(ctx context.Context, s *vios.Session, policy vios.SessionPolicy, idHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM own_devices d JOIN users u ON u.id = d.user_id
			WHERE d.id_hash = ? AND d.user_id = ? AND NOT u.disabled AND EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = d.user_id)`,
			idHash, s.UserID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit apparaat is niet (meer) als eigen apparaat bekend.")
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.MFAAt = tx.now, tx.now, tx.now.Add(policy.Absolute), &tx.now
		s.MFAMethod = "passkey-eigen-apparaat"
		if err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, mfa_at, mfa_method, address, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, tx.now, s.MFAMethod,
			s.Address, truncate(s.UserAgent, 200)); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, tx.now, s.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "inloggen-apparaat", ObjectType: "gebruiker", ObjectID: s.UserID, UserID: s.UserID})
	})
}
