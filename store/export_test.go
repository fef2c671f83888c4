package store

import "context"

// MigrateDownTo rolls the schema back to version, for tests of a
// migration's backfill.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	_, err := db.goose.DownTo(ctx, version)
	return err
}
