package store

import (
	"time"

	"github.com/vios-platform/vios"
)

// StatisticsDaysQuery is the dashboard's count of signals per day and
// phenomenon over five years up to today, as Statistics asks it for the
// whole municipality, for tests of its plan.
func StatisticsDaysQuery(db *DB, municipalityID string, today time.Time) (string, []any) {
	f := vios.StatisticsFilter{MunicipalityID: municipalityID, From: vios.Date(today).AddDate(-5, 0, 1), To: vios.Date(today)}
	where, args := statisticsWhere(f, nil, true, "", nil)
	return db.rebind(statisticsDaysQuery(where)), args
}
