package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// Web Push subscriptions, one per device a user opted in on. The endpoint
// is a capability URL: it is checked against the known push services
// (the server will POST to it), unique over all users, and never logged.

func endpointHash(endpoint string) string {
	sum := sha256.Sum256([]byte(endpoint))
	return hex.EncodeToString(sum[:])
}

// ListPushSubscriptions returns the devices of a user, oldest first.
func (db *Accounts) ListPushSubscriptions(ctx context.Context, userID string) ([]*vios.PushSubscription, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, name, endpoint, p256dh, auth, created_at, last_used_at
		FROM push_subscriptions WHERE user_id = ? ORDER BY created_at, id`, userID)
	return scanAll(rows, err, func(s scanner) (*vios.PushSubscription, error) {
		p := &vios.PushSubscription{}
		var used sql.NullTime
		if err := s.Scan(&p.ID, &p.UserID, &p.Name, &p.Endpoint, &p.P256dh, &p.Auth, &p.CreatedAt, &used); err != nil {
			return nil, err
		}
		if used.Valid {
			p.LastUsedAt = &used.Time
		}
		return p, nil
	})
}

// AddPushSubscription stores a device of the acting user. An endpoint that
// is registered already to this user is renewed (new keys, new name); one
// registered to another user is refused and theirs is left alone: the
// browser makes a fresh endpoint when it subscribes anew.
func (db *Accounts) AddPushSubscription(ctx context.Context, s *vios.PushSubscription) error {
	if actor := vios.ActorFromContext(ctx); actor == nil || actor.User == nil || actor.User.ID != s.UserID {
		return vios.Errorf(vios.EFORBIDDEN, "U kunt alleen uw eigen apparaten aanmelden voor meldingen.")
	}
	if err := vios.CheckPushSubscription(s, db.PushHosts); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		hash := endpointHash(s.Endpoint)
		var id, owner string
		err := tx.queryRow(ctx, `SELECT id, user_id FROM push_subscriptions WHERE endpoint_hash = ?`, hash).Scan(&id, &owner)
		switch {
		case err == nil && owner != s.UserID:
			return vios.Errorf(vios.ECONFLICT, "Dit apparaat ontvangt al meldingen voor een ander account. Probeer het opnieuw: de browser maakt dan een nieuwe aanmelding.")
		case err == nil:
			s.ID = id
			if err := tx.exec(ctx, `UPDATE push_subscriptions SET name = ?, p256dh = ?, auth = ? WHERE id = ?`,
				s.Name, s.P256dh, s.Auth, id); err != nil {
				return err
			}
		case errors.Is(err, sql.ErrNoRows):
			s.ID, s.CreatedAt = uuid.NewString(), tx.now
			if err := tx.exec(ctx, `INSERT INTO push_subscriptions (id, user_id, name, endpoint, endpoint_hash, p256dh, auth, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, s.Name, s.Endpoint, hash, s.P256dh, s.Auth, tx.now); err != nil {
				if isUniqueViolation(err) {
					return vios.Errorf(vios.ECONFLICT, "Dit apparaat is zojuist al aangemeld.")
				}
				return err
			}
		default:
			return err
		}
		return tx.audit(ctx, Audit{Action: "push-aangezet", ObjectType: "gebruiker", ObjectID: s.UserID, UserID: s.UserID})
	})
}

// RemovePushSubscription removes a device of the user, with what was still
// queued for it.
func (db *Accounts) RemovePushSubscription(ctx context.Context, userID, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?`), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit apparaat is niet (meer) aangemeld voor meldingen.")
		}
		return tx.audit(ctx, Audit{Action: "push-uitgezet", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// notifyUser queues a mail to the address and, in the same transaction, the
// push notice for every device of the user with that address: both go out
// or neither is acknowledged.
func notifyUser(ctx context.Context, tx *Tx, email string, mail notify.Mail, push notify.Push) error {
	if err := queueMail(ctx, tx, email, mail.Subject, mail.Body); err != nil {
		return err
	}
	return queuePush(ctx, tx, email, push)
}

// queuePush queues a content-free notice for every device of the enabled
// user with the address.
func queuePush(ctx context.Context, tx *Tx, email string, p notify.Push) error {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT s.id FROM push_subscriptions s JOIN users u ON u.id = s.user_id
		WHERE LOWER(u.email) = LOWER(?) AND NOT u.disabled ORDER BY s.id`), email)
	ids, err := scanAll(rows, err, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.exec(ctx, `INSERT INTO push_outbox (id, subscription_id, created_at, title, body, link) VALUES (?, ?, ?, ?, ?, ?)`,
			uuid.NewString(), id, tx.now, p.Title, p.Body, p.Link); err != nil {
			return err
		}
	}
	return nil
}

// QueuePush queues a notice for the devices of the user with the address,
// in a transaction of its own: for work that queues its mail likewise.
func (db *Accounts) QueuePush(ctx context.Context, email string, p notify.Push) error {
	return db.inTx(ctx, func(tx *Tx) error { return queuePush(ctx, tx, email, p) })
}
