package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// Migration 00064 ends the sessions a landelijk-only account opened on a
// password alone, before that role needed a second factor; a session of
// another role, or one that did pass a second factor, goes on.
func TestMigrationEndsLandelijkSessionsWithoutMFA(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateDownTo(ctx, 63); err != nil {
		t.Fatal(err)
	}
	policy := vios.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}
	session := func(email, id string, mfaDone bool) {
		t.Helper()
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Accounts.CreateSession(ctx, &vios.Session{ID: id, UserID: u.ID}, policy, mfaDone); err != nil {
			t.Fatal(err)
		}
	}
	session("landelijk@demo.example", "landelijk-zonder-factor", true) // the old login: done, no method
	session("regisseur@arnhem.demo.example", "regisseur", true)
	session("landelijk@demo.example", "landelijk-met-factor", false)
	rawExec(t, db, `UPDATE sessions SET mfa_at = created_at, mfa_method = 'totp' WHERE id = ?`, "landelijk-met-factor")
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, live := range map[string]bool{"landelijk-zonder-factor": false, "regisseur": true, "landelijk-met-factor": true} {
		_, _, err := db.Accounts.FindSession(ctx, id, policy)
		if got := err == nil; got != live {
			t.Errorf("session %s live after the migration: %v, want %v (%v)", id, got, live, err)
		}
	}
}
