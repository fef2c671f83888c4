package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// What the operator's metrics read of the database (docs/OPERATIONS.md,
// "Monitoren"): connection pools and the length of the queues, counts and
// moments only, never a row's content.

// Pools returns the connection pools by name: on SQLite the writer and the
// readers, on PostgreSQL the one pool, and the read replica's when used.
func (db *DB) Pools() map[string]*sql.DB {
	pools := map[string]*sql.DB{}
	if db.dialect == SQLite {
		pools["sqlite_write"], pools["sqlite_read"] = db.write, db.read
	} else {
		pools["postgres"] = db.write
	}
	if db.replica != nil {
		pools["postgres_replica"] = db.replica.pool
	}
	return pools
}

// QueueStats is the state of the mail outbox and the push queue.
type QueueStats struct {
	MailPending int       // not sent, still to be tried
	MailFailed  int       // given up after vios.MaxMailAttempts
	MailOldest  time.Time // the oldest pending mail's queueing; zero: none
	PushPending int       // push notices not yet sent
}

// QueueStats counts the queues, in the system context (every municipality).
func (db *DB) QueueStats(ctx context.Context) (QueueStats, error) {
	var q QueueStats
	err := db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts < ?),
		(SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts >= ?),
		(SELECT COUNT(*) FROM push_outbox)`, vios.MaxMailAttempts, vios.MaxMailAttempts).Scan(&q.MailPending, &q.MailFailed, &q.PushPending)
	if err != nil || q.MailPending == 0 {
		return q, err
	}
	err = db.queryRow(ctx, `SELECT created_at FROM outbox WHERE sent_at IS NULL AND attempts < ?
		ORDER BY created_at LIMIT 1`, vios.MaxMailAttempts).Scan(&q.MailOldest)
	if err == sql.ErrNoRows {
		err = nil
	}
	return q, err
}
