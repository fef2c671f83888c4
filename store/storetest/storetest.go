// Package storetest opens a fresh, migrated database for a test: SQLite in a
// temporary folder by default, or a private schema in the PostgreSQL database
// named by VIOS_TEST_DATABASE_URL. `make test` runs every test both ways.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// EnvPostgres names the variable with the PostgreSQL URL for tests.
const EnvPostgres = "VIOS_TEST_DATABASE_URL"

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

// Open returns a new migrated database, closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	// Pupil data is sealed under a key per municipality; tests derive them.
	db.Keys = keys.NewHolder(TestKeys())
	// Registered after DSN's cleanup, so it runs first: close, then drop.
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// OpenWithDemo returns a new migrated database holding the demo data.
func OpenWithDemo(t testing.TB) *store.DB {
	t.Helper()
	db := Open(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo data: %v", err)
	}
	return db
}

// TestKeys is the keyring of tests: a key for every municipality, derived
// from a fixed secret.
func TestKeys() *keys.Keyring {
	return keys.Derived([]byte("vios-test-keys-never-in-production"))
}
