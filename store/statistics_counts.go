package store

import (
	"context"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// countedSignals reads the dashboard's signal figures (per day and
// phenomenon, per school) from signal_counts instead of the signals, where
// the table answers exactly what the count over the signals would:
//
//   - the whole municipality (no school asked for, no reader's schools):
//     the rows of school ” count every signal once;
//   - one school (asked for, or the reader's only school): its rows count
//     each of its signals once. The per-school figure of a reader narrowed
//     to that school is that school's; a regisseur who asks for one school
//     also sees the other schools its signals belong to, which the table
//     cannot tell, so that figure is counted from the signals.
//
// A reader of several schools (a signal of two of them counts once) is
// counted from the signals. The reader's networks (placeFilter) narrow on
// the table's network_id as on the signal's. It reports whether it read
// the figures; when it did not, d is unchanged.
func (db *Casework) countedSignals(ctx context.Context, q querier, d *vios.StatisticsData, f vios.StatisticsFilter, scope []string, today time.Time) (bool, error) {
	schools := scope
	if f.SchoolID != "" {
		schools = []string{f.SchoolID}
	}
	if len(schools) > 1 {
		return false, nil
	}
	school := ""
	if len(schools) == 1 {
		school = schools[0]
	}
	if school != "" && scope == nil {
		return false, nil
	}
	where := []string{"c.municipality_id = ?", "c.school_id = ?", "c.day >= ?", "c.day <= ?"}
	args := []any{f.MunicipalityID, school, vios.Date(f.From), vios.Date(f.To)}
	if f.Phenomenon != "" {
		where, args = append(where, "c.phenomenon = ?"), append(args, f.Phenomenon)
	}
	if scope != nil {
		place, placeArgs := placeFilter(vios.ActorFromContext(ctx), f.MunicipalityID, "c.network_id", today)
		if place != "" {
			where, args = append(where, place), append(args, placeArgs...)
		}
	}
	var days []vios.DayCount
	if err := queryEach(ctx, q, db.rebind(`SELECT c.day, c.phenomenon, SUM(c.n) FROM signal_counts c WHERE `+strings.Join(where, " AND ")+`
		GROUP BY c.day, c.phenomenon HAVING SUM(c.n) > 0`), args, func(r scanner) error {
		var c vios.DayCount
		err := r.Scan(&c.Day, &c.Phenomenon, &c.Count)
		c.Day = day(c.Day)
		days = append(days, c)
		return err
	}); err != nil {
		return false, err
	}
	var perSchool []vios.SchoolCount
	switch school {
	case "":
		// Every school's rows: the same conditions but the school.
		where[1] = "c.school_id <> ?"
		if err := queryEach(ctx, q, db.rebind(`SELECT c.school_id, SUM(c.n) FROM signal_counts c WHERE `+strings.Join(where, " AND ")+`
			GROUP BY c.school_id HAVING SUM(c.n) > 0`), args, func(r scanner) error {
			var c vios.SchoolCount
			err := r.Scan(&c.SchoolID, &c.Count)
			perSchool = append(perSchool, c)
			return err
		}); err != nil {
			return false, err
		}
	default:
		total := 0
		for _, c := range days {
			total += c.Count
		}
		if total > 0 {
			perSchool = []vios.SchoolCount{{SchoolID: school, Count: total}}
		}
	}
	d.Days, d.Schools = days, perSchool
	return true, nil
}
