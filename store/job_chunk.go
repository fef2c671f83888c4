package store

import (
	"context"
	"runtime"
	"time"
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

// keyset is where a chunk starts: after the (time, id) of the last item of
// the chunk before, in the order the job's query walks its items. Walking
// on, rather than starting again, keeps a pass linear however many items
// are skipped (not yet due, or claimed by another instance).
type keyset struct {
	at time.Time
	id string
}

// where returns the condition that selects the items after k, and its
// arguments.
func (k keyset) where(timeColumn, idColumn string) (string, []any) {
	return ` AND (` + timeColumn + `, ` + idColumn + `) > (?, ?)`, []any{k.at, k.id}
}

// chunk is one transaction of a job.
type chunk struct {
	after  keyset // where this chunk starts
	last   keyset // the last item this chunk saw
	seen   int    // items this chunk saw, claimed or not
	audits []Audit
}

// saw records that the chunk looked at the item.
func (c *chunk) saw(at time.Time, id string) {
	c.last = keyset{at, id}
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
