package store

import (
	"context"
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

// CountedAndFresh reads the dashboard's signal figures for f and scope
// both from signal_counts and from the signals; ok is false when the
// table does not answer that view.
func CountedAndFresh(ctx context.Context, db *DB, f vios.StatisticsFilter, scope []string) (counted, fresh *vios.StatisticsData, ok bool, err error) {
	counted, fresh = &vios.StatisticsData{}, &vios.StatisticsData{}
	today := vios.Date(db.Time())
	var place string
	var placeArgs []any
	if scope != nil {
		place, placeArgs = placeFilter(vios.ActorFromContext(ctx), f.MunicipalityID, "s.network_id", today)
	}
	err = db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		if ok, err = db.Casework.countedSignals(ctx, q, counted, f, scope, today); err != nil {
			return err
		}
		return db.Casework.freshSignals(ctx, q, fresh, f, scope, place, placeArgs)
	})
	return counted, fresh, ok, err
}

// MiscountSignals makes signal_counts of a municipality wrong, as a bug in
// a write path would, for the test of CheckSignalCounts.
func MiscountSignals(ctx context.Context, db *DB, municipalityID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE signal_counts SET n = n + 1 WHERE municipality_id = ? AND school_id = ''`, municipalityID)
	})
}
