package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
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
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, dsn
}

// On PostgreSQL every table holding a municipality's rows has row-level
// security, enabled and forced, with a policy: a new table that forgets it
// fails here.
func TestEveryTenantTableHasRowLevelSecurity(t *testing.T) {
	if storetest.Dialect() != store.Postgres {
		// On SQLite there is no row-level security; the store tests of the
		// tenant filters (TestTenantFiltersHold) are the wall there.
		return
	}
	_, dsn := openMigrated(t)
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
	if storetest.Dialect() != store.Postgres {
		return // see TestTenantFiltersHold for SQLite
	}
	ctx := context.Background()
	db, dsn := openMigrated(t)
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "een lang demowachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db, hash); err != nil {
		t.Fatal(err)
	}
	a, _ := db.FindMunicipalityBySlug(ctx, "arnhem")
	d, _ := db.FindMunicipalityBySlug(ctx, "den-haag")
	if a == nil || d == nil {
		t.Fatal("demo municipalities missing")
	}
	for _, m := range []*vios.Municipality{a, d} {
		if err := db.RecordDenied(ctx, "test", "pagina", "/x", m.ID); err != nil {
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
	as(a.ID, func(tx *sql.Tx) {
		for table, n := range all {
			want := [2]int{n[0], 0}
			if table == "memberships" {
				want = n
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

// The tenant filters of the store: what one municipality asks never
// returns another's rows. On SQLite this is the wall; on PostgreSQL the
// row-level security stands behind it.
func TestTenantFiltersHold(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, err := auth.NewHasher(1).Hash(ctx, "een lang demowachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db, hash); err != nil {
		t.Fatal(err)
	}
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
	if err != nil || len(users) == 0 {
		t.Fatalf("Arnhem's users: %d, %v", len(users), err)
	}
	seen := map[string]bool{}
	for _, u := range users {
		seen[u.Email] = true
		inArnhem := false
		for _, m := range u.Memberships {
			inArnhem = inArnhem || m.MunicipalityID == a.ID
		}
		if !inArnhem {
			t.Errorf("Arnhem's users include %s, who has no role in Arnhem", u.Email)
		}
	}
	for _, want := range []string{"iemand@arnhem.example", "beheerder@arnhem.demo.example"} {
		if !seen[want] {
			t.Errorf("Arnhem's users lack %s", want)
		}
	}
	for _, other := range []string{"iemand@den-haag.example", "beheerder@den-haag.demo.example", "landelijk@demo.example"} {
		if seen[other] {
			t.Errorf("Arnhem's users include %s", other)
		}
	}

	orgs, _ := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: a.ID})
	if len(orgs) == 0 {
		t.Fatal("Arnhem has no organisations")
	}
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// appRole opens the store as a plain login role on PostgreSQL — neither
// superuser nor owner nor BYPASSRLS, as production must run — so the
// row-level security is live for everything the store does. On SQLite it
// returns db itself: there is no such role, and the store filters are the
// wall.
func appRole(t *testing.T, db *store.DB, dsn string) *store.DB {
	t.Helper()
	if db.Dialect() != store.Postgres {
		return db
	}
	raw := rawDB(t, dsn)
	schema := schemaOf(t, raw)
	b := make([]byte, 6)
	rand.Read(b)
	role := "vios_app_test_" + hex.EncodeToString(b)
	for _, q := range []string{`CREATE ROLE ` + role + ` LOGIN NOSUPERUSER NOBYPASSRLS`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	app, err := store.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-registered first: close the pool, then drop the role.
	t.Cleanup(func() {
		raw.Exec(`DROP OWNED BY ` + role)
		if _, err := raw.Exec(`DROP ROLE ` + role); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	t.Cleanup(func() { app.Close() })

	// The test means nothing if the role passes row-level security.
	check := rawDB(t, u.String())
	var super, bypass bool
	if err := check.QueryRow(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil {
		t.Fatal(err)
	}
	if super || bypass {
		t.Fatalf("role %s passes row-level security (superuser %v, bypassrls %v)", role, super, bypass)
	}
	return app
}

// The store itself, connected as the plain role production uses, does a
// municipality's administration behind the row-level security without
// being refused, stays inside that municipality, and leaves both log chains
// whole. On SQLite the same calls run against the store filters alone, so
// the test runs (and can fail) on both databases.
func TestStoreWorksBehindRowLevelSecurity(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	owner, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	if _, err := owner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, owner); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "een lang demowachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, owner, hash); err != nil {
		t.Fatal(err)
	}
	a, _ := owner.FindMunicipalityBySlug(ctx, "arnhem")
	d, _ := owner.FindMunicipalityBySlug(ctx, "den-haag")
	if a == nil || d == nil {
		t.Fatal("demo municipalities missing")
	}
	dhOrg := orgsOf(t, owner, d.ID)[0]
	denHaagBefore := tenantRows(t, rawDB(t, dsn), d.ID)

	db := appRole(t, owner, dsn)
	admin, _, err := owner.FindCredentials(ctx, "beheerder@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx = vios.NewContextWithActor(ctx, &vios.Actor{User: admin, Address: "192.0.2.1"})

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s as the plain role: %v", what, err)
		}
	}

	// Users and roles.
	users, err := db.ListUsers(ctx, a.ID)
	must("ListUsers", err)
	for _, u := range users {
		if u.Email == "beheerder@den-haag.demo.example" {
			t.Errorf("Arnhem's users include %s", u.Email)
		}
	}
	colleague := &vios.User{Email: "collega@arnhem.example", Name: "Collega", Memberships: []vios.Membership{{MunicipalityID: a.ID, Role: vios.RoleRegisseur}}}
	must("CreateUser", db.CreateUser(ctx, colleague, ""))
	extra := &vios.Membership{UserID: colleague.ID, MunicipalityID: a.ID, Role: vios.RoleFG}
	must("AddMembership", db.AddMembership(ctx, extra))
	must("RemoveRole", db.RemoveRole(ctx, extra.ID, a.ID))
	must("EndUserSessions", db.EndUserSessions(ctx, colleague.ID, a.ID))
	must("SetUserDisabled", db.SetUserDisabled(ctx, colleague.ID, true, a.ID))
	review, err := db.RightsReview(ctx, a.ID)
	must("RightsReview", err)
	if len(review) == 0 {
		t.Error("Arnhem's rights review is empty")
	}
	for _, u := range review {
		for _, m := range u.Memberships {
			if m.MunicipalityID != a.ID {
				t.Errorf("Arnhem's rights review shows a role of %s in another municipality", u.Email)
			}
		}
	}

	// The approach, organisations and contact persons.
	approach, err := db.FindApproachByMunicipality(ctx, "arnhem")
	must("FindApproachByMunicipality", err)
	approach.Summary += " Bijgewerkt."
	must("UpdateApproach", db.UpdateApproach(ctx, approach, approach.UpdatedAt))
	org := &vios.Organisation{MunicipalityID: a.ID, Kind: vios.OrgPartner, PartnerKind: vios.PartnerKinds[0].Code, Name: "Buurtwerk Test"}
	must("SaveOrganisation (new)", db.SaveOrganisation(ctx, org))
	org.Name = "Buurtwerk Test Oost"
	must("SaveOrganisation (change)", db.SaveOrganisation(ctx, org))
	person := &vios.Person{OrganisationID: org.ID, Name: "Contact", Function: "jongerenwerker"}
	must("AddPerson", db.AddPerson(ctx, a.ID, person))
	people, err := db.ListPeople(ctx, a.ID, org.ID)
	must("ListPeople", err)
	if len(people) != 1 {
		t.Errorf("%d contact persons, want 1", len(people))
	}
	must("RemovePerson", db.RemovePerson(ctx, a.ID, org.ID, person.ID))

	// Reaching into Den Haag through Arnhem's door finds nothing.
	intruder := &vios.Person{OrganisationID: dhOrg.ID, Name: "Indringer", Function: "test"}
	if err := db.AddPerson(ctx, a.ID, intruder); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("contact person added to Den Haag's organisation under Arnhem: %v", err)
	}
	moved := *dhOrg
	moved.MunicipalityID = a.ID
	moved.Name += " (overgenomen)"
	if err := db.SaveOrganisation(ctx, &moved); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's organisation changed under Arnhem: %v", err)
	}
	if list, err := db.ListPeople(ctx, a.ID, dhOrg.ID); err != nil || len(list) != 0 {
		t.Errorf("Den Haag's contact persons listed under Arnhem: %d, %v", len(list), err)
	}

	// The register and the logs.
	activity := &vios.ProcessingActivity{MunicipalityID: a.ID, Name: "Test", Purpose: "Testen", LegalBasis: "AVG art. 6 lid 1 sub e",
		DataCategories: "Naam", Retention: "Een jaar"}
	must("SaveActivity", db.SaveActivity(ctx, activity))
	activities, err := db.ListActivities(ctx, a.ID)
	must("ListActivities", err)
	var defaults, own int
	for _, x := range activities {
		switch x.MunicipalityID {
		case "":
			defaults++
		case a.ID:
			own++
		default:
			t.Errorf("Arnhem's register shows activity %s of another municipality", x.Name)
		}
	}
	if defaults == 0 || own != 1 {
		t.Errorf("Arnhem's register: %d platform defaults and %d own activities, want some and 1", defaults, own)
	}
	if _, err := db.FindActivity(ctx, d.ID, activity.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's activity found under Den Haag: %v", err)
	}
	records, err := db.SearchAudit(ctx, store.LogFilter{MunicipalityID: a.ID, Limit: 200})
	must("SearchAudit", err)
	if len(records) == 0 {
		t.Error("Arnhem's audit trail is empty after its administration")
	}
	for _, r := range records {
		if r.MunicipalityID == d.ID {
			t.Errorf("Arnhem's audit trail shows record %d of Den Haag", r.Seq)
		}
	}
	processing, err := db.SearchProcessing(ctx, store.LogFilter{MunicipalityID: a.ID, Limit: 200})
	must("SearchProcessing", err)
	if len(processing) == 0 {
		t.Error("Arnhem's processing log is empty after reading contact persons")
	}

	// Networks, meetings, actions and covenants (P3/P4), as the regisseur.
	regisseur, _, err := owner.FindCredentials(context.Background(), "regisseur@arnhem.demo.example")
	must("FindCredentials", err)
	partner, _, err := owner.FindCredentials(context.Background(), "partner@arnhem.demo.example")
	must("FindCredentials", err)
	rctx := vios.NewContextWithActor(context.Background(), &vios.Actor{User: regisseur})
	arnhemOrgs := orgsOf(t, owner, a.ID)
	var school, police, team *vios.Organisation
	for _, o := range arnhemOrgs {
		if o.Kind == vios.OrgMunicipal && team == nil {
			team = o // the regisseur sits for a municipal team (vios.MayRepresent)
		}
		if o.ID == partner.Memberships[0].OrganisationID {
			police = o
		}
		if o.Kind == vios.OrgSchool && school == nil {
			school = o
		}
	}
	network := &vios.Network{MunicipalityID: a.ID, Kind: vios.NetworkKernteam, Name: "Kernteam RLS", SchoolIDs: []string{school.ID},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	must("CreateNetwork", db.CreateNetwork(rctx, network))
	member := &vios.NetworkMember{NetworkID: network.ID, UserID: regisseur.ID, OrganisationID: team.ID, Position: vios.PositionMember,
		Function: vios.FunctionChair, JoinedOn: vios.Date(db.Now())}
	must("AddNetworkMember", db.AddNetworkMember(rctx, a.ID, member))
	must("AddNetworkMember", db.AddNetworkMember(rctx, a.ID, &vios.NetworkMember{NetworkID: network.ID, UserID: partner.ID,
		OrganisationID: police.ID, Position: vios.PositionMember, JoinedOn: vios.Date(db.Now())}))
	// Free texts of meetings are sealed (00020), pupil data below too.
	db.Keys = keys.NewHolder(storetest.TestKeys())
	start := db.Now().AddDate(0, 0, 10)
	meetings, err := db.PlanMeetings(rctx, a.ID, network.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Stadhuis"}})
	must("PlanMeetings", err)
	item := &vios.AgendaItem{MeetingID: meetings[0].ID, Kind: vios.ItemTrend, Title: "Vapes", Phenomena: []string{"vapes"}}
	must("ProposeItem", db.ProposeItem(rctx, a.ID, item, true))
	must("PublishAgenda", db.PublishAgenda(rctx, a.ID, meetings[0].ID))
	action := &vios.ActionItem{MunicipalityID: a.ID, MeetingID: meetings[0].ID, Title: "Voorlichting", OwnerUserID: partner.ID, DueOn: start}
	must("CreateAction", db.CreateAction(rctx, action))
	if _, err := db.FindMeeting(rctx, d.ID, meetings[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's meeting found under Den Haag: %v", err)
	}
	if list, err := db.ListActions(rctx, vios.ActionFilter{MunicipalityID: d.ID}); err != nil || len(list) != 0 {
		t.Errorf("Den Haag's actions list Arnhem's: %d, %v", len(list), err)
	}
	covenant := vios.FindCovenantTemplate("delft").Fill(a.ID, db.Now())
	signed := vios.Date(db.Now())
	covenant.Parties = []vios.CovenantParty{{OrganisationID: school.ID, Signatories: "Rector", Status: vios.PartySigned, SignedOn: &signed},
		{OrganisationID: police.ID, Signatories: "Teamchef", Status: vios.PartySigned, SignedOn: &signed}}
	must("CreateCovenant", db.CreateCovenant(rctx, covenant))
	must("LinkNetworkClause", db.LinkNetworkClause(rctx, a.ID, network.ID, covenant.Clauses[0].ID))
	if _, err := db.FindCovenant(rctx, d.ID, covenant.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's covenant found under Den Haag: %v", err)
	}
	if err := db.LinkNetworkClause(rctx, d.ID, network.ID, covenant.Clauses[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's network linked under Den Haag: %v", err)
	}
	// Signals with a sealed pupil, read back by the chair (by name) and
	// searched, behind row-level security; Den Haag finds nothing of it.
	signal := &vios.Signal{MunicipalityID: a.ID, NetworkID: network.ID, OccurredOn: db.Now(), Phenomenon: "vapes", Level: vios.LevelPupil,
		Description: "Vapes verkocht", Pupils: []vios.Pupil{{Name: "Kim de Boer", BirthDate: "2011-02-03", SchoolID: school.ID}}}
	_, err = db.CreateSignal(rctx, signal)
	must("CreateSignal", err)
	read, err := db.FindSignal(rctx, a.ID, signal.ID)
	must("FindSignal", err)
	if read.Pupils[0].Name != "Kim de Boer" {
		t.Errorf("the chair reads %q", read.Pupils[0].Display())
	}
	_, _, err = db.ListSignals(rctx, vios.SignalFilter{MunicipalityID: a.ID})
	must("ListSignals", err)
	_, err = db.AgendaPupils(rctx, a.ID, meetings[0].ID)
	must("AgendaPupils", err)
	if _, err := db.FindSignal(rctx, d.ID, signal.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's signal found under Den Haag: %v", err)
	}
	if found, err := db.FindPupils(rctx, d.ID, "Kim de Boer", "2011-02-03"); err != nil || len(found) != 0 {
		t.Errorf("Arnhem's pupil found under Den Haag: %v %v", found, err)
	}
	_, err = db.RemindOverdueActions(context.Background())
	must("RemindOverdueActions", err)
	_, err = db.RemindCovenants(context.Background())
	must("RemindCovenants", err)

	// Nothing of Den Haag changed, and both chains are whole, also when
	// verified by the plain role (the system context sees every row).
	if after := tenantRows(t, rawDB(t, dsn), d.ID); after != denHaagBefore {
		t.Errorf("Den Haag's rows changed: %s before, %s after", denHaagBefore, after)
	}
	problems, n, err := db.VerifyLogs(context.Background())
	must("VerifyLogs", err)
	if len(problems) > 0 || n == 0 {
		t.Errorf("log chains after the administration: %d entries, problems %+v", n, problems)
	}
}

// tenantRows summarises a municipality's organisations, people and
// memberships, to see that nothing of it changed.
func tenantRows(t *testing.T, raw *sql.DB, municipalityID string) string {
	t.Helper()
	var orgs, people, memberships int
	var names string
	err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM organisations WHERE municipality_id = $1),
		(SELECT COUNT(*) FROM people WHERE municipality_id = $1),
		(SELECT COUNT(*) FROM memberships WHERE municipality_id = $1),
		(SELECT COALESCE(MAX(name), '') FROM organisations WHERE municipality_id = $1)`, municipalityID).
		Scan(&orgs, &people, &memberships, &names)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d organisations, %d people, %d memberships, last name %q", orgs, people, memberships, names)
}
