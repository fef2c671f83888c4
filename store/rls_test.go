package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// tenantTables lists the tables of the current schema with a
// municipality_id column: the tables that hold a municipality's rows.
func tenantTables(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'municipality_id' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		list = append(list, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

// openMigrated opens a fresh, migrated database and returns it with its
// data source, for a second, raw connection.
func openMigrated(t *testing.T) (*store.DB, string) {
	t.Helper()
	dsn := storetest.DSN(t)
	return openMigratedAt(t, dsn), dsn
}

// openMigratedAt opens the database of dsn, closed when the test ends, and
// migrates it.
func openMigratedAt(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// arnhemAndDenHaag loads the demo data with its users into db and returns
// the two municipalities the tenant tests set against each other.
func arnhemAndDenHaag(t *testing.T, db *store.DB) (arnhem, denHaag *vios.Municipality) {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "een lang demowachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	arnhem, _ = db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	denHaag, _ = db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	if arnhem == nil || denHaag == nil {
		t.Fatal("demo municipalities missing")
	}
	return arnhem, denHaag
}

// On PostgreSQL every table holding a municipality's rows has row-level
// security, enabled and forced, with a policy: a new table that forgets it
// fails here.
func TestEveryTenantTableHasRowLevelSecurity(t *testing.T) {
	// SQLite has no row-level security; there the store's tenant filters are
	// the wall (TestTenantFiltersHold, TestStoreWorksBehindRowLevelSecurity).
	dsn := storetest.PostgresDSN(t)
	openMigratedAt(t, dsn)
	raw := rawDB(t, dsn)
	tables := tenantTables(t, raw)
	// The tables known when this test was written; the query must still
	// find at least these, or it has stopped seeing them.
	for _, want := range []string{"approaches", "audit_log", "memberships", "municipality_members",
		"organisations", "people", "processing_activities", "processing_log"} {
		if !contains(tables, want) {
			t.Errorf("tenant table %s not found; found %v", want, tables)
		}
	}
	for _, name := range tables {
		var enabled, forced bool
		var policies int
		err := raw.QueryRow(`SELECT c.relrowsecurity, c.relforcerowsecurity,
			(SELECT COUNT(*) FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relname = $1`, name).Scan(&enabled, &forced, &policies)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !enabled || !forced || policies == 0 {
			t.Errorf("table %s has a municipality_id but no forced row-level security policy (enabled %v, forced %v, %d policies)",
				name, enabled, forced, policies)
		}
	}
}

// With the tenant set to Arnhem, a role that is not a superuser (superusers
// pass row-level security even when it is forced) sees no row of Den Haag
// and cannot write one; with no tenant set it sees everything.
func TestRowLevelSecuritySeparatesMunicipalities(t *testing.T) {
	// SQLite has no row-level security; TestTenantFiltersHold checks the
	// same separation there through the store's tenant filters.
	ctx := context.Background()
	dsn := storetest.PostgresDSN(t)
	db := openMigratedAt(t, dsn)
	a, d := arnhemAndDenHaag(t, db)
	for _, m := range []*vios.Municipality{a, d} {
		if err := db.Accounts.RecordDenied(ctx, "test", "pagina", "/x", m.ID); err != nil {
			t.Fatal(err)
		}
	}

	raw := rawDB(t, dsn)
	schema := schemaOf(t, raw)
	b := make([]byte, 6)
	rand.Read(b)
	role := "vios_rls_" + hex.EncodeToString(b)
	for _, q := range []string{`CREATE ROLE ` + role + ` NOLOGIN`, `GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role,
		`GRANT ALL ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		raw.Exec(`DROP OWNED BY ` + role)
		raw.Exec(`DROP ROLE ` + role)
	})
	// as runs fn in a transaction as the plain role with the tenant set the
	// way the store sets it, and rolls it back.
	as := func(tenant string, fn func(tx *sql.Tx)) {
		t.Helper()
		tx, err := raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.Exec(`SET LOCAL ROLE ` + role); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`SELECT set_config('vios.tenant', $1, true)`, tenant); err != nil {
			t.Fatal(err)
		}
		fn(tx)
	}
	count := func(q interface {
		QueryRow(string, ...any) *sql.Row
	}, table, municipalityID string) int {
		t.Helper()
		var n int
		if err := q.QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE municipality_id = $1`, municipalityID).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		return n
	}

	// What the system context (no tenant) sees is the whole truth.
	all := map[string][2]int{}
	for _, table := range tenantTables(t, raw) {
		all[table] = [2]int{count(raw, table, a.ID), count(raw, table, d.ID)}
	}
	for _, table := range []string{"organisations", "people", "memberships", "approaches", "audit_log"} {
		if all[table][0] == 0 || all[table][1] == 0 {
			t.Fatalf("%s: %v rows for Arnhem and Den Haag; the test needs both", table, all[table])
		}
	}

	// (c) Unset: everything visible, also to the plain role.
	as("", func(tx *sql.Tx) {
		for table, n := range all {
			if got := [2]int{count(tx, table, a.ID), count(tx, table, d.ID)}; got != n {
				t.Errorf("no tenant: %s shows %v rows of Arnhem and Den Haag, want %v", table, got, n)
			}
		}
	})

	// (b) Arnhem: its own rows, none of Den Haag. Memberships stay readable
	// (an administrator sees that a user also works elsewhere, and
	// MayManageUser needs every municipality of a user) but not writable.
	// Schools are public reference data (a pupil may go to school in
	// another municipality, migration 00067): readable, not writable.
	var hagueSchools int
	raw.QueryRow(`SELECT COUNT(*) FROM organisations WHERE municipality_id = $1 AND kind = 'school'`, d.ID).Scan(&hagueSchools)
	as(a.ID, func(tx *sql.Tx) {
		for table, n := range all {
			want := [2]int{n[0], 0}
			switch table {
			case "memberships":
				want = n
			case "organisations":
				want[1] = hagueSchools
			}
			if got := [2]int{count(tx, table, a.ID), count(tx, table, d.ID)}; got != want {
				t.Errorf("tenant Arnhem: %s shows %v rows of Arnhem and Den Haag, want %v", table, got, want)
			}
		}
		var total, arnhemOnly int
		tx.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&total)
		tx.QueryRow(`SELECT COUNT(*) FROM people WHERE municipality_id = $1`, a.ID).Scan(&arnhemOnly)
		if total != arnhemOnly {
			t.Errorf("tenant Arnhem: %d people visible, %d of Arnhem", total, arnhemOnly)
		}
		res, err := tx.Exec(`UPDATE organisations SET name = name || ' (gewijzigd)' WHERE municipality_id = $1`, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 0 {
			t.Errorf("tenant Arnhem changed %d organisations of Den Haag", n)
		}
	})

	var orgDH, orgA, userID string
	raw.QueryRow(`SELECT id FROM organisations WHERE municipality_id = $1 LIMIT 1`, d.ID).Scan(&orgDH)
	raw.QueryRow(`SELECT id FROM organisations WHERE municipality_id = $1 LIMIT 1`, a.ID).Scan(&orgA)
	raw.QueryRow(`SELECT id FROM users LIMIT 1`).Scan(&userID)
	writes := []struct {
		name string
		sql  string
		args []any
	}{
		{"organisatie van Den Haag toevoegen", `INSERT INTO organisations (id, municipality_id, kind, name, created_at) VALUES ('rls-org', $1, 'partner', 'Indringer', now())`, []any{d.ID}},
		{"persoon van Den Haag toevoegen", `INSERT INTO people (id, municipality_id, organisation_id, name, function, created_at) VALUES ('rls-person', $1, $2, 'Indringer', 'test', now())`, []any{d.ID, orgDH}},
		{"rol in Den Haag toekennen", `INSERT INTO memberships (id, user_id, municipality_id, role, created_at) VALUES ('rls-membership', $1, $2, 'beheerder', now())`, []any{userID, d.ID}},
		{"organisatie van Arnhem naar Den Haag verplaatsen", `UPDATE organisations SET municipality_id = $1 WHERE id = $2`, []any{d.ID, orgA}},
		{"auditregel van Den Haag schrijven", `INSERT INTO audit_log (seq, at, trace_id, span_id, user_id, role, organisation_id, municipality_id, address, action, object_type, object_id, legal_basis, outcome, prev_hash, hash)
			VALUES (999999, now(), '', '', '', '', '', $1, '', 'x', '', '', '', '', '', '')`, []any{d.ID}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			as(a.ID, func(tx *sql.Tx) {
				_, err := tx.Exec(w.sql, w.args...)
				if err == nil {
					t.Fatal("Arnhem could write a row of Den Haag")
				}
				if !strings.Contains(err.Error(), "row-level security") {
					t.Errorf("refused, but not by row-level security: %v", err)
				}
			})
		})
	}
}

func schemaOf(t *testing.T, raw *sql.DB) string {
	t.Helper()
	var s string
	if err := raw.QueryRow(`SELECT current_schema()`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
