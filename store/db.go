// Package store is the only code that speaks SQL. It keeps the domain in
// SQLite (embedded, the default) or PostgreSQL, with the same queries and the
// same tests for both.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database. On SQLite, writes go through one connection (SQLite
// allows one writer) and reads through a pool; on PostgreSQL both are the
// same pool.
type DB struct {
	dialect string
	write   *sql.DB
	read    *sql.DB
	goose   *goose.Provider
	// replica answers reads that may be a moment old (replica.go); nil: none.
	replica *replica
	// log appends the records of logged reads in group commits (appender.go).
	log *appender

	// Now returns the current time; tests may replace it.
	Now func() time.Time
	// BaseURL is the platform's address as users reach it, for the links
	// in mails the store queues (invitations, agendas, reminders).
	BaseURL string
	// MailFrom is the platform's sender address, the organiser of meeting
	// invitations; "" means notify.DefaultSender.
	MailFrom string
	// PushHosts are push service hosts (host or host:port) accepted beside
	// vios.PushServices: a test's push service, a self-hosted one.
	PushHosts []string
	// Keys seal identifying pupil data; nil means no pupil data can be
	// written or read.
	Keys *keys.Holder
	// NewKey writes the key of a municipality being onboarded where the
	// platform reads its keys, and puts it in use; it runs inside the
	// onboarding's transaction, before the commit. nil: the keys in use
	// must have one already (the derived keys of tests).
	NewKey func(ctx context.Context, m *vios.Municipality) error
	// Blobs keeps the sealed files of attachments; nil: the database.
	Blobs vios.BlobStore
	// Scanner scans every upload for viruses; nil: no scan.
	Scanner vios.VirusScanner
	// SpoolDir holds uploads, sealed, until they are accepted; "": the
	// system's temporary folder.
	SpoolDir string

	// jobPause, when set (in tests), runs between the chunks of a job.
	jobPause func()
	// retentionLimit, when set (in tests), replaces retentionChunk as the
	// most records a small retention pass changes.
	retentionLimit int
	// migrated is set once Ready found no migration pending: the schema
	// does not go back, and asking goose again would wait for the writer.
	migrated atomic.Bool

	// The aggregates: the store's methods by part of the domain, each over
	// this DB (aggregates.go).
	Approaches     *Approaches
	Organisations  *Organisations
	Accounts       *Accounts
	Networks       *Networks
	Covenants      *Covenants
	Casework       *Casework
	Alerts         *Alerts
	Logs           *Logs
	Attachments    *Attachments
	Protocols      *Protocols
	SafetyPlans    *SafetyPlans
	Knowledge      *Knowledge
	SafetyAudits   *SafetyAudits
	Trainings      *Trainings
	Newsletters    *Newsletters
	Start          *Start
	CustomRequests *CustomRequests
	HelpDesk       *HelpDesk
	// All has the methods of every aggregate, for who takes the store as one value.
	All *All
}

// Time is the store's clock (Now) as a method, so the pages and the API
// can read the same clock as what the store records: a test that moves Now
// moves "today" everywhere.
func (db *DB) Time() time.Time { return db.Now() }

// IsPostgresURL reports whether dsn names a PostgreSQL database.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a postgres:// URL, or else the path
// of a SQLite file (its folder is created). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := withAggregates(&DB{Now: func() time.Time { return time.Now().UTC() }, BaseURL: "http://localhost:8080"})
	var err error
	if IsPostgresURL(dsn) {
		err = db.openPostgres(ctx, dsn)
	} else {
		err = db.openSQLite(ctx, dsn)
	}
	if err != nil {
		db.Close() // #nosec G104 -- the open error is the one returned
		return nil, err
	}
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect)
	if err != nil {
		db.Close() // #nosec G104 -- the open error is the one returned
		return nil, err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Several instances may start at once; one migrates, the others wait.
		locker, err := migrationLocker(ctx, db.write)
		if err != nil {
			db.Close() // #nosec G104 -- the locker error is the one returned
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	if db.goose, err = goose.NewProvider(dialect, db.write, sub, opts...); err != nil {
		db.Close() // #nosec G104 -- the goose error is the one returned
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	db.log = newAppender(db)
	return db, nil
}

func (db *DB) openPostgres(ctx context.Context, dsn string) error {
	db.dialect = Postgres
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open PostgreSQL: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read = pool, pool
	if err := pool.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return nil
}

func (db *DB) openSQLite(ctx context.Context, path string) error {
	db.dialect = SQLite
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create data folder: %w", err)
		}
	}
	// synchronous=FULL: an acknowledged commit survives a power cut.
	// mmap_size: reads come straight from the OS page cache through a map
	// of the first 256 MiB of the file, without a read() call and a copy per
	// page (a quarter of the CPU under load went to file reads with the
	// default 2 MiB cache); those pages are the kernel's, shared by every
	// connection and reclaimable, and writes still go through write() and
	// fsync. cache_size: 32 MiB per connection (default 2 MiB) for the
	// pages beyond the map and the writer's changed pages; with the map the
	// readers' caches stay nearly empty, so the process's own memory stays
	// far below connections × 32 MiB.
	params := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
		"&_pragma=busy_timeout(10000)&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)&_time_format=sqlite"
	var err error
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so
	// two writers queue instead of failing halfway with SQLITE_BUSY.
	if db.write, err = sql.Open("sqlite", "file:"+path+"?"+params+"&_txlock=immediate"); err != nil {
		return fmt.Errorf("open SQLite: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite", "file:"+path+"?"+params+"&_pragma=query_only(1)"); err != nil {
		return fmt.Errorf("open SQLite: %w", err)
	}
	db.read.SetMaxOpenConns(8)
	// Keep them open: the default keeps 2 idle, so busy reads opened and
	// closed connections (a fifth of a logged read's CPU).
	db.read.SetMaxIdleConns(8)
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	// query_only readers cannot create the WAL; the writer did so above.
	return db.read.PingContext(ctx)
}

// Dialect returns SQLite or Postgres.
func (db *DB) Dialect() string { return db.dialect }

// Close writes the log records still queued, then closes the database.
func (db *DB) Close() error {
	if db.log != nil {
		// Drain first: every read waiting for its log is answered.
		db.log.close()
	}
	db.optimize()
	var errs []error
	if db.goose != nil {
		errs = append(errs, db.goose.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.replica != nil {
		errs = append(errs, db.replica.pool.Close())
	}
	return errors.Join(errs...)
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	results, err := db.goose.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrate: %w", err)
	}
	// A migration may add tables and indexes the planner has no
	// statistics for yet. A database migrated from nothing has no rows to
	// analyse (whoever loads it in bulk calls Analyze after).
	if len(results) > 0 && results[0].Source.Version > 1 {
		if err := db.Analyze(ctx); err != nil {
			return len(results), err
		}
	}
	if err := db.syncPlatformActivities(ctx, vios.DefaultActivities); err != nil {
		return len(results), fmt.Errorf("migrate: register of processing activities: %w", err)
	}
	db.migrated.Store(true)
	return len(results), nil
}

// SchemaVersion returns the version the database is at and the newest
// version this build knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, target int64, err error) {
	return db.goose.GetVersions(ctx)
}

// Ready reports nil when the database answers and no migration is pending.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if db.migrated.Load() {
		return nil
	}
	pending, err := db.goose.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	} else if pending {
		return errors.New("migrations pending")
	}
	db.migrated.Store(true)
	return nil
}

// rebind turns the ? placeholders of a query into $1, $2, … for PostgreSQL.
// Queries in this package never contain a literal question mark.
func (db *DB) rebind(query string) string {
	if db.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// query runs a read on the reader pool.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(query), args...)
}

func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(query), args...)
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// scanner is a row being read: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(...any) error }

// scanAll reads every row of a query with scan, and closes rows.
func scanAll[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// scanStrings reads a one-column result of strings and closes rows.
func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	return scanAll(rows, err, func(r scanner) (string, error) {
		var v string
		return v, r.Scan(&v)
	})
}
