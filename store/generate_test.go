package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios/store/storetest"
)

// Generated data goes only into an empty database: one account, made by
// hand before any municipality exists, already makes it not empty.
func TestIsEmptyCountsAccounts(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	if empty, err := db.IsEmpty(ctx); err != nil || !empty {
		t.Fatalf("a new database: empty %v (%v), want empty", empty, err)
	}
	if err := db.WriteAs(ctx, `INSERT INTO users (id, email, name, created_at) VALUES (?, ?, ?, ?)`,
		"u1", "beheer@example.org", "Beheerder", storetest.Now()); err != nil {
		t.Fatal(err)
	}
	if empty, err := db.IsEmpty(ctx); err != nil || empty {
		t.Errorf("a database with one account: empty %v (%v), want not empty", empty, err)
	}
}
