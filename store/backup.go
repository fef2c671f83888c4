package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"modernc.org/sqlite"
)

// Backups of the SQLite database (`vios backup`, docs/OPERATIONS.md).
// PostgreSQL is backed up with its own tools (pg_dump), which the command
// runs; only the checks that need SQL live here.

// BackupSQLite writes an online copy of the SQLite database at src to dst,
// which must not exist, through SQLite's backup API: the copy is one
// consistent moment, taken while the platform keeps serving (a reader in
// WAL mode does not hold up the writer). Copying the file instead could
// catch a write halfway, and would miss what is still in the WAL file. The
// source is opened read-only: a backup never writes to the database, nor
// waits for its writer.
func BackupSQLite(ctx context.Context, src, dst string) (err error) {
	if _, err := os.Stat(src); err != nil {
		return err
	}
	h, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer h.Close()
	// Made here, empty and private, so that the copy of pupil data is not
	// readable by others and an existing file is never overwritten.
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- the backup file the operator names
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(dst) // #nosec G104 -- cleanup of a failed copy, whose own error is returned
		}
	}()
	conn, err := h.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("de SQLite-driver biedt geen back-up aan")
		}
		b, err := c.NewBackup(dst)
		if err != nil {
			return err
		}
		// All pages in one step: one read transaction, so the copy is one
		// moment; stepping in parts would start over after every write.
		if _, err := b.Step(-1); err != nil {
			b.Finish() // #nosec G104 -- the Step error is the one returned
			return err
		}
		return b.Finish()
	})
	if err != nil {
		return err
	}
	// The copy is one file: out of WAL mode, so that opening it read-only
	// (the check, a restore) leaves no -wal and -shm files beside it. The
	// platform puts a restored database back in WAL mode when it opens it.
	c, err := sql.Open("sqlite", "file:"+dst)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, `PRAGMA journal_mode=DELETE`)
	return err
}

// CheckSQLiteCopy opens the SQLite file at path read-only and checks that it
// is whole (PRAGMA integrity_check) and migrated; it returns the schema
// version. A backup is reported done only after this passed.
func CheckSQLiteCopy(ctx context.Context, path string) (version int64, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	h, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return 0, err
	}
	defer h.Close()
	rows, err := h.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return 0, fmt.Errorf("integriteitscontrole: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return 0, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("integriteitscontrole: %w", err)
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("integriteitscontrole: %s", strings.Join(problems, "; "))
	}
	return schemaVersionOf(ctx, h)
}

// schemaVersionOf reads the newest applied migration from goose's table.
func schemaVersionOf(ctx context.Context, h *sql.DB) (int64, error) {
	var v sql.NullInt64
	if err := h.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, fmt.Errorf("geen VIOS-database (schemaversie onleesbaar): %w", err)
	}
	if !v.Valid || v.Int64 == 0 {
		return 0, errors.New("geen VIOS-database: er is nooit een migratie uitgevoerd")
	}
	return v.Int64, nil
}

// PostgresHasTables reports whether the PostgreSQL database of dsn holds
// any table outside the system schemas: a restore goes into an empty
// database only, never over one in use.
func PostgresHasTables(ctx context.Context, dsn string) (bool, error) {
	h, err := sql.Open("pgx", dsn)
	if err != nil {
		return false, err
	}
	defer h.Close()
	var n int
	err = h.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`).Scan(&n)
	return n > 0, err
}

// PostgresSchemaVersion returns the schema version of the PostgreSQL
// database of dsn without migrating it: the check after a restore.
func PostgresSchemaVersion(ctx context.Context, dsn string) (int64, error) {
	h, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer h.Close()
	return schemaVersionOf(ctx, h)
}
