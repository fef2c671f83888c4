package vios

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"
)

// Trends that cross schools (docs/TRENDS.md). Each night the trend job
// counts, per phenomenon, the signals of every place (a school, or a
// neighbourhood for signals about no school) per week, and compares the
// last WindowWeeks with the place's own trailing HistoryWeeks:
//
//   - A place's normal rate λ is its mean weekly count over the last
//     RecentWeeks (26) of history it has or, when it has a year of history,
//     over the same season a year before (the window's weeks ± 2 weeks) if
//     that is higher, so a rise that comes back every year (the weeks after
//     the summer holiday) is normal; never less than FloorPerWeek (a school
//     that never reported is not "infinitely unusual" for its first
//     signal). A place
//     with less than MinHistoryWeeks of history (a new school) gets the
//     mean rate of the places that have history instead.
//   - The place is raised when it has at least 2 signals in the window and
//     the Poisson upper tail P(X ≥ x | μ = λ·WindowWeeks) is below
//     PlaceAlpha: a loose test, since one school alone is not a trend.
//   - The phenomenon is a trend when at least MinPlaces places are raised
//     and the signals of all places together are unusual for the
//     municipality: P(X ≥ Σx | μ) < TrendAlpha, μ = WindowWeeks times the
//     higher of all places' recent weekly rate and their rate in the same
//     season a year before, floored at FloorPerWeek. Independent Poisson
//     counts add up to a Poisson count, so the test is exact under the
//     null hypothesis; taking all places, not only the raised ones, keeps
//     the picking of the highest schools out of it (testing only the
//     raised places finds a "trend" in plain noise among twenty schools),
//     and taking the counted rate rather than a floor per school keeps a
//     municipality of 150 quiet schools able to notice 7 signals.

// TrendRules are the settings of the test; a municipality sets MinPlaces.
type TrendRules struct {
	MinPlaces       int     // places raised at once; default 3
	WindowWeeks     int     // default 4
	HistoryWeeks    int     // weeks of history read; default 52 (a year, for the season)
	RecentWeeks     int     // the trailing history the rate is taken over; default 26
	MinHistoryWeeks int     // less history than this is a new place; default 8
	FloorPerWeek    float64 // default 1/26: one signal in half a year
	PlaceAlpha      float64 // default 0.02
	TrendAlpha      float64 // default 0.001
}

// DefaultMinTrendPlaces is the number of places a trend needs unless the
// municipality chose otherwise.
const DefaultMinTrendPlaces = 3

// DefaultTrendRules returns the documented defaults.
func DefaultTrendRules() TrendRules {
	return TrendRules{MinPlaces: DefaultMinTrendPlaces, WindowWeeks: 4, HistoryWeeks: 52, RecentWeeks: 26, MinHistoryWeeks: 8,
		FloorPerWeek: 1.0 / 26, PlaceAlpha: 0.02, TrendAlpha: 0.001}
}

// TrendPlace is one place's weekly counts of one phenomenon: Weekly holds
// HistoryWeeks+WindowWeeks counts, oldest first. Known is how many of the
// history weeks (counted back from the window) the place existed.
type TrendPlace struct {
	Key    string
	School bool
	Known  int
	Weekly []int
}

// TrendFinding is what the test found for one phenomenon.
type TrendFinding struct {
	Phenomenon     string
	Schools        int     // raised schools
	Neighbourhoods int     // raised neighbourhoods (signals about no school)
	Signals        int     // signals of the raised places in the window
	Expected       float64 // the municipality's normal count over the window
	// NormalPerMonth is how many signals of the phenomenon all places had
	// per month over their recent history, as counted (no floor): the
	// "normaal" of the reason.
	NormalPerMonth float64
	PValue         float64
	Places         []string // keys of the raised places; never shown
}

// DetectTrend applies the test to the places of one phenomenon.
func DetectTrend(phenomenon string, places []TrendPlace, r TrendRules) (TrendFinding, bool) {
	f := TrendFinding{Phenomenon: phenomenon, PValue: 1}
	// The mean rate of the places with history, for new places.
	var sum float64
	var known int
	for _, p := range places {
		if p.Known >= r.MinHistoryWeeks {
			sum += placeRate(p, r)
			known++
		}
	}
	newRate := r.FloorPerWeek
	if known > 0 {
		newRate = math.Max(newRate, sum/float64(known))
	}
	total, recent, season, seasonWeeks := 0, 0, 0, 0
	for _, p := range places {
		end := len(p.Weekly) - r.WindowWeeks
		for _, c := range p.Weekly[end-min(r.RecentWeeks, end) : end] {
			recent += c
		}
		if end >= 52 {
			from, to := max(0, end-52-2), min(end-52+r.WindowWeeks+2, end)
			for _, c := range p.Weekly[from:to] {
				season += c
			}
			seasonWeeks = to - from
		}
		rate := newRate
		if p.Known >= r.MinHistoryWeeks {
			rate = placeRate(p, r)
		}
		x := 0
		for _, c := range p.Weekly[len(p.Weekly)-r.WindowWeeks:] {
			x += c
		}
		mu := rate * float64(r.WindowWeeks)
		total += x
		if x < 2 || PoissonUpperTail(x, mu) >= r.PlaceAlpha {
			continue
		}
		if p.School {
			f.Schools++
		} else {
			f.Neighbourhoods++
		}
		f.Signals += x
		f.Places = append(f.Places, p.Key)
	}
	// The municipality's normal for the phenomenon: all places' recent
	// rate or last year's rate in this season, whichever is higher, floored.
	totalRate := math.Max(r.FloorPerWeek, float64(recent)/float64(r.RecentWeeks))
	if seasonWeeks > 0 {
		totalRate = math.Max(totalRate, float64(season)/float64(seasonWeeks))
	}
	f.Expected = totalRate * float64(r.WindowWeeks)
	f.NormalPerMonth = float64(recent) / float64(r.RecentWeeks) * 52 / 12
	sort.Strings(f.Places)
	if f.Schools+f.Neighbourhoods < r.MinPlaces {
		return f, false
	}
	f.PValue = PoissonUpperTail(total, f.Expected)
	return f, f.PValue < r.TrendAlpha
}

// placeRate is the place's normal weekly rate: its recent mean or, with a
// year of history, the same season's mean a year before if higher; floored.
func placeRate(p TrendPlace, r TrendRules) float64 {
	end := len(p.Weekly) - r.WindowWeeks
	rate := r.FloorPerWeek
	if known := min(p.Known, r.RecentWeeks); known > 0 {
		rate = math.Max(rate, mean(p.Weekly[end-known:end]))
	}
	if p.Known >= r.HistoryWeeks && r.HistoryWeeks >= 52 {
		// The window's weeks a year (52 weeks) earlier, two weeks either side.
		from, to := max(0, end-52-2), min(end-52+r.WindowWeeks+2, end)
		rate = math.Max(rate, mean(p.Weekly[from:to]))
	}
	return rate
}

func mean(counts []int) float64 {
	if len(counts) == 0 {
		return 0
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	return float64(total) / float64(len(counts))
}

// PoissonUpperTail returns P(X ≥ k) for X Poisson with mean mu.
func PoissonUpperTail(k int, mu float64) float64 {
	if k <= 0 {
		return 1
	}
	// 1 − P(X ≤ k−1), summed term by term; exact enough for the small
	// means and counts of signals.
	term, cdf := math.Exp(-mu), 0.0
	for i := 0; i < k; i++ {
		if i > 0 {
			term *= mu / float64(i)
		}
		cdf += term
	}
	return math.Max(0, 1-cdf)
}

// Reason says in Dutch why the theme is proposed, without naming a place:
// "3 scholen, 7 signalen sexting in 4 weken; normaal 1 per maand".
func (f TrendFinding) Reason(label string, windowWeeks int) string {
	perMonth := f.NormalPerMonth
	places := plural(f.Schools, "school", "scholen")
	if f.Neighbourhoods > 0 {
		if f.Schools > 0 {
			places += " en " + plural(f.Neighbourhoods, "wijk", "wijken")
		} else {
			places = plural(f.Neighbourhoods, "wijk", "wijken")
		}
	}
	normal := fmt.Sprintf("normaal %.0f per maand", perMonth)
	if perMonth < 0.5 {
		normal = "normaal minder dan 1 per maand"
	}
	return fmt.Sprintf("%s, %s %s in %d weken; %s", places, plural(f.Signals, "signaal", "signalen"), label, windowWeeks, normal)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// TrendWindow returns the window of WindowWeeks whole weeks (Monday to
// Monday, Amsterdam) that ended before now: [start, end).
func TrendWindow(now time.Time, weeks int) (time.Time, time.Time) {
	d := Date(now.In(Amsterdam))
	end := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return end.AddDate(0, 0, -7*weeks), end
}

// Trend proposal statuses.
const (
	TrendOpen      = "open"
	TrendAccepted  = "geagendeerd"
	TrendDismissed = "afgewezen"
)

// TrendProposal is an anonymised theme the trend job proposes for the next
// overarching meeting: a phenomenon, a window and the reason, never a pupil
// or a school.
type TrendProposal struct {
	ID             string
	MunicipalityID string
	Phenomenon     string
	WindowStart    time.Time // a Monday
	WindowEnd      time.Time
	Schools        int
	Signals        int
	Reason         string
	Status         string
	AgendaItemID   string // when accepted
	MeetingID      string
	CreatedAt      time.Time
	DecidedAt      *time.Time
}

// TrendService proposes and decides trends.
type TrendService interface {
	// DetectTrends runs the test for every municipality (system work) and
	// returns how many proposals it made; a proposal per phenomenon per
	// window at most, so a second run the same week makes none.
	DetectTrends(ctx context.Context) (int, error)
	TrendProposals(ctx context.Context, municipalityID string) ([]*TrendProposal, error)
	// AcceptTrend puts the theme on the next overarching meeting's agenda.
	AcceptTrend(ctx context.Context, municipalityID, id string) (*TrendProposal, error)
	DismissTrend(ctx context.Context, municipalityID, id string) (*TrendProposal, error)
}
