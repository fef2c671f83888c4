package store_test

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// The dashboard's time series reads the covering index signals_statistics
// (migration 00050) and never the signals' rows or the whole table, also
// right after a bulk load without statistics.
func TestStatisticsPlanUsesIndex(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db := openMigratedAt(t, dsn)
	raw := rawDB(t, dsn)
	loadPlanFixture(t, db.Dialect(), raw)
	loadOtherMunicipality(t, db.Dialect(), raw)
	q, args := store.StatisticsDaysQuery(db, "m1", storetest.Now())
	if db.Dialect() == store.SQLite {
		plan := sqlitePlan(ctx, t, raw, q, args)
		if !strings.Contains(plan, "USING COVERING INDEX signals_statistics") || strings.Contains(plan, "SCAN s") {
			t.Errorf("the dashboard does not read the covering index signals_statistics:\n%s", plan)
		}
		return
	}
	noScanWithoutStatistics(ctx, t, raw, "the dashboard", q, args)
	// Analysed (and vacuumed, as autovacuum leaves a loaded table), the
	// municipality's quarter of the table is read through an index.
	if _, err := raw.ExecContext(ctx, "VACUUM ANALYZE signals"); err != nil {
		t.Fatal(err)
	}
	// An index scan, an index-only scan or a bitmap scan: the planner's
	// choice by the table's state; never the whole table.
	scans := signalScans(ctx, t, raw, q, args)
	if len(scans) == 0 || slices.ContainsFunc(scans, func(s string) bool { return strings.HasPrefix(s, "Seq Scan") }) {
		t.Errorf("the dashboard reads %v; want the signals read through an index", scans)
	}
}

// loadOtherMunicipality adds a second municipality with three times the
// first one's signals: the dashboard of the first must not read them.
func loadOtherMunicipality(t *testing.T, dialect string, raw *sql.DB) {
	t.Helper()
	day := `DATE '2027-03-27' - (i / 300)`
	if dialect == store.SQLite {
		day = `date('2027-03-27', '-' || (i / 300) || ' days')`
	}
	ts := `'2027-03-27 10:00:00+00'`
	for _, q := range []string{
		`INSERT INTO municipalities (id, slug, name, kind, created_at) VALUES ('m2', 'ander', 'Ander', 'gemeente', ` + ts + `)`,
		`INSERT INTO organisations (id, municipality_id, kind, name, created_at) VALUES ('o2', 'm2', 'school', 'School', ` + ts + `)`,
		`INSERT INTO networks (id, municipality_id, kind, name, agenda_days, proposal_days, created_at, updated_at) VALUES
			('n9', 'm2', 'kernteam', 'Kernteam', 5, 10, ` + ts + `, ` + ts + `)`,
		`INSERT INTO users (id, email, name, created_at) VALUES ('u9', 'u9@ander.example', 'Lid', ` + ts + `)`,
		`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ` + strconv.Itoa(3*planSignals) + `)
		INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id, reporter_org_id, phenomenon,
			level, urgency, status, created_at, updated_at)
		SELECT 'x' || i, 'm2', 'n9', 'X-' || i, ` + day + `, 'u9', 'o2', 'pesten', 'leerling', 'normaal', 'nieuw', ` + ts + `, ` + ts + ` FROM k`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
