package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/vios-platform/vios"
)

// Delivery of the push queue, like the mail outbox (outbox.go): a notice is
// queued in the transaction of the change, claimed for MailLease by the
// pusher in package jobs, and leaves the queue only when the push service
// took it (then it is deleted: a notice sent is worth nothing at rest), when
// the device's subscription expired (then the subscription goes too), or it
// stays with its error after vios.MaxPushAttempts.

// ClaimPendingPush returns at most limit due notices with their device and
// reserves them for MailLease, counting the attempt.
func (db *Logs) ClaimPendingPush(ctx context.Context, limit int) ([]*vios.PushMessage, error) {
	if limit <= 0 {
		return nil, nil
	}
	var list []*vios.PushMessage
	err := db.inTx(ctx, func(tx *Tx) error {
		q := `SELECT o.id, o.title, o.body, o.link, o.attempts, s.id, s.user_id, s.endpoint, s.p256dh, s.auth
			FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id
			WHERE o.attempts < ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
			ORDER BY o.created_at, o.id LIMIT ?`
		if db.dialect == Postgres {
			q += ` FOR UPDATE OF o SKIP LOCKED`
		}
		rows, err := tx.QueryContext(ctx, db.rebind(q), vios.MaxPushAttempts, tx.now, limit)
		list, err = scanAll(rows, err, func(sc scanner) (*vios.PushMessage, error) {
			m := &vios.PushMessage{}
			s := &m.Subscription
			return m, sc.Scan(&m.ID, &m.Title, &m.Body, &m.Link, &m.Attempts, &s.ID, &s.UserID, &s.Endpoint, &s.P256dh, &s.Auth)
		})
		if err != nil {
			return fmt.Errorf("claim push: %w", err)
		}
		if len(list) == 0 {
			return nil
		}
		args := []any{tx.now.Add(MailLease)}
		for _, m := range list {
			m.Attempts++
			args = append(args, m.ID)
		}
		return tx.exec(ctx, `UPDATE push_outbox SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id IN (`+placeholders(len(list))+`)`, args...)
	})
	return list, err
}

// MarkPushSent removes a notice the push service accepted and notes when
// the device was last reached.
func (db *Logs) MarkPushSent(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `UPDATE push_subscriptions SET last_used_at = ?
			WHERE id = (SELECT subscription_id FROM push_outbox WHERE id = ?)`, tx.now, id); err != nil {
			return err
		}
		return tx.exec(ctx, `DELETE FROM push_outbox WHERE id = ?`, id)
	})
}

// MarkPushFailed records a failed attempt and schedules the next one after
// MailBackoff; errText must hold no endpoint (the pusher leaves it out).
func (db *Logs) MarkPushFailed(ctx context.Context, id, errText string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var attempts int
		err := tx.queryRow(ctx, `SELECT attempts FROM push_outbox WHERE id = ?`, id).Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		var next any // NULL with attempts at the maximum: given up
		if attempts < vios.MaxPushAttempts {
			next = tx.now.Add(MailBackoff(attempts))
		}
		return tx.exec(ctx, `UPDATE push_outbox SET error = ?, next_attempt_at = ? WHERE id = ?`,
			truncate(strings.ToValidUTF8(errText, ""), 300), next, id)
	})
}

// ReleasePush gives a claimed notice back without an attempt.
func (db *Logs) ReleasePush(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE push_outbox SET attempts = attempts - 1, next_attempt_at = NULL WHERE id = ? AND attempts > 0`, id)
	})
}

// ExpirePushSubscription removes a device whose push service answered that
// the subscription is gone (404, 410), with what was queued for it.
func (db *Logs) ExpirePushSubscription(ctx context.Context, subscriptionID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var userID string
		err := tx.queryRow(ctx, `SELECT user_id FROM push_subscriptions WHERE id = ?`, subscriptionID).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM push_subscriptions WHERE id = ?`, subscriptionID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "push-verlopen", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// PendingPush counts the notices not yet sent, failed ones included: for tests
// and the operator.
func (db *Logs) PendingPush(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM push_outbox`).Scan(&n)
	return n, err
}
