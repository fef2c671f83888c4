package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vios-platform/vios/keys"
)

// pgBinEnv names the folder of pg_dump and pg_restore when they are not on
// the PATH (the Debian server packages keep them in a versioned folder).
func pgBinEnv() map[string]string {
	if _, err := exec.LookPath("pg_dump"); err == nil {
		return nil
	}
	return map[string]string{"VIOS_PG_BIN": "/usr/lib/postgresql/15/bin"}
}

// freshDatabase makes an empty PostgreSQL database beside the one of dsn,
// dropped when the test ends, and returns dsn pointed at it (same
// search_path: a dump of a test schema brings that schema along).
func freshDatabase(t *testing.T, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "vios_restore_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// The done-when of operations: backup → wipe → restore → audit verify, on
// the database under test, with the bad input refused and nothing changed.
func TestBackupWipeRestoreVerify(t *testing.T) {
	getenv := keysEnv(t, pgBinEnv())
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	// serve makes the Web Push keys; the backup must carry them.
	if _, _, err := keys.LoadOrCreateVAPID(filepath.Join(getenv("VIOS_DATA"), keys.VAPIDFileName)); err != nil {
		t.Fatal(err)
	}
	// Online: a write transaction stays open while the backup is taken
	// (on SQLite the writer's lock; the copy reads one moment from the
	// WAL), and what it writes is not in the copy.
	conn, err := rawFromEnv(t, getenv).Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	begin := "BEGIN IMMEDIATE"
	if getenv("VIOS_DATABASE_URL") != "" {
		begin = "BEGIN"
	}
	if _, err := conn.ExecContext(t.Context(), begin); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), `DELETE FROM audit_log WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	backup := filepath.Join(work, "back-up")
	out, _, err := runCmd(t, getenv, "backup", "--naar", backup)
	if err != nil || !strings.Contains(out, "Back-up geschreven naar "+backup) {
		t.Fatalf("backup: %q %v", out, err)
	}
	if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	// The same as one file, never over an existing one.
	archive := filepath.Join(work, "back-up.tar")
	if out, _, err := runCmd(t, getenv, "backup", "--naar", archive); err != nil || !strings.Contains(out, "Back-up geschreven naar "+archive) {
		t.Fatalf("backup to a file: %q %v", out, err)
	}
	if info, err := os.Stat(archive); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the archive: %v %v", info, err)
	}
	if _, _, err := runCmd(t, getenv, "backup", "--naar", archive); err == nil || !strings.Contains(err.Error(), "bestaat al") {
		t.Errorf("backup over an archive: %v", err)
	}
	for _, name := range []string{backupManifest, backupKeys, keys.VAPIDFileName} {
		if info, err := os.Stat(filepath.Join(backup, name)); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s in the backup: %v %v", name, info, err)
		}
	}

	// Bad input: a target in use, or one that cannot be a folder.
	if _, _, err := runCmd(t, getenv, "backup", "--naar", backup); err == nil || !strings.Contains(err.Error(), "is niet leeg") {
		t.Errorf("backup over a backup: %v", err)
	}
	under := filepath.Join(backup, backupManifest, "map")
	if _, _, err := runCmd(t, getenv, "backup", "--naar", under); err == nil || !strings.Contains(err.Error(), "is geen map") {
		t.Errorf("backup under a file: %v", err)
	}
	busy := filepath.Join(work, "in-gebruik")
	os.MkdirAll(busy, 0o700)
	os.WriteFile(filepath.Join(busy, "iets.txt"), []byte("blijft"), 0o600)
	if _, _, err := runCmd(t, getenv, "restore", "--van", backup, "--naar", busy); err == nil || !strings.Contains(err.Error(), "is niet leeg") {
		t.Errorf("restore over a folder in use: %v", err)
	}
	if entries, _ := os.ReadDir(busy); len(entries) != 1 || readFile(t, filepath.Join(busy, "iets.txt")) != "blijft" {
		t.Errorf("the refused restore changed the folder: %v", entries)
	}

	// Wipe: the data folder (and on PostgreSQL the database is left
	// behind: the restore goes into a new one).
	restoreEnv := map[string]string{"VIOS_DATA": filepath.Join(work, "nieuw")}
	if dsn := getenv("VIOS_DATABASE_URL"); dsn != "" {
		if _, _, err := runCmd(t, getenv, "restore", "--van", backup, "--naar", restoreEnv["VIOS_DATA"]); err == nil || !strings.Contains(err.Error(), "heeft al tabellen") {
			t.Errorf("restore over the database in use: %v", err)
		}
		restoreEnv["VIOS_DATABASE_URL"] = freshDatabase(t, dsn)
	}
	if err := os.RemoveAll(getenv("VIOS_DATA")); err != nil {
		t.Fatal(err)
	}
	restored := with(getenv, restoreEnv)
	out, _, err = runCmd(t, restored, "restore", "--van", archive, "--naar", restoreEnv["VIOS_DATA"])
	if err != nil || !strings.Contains(out, "Teruggezet naar") {
		t.Fatalf("restore: %q %v", out, err)
	}
	restored = with(restored, map[string]string{"VIOS_KEY_FILE": filepath.Join(restoreEnv["VIOS_DATA"], backupKeys)})
	if out, _, err := runCmd(t, restored, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify after the restore: %q %v", out, err)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 4 {
		t.Errorf("unpacking the archive left something behind: %v", entries)
	}
	// The pupil data opens with the restored keys.
	readSignal(t, openStore(t, restored), enterSignal(t, openStore(t, restored)))

	// A backup changed after it was made is refused.
	os.WriteFile(filepath.Join(backup, backupKeys), []byte("# anders\n"), 0o600)
	if _, _, err := runCmd(t, restored, "restore", "--van", backup, "--naar", filepath.Join(work, "nog-een")); err == nil || !strings.Contains(err.Error(), "controlesom klopt niet") {
		t.Errorf("restore of a changed backup: %v", err)
	}
	if _, err := os.Stat(filepath.Join(work, "nog-een")); err == nil {
		t.Error("a refused restore left a folder behind")
	}
}
