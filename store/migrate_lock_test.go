package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// Instances of one installation that start at once on PostgreSQL take turns
// migrating its schema: every one ends at the newest version, and the
// migrations ran once. (SQLite has one instance only.)
func TestInstancesMigrateOneSchemaAtOnce(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresDSN(t)
	const instances = 3
	applied := make([]int, instances)
	errs := make([]error, instances)
	var wg sync.WaitGroup
	for i := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			applied[i], errs[i] = db.Migrate(ctx)
			if errs[i] == nil {
				errs[i] = db.Ready(ctx)
			}
		}()
	}
	wg.Wait()
	total := 0
	for i := range instances {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	current, target, err := db.SchemaVersion(ctx)
	if err != nil || current != target {
		t.Fatalf("schema at %d of %d (%v)", current, target, err)
	}
	// One instance alone on a schema of its own applies each migration once.
	alone, err := store.Open(ctx, storetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Close()
	once, err := alone.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != once {
		t.Errorf("the instances applied %d migrations together, want %d (each once)", total, once)
	}
}

// Two schemas of one PostgreSQL database migrate under locks of their own
// (instances of one schema share one: the test above).
func TestMigrationLockIsPerSchema(t *testing.T) {
	if store.MigrationLockID("public") == store.MigrationLockID("test_0123456789abcdef") {
		t.Fatal("two schemas share a lock id")
	}
}
