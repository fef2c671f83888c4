package store

import "context"

// MigrateDownTo rolls the schema back to version, for tests of a
// migration's backfill.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	_, err := db.goose.DownTo(ctx, version)
	return err
}

// Rebind writes a query with ? placeholders in the database's dialect, for
// tests that change rows behind the store's back.
func (db *DB) Rebind(query string) string { return db.rebind(query) }

// SetAppendHook makes every group commit of the log appender run hook just
// before it commits (nil: none); an error fails the batch and the reads in it.
func (db *DB) SetAppendHook(hook func(records int) error) {
	if hook == nil {
		db.log.beforeCommit.Store(nil)
		return
	}
	db.log.beforeCommit.Store(&hook)
}

// AppendQueued is the number of logged reads waiting for the appender
// behind the batch being written.
func (db *DB) AppendQueued() int { return len(db.log.queue) }

// SetUnloggedReads makes logged reads drop their records: the baseline of
// the benchmarks, never anything else.
func (db *DB) SetUnloggedReads(on bool) { db.log.unlogged.Store(on) }
