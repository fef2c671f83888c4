package vios

import (
	"math"
	"sort"
	"strings"
	"time"
)

// Follow-through figures show the chair and the regisseur whether a network
// does what it agreed: meets as often as its cadence asks, is attended by
// the same people (the report's warning against organisations that send
// someone new each time) and keeps its actions. Everything here is pure:
// the caller loads the network, meetings and actions.

// NetworkFigures are the follow-through figures of a network over a period.
type NetworkFigures struct {
	From, To time.Time // the period [From, To)
	// MeetingsExpected is the cadence's count over the part of the period
	// that the network existed and that has passed, [ExpectedFrom,
	// ExpectedTo), rounded down; 0 for "op afroep". A network started last
	// week is not expected to have met eight times this year.
	MeetingsExpected         int
	ExpectedFrom, ExpectedTo time.Time
	// TooEarly: the network has a cadence but existed too short a time in
	// the period for even one meeting to be due, so whether it meets as
	// agreed cannot be judged yet.
	TooEarly          bool
	MeetingsHeld      int // status MeetingHeld with StartsAt in the period
	MeetingsCancelled int
	MeetingsPlanned   int                   // still to come (status planned/published) in the period
	Organisations     []OrganisationFigures // one per organisation that had a fixed member in the period, sorted by name
	// Totals over all actions agreed in the period (CreatedAt in [From, To)):
	// Open counts open and in-progress actions not overdue; Overdue counts
	// them past DueOn on today.
	DoneOnTime, DoneLate, Open, Overdue, Cancelled int
	// MedianDaysToDone is the median of Date(DoneAt) - Date(CreatedAt) in
	// days over the done actions; -1 when none.
	MedianDaysToDone float64
}

// OrganisationFigures are one organisation's part.
type OrganisationFigures struct {
	OrganisationID, OrganisationName string
	Attended                         int // held meetings where the organisation's fixed member was present or replaced by a deputy
	Missed                           int // held meetings where it was absent or excused (or had no attendance row while it had an active fixed member on that day)
	// People are the distinct names who came for the organisation to its
	// last 3 attended held meetings, in order of first appearance;
	// ChangingPeople is true when that is more than one person: the
	// report's warning that an organisation "sends someone new each time".
	People         []string
	ChangingPeople bool
	// Actions owned by this organisation (OwnerOrganisationID).
	DoneOnTime, DoneLate, Open, Overdue, Cancelled int
}

// AttendanceRate returns Attended/(Attended+Missed) as a percentage rounded
// to whole, or -1 with no held meetings.
func (o OrganisationFigures) AttendanceRate() int { return percent(o.Attended, o.Attended+o.Missed) }

// YearReview is the end-of-year review of a network.
type YearReview struct {
	Year             int
	MeetingsHeld     int
	MeetingsExpected int
	// The expected count's period and whether it is too early to judge,
	// as in NetworkFigures: a review of the current year expects what was
	// due so far, from the network's start.
	ExpectedFrom, ExpectedTo time.Time
	TooEarly                 bool
	MeetingsCancelled        int
	AttendanceRate           int // over all fixed-member attendance rows of held meetings, percentage, -1 when none
	ActionsAgreed            int // actions created in the year
	ActionsKept              int // of those, done on or before DueOn
	ActionsDoneLate          int
	ActionsStillOpen         int // not done and not cancelled (as of today)
	ActionsCancelled         int
	// Themes are the phenomena tagged on accepted agenda items of held
	// meetings in the year, most discussed first, then by label.
	Themes        []ThemeCount
	Organisations []OrganisationFigures // as in NetworkFigures for the year
}

// ThemeCount is how many agenda items were about one phenomenon.
type ThemeCount struct {
	Code, Label string
	Count       int
}

// figuresWindow is how many attended meetings People looks back over:
// enough to see a pattern, recent enough to forgive an old change.
const figuresWindow = 3

// ComputeNetworkFigures computes the figures of network n over [from, to)
// from its meetings (with attendance) and actions; today decides what is
// overdue. Meetings and actions of another network are ignored.
func ComputeNetworkFigures(n *Network, meetings []*Meeting, actions []*ActionItem, from, to, today time.Time) *NetworkFigures {
	if n == nil {
		n = &Network{}
	}
	f := &NetworkFigures{From: from, To: to, MedianDaysToDone: -1}
	f.ExpectedFrom, f.ExpectedTo = judgedPeriod(n, meetings, from, to, today)
	f.MeetingsExpected = expectedMeetings(n.Cadence, f.ExpectedFrom, f.ExpectedTo)
	f.TooEarly = n.Cadence.PerYear() > 0 && f.MeetingsExpected == 0

	var held []*Meeting
	for _, m := range periodMeetings(n, meetings, from, to) {
		switch m.Status {
		case MeetingHeld:
			f.MeetingsHeld++
			held = append(held, m)
		case MeetingCancelled:
			f.MeetingsCancelled++
		case MeetingPlanned, MeetingPublished:
			f.MeetingsPlanned++
		}
	}

	orgs := newOrgTally()
	orgs.attendance(n, held, from, to)

	var days []float64
	for _, a := range actions {
		if a == nil || !ofNetwork(n, a.NetworkID) || !inPeriod(a.CreatedAt, from, to) {
			continue
		}
		out := outcomeOf(a, today)
		out.add(&f.DoneOnTime, &f.DoneLate, &f.Open, &f.Overdue, &f.Cancelled)
		// Actions of an organisation without a fixed member in the period
		// (an outside partner) count in the totals only.
		if o := orgs.byID[a.OwnerOrganisationID]; o != nil {
			out.add(&o.fig.DoneOnTime, &o.fig.DoneLate, &o.fig.Open, &o.fig.Overdue, &o.fig.Cancelled)
		}
		if a.Status == ActionDone {
			if done, ok := doneTime(a); ok {
				d := daysBetween(Date(a.CreatedAt), Date(done))
				// A completion recorded before creation is bad data; a
				// negative duration would only confuse the median.
				days = append(days, math.Max(0, float64(d)))
			}
		}
	}
	f.MedianDaysToDone = median(days)
	f.Organisations = orgs.figures()
	return f
}

// ComputeYearReview computes the review of network n over the calendar
// year in Amsterdam; phenomena give the labels of the themes.
func ComputeYearReview(n *Network, year int, meetings []*Meeting, actions []*ActionItem, phenomena []Phenomenon, today time.Time) *YearReview {
	if n == nil {
		n = &Network{}
	}
	from := time.Date(year, time.January, 1, 0, 0, 0, 0, Amsterdam)
	to := time.Date(year+1, time.January, 1, 0, 0, 0, 0, Amsterdam)
	f := ComputeNetworkFigures(n, meetings, actions, from, to, today)
	r := &YearReview{
		Year:              year,
		MeetingsHeld:      f.MeetingsHeld,
		MeetingsExpected:  f.MeetingsExpected,
		ExpectedFrom:      f.ExpectedFrom,
		ExpectedTo:        f.ExpectedTo,
		TooEarly:          f.TooEarly,
		MeetingsCancelled: f.MeetingsCancelled,
		ActionsAgreed:     f.DoneOnTime + f.DoneLate + f.Open + f.Overdue + f.Cancelled,
		ActionsKept:       f.DoneOnTime,
		ActionsDoneLate:   f.DoneLate,
		ActionsStillOpen:  f.Open + f.Overdue,
		ActionsCancelled:  f.Cancelled,
		Organisations:     f.Organisations,
	}

	var held []*Meeting
	for _, m := range periodMeetings(n, meetings, from, to) {
		if m.Status == MeetingHeld {
			held = append(held, m)
		}
	}
	came, rows := 0, 0
	for _, m := range held {
		for _, a := range m.Attendance {
			switch a.Status {
			case AttendancePresent, AttendanceReplaced:
				came++
				rows++
			case AttendanceExcused, AttendanceAbsent:
				rows++
			}
		}
	}
	r.AttendanceRate = percent(came, rows)
	r.Themes = themes(held, phenomena, n.MunicipalityID)
	return r
}

// judgedPeriod is the part of [from, to) over which meetings can be
// expected: from the network's start (the day it was created, or its first
// meeting when history was entered from before) up to and including today.
func judgedPeriod(n *Network, meetings []*Meeting, from, to, today time.Time) (time.Time, time.Time) {
	if start, ok := networkStart(n, meetings); ok && start.After(from) {
		from = start
	}
	if !today.IsZero() {
		if end := dayStart(Date(today).AddDate(0, 0, 1)); end.Before(to) {
			to = end
		}
	}
	if to.Before(from) {
		to = from
	}
	return from, to
}

// networkStart is the start of the network's first day in Amsterdam: the
// day it was created or of its first meeting, whichever is earlier; false
// when the network has no creation time (pure computations, old data).
func networkStart(n *Network, meetings []*Meeting) (time.Time, bool) {
	if n.CreatedAt.IsZero() {
		return time.Time{}, false
	}
	start := n.CreatedAt
	for _, m := range meetings {
		if m != nil && ofNetwork(n, m.NetworkID) && !m.StartsAt.IsZero() && m.StartsAt.Before(start) {
			start = m.StartsAt
		}
	}
	return dayStart(Date(start)), true
}

// dayStart is midnight in Amsterdam of a day from Date.
func dayStart(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, Amsterdam)
}

// expectedMeetings is the cadence's meetings a year scaled to the period
// and floored. Calendar days in Amsterdam, so a period across a change of
// summer time is not an hour short of a whole day.
func expectedMeetings(c Cadence, from, to time.Time) int {
	days := daysBetween(Date(from), Date(to))
	if days <= 0 {
		return 0
	}
	return int(math.Floor(c.PerYear() * float64(days) / 365))
}

// daysBetween returns the whole days from a to b, both from Date.
func daysBetween(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}

func inPeriod(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// ofNetwork reports whether a record with networkID belongs to n; a record
// or network without id is taken as the caller's.
func ofNetwork(n *Network, networkID string) bool {
	return n.ID == "" || networkID == "" || networkID == n.ID
}

// periodMeetings returns n's meetings starting in [from, to), oldest first,
// without reordering the caller's slice.
func periodMeetings(n *Network, meetings []*Meeting, from, to time.Time) []*Meeting {
	var list []*Meeting
	for _, m := range meetings {
		if m != nil && ofNetwork(n, m.NetworkID) && inPeriod(m.StartsAt, from, to) {
			list = append(list, m)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if !list[i].StartsAt.Equal(list[j].StartsAt) {
			return list[i].StartsAt.Before(list[j].StartsAt)
		}
		return list[i].ID < list[j].ID
	})
	return list
}

// percent returns part/whole as a whole percentage rounded half up, or -1
// when whole is 0; integer arithmetic so 1/8 gives 13, not 12.
func percent(part, whole int) int {
	if whole <= 0 {
		return -1
	}
	return (200*part + whole) / (2 * whole)
}

// median returns the median of values, or -1 when there are none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return -1
	}
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	mid := len(v) / 2
	if len(v)%2 == 1 {
		return v[mid]
	}
	return (v[mid-1] + v[mid]) / 2
}

// outcome is where an action lands in the figures.
type outcome int

const (
	outcomeOpen outcome = iota
	outcomeOverdue
	outcomeDoneOnTime
	outcomeDoneLate
	outcomeCancelled
)

// outcomeOf classifies an action as of today.
func outcomeOf(a *ActionItem, today time.Time) outcome {
	switch {
	case a.Status == ActionCancelled:
		return outcomeCancelled
	case a.Status == ActionDone:
		// Compare Amsterdam calendar days: done at 00:30 the day after the
		// deadline is late even though it is still the due date in UTC.
		if done, ok := doneTime(a); ok && Date(done).After(Date(a.DueOn)) {
			return outcomeDoneLate
		}
		return outcomeDoneOnTime
	case a.Overdue(today):
		return outcomeOverdue
	}
	return outcomeOpen
}

// add counts the outcome in the matching counter.
func (o outcome) add(onTime, late, open, overdue, cancelled *int) {
	switch o {
	case outcomeDoneOnTime:
		*onTime++
	case outcomeDoneLate:
		*late++
	case outcomeOverdue:
		*overdue++
	case outcomeCancelled:
		*cancelled++
	default:
		*open++
	}
}

// doneTime returns when a done action was completed. Without DoneAt it
// falls back to UpdatedAt, which is never earlier than the completion, so a
// late action is not counted as kept.
func doneTime(a *ActionItem) (time.Time, bool) {
	switch {
	case a.DoneAt != nil && !a.DoneAt.IsZero():
		return *a.DoneAt, true
	case !a.UpdatedAt.IsZero():
		return a.UpdatedAt, true
	}
	return time.Time{}, false
}

// themes counts the phenomena of the accepted items of the held meetings.
// A code tagged twice on one item counts once: it is one discussion.
func themes(held []*Meeting, phenomena []Phenomenon, municipalityID string) []ThemeCount {
	counts := map[string]int{}
	for _, m := range held {
		for _, item := range m.Items {
			if item.Status != ItemAccepted {
				continue
			}
			tagged := map[string]bool{}
			for _, code := range item.Phenomena {
				code = strings.TrimSpace(code)
				if code == "" || tagged[code] {
					continue
				}
				tagged[code] = true
				counts[code]++
			}
		}
	}
	list := make([]ThemeCount, 0, len(counts))
	for code, count := range counts {
		list = append(list, ThemeCount{Code: code, Label: phenomenonLabel(phenomena, municipalityID, code), Count: count})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		a, b := strings.ToLower(list[i].Label), strings.ToLower(list[j].Label)
		if a != b {
			return a < b
		}
		return list[i].Code < list[j].Code
	})
	return list
}

// phenomenonLabel returns the label of code: the municipality's own first,
// then the national one given, then the built-in national list, else the
// code itself so a theme never shows blank.
func phenomenonLabel(phenomena []Phenomenon, municipalityID, code string) string {
	national := ""
	for _, p := range phenomena {
		if p.Code != code || p.Label == "" {
			continue
		}
		if p.MunicipalityID == municipalityID {
			return p.Label
		}
		if p.MunicipalityID == "" && national == "" {
			national = p.Label
		}
	}
	if national != "" {
		return national
	}
	return labelOf(DefaultPhenomena, code)
}
