package store

import (
	"context"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

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

// SignalListQuery is the signals list's first page as ListSignals asks it
// of a member of the municipality's networks (not the regisseur), for
// tests of its plan.
func SignalListQuery(db *DB, userID, municipalityID string, today time.Time) (string, []any) {
	actor := &vios.Actor{User: &vios.User{ID: userID}}
	where := []string{"s.municipality_id = ?"}
	args := []any{municipalityID}
	clause, placeArgs := placeFilter(actor, municipalityID, "s.network_id", today)
	where, args = append(where, clause), append(args, placeArgs...)
	return db.rebind(`SELECT ` + signalColumns + signalFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY s.occurred_on DESC, s.created_at DESC, s.id LIMIT 50`), args
}

// Pragma reads a SQLite setting as a reader connection of the store has it.
func (db *DB) Pragma(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `PRAGMA `+name).Scan(&v)
	return v, err
}

// SetJobPause sets what runs between the chunks of a job, for tests that
// act while a job is under way.
func (db *DB) SetJobPause(pause func()) { db.jobPause = pause }

// JobChunk is the most items a job handles in one transaction.
const JobChunk = jobChunk

// SetRetentionLimit sets the most records a small retention pass changes.
func (db *DB) SetRetentionLimit(n int) { db.retentionLimit = n }

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

// DutchStem and SearchWords are the SQLite index's stemmer and word
// splitter, for the test that holds them to PostgreSQL's.
func DutchStem(word string) string     { return dutchStem(word) }
func SearchWords(text string) []string { return searchWords(text) }

// MigrationLockID is the advisory lock id of a schema's migrations.
func MigrationLockID(schema string) int64 { return migrationLockID(schema) }
