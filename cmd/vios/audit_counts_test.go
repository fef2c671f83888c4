package main

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// vios audit tellingen passes on the demo, finds a count changed behind
// the platform's back, and with --herstel counts afresh.
func TestAuditCountsFindsAndRepairs(t *testing.T) {
	getenv, raw := demoDatabase(t)
	if out, _, err := runCmd(t, getenv, "audit", "tellingen"); err != nil || !strings.Contains(out, "kloppen") {
		t.Fatalf("untouched: %q %v", out, err)
	}
	if _, err := raw.Exec(`UPDATE signal_counts SET n = n + 1 WHERE school_id = ''`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, getenv, "audit", "tellingen"); err == nil || !strings.Contains(err.Error(), "kloppen niet") {
		t.Fatalf("after tampering: %v", err)
	}
	if out, _, err := runCmd(t, getenv, "audit", "tellingen", "--herstel"); err != nil || !strings.Contains(out, "opnieuw geteld") {
		t.Fatalf("repair: %q %v", out, err)
	}
	if out, _, err := runCmd(t, getenv, "audit", "tellingen"); err != nil || !strings.Contains(out, "kloppen") {
		t.Fatalf("repaired: %q %v", out, err)
	}
}

// demoDatabase loads the demo into a fresh database (SQLite, or a schema in
// VIOS_TEST_DATABASE_URL) and returns the environment of the commands and
// a plain handle on it, to change it behind the platform's back.
func demoDatabase(t *testing.T) (func(string) string, *sql.DB) {
	t.Helper()
	dsn := storetest.DSN(t)
	env := map[string]string{"VIOS_DEMO_PASSWORD": "een-lang-demo-wachtwoord", "VIOS_DATA": t.TempDir()}
	driver, source := "sqlite", "file:"+dsn
	if store.IsPostgresURL(dsn) {
		env["VIOS_DATABASE_URL"] = dsn
		driver, source = "pgx", dsn
	} else {
		env["VIOS_DATA"] = strings.TrimSuffix(dsn, "/vios.db")
	}
	getenv := func(k string) string { return env[k] }
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return getenv, raw
}
