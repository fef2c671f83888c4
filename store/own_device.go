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
