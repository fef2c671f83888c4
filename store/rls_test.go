package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// On PostgreSQL every table holding a municipality's rows has row-level
// security, forced, with a policy: a new table that forgets it fails here.
func TestEveryTenantTableHasRowLevelSecurity(t *testing.T) {
	if storetest.Dialect() != store.Postgres {
		// On SQLite there is no row-level security; the store tests of the
		// tenant filters (TestTenantFiltersHold) are the wall there.
		return
	}
	dsn := storetest.DSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, dsn)
	rows, err := raw.Query(`SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		(SELECT COUNT(*) FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN information_schema.columns col ON col.table_schema = n.nspname AND col.table_name = c.relname
		WHERE n.nspname = current_schema() AND c.relkind = 'r' AND col.column_name = 'municipality_id'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name string
		var enabled, forced bool
		var policies int
		if err := rows.Scan(&name, &enabled, &forced, &policies); err != nil {
			t.Fatal(err)
		}
		n++
		if !enabled || !forced || policies == 0 {
			t.Errorf("table %s has a municipality_id but no forced row-level security policy (enabled %v, forced %v, %d policies)",
				name, enabled, forced, policies)
		}
	}
	if n < 7 {
		t.Errorf("only %d tenant tables found; the query no longer sees them", n)
	}
}

// With the tenant set, a non-superuser sees and writes only its rows.
func TestRowLevelSecuritySeparatesMunicipalities(t *testing.T) {
	if storetest.Dialect() != store.Postgres {
		return // see TestTenantFiltersHold for SQLite
	}
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Migrate(ctx)
	a := &vios.Municipality{Slug: "arnhem", Name: "Arnhem", Kind: "gemeente"}
	d := &vios.Municipality{Slug: "den-haag", Name: "Den Haag", Kind: "gemeente"}
	for _, m := range []*vios.Municipality{a, d} {
		if err := db.CreateMunicipality(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateOrganisation(ctx, &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner, Name: "Politie " + m.Name, PartnerKind: "politie"}); err != nil {
			t.Fatal(err)
		}
	}
	raw := rawDB(t, dsn)
	b := make([]byte, 6)
	rand.Read(b)
	role := "vios_rls_" + hex.EncodeToString(b)
	for _, q := range []string{`CREATE ROLE ` + role + ` NOLOGIN`, `GRANT USAGE ON SCHEMA ` + schemaOf(t, raw) + ` TO ` + role,
		`GRANT ALL ON ALL TABLES IN SCHEMA ` + schemaOf(t, raw) + ` TO ` + role} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		raw.Exec(`REVOKE ALL ON ALL TABLES IN SCHEMA ` + schemaOf(t, raw) + ` FROM ` + role)
		raw.Exec(`REVOKE USAGE ON SCHEMA ` + schemaOf(t, raw) + ` FROM ` + role)
		raw.Exec(`DROP ROLE ` + role)
	})
	count := func(tenant string) int {
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
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count(a.ID); got != 1 {
		t.Errorf("Arnhem sees %d organisations, want only its own 1", got)
	}
	if got := count(""); got != 2 {
		t.Errorf("system context sees %d organisations, want 2", got)
	}
	// Writing another municipality's row is refused.
	tx, _ := raw.Begin()
	defer tx.Rollback()
	tx.Exec(`SET LOCAL ROLE ` + role)
	tx.Exec(`SELECT set_config('vios.tenant', $1, true)`, a.ID)
	if _, err := tx.Exec(`INSERT INTO organisations (id, municipality_id, kind, name, created_at) VALUES ('x', $1, 'partner', 'Indringer', now())`, d.ID); err == nil {
		t.Error("Arnhem could write a row of Den Haag")
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

// The tenant filters of the store: what one municipality asks never
// returns another's rows. On SQLite this is the wall; on PostgreSQL the
// row-level security stands behind it.
func TestTenantFiltersHold(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	a, _ := db.FindMunicipalityBySlug(ctx, "arnhem")
	d, _ := db.FindMunicipalityBySlug(ctx, "den-haag")
	for _, m := range []*vios.Municipality{a, d} {
		u := &vios.User{Email: "iemand@" + m.Slug + ".example", Name: "Iemand", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordDenied(ctx, "test", "pagina", "/x", m.ID); err != nil {
			t.Fatal(err)
		}
	}
	users, err := db.ListUsers(ctx, a.ID)
	if err != nil || len(users) != 1 || users[0].Email != "iemand@arnhem.example" {
		t.Errorf("Arnhem's users: %v, %v", users, err)
	}
	orgs, _ := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: a.ID})
	for _, o := range orgs {
		if o.MunicipalityID != a.ID {
			t.Errorf("Arnhem's organisations include %s of another municipality", o.Name)
		}
	}
	records, err := db.SearchAudit(ctx, store.LogFilter{MunicipalityID: a.ID})
	if err != nil || len(records) == 0 {
		t.Fatalf("Arnhem's audit log: %d, %v", len(records), err)
	}
	for _, r := range records {
		if r.MunicipalityID == d.ID {
			t.Errorf("Arnhem's log shows record %d of Den Haag", r.Seq)
		}
	}
	if _, err := db.FindOrganisation(ctx, a.ID, orgsOf(t, db, d.ID)[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's organisation found under Arnhem: %v", err)
	}
}

func orgsOf(t *testing.T, db *store.DB, municipalityID string) []*vios.Organisation {
	t.Helper()
	list, err := db.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: municipalityID})
	if err != nil || len(list) == 0 {
		t.Fatalf("organisations: %v", err)
	}
	return list
}
