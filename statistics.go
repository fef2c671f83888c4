package vios

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// The municipal dashboard: counts over a period that tell the regisseur
// whether the approach works, and a school the same about itself. Counts
// only: never a name of a person, never anything of a pupil. The store
// gathers the raw counts (StatisticsService); the buckets per week, month
// or school year are made here, purely, so the web page, the exports and
// the API give the same figures.

// ActionViewStatistics: read the dashboard of a municipality (the
// regisseur) or of one's own school (role school). Decided by
// AuthorizeStatistics rather than the role table in authz.go, because a
// school's reader gets a narrower view, not a yes or no.
const ActionViewStatistics Action = "statistieken"

// StatisticsNotFound answers a reader who may not read the figures asked
// for: as for any record, they do not learn whether it exists.
const StatisticsNotFound = "Deze cijfers bestaan niet of u heeft er geen toegang toe."

// MaxStatisticsYears is the longest period one dashboard covers: five
// school years is what a municipality compares; a longer one is refused
// rather than silently cut.
const MaxStatisticsYears = 5

// Grains of the time series, as the query names them.
const (
	GrainWeek       = "week"
	GrainMonth      = "maand"
	GrainSchoolYear = "schooljaar"
)

// Grains are the time series' bucket sizes, in the order offered.
var Grains = []Label{{GrainWeek, "Per week"}, {GrainMonth, "Per maand"}, {GrainSchoolYear, "Per schooljaar"}}

// StatisticsFilter chooses the figures: a municipality, a period of days
// [From, To] (both included), and optionally one phenomenon and one school.
// Schools narrows to the reader's own schools (set by the store from the
// actor, never from input).
type StatisticsFilter struct {
	MunicipalityID string
	From, To       time.Time
	Grain          string
	Phenomenon     string
	SchoolID       string
}

// ReadStatisticsFilter reads the filter from a query (vanaf, totEnMet,
// per, fenomeen, school); phenomena and schools are the municipality's
// known codes and ids. Without a period it is the twelve months up to
// today. Every mistake is in v.
func ReadStatisticsFilter(get func(string) string, municipalityID string, phenomena []Phenomenon, schools map[string]bool, today time.Time, v *Validation) StatisticsFilter {
	f := StatisticsFilter{MunicipalityID: municipalityID, Grain: get("per"), Phenomenon: get("fenomeen"), SchoolID: get("school")}
	f.From = filterDay(get("vanaf"), "vanaf", v)
	f.To = filterDay(get("totEnMet"), "totEnMet", v)
	if f.To.IsZero() {
		f.To = Date(today)
	}
	if f.From.IsZero() {
		f.From = f.To.AddDate(-1, 0, 1)
	}
	if f.Grain == "" {
		f.Grain = GrainMonth
	}
	v.Check(inList(Grains, f.Grain), "per", "Kies per week, per maand of per schooljaar.")
	v.Check(!f.To.Before(f.From), "totEnMet", "De periode eindigt niet voor zij begint: kies een einddatum op of na de begindatum.")
	v.Check(!f.To.After(f.From.AddDate(MaxStatisticsYears, 0, -1)), "vanaf",
		"Kies een periode van hoogstens %d jaar.", MaxStatisticsYears)
	if f.Phenomenon != "" {
		known := slices.ContainsFunc(phenomena, func(p Phenomenon) bool { return p.Code == f.Phenomenon })
		v.Check(known, "fenomeen", "Kies een fenomeen van de gemeente.")
	}
	v.Check(f.SchoolID == "" || schools[f.SchoolID], "school", "Kies een school van de gemeente.")
	return f
}

// AuthorizeStatistics decides what the actor may read of the dashboard of
// the municipality: the regisseur all of it (schools nil); someone with the
// role school only the figures of their own schools (the organisations of
// those memberships). Everyone else is refused with a Denial.
func AuthorizeStatistics(a *Actor, municipalityID string) (schools []string, err error) {
	if a == nil || (a.User == nil && a.System == "") {
		return nil, Errorf(EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if a.System != "" || a.HasRole(RoleRegisseur, municipalityID) {
		return nil, nil
	}
	if a.User != nil {
		for _, m := range a.User.Memberships {
			if m.Role == RoleSchool && m.MunicipalityID == municipalityID && m.OrganisationID != "" && !slices.Contains(schools, m.OrganisationID) {
				schools = append(schools, m.OrganisationID)
			}
		}
	}
	if len(schools) > 0 {
		return schools, nil
	}
	return nil, &Denial{Action: ActionViewStatistics, Resource: Resource{MunicipalityID: municipalityID}, err: forbidden()}
}

// Count is one figure of a table: a code or id, its label and the count.
type Count struct {
	Key, Label string
	Count      int
}

// DayCount is the raw count of one phenomenon on one day, as the store
// reads it.
type DayCount struct {
	Day        time.Time
	Phenomenon string
	Count      int
}

// SchoolCount is the raw count of signals of one school.
type SchoolCount struct {
	SchoolID string
	Count    int
}

// ReferralFigures are the referrals to one table made in the period and
// who waits now.
type ReferralFigures struct {
	Table             string
	Made, Waiting     int
	MedianWaitingDays float64 // of those waiting today; -1 when none
}

// StatisticsData are the raw counts the store reads for a filter.
type StatisticsData struct {
	Days     []DayCount
	Schools  []SchoolCount
	Cases    []Count // Key "geopend" or the outcome of a closed case
	Opened   int
	Closed   int
	Referral []ReferralFigures
	// AckMinutes are the minutes from raising an alert to each
	// acknowledgement, of alerts raised in the period.
	AckMinutes []float64
	Alerts     int
}

// Statistics is the dashboard: the filter, the reader's scope and the
// tables.
type Statistics struct {
	Filter StatisticsFilter
	// Schools are the reader's own schools when the view is narrowed to
	// them; nil for the whole municipality.
	Schools          []string
	Signals          int
	PerPeriod        []Count // Key: the first day of the bucket (YYYY-MM-DD)
	PerPhenomenon    []Count
	PerSchool        []Count
	PerNeighbourhood []Count
	PerSchoolType    []Count
	CasesOpened      int
	CasesClosed      int
	Outcomes         []Count
	Referrals        []ReferralFigures
	Alerts           int
	Acknowledgements int
	MedianAckMinutes float64 // -1 when none
}

// StatisticsService reads the raw counts of the dashboard, from the actor
// in ctx (AuthorizeStatistics): a school's reader only of their schools.
type StatisticsService interface {
	Statistics(ctx context.Context, f StatisticsFilter) (*Statistics, error)
}

// ComputeStatistics turns the raw counts into the dashboard's tables;
// phenomena and schools give labels, neighbourhoods and school types.
func ComputeStatistics(f StatisticsFilter, scope []string, d *StatisticsData, phenomena []Phenomenon, schools []*Organisation) *Statistics {
	s := &Statistics{Filter: f, Schools: scope, CasesOpened: d.Opened, CasesClosed: d.Closed,
		Referrals: d.Referral, Alerts: d.Alerts, Acknowledgements: len(d.AckMinutes), MedianAckMinutes: median(d.AckMinutes)}
	buckets := map[string]int{}
	perPhen := map[string]int{}
	for _, dc := range d.Days {
		s.Signals += dc.Count
		buckets[BucketStart(f.Grain, dc.Day).Format(time.DateOnly)] += dc.Count
		perPhen[dc.Phenomenon] += dc.Count
	}
	// Every bucket of the period, also the empty ones: a line that skips
	// quiet months would lie about the trend.
	for b := BucketStart(f.Grain, f.From); !b.After(f.To); b = nextBucket(f.Grain, b) {
		key := b.Format(time.DateOnly)
		s.PerPeriod = append(s.PerPeriod, Count{Key: key, Label: BucketLabel(f.Grain, b), Count: buckets[key]})
	}
	for _, p := range phenomena {
		if n := perPhen[p.Code]; n > 0 {
			s.PerPhenomenon = append(s.PerPhenomenon, Count{Key: p.Code, Label: p.Label, Count: n})
		}
	}
	byID := map[string]*Organisation{}
	for _, o := range schools {
		byID[o.ID] = o
	}
	hood, kind := map[string]int{}, map[string]int{}
	for _, sc := range d.Schools {
		o := byID[sc.SchoolID]
		if o == nil {
			continue
		}
		s.PerSchool = append(s.PerSchool, Count{Key: o.ID, Label: o.Name, Count: sc.Count})
		hood[o.Neighbourhood] += sc.Count
		kind[o.SchoolType] += sc.Count
	}
	sortCounts(s.PerSchool)
	s.PerNeighbourhood = countsOf(hood, func(k string) string { return orDash(k) })
	s.PerSchoolType = countsOf(kind, func(k string) string { return orDash(SchoolTypeLabel(k)) })
	for _, c := range d.Cases {
		s.Outcomes = append(s.Outcomes, Count{Key: c.Key, Label: CaseOutcomeLabel(c.Key), Count: c.Count})
	}
	sortCounts(s.Outcomes)
	return s
}

func orDash(s string) string {
	if s == "" {
		return "onbekend"
	}
	return s
}

func countsOf(m map[string]int, label func(string) string) []Count {
	var out []Count
	for k, n := range m {
		out = append(out, Count{Key: k, Label: label(k), Count: n})
	}
	sortCounts(out)
	return out
}

// sortCounts orders most first, then by label.
func sortCounts(c []Count) {
	sort.SliceStable(c, func(i, j int) bool {
		if c[i].Count != c[j].Count {
			return c[i].Count > c[j].Count
		}
		return c[i].Label < c[j].Label
	})
}

// BucketStart returns the first day of the grain's bucket holding day: the
// Monday of its ISO week, the first of its month, or 1 August of its
// school year.
func BucketStart(grain string, day time.Time) time.Time {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	switch grain {
	case GrainWeek:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case GrainSchoolYear:
		y := day.Year()
		if day.Month() < time.August {
			y--
		}
		return time.Date(y, time.August, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func nextBucket(grain string, b time.Time) time.Time {
	switch grain {
	case GrainWeek:
		return b.AddDate(0, 0, 7)
	case GrainSchoolYear:
		return b.AddDate(1, 0, 0)
	}
	return b.AddDate(0, 1, 0)
}

var monthsNL = []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// BucketLabel names a bucket in Dutch: "week 12 2026", "mrt 2026",
// "2025-2026".
func BucketLabel(grain string, b time.Time) string {
	switch grain {
	case GrainWeek:
		y, w := b.ISOWeek()
		return fmt.Sprintf("week %d %d", w, y)
	case GrainSchoolYear:
		return fmt.Sprintf("%d-%d", b.Year(), b.Year()+1)
	}
	return fmt.Sprintf("%s %d", monthsNL[b.Month()-1], b.Year())
}

// BucketEnd returns the last day of the bucket starting at b, within the
// filter's period: the list behind a bucket's figure covers those days.
func (f StatisticsFilter) BucketEnd(b time.Time) time.Time {
	end := nextBucket(f.Grain, b).AddDate(0, 0, -1)
	if end.After(f.To) {
		return f.To
	}
	return end
}

// Median is the median of values, -1 when there are none.
func Median(values []float64) float64 { return median(values) }
