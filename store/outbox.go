package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// Delivery of the outbox. A mail is queued in the transaction of the change
// that causes it (queueMail); the mailer in package jobs claims pending mails,
// sends them and marks each sent or failed. Nothing that was acknowledged is
// lost: a mail leaves the pending set only when sent_at is set, or when it has
// failed vios.MaxMailAttempts times (then it stays in the outbox with its error).
const (
	// MailLease is how long a claimed mail is reserved for the instance that
	// claimed it. A crash mid-send leads to a new attempt after the lease.
	MailLease = 5 * time.Minute
	// mailBackoffMax caps the wait between two attempts.
	mailBackoffMax = 6 * time.Hour
)

// MailBackoff returns the wait after the given number of failed attempts:
// 1, 2, 4, … minutes, at most 6 hours.
func MailBackoff(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	if attempts > 10 { // 2^9 minutes is past the cap already
		return mailBackoffMax
	}
	return min(time.Minute<<(attempts-1), mailBackoffMax)
}

// ClaimPendingMail returns at most limit mails that are not sent and due, and
// reserves them for MailLease: the same transaction counts the attempt and
// sets next_attempt_at to now + MailLease, so no other instance claims them
// meanwhile. On PostgreSQL, FOR UPDATE SKIP LOCKED lets two instances claim
// at once without waiting for or sending each other's mail; on SQLite the
// single writer serialises claims.
func (db *Logs) ClaimPendingMail(ctx context.Context, limit int) ([]*vios.Mail, error) {
	if limit <= 0 {
		return nil, nil
	}
	var list []*vios.Mail
	err := db.inTx(ctx, func(tx *Tx) error {
		q := `SELECT id, created_at, recipient, subject, body, attachment_name, attachment_type, attachment FROM outbox
			WHERE sent_at IS NULL AND attempts < ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
			ORDER BY created_at, id LIMIT ?`
		if db.dialect == Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		rows, err := tx.QueryContext(ctx, db.rebind(q), vios.MaxMailAttempts, tx.now, limit)
		if err != nil {
			return fmt.Errorf("claim mail: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m := &vios.Mail{}
			if err := rows.Scan(&m.ID, &m.CreatedAt, &m.Recipient, &m.Subject, &m.Body, &m.AttachmentName, &m.AttachmentType, &m.Attachment); err != nil {
				return err
			}
			list = append(list, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(list) == 0 {
			return nil
		}
		args := []any{tx.now.Add(MailLease)}
		for _, m := range list {
			args = append(args, m.ID)
		}
		return tx.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?
			WHERE id IN (`+placeholders(len(list))+`)`, args...)
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// MarkMailSent records that a claimed mail went out. It clears an earlier
// error; a mail that is sent is never claimed again. Its secret links are
// blanked out of the stored copy: once the mail is in the recipient's
// mailbox, a live reset or invitation link at rest in the database (or in
// a backup of it) serves only someone who should not have it. A mail
// queued with clear_body (the advice on a start request, sealed in the
// request itself) keeps no body and no attachment at all.
func (db *Logs) MarkMailSent(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var body string
		var clear bool
		err := tx.queryRow(ctx, `SELECT body, clear_body FROM outbox WHERE id = ? AND sent_at IS NULL`, id).Scan(&body, &clear)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // sent already
		} else if err != nil {
			return err
		}
		if clear {
			return tx.exec(ctx, `UPDATE outbox SET sent_at = ?, next_attempt_at = NULL, error = '', body = ?, attachment_name = '',
				attachment_type = '', attachment = '' WHERE id = ? AND sent_at IS NULL`, tx.now, ClearedMailBody, id)
		}
		body, _ = RedactSecretLinks(body)
		return tx.exec(ctx, `UPDATE outbox SET sent_at = ?, next_attempt_at = NULL, error = '', body = ? WHERE id = ? AND sent_at IS NULL`,
			tx.now, body, id)
	})
}

// ClearedMailBody stands in the outbox for the body of a sent mail that was
// queued to be cleared after sending.
const ClearedMailBody = "[inhoud gewist na verzending]"

// MarkMailFailed records a failed attempt with its error and schedules the
// next one after MailBackoff. After vios.MaxMailAttempts attempts the mail stays
// failed: it keeps its error and is no longer claimed. errText must not hold
// the body or recipient of the mail; as a second wall the recipient is
// replaced here too.
func (db *Logs) MarkMailFailed(ctx context.Context, id, errText string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var attempts int
		var recipient string
		err := tx.queryRow(ctx, `SELECT attempts, recipient FROM outbox WHERE id = ? AND sent_at IS NULL`, id).Scan(&attempts, &recipient)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // sent meanwhile: nothing to record
		} else if err != nil {
			return err
		}
		if recipient != "" {
			errText = strings.ReplaceAll(errText, recipient, "[ontvanger]")
		}
		errText = truncate(strings.ToValidUTF8(errText, ""), 500)
		var next any // NULL: given up
		if attempts < vios.MaxMailAttempts {
			next = tx.now.Add(MailBackoff(attempts))
		}
		return tx.exec(ctx, `UPDATE outbox SET error = ?, next_attempt_at = ? WHERE id = ? AND sent_at IS NULL`, errText, next, id)
	})
}

// ReleaseMail gives a claimed mail back without an attempt (the mailer was
// stopped before it tried), so it is due again at once.
func (db *Logs) ReleaseMail(ctx context.Context, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE outbox SET attempts = attempts - 1, next_attempt_at = NULL
			WHERE id = ? AND sent_at IS NULL AND attempts > 0`, id)
	})
}

// ListOutbox returns the newest mails of the outbox with their delivery
// state, of every municipality and with their links: for the mailer's tests
// and the operator, never for a page (see ListOutboxFor).
func (db *Logs) ListOutbox(ctx context.Context, limit int) ([]*vios.OutboxEntry, error) {
	rows, err := db.query(ctx, `SELECT id, created_at, recipient, subject, body, sent_at, attempts, next_attempt_at, error
		FROM outbox ORDER BY created_at DESC, id LIMIT ?`, limit)
	return scanOutbox(rows, err)
}

// ListOutboxFor returns the newest mails to users of the given
// municipalities, for the demo outbox of their administrator. A mail is
// listed only when its recipient has a role in one of them and in no other
// municipality (nor a national role): the mail of someone who also works
// elsewhere may be about that other municipality. Secret links (password
// reset, invitation, calendar feed) are blanked out of every body: whoever
// reads the outbox must not be able to take over an account with them.
func (db *Logs) ListOutboxFor(ctx context.Context, municipalityIDs []string, limit int) ([]*vios.OutboxEntry, error) {
	if len(municipalityIDs) == 0 {
		return nil, nil
	}
	in := placeholders(len(municipalityIDs))
	args := append(idArgs(municipalityIDs), idArgs(municipalityIDs)...)
	rows, err := db.query(ctx, `SELECT o.id, o.created_at, o.recipient, o.subject, o.body, o.sent_at, o.attempts, o.next_attempt_at, o.error
		FROM outbox o
		WHERE EXISTS (SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id
			WHERE LOWER(u.email) = LOWER(o.recipient) AND m.municipality_id IN (`+in+`))
		AND NOT EXISTS (SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id
			WHERE LOWER(u.email) = LOWER(o.recipient) AND (m.municipality_id IS NULL OR m.municipality_id NOT IN (`+in+`)))
		ORDER BY o.created_at DESC, o.id LIMIT ?`, append(args, limit)...)
	list, err := scanOutbox(rows, err)
	for _, e := range list {
		e.Body, e.LinkHidden = RedactSecretLinks(e.Body)
	}
	return list, err
}

// secretLink matches a link to a page that a secret token opens.
var secretLink = regexp.MustCompile(`/(?:uitnodiging|wachtwoord-herstellen|agenda|evaluatie)/[^\s/]+`)

// tokenLike matches what looks like a random token (auth.NewToken makes 43
// characters of base64url): 40 or more such characters in a row (a UUID
// has 36).
var tokenLike = regexp.MustCompile(`[A-Za-z0-9_-]{40,}`)

var mailWord = regexp.MustCompile(`\S+`)

// RedactSecretLinks replaces every word of body that holds a secret link or
// a token-like string by a notice, and reports whether it replaced any.
func RedactSecretLinks(body string) (string, bool) {
	hidden := false
	out := mailWord.ReplaceAllStringFunc(body, func(word string) string {
		if secretLink.MatchString(word) || slices.ContainsFunc(tokenLike.FindAllString(word, -1), hasDigitAndLetter) {
			hidden = true
			return "[persoonlijke link verborgen]"
		}
		return word
	})
	return out, hidden
}

func hasDigitAndLetter(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

func scanOutbox(rows *sql.Rows, err error) ([]*vios.OutboxEntry, error) {
	return scanAll(rows, err, func(s scanner) (*vios.OutboxEntry, error) {
		e := &vios.OutboxEntry{}
		var sent, next sql.NullTime
		if err := s.Scan(&e.ID, &e.CreatedAt, &e.Recipient, &e.Subject, &e.Body, &sent, &e.Attempts, &next, &e.Error); err != nil {
			return nil, err
		}
		if sent.Valid {
			t := sent.Time.UTC()
			e.SentAt = &t
		}
		if next.Valid {
			t := next.Time.UTC()
			e.NextAttemptAt = &t
		}
		return e, nil
	})
}

// site writes the mails the store queues, with links into the platform
// where users reach it.
func (db *Logs) site() notify.Site { return notify.Site{BaseURL: db.BaseURL} }

// mailFrom is the platform's sender, the organiser of its invitations.
func (db *DB) mailFrom() string {
	if db.MailFrom == "" {
		return notify.DefaultSender
	}
	return db.MailFrom
}
