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
