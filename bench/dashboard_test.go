package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// BenchmarkDashboard is the municipal dashboard (/statistieken/{gemeente})
// of the regisseur over five years, on the casework fixture of
// BenchmarkSignals (100,000 signals, each with a pupil, a school and a
// case):
//
//   - Dashboard/Page: GET /statistieken/arnhem over HTTP: the filters, the
//     store's counts, every network's follow-through figures, the charts,
//     tables and template.
//   - Dashboard/SQL: the baseline: the bare aggregate queries of those
//     counts on a plain database/sql handle, rows scanned and dropped.
func BenchmarkDashboard(b *testing.B) {
	f := caseworkSetUp(b)
	to := vios.Date(f.db.Now())
	from := to.AddDate(-vios.MaxStatisticsYears, 0, 1)
	b.Run("Page", func(b *testing.B) {
		cookie, err := loginErr(f.base, "regisseur@arnhem.demo.example", "benchmark-wachtwoord")
		if err != nil {
			b.Fatal(err)
		}
		page := f.base + "/statistieken/arnhem?vanaf=" + from.Format(time.DateOnly) + "&totEnMet=" + to.Format(time.DateOnly)
		getPage(b, page, cookie, func(s string) bool { return strings.Contains(s, `<svg class="grafiek"`) })
		for b.Loop() {
			getPage(b, page, cookie, nil)
		}
	})
	b.Run("SQL", func(b *testing.B) {
		m := f.municipal.ID
		end := to.AddDate(0, 0, 1)
		args := [][]any{{m, "", from, to}, {m, "", from, to}, {from, end, m}, {from, end, m}, {from, end, m, m}, {m, from, end}}
		rows := 0
		for i, q := range dashboardQueries {
			rows += runQuery(b, f.raw, f.rebind(q), args[i]...)
		}
		b.Logf("%d queries, %d rows", len(dashboardQueries), rows)
		for b.Loop() {
			for i, q := range dashboardQueries {
				runQuery(b, f.raw, f.rebind(q), args[i]...)
			}
		}
	})
}

// dashboardQueries are the store's counts for the whole municipality
// (store/statistics.go, store/statistics_counts.go): signals per day and
// phenomenon and per school from the pre-aggregated signal_counts, cases
// opened and closed, referrals, alert acknowledgements.
var dashboardQueries = []string{
	`SELECT c.day, c.phenomenon, SUM(c.n) FROM signal_counts c WHERE c.municipality_id = ? AND c.school_id = ? AND c.day >= ? AND c.day <= ?
		GROUP BY c.day, c.phenomenon HAVING SUM(c.n) > 0`,
	`SELECT c.school_id, SUM(c.n) FROM signal_counts c WHERE c.municipality_id = ? AND c.school_id <> ? AND c.day >= ? AND c.day <= ?
		GROUP BY c.school_id HAVING SUM(c.n) > 0`,
	`SELECT COUNT(*) FROM cases c
		WHERE c.created_at >= ? AND c.created_at < ? AND c.municipality_id = ?`,
	`SELECT c.outcome, COUNT(*) FROM cases c
		WHERE c.status = 'gesloten' AND c.closed_at >= ? AND c.closed_at < ? AND c.municipality_id = ? GROUP BY c.outcome`,
	`SELECT r.table_code, r.status, r.waiting_since, r.created_at FROM referrals r
		JOIN cases c ON c.id = r.case_id
		WHERE ((r.created_at >= ? AND r.created_at < ?) OR r.status = 'wachtlijst') AND r.municipality_id = ? AND c.municipality_id = ? ORDER BY r.table_code`,
	`SELECT a.id, a.raised_at, ar.acknowledged_at FROM alerts a
		LEFT JOIN alert_recipients ar ON ar.alert_id = a.id WHERE a.municipality_id = ? AND a.raised_at >= ? AND a.raised_at < ?`,
}
