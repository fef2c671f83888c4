package store

import "context"

// MigrateDownTo rolls the schema back to version, for tests of a
// migration's backfill.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	_, err := db.goose.DownTo(ctx, version)
	db.migrated.Store(false)
	return err
}

// Rebind writes a query with ? placeholders in the database's dialect, for
// tests that change rows behind the store's back.
func (db *DB) Rebind(query string) string { return db.rebind(query) }

// SetJobPause sets what runs between the chunks of a job, for tests that
// act while a job is under way.
func (db *DB) SetJobPause(pause func()) { db.jobPause = pause }

// JobChunk is the most items a job handles in one transaction.
const JobChunk = jobChunk

// SetRetentionLimit sets the most records a small retention pass changes.
func (db *DB) SetRetentionLimit(n int) { db.retentionLimit = n }
