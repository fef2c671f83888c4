package store

import (
	"context"
	"database/sql"
)

// QueryRowContext reads one row behind the store's back, for tests that
// look at what the database holds (a sealed text, a count).
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.write.QueryRowContext(ctx, db.rebind(query), args...)
}
