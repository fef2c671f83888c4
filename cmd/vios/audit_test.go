package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios/keys"
)

// vios audit verify passes on an untouched database and fails, naming the
// line, after one audit row was changed behind the platform's back.
func TestAuditVerifyNamesTheChangedLine(t *testing.T) {
	getenv, raw := demoDatabase(t)
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("untouched: %q %v", out, err)
	}
	if _, err := raw.Exec(`UPDATE audit_log SET address = '10.0.0.1' WHERE seq = 5`); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, getenv, "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), "auditlog, regel 5: is gewijzigd") {
		t.Fatalf("after tampering: %v", err)
	}
}

// The privacy officer writes a checkpoint and keeps it elsewhere. Someone
// with only database access removes the last audit entries and moves the
// head back: verify fails, and against the checkpoint it names the cut.
func TestAuditCheckpointProvesTruncation(t *testing.T) {
	getenv := keysEnv(t, nil)
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "controlepunt.txt")
	out, _, err := runCmd(t, getenv, "audit", "checkpoint", "--uit", file)
	if err != nil || !strings.Contains(out, "Controlepunt geschreven naar "+file) {
		t.Fatalf("checkpoint: %q %v", out, err)
	}
	if text := readFile(t, file); !strings.Contains(text, "vios-logboek-controlepunt 1") || !strings.Contains(text, "handtekening ") {
		t.Fatalf("checkpoint file:\n%s", text)
	}
	if _, _, err := runCmd(t, getenv, "audit", "checkpoint", "--uit", file); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a checkpoint overwrote an older one: %v", err)
	}
	// The platform goes on logging.
	db := openStore(t, getenv)
	enterSignal(t, db)
	db.Close()
	if out, _, err := runCmd(t, getenv, "audit", "verify", "--checkpoint", file); err != nil || !strings.Contains(out, "reiken nog tot het controlepunt") {
		t.Fatalf("untouched, against the checkpoint: %q %v", out, err)
	}

	raw := rawFromEnv(t, getenv)
	var seq int64
	if err := raw.QueryRow(`SELECT seq FROM log_heads WHERE name = 'audit'`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	// Cut back to well before the checkpoint, and point the head at the
	// new last entry, as the old hash chain allowed.
	cut := seq / 2
	var hash string
	if err := raw.QueryRow(rebindFor(getenv, `SELECT hash FROM audit_log WHERE seq = ?`), cut).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM audit_log WHERE seq > ?`, `UPDATE log_heads SET seq = ?, hash = ? WHERE name = 'audit'`} {
		args := []any{cut}
		if strings.HasPrefix(q, "UPDATE") {
			args = append(args, hash)
		}
		if _, err := raw.Exec(rebindFor(getenv, q), args...); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err = runCmd(t, getenv, "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("auditlog, regel %d: ontbreekt", cut+1)) {
		t.Errorf("without checkpoint: %v", err)
	}
	_, _, err = runCmd(t, getenv, "audit", "verify", "--checkpoint", file)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("auditlog, regel %d: ontbreekt: het controlepunt van", cut+1)) {
		t.Errorf("against the checkpoint: %v", err)
	}
	if _, _, err := runCmd(t, getenv, "audit", "checkpoint"); err == nil || !strings.Contains(err.Error(), "geen controlepunt gemaakt: het logboek is aangetast") {
		t.Errorf("checkpoint of a damaged log: %v", err)
	}
	// A checkpoint edited to fit the cut log is refused.
	edited := filepath.Join(t.TempDir(), "bewerkt.txt")
	text := readFile(t, file)
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "keten audit ") {
			text = strings.Replace(text, line, fmt.Sprintf("keten audit %d %s", cut, hash), 1)
		}
	}
	os.WriteFile(edited, []byte(text), 0o600)
	if _, _, err := runCmd(t, getenv, "audit", "verify", "--checkpoint", edited); err == nil || !strings.Contains(err.Error(), "handtekening van het controlepunt klopt niet") {
		t.Errorf("edited checkpoint: %v", err)
	}
}

// A demo key file from before the log key gets one at the next start (the
// store tests show entries from before the key keep verifying by their
// hash). Outside demo mode serve does not start without the log key,
// and a key file that lost it (after entries were keyed) is named as such.
func TestLogKeyInTheKeyFile(t *testing.T) {
	getenv := keysEnv(t, nil)
	path := filepath.Join(getenv("VIOS_DATA"), demoKeyFileName)
	os.WriteFile(path, []byte(keyFileHeader), 0o600)
	out, _, err := runCmd(t, getenv, "demo")
	if err != nil || !strings.Contains(out, "(sleutels toegevoegd voor 12 gemeenten)") || !strings.Contains(out, "De logboeksleutel (voor de MAC van het auditlog en het verwerkingslog) is toegevoegd") {
		t.Fatalf("demo on an old demo key file: %q %v", out, err)
	}
	ring, err := keys.Load(path)
	if err != nil || ring.LogVersion() != 1 || len(ring.Municipalities()) != 12 {
		t.Fatalf("demo key file: log key %d, %d municipalities, %v", ring.LogVersion(), len(ring.Municipalities()), err)
	}
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("entries from before and after the log key: %q %v", out, err)
	}
	raw := rawFromEnv(t, getenv)
	var unkeyed, keyed int
	raw.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE key_version = 0`).Scan(&unkeyed)
	raw.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE key_version = 1`).Scan(&keyed)
	if unkeyed != 0 || keyed == 0 {
		t.Errorf("audit entries without and with MAC: %d, %d", unkeyed, keyed)
	}

	// The log key rotates like the pupil keys: a new version for new
	// entries, the old ones still verify.
	out, _, err = runCmd(t, getenv, "keys", "rotate", "--logboek")
	if err != nil || !strings.Contains(out, "Logboek: nieuwe sleutelversie 2") {
		t.Fatalf("rotate the log key: %q %v", out, err)
	}
	db := openStore(t, getenv)
	enterSignal(t, db)
	db.Close()
	raw.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE key_version = 2`).Scan(&keyed)
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || keyed == 0 {
		t.Fatalf("after rotating the log key: %q %v, %d entries under version 2", out, err, keyed)
	}

	// Production: a key file without the log key.
	var lines []string
	for _, line := range strings.Split(readFile(t, path), "\n") {
		if !strings.HasPrefix(line, keys.LogKeyName+" ") {
			lines = append(lines, line)
		}
	}
	lost := filepath.Join(t.TempDir(), "sleutels.txt")
	os.WriteFile(lost, []byte(strings.Join(lines, "\n")), 0o600)
	_, err = serve(t, with(getenv, map[string]string{"VIOS_KEY_FILE": lost}), "--demo=false")
	if err == nil || !strings.Contains(err.Error(), "logboeksleutel versie 2, die niet in het sleutelbestand "+lost+" staat") {
		t.Errorf("key file that lost the log key: %v", err)
	}
	fresh := keysEnv(t, map[string]string{"VIOS_KEYS": "# niets"})
	_, err = serve(t, fresh, "--demo=false")
	if err == nil || !strings.Contains(err.Error(), "geen logboeksleutel") || !strings.Contains(err.Error(), "vios keys generate --logboek") {
		t.Errorf("fresh install without the log key: %v", err)
	}
	out, _, err = runCmd(t, fresh, "keys", "generate", "--logboek")
	if err != nil || !strings.HasPrefix(out, "logboek 1 ") {
		t.Errorf("keys generate --logboek: %q %v", out, err)
	}
}

// rawFromEnv opens a plain handle on the database of getenv.
func rawFromEnv(t *testing.T, getenv func(string) string) *sql.DB {
	t.Helper()
	driver, source := "sqlite", "file:"+filepath.Join(getenv("VIOS_DATA"), "vios.db")
	if dsn := getenv("VIOS_DATABASE_URL"); dsn != "" {
		driver, source = "pgx", dsn
	}
	raw, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// rebindFor turns ? into $n on PostgreSQL.
func rebindFor(getenv func(string) string, q string) string {
	if getenv("VIOS_DATABASE_URL") == "" {
		return q
	}
	for n := 1; strings.Contains(q, "?"); n++ {
		q = strings.Replace(q, "?", "$"+strconv.Itoa(n), 1)
	}
	return q
}
