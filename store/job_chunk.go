package store

import (
	"context"
	"runtime"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios/notify"
)

// Jobs never hold the writer. A job works through its due items in chunks
// of at most jobChunk, each a transaction of its own that also appends the
// chunk's audit records with one advance of the chain head; between chunks
// it lets go of the writer, so a login or a logged page waits at most one
// chunk (on SQLite the one writer connection passes to whoever waits for
// it; on PostgreSQL the lock on the chain head is released).
//
// Several instances may run a job at the same moment. Each item is claimed
// by a conditional UPDATE that repeats the condition that made it due, in
// the transaction that queues its mails: the second instance's UPDATE
// finds the item no longer due (on PostgreSQL it waits for the first
// one's row lock and then re-reads the row), so it skips the item and
// every reminder goes out once.

// jobChunk is the most items a job handles in one transaction.
const jobChunk = 200

// chunkMark is where a chunk starts: after the (time, id) of the last item of
// the chunk before, in the order the job's query walks its items. Walking
// on, rather than starting again, keeps a pass linear however many items
// are skipped (not yet due, or claimed by another instance).
type chunkMark struct {
	at time.Time
	id string
}

// where returns the condition that selects the items after k, and its
// arguments.
func (k chunkMark) where(timeColumn, idColumn string) (string, []any) {
	return ` AND (` + timeColumn + `, ` + idColumn + `) > (?, ?)`, []any{k.at, k.id}
}

// chunk is one transaction of a job.
type chunk struct {
	after  chunkMark // where this chunk starts
	last   chunkMark // the last item this chunk saw
	seen   int       // items this chunk saw, claimed or not
	audits []Audit
}

// saw records that the chunk looked at the item.
func (c *chunk) saw(at time.Time, id string) {
	c.last = chunkMark{at, id}
	c.seen++
}

// claim runs the conditional UPDATE that claims an item and reports whether
// it did (false: another instance took it, or it is no longer due).
func (tx *Tx) claim(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.db.rebind(query), args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// inJobChunks runs fn for the municipality in transactions of its own until a
// chunk sees fewer than jobChunk items. fn selects at most jobChunk items
// after c.after, calls c.saw for each and adds its audit records to
// c.audits.
func (db *DB) inJobChunks(ctx context.Context, municipalityID string, fn func(tx *Tx, c *chunk) error) error {
	c := &chunk{}
	for {
		c.seen, c.audits = 0, c.audits[:0]
		err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
			if err := fn(tx, c); err != nil {
				return err
			}
			return tx.auditAll(ctx, c.audits)
		})
		if err != nil || c.seen < jobChunk {
			return err
		}
		c.after = c.last
		db.betweenChunks()
	}
}

// betweenChunks gives waiting requests their turn before the next chunk.
func (db *DB) betweenChunks() {
	if db.jobPause != nil {
		db.jobPause()
	}
	runtime.Gosched()
}

// claimAll claims the items of ids at once: query is a conditional UPDATE
// ending in `id IN (?list) RETURNING id`, whose args come before the ids.
// It returns the ids it claimed.
func (tx *Tx) claimAll(ctx context.Context, query string, ids []string, args ...any) (map[string]bool, error) {
	claimed := map[string]bool{}
	if len(ids) == 0 {
		return claimed, nil
	}
	all := append(append([]any{}, args...), anySlice(ids)...)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(strings.Replace(query, "?list", placeholders(len(ids)), 1)), all...)
	list, err := scanStrings(rows, err)
	for _, id := range list {
		claimed[id] = true
	}
	return claimed, err
}

func anySlice(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// notice is a mail, with its content-free push notice, for one user.
type notice struct {
	to   string
	mail notify.Mail
	push notify.Push
}

// notifyAll queues the notices of a chunk in a few statements, as
// notifyUser would one by one: each mail, and each push notice to every
// device of an enabled user with the address.
func (tx *Tx) notifyAll(ctx context.Context, list []notice) error {
	if len(list) == 0 {
		return nil
	}
	addresses := map[string]bool{}
	var lower []any
	for _, n := range list {
		if a := strings.ToLower(n.to); !addresses[a] {
			addresses[a] = true
			lower = append(lower, a)
		}
	}
	type device struct{ email, id string }
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT LOWER(u.email), s.id FROM push_subscriptions s JOIN users u ON u.id = s.user_id
		WHERE LOWER(u.email) IN (`+placeholders(len(lower))+`) AND NOT u.disabled ORDER BY s.id`), lower...)
	found, err := scanAll(rows, err, func(sc scanner) (device, error) {
		var d device
		return d, sc.Scan(&d.email, &d.id)
	})
	if err != nil {
		return err
	}
	devices := map[string][]string{}
	for _, d := range found {
		devices[d.email] = append(devices[d.email], d.id)
	}
	var mails, pushes []any
	for _, n := range list {
		mails = append(mails, uuid.NewString(), tx.now, n.to, n.mail.Subject, n.mail.Body)
		for _, id := range devices[strings.ToLower(n.to)] {
			pushes = append(pushes, uuid.NewString(), id, tx.now, n.push.Title, n.push.Body, n.push.Link)
		}
	}
	if err := tx.insertRows(ctx, `INSERT INTO outbox (id, created_at, recipient, subject, body)`, 5, mails); err != nil {
		return err
	}
	return tx.insertRows(ctx, `INSERT INTO push_outbox (id, subscription_id, created_at, title, body, link)`, 6, pushes)
}
