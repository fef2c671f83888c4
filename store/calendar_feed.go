package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// A personal calendar feed is reached by a secret link; only the hash of
// its token is stored. Making a new link replaces the old one, so a leaked
// link is stopped by renewing or revoking it.

// SetCalendarFeed gives the user a (new) feed token, replacing any old one.
func (db *Accounts) SetCalendarFeed(ctx context.Context, userID, tokenHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO calendar_feeds (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			uuid.NewString(), userID, tokenHash, tx.now); err != nil {
			return fmt.Errorf("insert calendar feed: %w", err)
		}
		return tx.audit(ctx, Audit{Action: "agendakoppeling-gemaakt", ObjectType: "gebruiker", ObjectID: userID})
	})
}

// RevokeCalendarFeed removes the user's feed link.
func (db *Accounts) RevokeCalendarFeed(ctx context.Context, userID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "agendakoppeling-ingetrokken", ObjectType: "gebruiker", ObjectID: userID})
	})
}

// CalendarFeedSince returns when the user's feed link was made, or nil.
func (db *Accounts) CalendarFeedSince(ctx context.Context, userID string) (*time.Time, error) {
	var at time.Time
	err := db.queryRow(ctx, `SELECT created_at FROM calendar_feeds WHERE user_id = ?`, userID).Scan(&at)
	if err != nil {
		return nil, errNoRows(err, "")
	}
	at = at.UTC()
	return &at, nil
}

// CalendarFeedMeetings returns, for the feed token's hash, the meetings of
// every network its user is a current member of, from since on, in every
// municipality where the user still has a role; ENOTFOUND for an unknown
// or revoked link or a blocked account.
func (db *Networks) CalendarFeedMeetings(ctx context.Context, tokenHash string, since time.Time) ([]*vios.Meeting, map[string]string, error) {
	var userID string
	if err := db.queryRow(ctx, `SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
		WHERE f.token_hash = ? AND NOT u.disabled`, tokenHash).Scan(&userID); err != nil {
		return nil, nil, errNoRows(err, "Deze agendakoppeling bestaat niet (meer).")
	}
	today := vios.Date(db.Now())
	rows, err := db.query(ctx, `SELECT mu.slug, `+meetingColumns+` FROM meetings m JOIN networks n ON n.id = m.network_id
		JOIN municipalities mu ON mu.id = m.municipality_id
		WHERE m.starts_at >= ? AND EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = m.network_id AND nm.user_id = ?
			AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?))
		AND EXISTS (SELECT 1 FROM memberships r WHERE r.user_id = ? AND r.municipality_id = m.municipality_id)
		ORDER BY m.starts_at, m.id LIMIT 500`, since.UTC(), userID, today, today, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("feed meetings: %w", err)
	}
	defer rows.Close()
	var list []*vios.Meeting
	slugs := map[string]string{}
	for rows.Next() {
		var slug string
		m, err := db.scanMeeting(keyedScanner{rows, &slug})
		if err != nil {
			return nil, nil, err
		}
		// The feed leaves the platform: no place (sealed free text).
		m.Location = ""
		slugs[m.MunicipalityID] = slug
		list = append(list, m)
	}
	return list, slugs, rows.Err()
}
