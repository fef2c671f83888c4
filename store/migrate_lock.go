package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"

	"github.com/pressly/goose/v3/lock"
)

// migrationLocker is the advisory lock instances take on PostgreSQL while
// they migrate. goose's default lock id is one for the whole database, yet
// the schema and its version table are per schema (search_path): instances
// of one installation share a schema and so a lock, while the tests, each
// in a private schema, no longer queue behind each other's migrations —
// they did, and goose looks again only every 5 s. A waiting instance looks
// every second (goose's shortest), for up to 5 minutes as by default.
func migrationLocker(ctx context.Context, db *sql.DB) (lock.SessionLocker, error) {
	var schema string
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(current_schema(), '')`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("read the schema to migrate: %w", err)
	}
	return lock.NewPostgresSessionLocker(
		lock.WithLockID(migrationLockID(schema)),
		lock.WithLockTimeout(1, 300),
	)
}

// migrationLockID turns a schema name into an advisory lock id of its own.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("vios-migrate:" + schema)) // #nosec G104 -- hash.Hash's Write never fails
	return int64(h.Sum64())                   // #nosec G115 -- any int64 is a valid advisory lock id; wrapping is fine
}
