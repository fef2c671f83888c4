package store

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
)

var _ vios.NationalService = (*Approaches)(nil)

var quarterPattern = regexp.MustCompile(`^(\d{4})-K([1-4])$`)

// quarterOf parses "2027-K1" into its days [from, to). Only a closed
// quarter is public: a running one changes from minute to minute, and
// whoever polls it sees a figure move right after an incident they know of.
// running (the landelijk role) also allows the current quarter, and makes it
// the default; otherwise "" is the last closed quarter.
func quarterOf(q string, now time.Time, running bool) (string, time.Time, time.Time, error) {
	today := vios.Date(now)
	year, quarter := today.Year(), (int(today.Month())-1)/3+1
	if !running {
		if quarter--; quarter == 0 {
			year, quarter = year-1, 4
		}
	}
	if q != "" {
		m := quarterPattern.FindStringSubmatch(q)
		if m == nil {
			return "", time.Time{}, time.Time{}, vios.Invalid("kwartaal", "Geef het kwartaal als jaar-K1 tot jaar-K4, bijvoorbeeld 2027-K1.", "Het kwartaal is niet juist.")
		}
		year, _ = strconv.Atoi(m[1])
		quarter, _ = strconv.Atoi(m[2])
		if year < 2000 || year > today.Year() {
			return "", time.Time{}, time.Time{}, vios.Invalid("kwartaal", "Kies een kwartaal vanaf 2000 tot nu.", "Het kwartaal is niet juist.")
		}
	}
	from := time.Date(year, time.Month(3*(quarter-1)+1), 1, 0, 0, 0, 0, time.UTC)
	if !running && from.AddDate(0, 3, 0).After(today) {
		return "", time.Time{}, time.Time{}, vios.Invalid("kwartaal", "Alleen afgesloten kwartalen zijn openbaar: kies een eerder kwartaal.", "Het kwartaal is niet juist.")
	}
	return fmt.Sprintf("%d-K%d", year, quarter), from, from.AddDate(0, 3, 0), nil
}

// national reports whether the actor holds the landelijk role.
func national(a *vios.Actor) bool {
	if a == nil || a.User == nil {
		return false
	}
	for _, m := range a.User.Memberships {
		if m.Role == vios.RoleLandelijk {
			return true
		}
	}
	return false
}

// NationalView reads the anonymised national view over all municipalities:
// their approaches (model, phase, active elements; no free text) and, for
// the quarter, signals per national phenomenon, meetings held and actions
// done per municipality, suppressed (vios.SuppressTable). Nothing per
// school, no names but the municipalities'. It reads aggregates only, so
// it writes no processing record: no person's data is shown.
func (db *Approaches) NationalView(ctx context.Context, quarter string) (*vios.NationalView, error) {
	q, from, to, err := quarterOf(quarter, db.Now(), national(vios.ActorFromContext(ctx)))
	if err != nil {
		return nil, err
	}
	v := &vios.NationalView{Quarter: q}
	type muni struct{ id, name string }
	rows, err := db.read.QueryContext(ctx, `SELECT id, name FROM municipalities ORDER BY name, id`)
	munis, err := scanAll(rows, err, func(sc scanner) (muni, error) {
		var m muni
		return m, sc.Scan(&m.id, &m.name)
	})
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, m := range munis {
		index[m.id] = i
		v.Municipalities = append(v.Municipalities, m.name)
	}
	// Approaches: model and phase; the elements marked active.
	rows, err = db.read.QueryContext(ctx, db.rebind(`SELECT a.municipality_id, a.model, a.phase, COALESCE(e.element, '')
		FROM approaches a LEFT JOIN approach_elements e ON e.approach_id = a.id AND e.status = ?
		ORDER BY a.municipality_id, e.position`), "actief")
	type element struct{ municipality, model, phase, element string }
	elements, err := scanAll(rows, err, func(sc scanner) (element, error) {
		var e element
		return e, sc.Scan(&e.municipality, &e.model, &e.phase, &e.element)
	})
	if err != nil {
		return nil, err
	}
	approaches := map[string]*vios.NationalApproach{}
	for _, e := range elements {
		a := approaches[e.municipality]
		if a == nil {
			a = &vios.NationalApproach{MunicipalityName: munis[index[e.municipality]].name, Model: vios.ModelLabel(e.model), Phase: vios.PhaseLabel(e.phase)}
			approaches[e.municipality] = a
		}
		if e.element != "" {
			a.ActiveElements = append(a.ActiveElements, vios.ElementLabel(e.element))
		}
	}
	for _, m := range munis {
		if a := approaches[m.id]; a != nil {
			v.Approaches = append(v.Approaches, *a)
		}
	}
	// Signals per national phenomenon; a municipality's own phenomena are
	// counted as "overig", since their names could point at a place.
	rows, err = db.read.QueryContext(ctx, db.rebind(`SELECT s.municipality_id, COALESCE(p.label, 'Overig'), COUNT(*)
		FROM signals s LEFT JOIN phenomena p ON p.code = s.phenomenon AND p.municipality_id IS NULL
		WHERE s.occurred_on >= ? AND s.occurred_on < ? GROUP BY s.municipality_id, p.label`), from, to)
	type count struct {
		municipality, column string
		n                    int
	}
	counts, err := scanAll(rows, err, func(sc scanner) (count, error) {
		var c count
		return c, sc.Scan(&c.municipality, &c.column, &c.n)
	})
	if err != nil {
		return nil, err
	}
	// The columns are the national list and "Overig", whatever was counted:
	// a column that appears only when a rare phenomenon has its first
	// signal would tell of that signal, whatever its cells show.
	v.Phenomena, err = scanStrings(db.read.QueryContext(ctx, `SELECT label FROM phenomena WHERE municipality_id IS NULL`))
	if err != nil {
		return nil, err
	}
	v.Phenomena = append(v.Phenomena, "Overig")
	columns := map[string]int{}
	sort.Strings(v.Phenomena)
	for i, p := range v.Phenomena {
		columns[p] = i
	}
	signals := table(len(munis), len(v.Phenomena))
	for _, c := range counts {
		signals[index[c.municipality]][columns[c.column]] += c.n
	}
	v.Signals = vios.SuppressTable(signals)
	activity := table(len(munis), 2)
	for col, query := range []string{
		`SELECT municipality_id, COUNT(*) FROM meetings WHERE status = ? AND starts_at >= ? AND starts_at < ? GROUP BY municipality_id`,
		`SELECT municipality_id, COUNT(*) FROM actions WHERE status = ? AND done_at >= ? AND done_at < ? GROUP BY municipality_id`,
	} {
		status := []string{vios.MeetingHeld, vios.ActionDone}[col]
		rows, err := db.read.QueryContext(ctx, db.rebind(query), status, from, to)
		list, err := scanAll(rows, err, func(sc scanner) (count, error) {
			var c count
			return c, sc.Scan(&c.municipality, &c.n)
		})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			activity[index[c.municipality]][col] = c.n
		}
	}
	v.Activity = vios.SuppressTable(activity)
	return v, nil
}

func table(rows, cols int) [][]int {
	t := make([][]int, rows)
	for i := range t {
		t[i] = make([]int, cols)
	}
	return t
}
