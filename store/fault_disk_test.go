package store_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The SQLite data folder's disk full (P15, faults): a write is refused
// with a clear Dutch error and nothing of it is kept; every write
// acknowledged before is there, and once space is back the database is
// intact (integrity_check) and takes writes again. SQLite's by nature: the
// data folder is a small tmpfs of the test's own, in either pass of the
// suite.
func TestDiskFullOnSQLite(t *testing.T) {
	ctx := context.Background()
	dir := smallDisk(t, "32m")
	db := storetest.OpenDSN(t, filepath.Join(dir, "vios.db"))
	// Room to give back once the disk is full.
	spare := filepath.Join(dir, "ruimte")
	if err := os.WriteFile(spare, make([]byte, 4<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("Een lange herinnering aan de afspraak van dinsdag. ", 1300) // 66 kB
	acknowledged := 0
	var refused error
	for range 1000 {
		if refused = db.Accounts.QueueMail(ctx, "ouder@school.example", "Herinnering", body); refused != nil {
			break
		}
		acknowledged++
	}
	if refused == nil {
		t.Fatalf("%d mails of 66 kB fit on a disk of 32 MB", acknowledged)
	}
	if vios.ErrorCode(refused) != vios.EUNAVAILABLE || !strings.Contains(vios.ErrorMessage(refused), "De opslag van het platform is vol") {
		t.Fatalf("the write on a full disk: %v (code %s, message %q)", refused, vios.ErrorCode(refused), vios.ErrorMessage(refused))
	}
	t.Logf("%d writes acknowledged before the disk was full", acknowledged)

	os.Remove(spare)
	if err := db.Accounts.QueueMail(ctx, "ouder@school.example", "Herinnering", "Na de storing."); err != nil {
		t.Fatalf("a write after space came back: %v", err)
	}
	if got := rawScalar(t, db, `PRAGMA integrity_check`); got != "ok" {
		t.Errorf("integrity_check after the disk was full: %s", got)
	}
	list, err := db.Logs.ListOutbox(ctx, 2000)
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, e := range list {
		if e.Body == body {
			whole++
		}
	}
	if whole != acknowledged || len(list) != acknowledged+1 {
		t.Errorf("the outbox holds %d whole mails of %d acknowledged, %d in all (want %d)", whole, acknowledged, len(list), acknowledged+1)
	}
}

// smallDisk mounts a tmpfs of size on a folder of the test's own and
// unmounts it at the end. It needs the right to mount (root here, and in
// CI); elsewhere the test is skipped with a notice, never in CI.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the disk-full test needs to mount a tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (%v %s): the disk-full test runs in CI", err, out)
	}
	// Cleanups run last-registered first: the database (opened after
	// this) closes, then the tmpfs is unmounted, then the folder removed.
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}
