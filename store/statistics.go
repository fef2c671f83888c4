package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// The dashboard's counts: a handful of GROUP BY queries over the period,
// each narrowed to the reader's schools when the reader is a school. The
// signals per day and phenomenon are read from the covering index
// signals_statistics (migration 00050), so the time series of five years
// of a large municipality is an index range scan; the buckets are made in
// Go (vios.ComputeStatistics) from at most a few thousand day rows.

var _ vios.StatisticsService = (*Casework)(nil)

// Statistics returns the dashboard of f.MunicipalityID for the actor in
// ctx. A school's reader asking for another school hears ENOTFOUND, as for
// any record they may not see.
func (db *Casework) Statistics(ctx context.Context, f vios.StatisticsFilter) (*vios.Statistics, error) {
	scope, err := vios.AuthorizeStatistics(vios.ActorFromContext(ctx), f.MunicipalityID)
	if err != nil {
		if vios.DenialOf(err) == nil {
			return nil, err
		}
		// Recorded, and answered as a record that is not there (a
		// failure to record leaves it refused all the same).
		_ = db.recordDenial(ctx, refuse(err, "statistieken", f.MunicipalityID))
		return nil, vios.Errorf(vios.ENOTFOUND, "%s", vios.StatisticsNotFound)
	}
	if f.SchoolID != "" && scope != nil && !slices.Contains(scope, f.SchoolID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "%s", vios.StatisticsNotFound)
	}
	if f.To.Before(f.From) || f.To.After(f.From.AddDate(vios.MaxStatisticsYears, 0, -1)) {
		return nil, vios.Errorf(vios.EINVALID, "Kies een periode van hoogstens %d jaar.", vios.MaxStatisticsYears)
	}
	phenomena, err := db.Networks.ListPhenomena(ctx, f.MunicipalityID)
	if err != nil {
		return nil, err
	}
	schools, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.MunicipalityID, Kind: vios.OrgSchool})
	if err != nil {
		return nil, err
	}
	d, err := db.StatisticsData(ctx, f, scope)
	if err != nil {
		return nil, err
	}
	return vios.ComputeStatistics(f, scope, d, phenomena, schools), nil
}

// statisticsWhere is the condition on signals s of the filter: the
// municipality, the phenomenon, the school (or the reader's schools: a
// signal is a school's when it names the school or one of its pupils, as
// in the signals list) and, with period, the days.
func statisticsWhere(f vios.StatisticsFilter, scope []string, period bool, place string, placeArgs []any) (string, []any) {
	where := []string{"s.municipality_id = ?"}
	args := []any{f.MunicipalityID}
	if place != "" {
		where, args = append(where, place), append(args, placeArgs...)
	}
	if period {
		where = append(where, "s.occurred_on >= ?", "s.occurred_on <= ?")
		args = append(args, vios.Date(f.From), vios.Date(f.To))
	}
	if f.Phenomenon != "" {
		where, args = append(where, "s.phenomenon = ?"), append(args, f.Phenomenon)
	}
	schools := scope
	if f.SchoolID != "" {
		schools = []string{f.SchoolID}
	}
	if len(schools) > 0 {
		in := placeholders(len(schools))
		where = append(where, `(s.id IN (SELECT signal_id FROM signal_schools WHERE organisation_id IN (`+in+`))
			OR s.id IN (SELECT sp.signal_id FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id WHERE p.school_id IN (`+in+`)))`)
		for range 2 {
			for _, id := range schools {
				args = append(args, id)
			}
		}
	}
	return strings.Join(where, " AND "), args
}

// StatisticsData reads the raw counts of the dashboard; scope narrows to
// those schools (nil: the whole municipality). It does not authorize: the
// benchmark measures it as the dashboard's bare queries.
func (db *Casework) StatisticsData(ctx context.Context, f vios.StatisticsFilter, scope []string) (*vios.StatisticsData, error) {
	d := &vios.StatisticsData{}
	from, to := vios.Date(f.From), vios.Date(f.To).AddDate(0, 0, 1)
	today := vios.Date(db.Time())
	// A school's reader counts only the signals of the networks they have a
	// place in, as their signals list shows them: a signal of the school
	// entered at a table the school does not sit at (police, Veilig Thuis)
	// must not show as a count either — on a single day, a count names the
	// pupil to who knows the school.
	var place string
	var placeArgs []any
	if scope != nil {
		place, placeArgs = placeFilter(vios.ActorFromContext(ctx), f.MunicipalityID, "s.network_id", today)
	}
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		counted, err := db.countedSignals(ctx, q, d, f, scope, today)
		if err != nil {
			return err
		}
		if !counted {
			if err := db.freshSignals(ctx, q, d, f, scope, place, placeArgs); err != nil {
				return err
			}
		}
		return db.caseFigures(ctx, q, d, f, scope, from, to, place, placeArgs)
	})
	return d, err
}

// freshSignals counts the dashboard's signal figures from the signals
// themselves, for the views signal_counts cannot answer (countedSignals).
func (db *Casework) freshSignals(ctx context.Context, q querier, d *vios.StatisticsData, f vios.StatisticsFilter, scope []string, place string, placeArgs []any) error {
	where, args := statisticsWhere(f, scope, true, place, placeArgs)
	if err := queryEach(ctx, q, db.rebind(statisticsDaysQuery(where)), args, func(r scanner) error {
		var c vios.DayCount
		err := r.Scan(&c.Day, &c.Phenomenon, &c.Count)
		c.Day = day(c.Day)
		d.Days = append(d.Days, c)
		return err
	}); err != nil {
		return err
	}
	// Each branch filters the signals before the union pairs them with
	// a school, so both read only the period's signals by index.
	orgWhere, orgArgs := "", []any{}
	if len(scope) > 0 {
		orgWhere = " AND x.org IN (" + placeholders(len(scope)) + ")"
		for _, id := range scope {
			orgArgs = append(orgArgs, id)
		}
	}
	return queryEach(ctx, q, db.rebind(statisticsSchoolsQuery(where, orgWhere)), append(append(append([]any{}, args...), args...), orgArgs...), func(r scanner) error {
		d.Schools = append(d.Schools, vios.SchoolCount{})
		return r.Scan(&d.Schools[len(d.Schools)-1].SchoolID, &d.Schools[len(d.Schools)-1].Count)
	})
}

// caseFigures reads the dashboard's figures of cases, referrals and alerts.
func (db *Casework) caseFigures(ctx context.Context, q querier, d *vios.StatisticsData, f vios.StatisticsFilter, scope []string, from, to time.Time, place string, placeArgs []any) error {
	today := vios.Date(db.Time())
	// c.municipality_id and the status let the cases' own indexes
	// (cases_recent, cases_list) find the period's cases.
	// The whole municipality's cases need not be paired with their signals
	// (a case is of its signal's municipality): without that join the
	// counts are index range scans.
	caseJoin, caseWhere, caseArgs := "", "c.municipality_id = ?", []any{f.MunicipalityID}
	if place != "" || f.Phenomenon != "" || f.SchoolID != "" || len(scope) > 0 {
		caseJoin = " JOIN signals s ON s.id = c.signal_id"
		caseWhere, caseArgs = statisticsWhere(f, scope, false, place, placeArgs)
		caseWhere, caseArgs = "c.municipality_id = ? AND "+caseWhere, append([]any{f.MunicipalityID}, caseArgs...)
	}
	if err := q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM cases c`+caseJoin+`
		WHERE c.created_at >= ? AND c.created_at < ? AND `+caseWhere), append([]any{from, to}, caseArgs...)...).Scan(&d.Opened); err != nil {
		return err
	}
	if err := queryEach(ctx, q, db.rebind(`SELECT c.outcome, COUNT(*) FROM cases c`+caseJoin+`
		WHERE c.status = 'gesloten' AND c.closed_at >= ? AND c.closed_at < ? AND `+caseWhere+` GROUP BY c.outcome`), append([]any{from, to}, caseArgs...), func(r scanner) error {
		var c vios.Count
		err := r.Scan(&c.Key, &c.Count)
		d.Closed += c.Count
		d.Cases = append(d.Cases, c)
		return err
	}); err != nil {
		return err
	}
	if err := db.referralFigures(ctx, q, d, f.MunicipalityID, from, to, today, caseJoin, caseWhere, caseArgs); err != nil {
		return err
	}
	return db.alertFigures(ctx, q, d, f, scope, from, to)
}

// statisticsDaysQuery counts the signals of where per day and phenomenon.
func statisticsDaysQuery(where string) string {
	return `SELECT s.occurred_on, s.phenomenon, COUNT(*) FROM signals s WHERE ` + where + ` GROUP BY s.occurred_on, s.phenomenon`
}

// statisticsSchoolsQuery counts the signals of where per school: a
// school's when it names the school or one of its pupils goes there.
func statisticsSchoolsQuery(where, orgWhere string) string {
	return `SELECT x.org, COUNT(*) FROM (
		SELECT ss.organisation_id AS org, ss.signal_id FROM signal_schools ss JOIN signals s ON s.id = ss.signal_id WHERE ` + where + `
		UNION SELECT p.school_id, sp.signal_id FROM signal_pupils sp JOIN signals s ON s.id = sp.signal_id JOIN pupils p ON p.id = sp.pupil_id WHERE ` + where + `
	) x WHERE 1 = 1` + orgWhere + ` GROUP BY x.org`
}

// referralFigures counts the referrals per table made in the period and
// those waiting today, with how long they have waited.
func (db *Casework) referralFigures(ctx context.Context, q querier, d *vios.StatisticsData, municipalityID string, from, to, today time.Time, caseJoin, caseWhere string, caseArgs []any) error {
	byTable := map[string]*vios.ReferralFigures{}
	waits := map[string][]float64{}
	var order []string
	// r.municipality_id lets the referrals' own index find them, rather
	// than a walk over every case.
	err := queryEach(ctx, q, db.rebind(`SELECT r.table_code, r.status, r.waiting_since, r.created_at FROM referrals r
		JOIN cases c ON c.id = r.case_id`+caseJoin+`
		WHERE ((r.created_at >= ? AND r.created_at < ?) OR r.status = 'wachtlijst') AND r.municipality_id = ? AND `+caseWhere+` ORDER BY r.table_code`),
		append([]any{from, to, municipalityID}, caseArgs...), func(r scanner) error {
			var table, status string
			var since sql.NullTime
			var created time.Time
			if err := r.Scan(&table, &status, &since, &created); err != nil {
				return err
			}
			t := byTable[table]
			if t == nil {
				t = &vios.ReferralFigures{Table: table}
				byTable[table] = t
				order = append(order, table)
			}
			if !created.Before(from) && created.Before(to) {
				t.Made++
			}
			if status == vios.ReferralWaiting {
				t.Waiting++
				if since.Valid {
					waits[table] = append(waits[table], today.Sub(day(since.Time)).Hours()/24)
				}
			}
			return nil
		})
	for _, table := range order {
		t := byTable[table]
		t.MedianWaitingDays = vios.Median(waits[table])
		d.Referral = append(d.Referral, *t)
	}
	return err
}

// alertFigures reads how fast the alerts raised in the period were
// acknowledged; a school's reader sees those its schools raised.
func (db *Casework) alertFigures(ctx context.Context, q querier, d *vios.StatisticsData, f vios.StatisticsFilter, scope []string, from, to time.Time) error {
	where := "a.municipality_id = ? AND a.raised_at >= ? AND a.raised_at < ?"
	args := []any{f.MunicipalityID, from, to}
	if f.Phenomenon != "" {
		where, args = where+" AND a.phenomenon = ?", append(args, f.Phenomenon)
	}
	schools := scope
	if f.SchoolID != "" {
		schools = []string{f.SchoolID}
	}
	if len(schools) > 0 {
		where += " AND a.raised_by_org IN (" + placeholders(len(schools)) + ")"
		for _, id := range schools {
			args = append(args, id)
		}
	}
	seen := map[string]bool{}
	return queryEach(ctx, q, db.rebind(`SELECT a.id, a.raised_at, ar.acknowledged_at FROM alerts a
		LEFT JOIN alert_recipients ar ON ar.alert_id = a.id WHERE `+where), args, func(r scanner) error {
		var id string
		var raised time.Time
		var ack sql.NullTime
		if err := r.Scan(&id, &raised, &ack); err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			d.Alerts++
		}
		if ack.Valid {
			d.AckMinutes = append(d.AckMinutes, max(0, ack.Time.Sub(raised).Minutes()))
		}
		return nil
	})
}

// queryEach runs query and calls each for every row.
func queryEach(ctx context.Context, q querier, query string, args []any, each func(scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
