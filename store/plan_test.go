package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// planSignals is how many signals the plan tests load: enough that a scan
// of the table costs more than a walk down an index to the first page.
const planSignals = 20_000

// loadPlanFixture fills a migrated database, behind the store's back and
// without ANALYZE, as a bulk load leaves it: one municipality with two
// networks of four members each and planSignals signals in the first (one
// multi-row statement: the test stays cheap).
func loadPlanFixture(t *testing.T, dialect string, raw *sql.DB) {
	t.Helper()
	day := `DATE '2027-03-27' - (i / 100)`
	if dialect == store.SQLite {
		day = `date('2027-03-27', '-' || (i / 100) || ' days')`
	}
	ts := `'2027-03-27 10:00:00+00'`
	stmts := []string{
		`INSERT INTO municipalities (id, slug, name, kind, created_at) VALUES ('m1', 'plan', 'Plan', 'gemeente', ` + ts + `)`,
		`INSERT INTO organisations (id, municipality_id, kind, name, created_at) VALUES ('o1', 'm1', 'school', 'School', ` + ts + `)`,
		`INSERT INTO networks (id, municipality_id, kind, name, agenda_days, proposal_days, created_at, updated_at) VALUES
			('n1', 'm1', 'kernteam', 'Kernteam', 5, 10, ` + ts + `, ` + ts + `), ('n2', 'm1', 'kernteam', 'Tweede', 5, 10, ` + ts + `, ` + ts + `)`,
	}
	for i := range 8 {
		u, n := "u"+string(rune('0'+i)), "n"+string(rune('1'+i%2))
		stmts = append(stmts, `INSERT INTO users (id, email, name, created_at) VALUES ('`+u+`', '`+u+`@plan.example', 'Lid', `+ts+`)`,
			`INSERT INTO network_members (id, municipality_id, network_id, user_id, organisation_id, position, joined_on)
				VALUES ('nm`+u+`', 'm1', '`+n+`', '`+u+`', 'o1', 'lid', DATE '2026-01-01')`)
	}
	stmts = append(stmts, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < `+strconv.Itoa(planSignals)+`)
		INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id, reporter_org_id, phenomenon,
			level, urgency, status, created_at, updated_at)
		SELECT 's' || i, 'm1', 'n1', 'S-' || i, `+day+`, 'u0', 'o1', 'pesten', 'leerling', 'normaal', 'nieuw', `+ts+`, `+ts+` FROM k`)
	for _, q := range stmts {
		if dialect == store.SQLite {
			q = strings.ReplaceAll(q, "DATE '2026-01-01'", "'2026-01-01'")
		}
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// The signals list of a network member keeps a good plan whatever the
// planner knows of the membership tables: it walks the list's index in
// page order and stops at the page's end (SQLite always; PostgreSQL once
// it has the big table's statistics, see below).
func TestSignalListPlanHoldsWithoutStatistics(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db := openMigratedAt(t, dsn)
	raw := rawDB(t, dsn)
	loadPlanFixture(t, db.Dialect(), raw)
	q, args := store.SignalListQuery(db, "u0", "m1", storetest.Now())
	if db.Dialect() == store.SQLite {
		plan := sqlitePlan(ctx, t, raw, q, args)
		if !strings.Contains(plan, "SEARCH s USING INDEX signals_list") || strings.Contains(plan, "SCAN s") ||
			strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("the signals list does not walk signals_list in page order:\n%s", plan)
		}
		return
	}
	// A database restored from a dump has no statistics (pg_dump carries
	// none), nor one loaded before Migrate analysed: the tables are as if
	// never analysed. Right after such a load the planner takes
	// municipality_id = ? for a 0.5 % guess and may sort what it finds
	// (Analyze after a bulk load is for that), but it must not scan the
	// table.
	noScanWithoutStatistics(ctx, t, raw, "the signals list", q, args)
	// Autovacuum then analyses the big table, but never the few rows of the
	// networks and their members (it waits for 50 changed rows): the list
	// must walk its index in page order, not build a semi-join on a guess
	// of the membership's size (as an IN-subquery did, scanning every signal
	// and sorting them for one page: 256 ms instead of 0.4 ms at 100,000).
	if _, err := raw.ExecContext(ctx, "ANALYZE signals"); err != nil {
		t.Fatal(err)
	}
	if scans := signalScans(ctx, t, raw, q, args); !slices.Equal(scans, []string{"Index Scan signals_list"}) {
		t.Errorf("signals analysed, memberships not: the signals list reads %v; want only an Index Scan of signals_list in page order", scans)
	}
}

// noScanWithoutStatistics forgets the statistics and fails when what's
// query q then scans the signals table.
func noScanWithoutStatistics(ctx context.Context, t *testing.T, raw *sql.DB, what, q string, args []any) {
	t.Helper()
	forgetStatistics(ctx, t, raw)
	for _, n := range signalScans(ctx, t, raw, q, args) {
		if strings.HasPrefix(n, "Seq Scan") {
			t.Errorf("no statistics: %s scans the signals table: %s", what, n)
		}
	}
}

// forgetStatistics puts every table of the schema back in the state of a
// table never analysed. It writes the catalogue, which the tests' superuser
// may.
func forgetStatistics(ctx context.Context, t *testing.T, raw *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace)`,
		`UPDATE pg_class SET reltuples = -1, relpages = 0, relallvisible = 0 WHERE relnamespace = current_schema()::regnamespace`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// signalScans returns how PostgreSQL's plan of q reads the signals table,
// and any sort in it, as "Node Type index".
func signalScans(ctx context.Context, t *testing.T, raw *sql.DB, q string, args []any) []string {
	t.Helper()
	var out string
	if err := raw.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+q, args...).Scan(&out); err != nil {
		t.Fatal(err)
	}
	var plans []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(out), &plans); err != nil || len(plans) != 1 {
		t.Fatalf("read plan: %v\n%s", err, out)
	}
	var scans []string
	plans[0].Plan.walk(func(n planNode) {
		if n.Relation == "signals" || strings.Contains(n.Type, "Sort") {
			scans = append(scans, strings.TrimSpace(n.Type+" "+n.Index))
		}
	})
	return scans
}

// planNode is a node of PostgreSQL's EXPLAIN (FORMAT JSON).
type planNode struct {
	Type     string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Index    string     `json:"Index Name"`
	Plans    []planNode `json:"Plans"`
}

func (n planNode) walk(f func(planNode)) {
	f(n)
	for _, c := range n.Plans {
		c.walk(f)
	}
}

// sqlitePlan returns SQLite's EXPLAIN QUERY PLAN of q, one step a line.
func sqlitePlan(ctx context.Context, t *testing.T, raw *sql.DB, q string, args []any) string {
	t.Helper()
	rows, err := raw.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// Migrating an existing database leaves statistics behind, and Analyze
// brings them up to date after a bulk load: the planner then knows how
// many signals there are.
func TestAnalyzeAfterMigrateAndBulkLoad(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db := openMigratedAt(t, dsn)
	raw := rawDB(t, dsn)
	// Migrating a database that exists (not from nothing) analyses it.
	if err := db.MigrateDownTo(ctx, 36); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// SQLite writes no statistics of an empty table, but the table that holds them.
	count := `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`
	estimate := `SELECT CAST(substr(stat, 1, instr(stat, ' ') - 1) AS INTEGER) FROM sqlite_stat1 WHERE idx = 'signals_list'`
	if db.Dialect() == store.Postgres {
		// -1 is "never analysed".
		count = `SELECT COUNT(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = 'signals' AND reltuples >= 0`
		estimate = `SELECT reltuples::bigint FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = 'signals'`
	}
	var n int
	if err := raw.QueryRowContext(ctx, count).Scan(&n); err != nil || n == 0 {
		t.Fatalf("after Migrate the signals table has no statistics (%d, %v)", n, err)
	}
	loadPlanFixture(t, db.Dialect(), raw)
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRowContext(ctx, estimate).Scan(&n); err != nil || n != planSignals {
		t.Errorf("after Analyze the planner counts %d signals (%v), want %d", n, err, planSignals)
	}
}

// SQLite reads through a map of the file and keeps a page cache sized for
// a municipality's data, on every connection of the store.
func TestSQLiteCacheAndMap(t *testing.T) {
	ctx := context.Background()
	db := openMigratedAt(t, filepath.Join(t.TempDir(), "vios.db"))
	for _, want := range []struct {
		pragma string
		value  int64
	}{{"cache_size", -32768}, {"mmap_size", 256 << 20}} {
		if v, err := db.Pragma(ctx, want.pragma); err != nil || v != want.value {
			t.Errorf("PRAGMA %s = %d (%v), want %d", want.pragma, v, err, want.value)
		}
	}
}
