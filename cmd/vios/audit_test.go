package main

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// vios audit verify passes on an untouched database and fails, naming the
// line, after one audit row was changed behind the platform's back.
func TestAuditVerifyNamesTheChangedLine(t *testing.T) {
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
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("untouched: %q %v", out, err)
	}
	raw, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE audit_log SET address = '10.0.0.1' WHERE seq = 5`); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCmd(t, getenv, "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), "auditlog, regel 5: is gewijzigd") {
		t.Fatalf("after tampering: %v", err)
	}
}
