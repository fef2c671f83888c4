package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// waitForReplay waits until the standby has replayed everything the
// primary wrote so far (streaming on loopback takes milliseconds), and
// returns that position.
func waitForReplay(t *testing.T, primary, standby *sql.DB) string {
	t.Helper()
	var lsn string
	if err := primary.QueryRow(`SELECT pg_current_wal_lsn()::text`).Scan(&lsn); err != nil {
		t.Fatal(err)
	}
	// Up to three minutes: the standby also replays every other test's
	// databases (created from a template, dropped after), which under a
	// loaded machine can keep it half a minute behind.
	for range 18000 {
		var done bool
		if err := standby.QueryRow(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn`, lsn).Scan(&done); err != nil {
			t.Fatal(err)
		}
		if done {
			return lsn
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the standby did not replay the primary's writes")
	return ""
}

// A read replica answers users' list and page reads, except a writer's
// until the replica has replayed the write (read-your-writes); replay is
// paused on the standby to make it lag for certain.
func TestReadReplica(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresDSN(t)
	replicaDSN := storetest.ReplicaDSN(t, dsn)
	db := storetest.OpenDSN(t, dsn)
	if err := db.UseReplica(ctx, replicaDSN); err != nil {
		t.Fatal(err)
	}
	// Stale reads by others are part of what this test shows: no bound on
	// the lag until the end, where the bound is tested on its own.
	db.SetReplicaMaxLag(time.Hour)
	other, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.UseReplica(ctx, dsn); err == nil {
		t.Error("a primary was taken for a replica")
	}
	other.Close()
	primary, _ := sql.Open("pgx", dsn)
	standby, _ := sql.Open("pgx", replicaDSN)
	t.Cleanup(func() { primary.Close(); standby.Close() })
	now := storetest.Now()
	for _, q := range []string{`INSERT INTO municipalities (id, slug, name, kind, created_at) VALUES ('m1', 'arnhem', 'Arnhem', 'gemeente', $1)`,
		`INSERT INTO users (id, email, name, created_at) VALUES ('writer', 'w@example.org', 'W', $1), ('reader', 'r@example.org', 'R', $1)`} {
		if _, err := primary.Exec(q, now); err != nil {
			t.Fatal(err)
		}
	}
	db.PinReplicaSample(waitForReplay(t, primary, standby))
	as := func(id string) context.Context {
		return vios.NewContextWithActor(ctx, &vios.Actor{User: &vios.User{ID: id}})
	}
	read := func(c context.Context, want string, fromStandby bool) {
		t.Helper()
		name, fromReplica, err := db.ReadMunicipalityName(c, "m1")
		if err != nil || name != want || fromReplica != fromStandby {
			t.Errorf("read: %q from the standby %v (%v), want %q from the standby %v", name, fromReplica, err, want, fromStandby)
		}
	}
	read(as("reader"), "Arnhem", true)
	read(as("writer"), "Arnhem", true)
	// Without a user (a job, a visitor) and where news must be seen: the primary.
	read(vios.NewSystemContext(ctx, "test"), "Arnhem", false)
	read(vios.NewContextWithFreshReads(as("reader")), "Arnhem", false)

	if _, err := standby.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { standby.Exec(`SELECT pg_wal_replay_resume()`) })
	if err := db.WriteAs(as("writer"), `UPDATE municipalities SET name = ? WHERE id = ?`, "Arnhem-Noord", "m1"); err != nil {
		t.Fatal(err)
	}
	// The writer reads its write from the primary; another user still
	// reads the standby, which has not replayed it.
	read(as("writer"), "Arnhem-Noord", false)
	read(as("reader"), "Arnhem", true)
	// Within the bound on the lag, no one reads a replica that is behind
	// the primary (a membership just ended must not still count).
	db.SetReplicaMaxLag(0)
	read(as("reader"), "Arnhem-Noord", false)
	db.SetReplicaMaxLag(time.Hour)

	if _, err := standby.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	db.PinReplicaSample(waitForReplay(t, primary, standby))
	read(as("writer"), "Arnhem-Noord", true)
	read(as("reader"), "Arnhem-Noord", true)
}
