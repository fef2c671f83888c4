// Package storetest opens a fresh, migrated database for a test: SQLite in a
// temporary folder by default, or a private schema in the PostgreSQL database
// named by VIOS_TEST_DATABASE_URL. `make test` runs every test both ways.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// EnvPostgres names the variable with the PostgreSQL URL for tests: set, the
// whole suite runs on PostgreSQL.
const EnvPostgres = "VIOS_TEST_DATABASE_URL"

// EnvPostgresAlso names a PostgreSQL URL for the few tests that need
// PostgreSQL whatever the suite runs on (row-level security, the comparison
// of both dialects' schemas); `make test` sets it in its SQLite pass too.
const EnvPostgresAlso = "VIOS_TEST_POSTGRES_URL"

// Dialect returns the dialect the tests run on.
func Dialect() string {
	if os.Getenv(EnvPostgres) != "" {
		return store.Postgres
	}
	return store.SQLite
}

// DSN returns a data source for a new, empty database that is removed when
// the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		return filepath.Join(t.TempDir(), "vios.db")
	}
	return schemaDSN(t, base)
}

// PostgresDSN returns a data source for a new, empty PostgreSQL schema,
// removed when the test ends, whatever dialect the suite runs on. Without a
// PostgreSQL URL the test fails in CI (CI=true) and is skipped elsewhere.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		base = os.Getenv(EnvPostgresAlso)
	}
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("this test needs PostgreSQL: set %s or %s (make test sets them)", EnvPostgres, EnvPostgresAlso)
		}
		t.Skipf("needs PostgreSQL: set %s or %s (make test sets them)", EnvPostgres, EnvPostgresAlso)
	}
	return schemaDSN(t, base)
}

// schemaDSN makes a private schema in the PostgreSQL database of base and
// returns base pointed at it.
func schemaDSN(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a new migrated database, closed when the test ends. It
// starts as a copy of the process's migrated template.
func Open(t testing.TB) *store.DB {
	t.Helper()
	return OpenDSN(t, fromTemplate(t, false))
}

// OpenDSN opens the database at dsn as Open does, migrated and closed when
// the test ends: instances of the platform over one database each open it.
func OpenDSN(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	// The platform under test reads the test clock, never the real date.
	db.Now = Now
	// Pupil data is sealed under a key per municipality; tests derive them.
	db.Keys = keys.NewHolder(TestKeys())
	// Registered after DSN's cleanup, so it runs first: close, then drop.
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// EnvReplica names the variable with the URL of a streaming standby of the
// PostgreSQL database the tests use (make test starts one).
const EnvReplica = "VIOS_TEST_REPLICA_URL"

// ReplicaDSN returns the standby of EnvReplica pointed at the schema of
// primary (a DSN of PostgresDSN), whose tables it receives by replication.
// Without EnvReplica the test fails in CI (CI=true) and is skipped elsewhere.
func ReplicaDSN(t testing.TB, primary string) string {
	t.Helper()
	base := os.Getenv(EnvReplica)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("this test needs a PostgreSQL standby: set %s (make test sets it)", EnvReplica)
		}
		t.Skipf("needs a PostgreSQL standby: set %s (make test sets it)", EnvReplica)
	}
	p, err := url.Parse(primary)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvReplica, err)
	}
	// The primary's database (a copy of a template) and schema (PostgresDSN's).
	u.Path = p.Path
	q := u.Query()
	if schema := p.Query().Get("search_path"); schema != "" {
		q.Set("search_path", schema)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenWithDemo returns a new migrated database holding the demo data. It
// starts as a copy of the process's template with the demo data.
func OpenWithDemo(t testing.TB) *store.DB {
	t.Helper()
	return OpenDSN(t, fromTemplate(t, true))
}

func loadDemo(db *store.DB) error {
	if _, err := demo.Load(context.Background(), db.Organisations); err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	return nil
}

// TestKeys is the keyring of tests: a key for every municipality, derived
// from a fixed secret.
func TestKeys() *keys.Keyring {
	return keys.Derived([]byte("vios-test-keys-never-in-production"))
}

// EnvNow names the variable that sets the moment the tests run at, as RFC
// 3339 (VIOS_TEST_NOW=2027-10-30T23:30:00+02:00), so the suite can be run
// "on another day": before a change of summer time, at year end, on 29
// February.
const EnvNow = "VIOS_TEST_NOW"

// DefaultNow is the moment tests run at unless VIOS_TEST_NOW says otherwise:
// a Saturday morning, the day before summer time starts, so whatever a test
// plans "tomorrow" or "next week" crosses the change of clock.
const DefaultNow = "2027-03-27T10:00:00+01:00"

var clock struct {
	once  sync.Once
	start time.Time // the test moment at began
	began time.Time // the real moment the clock was first read
}

// Now is the test clock: the moment of VIOS_TEST_NOW (or DefaultNow) when
// first read, moving on with the real time since, so order and durations
// stay real while the date is fixed. Every database of Open reads it;
// tests derive what they expect from it, never from time.Now.
func Now() time.Time {
	clock.once.Do(func() {
		v := os.Getenv(EnvNow)
		if v == "" {
			v = DefaultNow
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			panic(EnvNow + " is not an RFC 3339 time (2027-03-27T10:00:00+01:00): " + err.Error())
		}
		clock.start, clock.began = t, time.Now()
	})
	return clock.start.Add(time.Since(clock.began)).UTC()
}
