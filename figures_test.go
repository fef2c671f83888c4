package vios

import (
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // Amsterdam must be a real zone, or the day-boundary cases prove nothing.
)

// figAms is a moment on the wall clock in Amsterdam.
func figAms(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Amsterdam)
}

// figDay is a date as the store keeps it (midnight UTC).
func figDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func figYear(y int) (time.Time, time.Time) { return figAms(y, 1, 1, 0, 0), figAms(y+1, 1, 1, 0, 0) }

func figPtr(t time.Time) *time.Time { return &t }

func TestFiguresAmsterdamIsReal(t *testing.T) {
	// Every other case assumes Amsterdam is not UTC in winter.
	if _, off := figAms(2025, 1, 1, 0, 0).Zone(); off != 3600 {
		t.Fatalf("Amsterdam offset in January = %d s, want 3600", off)
	}
}

func TestFiguresMeetingsExpected(t *testing.T) {
	y25, y26 := figYear(2025)
	y24, _ := figYear(2024)
	cases := []struct {
		name     string
		cadence  Cadence
		from, to time.Time
		want     int
	}{
		{"every 6 weeks over a year", Cadence{EveryWeeks: 6}, y25, y26, 8},
		{"every 6 weeks over a leap year", Cadence{EveryWeeks: 6}, y24, y25, 8},
		{"weekly over a year", Cadence{EveryWeeks: 1}, y25, y26, 52},
		{"10 times a year over a year is exactly 10", Cadence{TimesPerYear: 10}, y25, y26, 10},
		// 181 days: 12 × 181/365 = 5.95, floored as the rule says.
		{"monthly over the first half year", Cadence{TimesPerYear: 12}, y25, figAms(2025, 7, 1, 0, 0), 5},
		// 73 calendar days but one hour short in elapsed time (summer time
		// starts 30 March): 5 × 73/365 is exactly 1.
		{"period across summer time counts calendar days", Cadence{TimesPerYear: 5}, figAms(2025, 3, 1, 0, 0), figAms(2025, 5, 13, 0, 0), 1},
		{"op afroep", Cadence{}, y25, y26, 0},
		{"empty period", Cadence{EveryWeeks: 1}, y25, y25, 0},
		{"reversed period", Cadence{EveryWeeks: 1}, y26, y25, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ComputeNetworkFigures(&Network{Cadence: c.cadence}, nil, nil, c.from, c.to, c.to)
			if f.MeetingsExpected != c.want {
				t.Errorf("MeetingsExpected = %d, want %d", f.MeetingsExpected, c.want)
			}
		})
	}
}

func TestFiguresMeetingCounts(t *testing.T) {
	from, to := figYear(2025)
	n := &Network{ID: "net-1", Members: []NetworkMember{
		{ID: "m-jan", UserName: "Jan", OrganisationID: "org-pol", OrganisationName: "Politie", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
	}}
	// Someone came for the police at every meeting, so Attended shows
	// whether the meeting counted as held.
	came := []Attendance{{MemberID: "m-jan", UserName: "Jan", OrganisationID: "org-pol", OrganisationName: "Politie", Status: AttendancePresent}}
	cases := []struct {
		name                       string
		meeting                    Meeting
		held, cancelled, planned   int
		policeAttended, orgsListed int
	}{
		{"held at the start of the period", Meeting{NetworkID: "net-1", StartsAt: from, Status: MeetingHeld}, 1, 0, 0, 1, 1},
		{"held on new year's eve", Meeting{NetworkID: "net-1", StartsAt: figAms(2025, 12, 31, 23, 30), Status: MeetingHeld}, 1, 0, 0, 1, 1},
		// 00:30 in Amsterdam is still 31 December in UTC.
		{"held just after the period in Amsterdam", Meeting{NetworkID: "net-1", StartsAt: figAms(2026, 1, 1, 0, 30), Status: MeetingHeld}, 0, 0, 0, 0, 1},
		{"held at the end of the period", Meeting{NetworkID: "net-1", StartsAt: to, Status: MeetingHeld}, 0, 0, 0, 0, 1},
		{"held before the period", Meeting{NetworkID: "net-1", StartsAt: figAms(2024, 12, 15, 10, 0), Status: MeetingHeld}, 0, 0, 0, 0, 1},
		{"held by another network", Meeting{NetworkID: "net-2", StartsAt: figAms(2025, 5, 1, 10, 0), Status: MeetingHeld}, 0, 0, 0, 0, 1},
		{"cancelled is not held", Meeting{NetworkID: "net-1", StartsAt: figAms(2025, 5, 1, 10, 0), Status: MeetingCancelled}, 0, 1, 0, 0, 1},
		{"planned", Meeting{NetworkID: "net-1", StartsAt: figAms(2025, 11, 1, 10, 0), Status: MeetingPlanned}, 0, 0, 1, 0, 1},
		{"agenda published", Meeting{NetworkID: "net-1", StartsAt: figAms(2025, 11, 1, 10, 0), Status: MeetingPublished}, 0, 0, 1, 0, 1},
		{"cancelled outside the period", Meeting{NetworkID: "net-1", StartsAt: figAms(2026, 2, 1, 10, 0), Status: MeetingCancelled}, 0, 0, 0, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.meeting
			m.Attendance = came
			f := ComputeNetworkFigures(n, []*Meeting{&m}, nil, from, to, from)
			got := [3]int{f.MeetingsHeld, f.MeetingsCancelled, f.MeetingsPlanned}
			if want := [3]int{c.held, c.cancelled, c.planned}; got != want {
				t.Errorf("held, cancelled, planned = %v, want %v", got, want)
			}
			if len(f.Organisations) != c.orgsListed {
				t.Fatalf("%d organisations, want %d", len(f.Organisations), c.orgsListed)
			}
			if o := f.Organisations[0]; o.Attended != c.policeAttended || o.Missed != 0 {
				t.Errorf("police attended %d missed %d, want %d and 0", o.Attended, o.Missed, c.policeAttended)
			}
		})
	}
}

func TestFiguresAttendanceRate(t *testing.T) {
	cases := []struct{ attended, missed, want int }{
		{0, 0, -1},
		{1, 0, 100},
		{0, 3, 0},
		{2, 1, 67},
		{1, 7, 13}, // 12.5 rounds up
		{2, 3, 40},
	}
	for _, c := range cases {
		if got := (OrganisationFigures{Attended: c.attended, Missed: c.missed}).AttendanceRate(); got != c.want {
			t.Errorf("AttendanceRate(%d attended, %d missed) = %d, want %d", c.attended, c.missed, got, c.want)
		}
	}
}

// figOrgNetwork is a network whose organisations each show one pattern of
// attendance over five held meetings in 2025; ids sort opposite to names so
// the order proves sorting by name.
func figOrgNetwork() (*Network, []*Meeting) {
	n := &Network{ID: "net-1", Cadence: Cadence{EveryWeeks: 6}, Members: []NetworkMember{
		{ID: "m-jan", UserName: "Jan", OrganisationID: "org-6", OrganisationName: "Politie", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
		{ID: "m-piet", UserName: "Piet", OrganisationID: "org-6", OrganisationName: "Politie", Position: PositionDeputy, DeputyForID: "m-jan", JoinedOn: figDay(2020, 1, 1)},
		{ID: "m-anna", UserName: "Anna", OrganisationID: "org-5", OrganisationName: "Het Lyceum", Position: PositionMember, JoinedOn: figDay(2022, 8, 1)},
		{ID: "m-mo", UserName: "Mo", OrganisationID: "org-4", OrganisationName: "Jeugdzorg", Position: PositionMember, JoinedOn: figDay(2021, 1, 1)},
		{ID: "m-gert", UserName: "Gert", OrganisationID: "org-3", OrganisationName: "Gemeente", Position: PositionMember, JoinedOn: figDay(2021, 1, 1)},
		// Left on the day of the third meeting: not expected from then on.
		{ID: "m-wim", UserName: "Wim", OrganisationID: "org-2", OrganisationName: "Wijkteam", Position: PositionMember, JoinedOn: figDay(2024, 1, 1), LeftOn: figPtr(figDay(2025, 5, 5))},
		// Not in the period at all.
		{ID: "m-old", UserName: "Olga", OrganisationID: "org-1", OrganisationName: "Bureau Halt", Position: PositionMember, JoinedOn: figDay(2022, 1, 1), LeftOn: figPtr(figDay(2024, 6, 1))},
		{ID: "m-new", UserName: "Nina", OrganisationID: "org-0", OrganisationName: "BSO", Position: PositionMember, JoinedOn: figDay(2026, 2, 1)},
		// A deputy alone does not put an organisation in the figures.
		{ID: "m-dep", UserName: "Dirk", OrganisationID: "org-9", OrganisationName: "Alleen plaatsvervanger", Position: PositionDeputy, JoinedOn: figDay(2020, 1, 1)},
	}}
	present := func(org, orgName, name string) Attendance {
		return Attendance{UserName: name, OrganisationID: org, OrganisationName: orgName, Status: AttendancePresent}
	}
	replaced := func(org, orgName, member, deputy string) Attendance {
		return Attendance{UserName: member, OrganisationID: org, OrganisationName: orgName, Status: AttendanceReplaced, DeputyName: deputy}
	}
	status := func(org, orgName, name, s string) Attendance {
		return Attendance{UserName: name, OrganisationID: org, OrganisationName: orgName, Status: s}
	}
	held := func(id string, at time.Time, rows ...Attendance) *Meeting {
		return &Meeting{ID: id, NetworkID: "net-1", StartsAt: at, Status: MeetingHeld, Attendance: rows}
	}
	m1 := held("m1", figAms(2025, 2, 10, 14, 0),
		replaced("org-6", "Politie", "Jan", "Ria"), // outside the last three
		present("org-5", "Het Lyceum", "Anna"),
		replaced("org-4", "Jeugdzorg", "Mo", "Kees"),
		status("org-3", "Gemeente", "Gert", AttendanceExcused),
		present("org-2", "Wijkteam", "Wim"))
	m2 := held("m2", figAms(2025, 3, 24, 14, 0),
		present("org-6", "Politie", "Jan"),
		present("org-5", "Het Lyceum", "Anna"),
		replaced("org-4", "Jeugdzorg", "Mo", "Lies"),
		status("org-3", "Gemeente", "Gert", AttendanceAbsent),
		present("org-2", "Wijkteam", "Wim"))
	// The municipality has no row at all while its member was active.
	m3 := held("m3", figAms(2025, 5, 5, 14, 0),
		present("org-6", "Politie", "Jan"),
		present("org-5", "Het Lyceum", "Anna"),
		present("org-4", "Jeugdzorg", "Mo"))
	// A cancelled meeting between them must not enter the last three.
	cancelled := &Meeting{ID: "mx", NetworkID: "net-1", StartsAt: figAms(2025, 6, 2, 14, 0), Status: MeetingCancelled,
		Attendance: []Attendance{replaced("org-6", "Politie", "Jan", "Zoë"), replaced("org-5", "Het Lyceum", "Anna", "Bram")}}
	m4 := held("m4", figAms(2025, 6, 16, 14, 0),
		replaced("org-6", "Politie", "Jan", "Piet"),
		present("org-5", "Het Lyceum", "Anna"),
		present("org-4", "Jeugdzorg", "Mo"),
		present("org-3", "Gemeente", "Gert"))
	m5 := held("m5", figAms(2025, 9, 1, 14, 0),
		present("org-6", "Politie", "Jan"),
		present("org-5", "Het Lyceum", "Anna"),
		present("org-4", "Jeugdzorg", "Mo"),
		present("org-3", "Gemeente", "Gert"),
		// No membership on file, but a row proves a fixed member.
		present("org-7", "Veiligheidshuis", "Vera"))
	// Outside the period: would change the last three if counted.
	later := held("m6", figAms(2026, 1, 12, 14, 0), replaced("org-5", "Het Lyceum", "Anna", "Bram"))
	// Newest first, so the result cannot rely on the caller's order.
	return n, []*Meeting{later, m5, m4, cancelled, m3, m2, m1}
}

func TestFiguresOrganisations(t *testing.T) {
	n, meetings := figOrgNetwork()
	from, to := figYear(2025)
	f := ComputeNetworkFigures(n, meetings, nil, from, to, to)

	var names []string
	byName := map[string]OrganisationFigures{}
	for _, o := range f.Organisations {
		names = append(names, o.OrganisationName)
		byName[o.OrganisationName] = o
	}
	wantNames := []string{"Gemeente", "Het Lyceum", "Jeugdzorg", "Politie", "Veiligheidshuis", "Wijkteam"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("organisations = %q, want %q", names, wantNames)
	}

	cases := []struct {
		name             string
		attended, missed int
		rate             int
		people           []string
		changing         bool
	}{
		// Member twice and a deputy once in the last three meetings.
		{"Politie", 5, 0, 100, []string{"Jan", "Piet"}, true},
		{"Het Lyceum", 5, 0, 100, []string{"Anna"}, false},
		// Deputies came early in the year; the last three were Mo alone.
		{"Jeugdzorg", 5, 0, 100, []string{"Mo"}, false},
		// Excused, absent, and no row while a member: three misses.
		{"Gemeente", 2, 3, 40, []string{"Gert"}, false},
		// Left on the day of the third meeting: not missed after that.
		{"Wijkteam", 2, 0, 100, []string{"Wim"}, false},
		{"Veiligheidshuis", 1, 0, 100, []string{"Vera"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := byName[c.name]
			if o.Attended != c.attended || o.Missed != c.missed {
				t.Errorf("attended %d missed %d, want %d and %d", o.Attended, o.Missed, c.attended, c.missed)
			}
			if got := o.AttendanceRate(); got != c.rate {
				t.Errorf("AttendanceRate = %d, want %d", got, c.rate)
			}
			if !reflect.DeepEqual(o.People, c.people) {
				t.Errorf("People = %q, want %q", o.People, c.people)
			}
			if o.ChangingPeople != c.changing {
				t.Errorf("ChangingPeople = %v, want %v", o.ChangingPeople, c.changing)
			}
		})
	}
}

func TestFiguresActions(t *testing.T) {
	from, to := figYear(2025)
	today := figAms(2025, 10, 1, 9, 0)
	n := &Network{ID: "net-1", Members: []NetworkMember{
		{ID: "m-jan", OrganisationID: "org-pol", OrganisationName: "Politie", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
		{ID: "m-anna", OrganisationID: "org-sch", OrganisationName: "School", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
	}}
	created := figAms(2025, 3, 1, 15, 0)
	const (
		onTime = iota
		late
		open
		overdue
		cancelled
	)
	cases := []struct {
		name   string
		action ActionItem
		want   int
	}{
		{"done before the deadline", ActionItem{Status: ActionDone, DueOn: figDay(2025, 3, 10), DoneAt: figPtr(figAms(2025, 3, 8, 12, 0))}, onTime},
		{"done late in the evening of the due date", ActionItem{Status: ActionDone, DueOn: figDay(2025, 3, 10), DoneAt: figPtr(figAms(2025, 3, 10, 23, 30))}, onTime},
		// Still the due date in UTC, but the next day in Amsterdam.
		{"done just after midnight", ActionItem{Status: ActionDone, DueOn: figDay(2025, 3, 10), DoneAt: figPtr(figAms(2025, 3, 11, 0, 30))}, late},
		{"done a week late", ActionItem{Status: ActionDone, DueOn: figDay(2025, 3, 10), DoneAt: figPtr(figAms(2025, 3, 17, 9, 0))}, late},
		// No completion time: the last change is no earlier than it.
		{"done without DoneAt, changed after the deadline", ActionItem{Status: ActionDone, DueOn: figDay(2025, 3, 10), UpdatedAt: figAms(2025, 4, 1, 9, 0)}, late},
		{"open past the deadline", ActionItem{Status: ActionOpen, DueOn: figDay(2025, 9, 30)}, overdue},
		{"in progress past the deadline", ActionItem{Status: ActionInProgress, DueOn: figDay(2025, 6, 1)}, overdue},
		{"in progress due today", ActionItem{Status: ActionInProgress, DueOn: figDay(2025, 10, 1)}, open},
		{"open due later", ActionItem{Status: ActionOpen, DueOn: figDay(2025, 12, 1)}, open},
		{"cancelled past the deadline", ActionItem{Status: ActionCancelled, DueOn: figDay(2025, 3, 10), CancelReason: "niet meer nodig"}, cancelled},
	}
	// Each action alone for each owner: the figures of the owner and the
	// totals both show exactly its outcome, the other organisation none.
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := c.action
			a.NetworkID, a.OwnerOrganisationID, a.CreatedAt = "net-1", "org-pol", created
			f := ComputeNetworkFigures(n, nil, []*ActionItem{&a}, from, to, today)
			var want [5]int
			want[c.want] = 1
			if got := [5]int{f.DoneOnTime, f.DoneLate, f.Open, f.Overdue, f.Cancelled}; got != want {
				t.Errorf("totals on time, late, open, overdue, cancelled = %v, want %v", got, want)
			}
			for _, o := range f.Organisations {
				got := [5]int{o.DoneOnTime, o.DoneLate, o.Open, o.Overdue, o.Cancelled}
				w := want
				if o.OrganisationID != "org-pol" {
					w = [5]int{}
				}
				if got != w {
					t.Errorf("%s on time, late, open, overdue, cancelled = %v, want %v", o.OrganisationName, got, w)
				}
			}
		})
	}

	t.Run("mixed per organisation and in total", func(t *testing.T) {
		var actions []*ActionItem
		add := func(org, status string, due time.Time, done *time.Time, createdAt time.Time, network string) {
			actions = append(actions, &ActionItem{NetworkID: network, OwnerOrganisationID: org, Status: status, DueOn: due, DoneAt: done, CreatedAt: createdAt})
		}
		add("org-pol", ActionDone, figDay(2025, 3, 10), figPtr(figAms(2025, 3, 9, 9, 0)), created, "net-1")  // on time
		add("org-pol", ActionDone, figDay(2025, 3, 10), figPtr(figAms(2025, 3, 9, 9, 0)), created, "net-1")  // on time
		add("org-pol", ActionOpen, figDay(2025, 4, 1), nil, created, "net-1")                                // overdue
		add("org-sch", ActionDone, figDay(2025, 3, 10), figPtr(figAms(2025, 4, 9, 9, 0)), created, "net-1")  // late
		add("org-sch", ActionInProgress, figDay(2025, 11, 1), nil, created, "net-1")                         // open
		add("org-sch", ActionCancelled, figDay(2025, 11, 1), nil, created, "net-1")                          // cancelled
		add("org-ext", ActionOpen, figDay(2025, 11, 1), nil, created, "net-1")                               // open, totals only
		add("org-pol", ActionOpen, figDay(2024, 11, 1), nil, figAms(2024, 10, 1, 9, 0), "net-1")             // agreed before the period
		add("org-pol", ActionOpen, figDay(2025, 4, 1), nil, figAms(2026, 1, 1, 0, 30), "net-1")              // agreed after it (in Amsterdam)
		add("org-pol", ActionDone, figDay(2025, 3, 10), figPtr(figAms(2025, 3, 20, 9, 0)), created, "net-2") // another network

		f := ComputeNetworkFigures(n, nil, actions, from, to, today)
		if got, want := [5]int{f.DoneOnTime, f.DoneLate, f.Open, f.Overdue, f.Cancelled}, [5]int{2, 1, 2, 1, 1}; got != want {
			t.Errorf("totals = %v, want %v", got, want)
		}
		want := map[string][5]int{"Politie": {2, 0, 0, 1, 0}, "School": {0, 1, 1, 0, 1}}
		if len(f.Organisations) != len(want) {
			t.Fatalf("%d organisations, want %d (an outside owner adds none)", len(f.Organisations), len(want))
		}
		for _, o := range f.Organisations {
			if got := [5]int{o.DoneOnTime, o.DoneLate, o.Open, o.Overdue, o.Cancelled}; got != want[o.OrganisationName] {
				t.Errorf("%s = %v, want %v", o.OrganisationName, got, want[o.OrganisationName])
			}
		}
	})
}

func TestFiguresMedianDaysToDone(t *testing.T) {
	from, to := figYear(2025)
	base := figAms(2025, 2, 3, 10, 0)
	done := func(created time.Time, days int) *ActionItem {
		return &ActionItem{Status: ActionDone, CreatedAt: created, DueOn: figDay(2025, 12, 31), DoneAt: figPtr(created.AddDate(0, 0, days))}
	}
	// Open and cancelled actions never take part.
	noise := []*ActionItem{
		{Status: ActionOpen, CreatedAt: base, DueOn: figDay(2025, 12, 31)},
		{Status: ActionCancelled, CreatedAt: base, DueOn: figDay(2025, 12, 31)},
	}
	cases := []struct {
		name    string
		actions []*ActionItem
		want    float64
	}{
		{"none done", nil, -1},
		{"one", []*ActionItem{done(base, 3)}, 3},
		{"odd count", []*ActionItem{done(base, 10), done(base, 2), done(base, 5)}, 5},
		{"even count averages the middle two", []*ActionItem{done(base, 20), done(base, 2), done(base, 10), done(base, 4)}, 7},
		{"even count can be a half", []*ActionItem{done(base, 1), done(base, 2)}, 1.5},
		// 23:30 to 00:30 in Amsterdam: the same UTC date, the next day here.
		{"days in Amsterdam", []*ActionItem{{Status: ActionDone, CreatedAt: figAms(2025, 3, 1, 23, 30), DueOn: figDay(2025, 3, 5), DoneAt: figPtr(figAms(2025, 3, 2, 0, 30))}}, 1},
		// 46 hours across the start of summer time are two calendar days.
		{"across summer time", []*ActionItem{{Status: ActionDone, CreatedAt: figAms(2025, 3, 29, 10, 0), DueOn: figDay(2025, 4, 5), DoneAt: figPtr(figAms(2025, 3, 31, 9, 0))}}, 2},
		{"done after the period still counts", []*ActionItem{done(figAms(2025, 12, 20, 10, 0), 30)}, 30},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ComputeNetworkFigures(&Network{}, nil, append(c.actions, noise...), from, to, to)
			if f.MedianDaysToDone != c.want {
				t.Errorf("MedianDaysToDone = %v, want %v", f.MedianDaysToDone, c.want)
			}
		})
	}
}

// Expected meetings count from the network's start up to today: a network
// created last week is not expected to have met eight times this year, and
// says it cannot be judged yet.
func TestFiguresExpectedFromTheNetworksStart(t *testing.T) {
	y25, y26 := figYear(2025)
	sixWeekly := Cadence{EveryWeeks: 6}
	cases := []struct {
		name      string
		created   time.Time
		meetings  []*Meeting
		today     time.Time
		want      int
		wantEarly bool
		wantFrom  time.Time
	}{
		{"created today", figAms(2025, 12, 31, 9, 0), nil, figAms(2025, 12, 31, 9, 30), 0, true, figAms(2025, 12, 31, 0, 0)},
		// 1 June to 31 December: 214 days × 52/6 / 365 = 5.08.
		{"created in June", figAms(2025, 6, 1, 15, 0), nil, figAms(2025, 12, 31, 9, 0), 5, false, figAms(2025, 6, 1, 0, 0)},
		// History entered afterwards: the first meeting is the start.
		{"meetings from before it was created", figAms(2025, 12, 1, 9, 0),
			[]*Meeting{{StartsAt: figAms(2025, 3, 3, 14, 0), Status: MeetingHeld}}, figAms(2025, 12, 31, 9, 0), 7, false, figAms(2025, 3, 3, 0, 0)},
		// In March, only January and February have passed: 8.67 × 59/365 = 1.4.
		{"the year so far", figAms(2020, 1, 1, 9, 0), nil, figAms(2025, 2, 28, 23, 0), 1, false, y25},
		{"created after the year", figAms(2026, 2, 1, 9, 0), nil, figAms(2026, 3, 1, 9, 0), 0, true, figAms(2026, 2, 1, 0, 0)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := &Network{Cadence: sixWeekly, CreatedAt: c.created.UTC()}
			r := ComputeYearReview(n, 2025, c.meetings, nil, nil, c.today)
			if r.MeetingsExpected != c.want || r.TooEarly != c.wantEarly {
				t.Errorf("expected %d, too early %v; want %d, %v", r.MeetingsExpected, r.TooEarly, c.want, c.wantEarly)
			}
			if c.wantFrom.Before(y26) && !r.ExpectedFrom.Equal(c.wantFrom) {
				t.Errorf("counted from %v, want %v", r.ExpectedFrom, c.wantFrom)
			}
		})
	}
	// Op afroep expects nothing and is never "too early".
	if f := ComputeNetworkFigures(&Network{CreatedAt: figAms(2025, 12, 31, 9, 0)}, nil, nil, y25, y26, figAms(2025, 12, 31, 9, 0)); f.TooEarly || f.MeetingsExpected != 0 {
		t.Errorf("op afroep: %+v", f)
	}
}

// A covenant is only "all kept" when every agreement could be judged: not
// beside an agreement without a network, nor for a network that has not yet
// had to meet.
func TestComplianceVerdict(t *testing.T) {
	today := figAms(2025, 12, 31, 9, 0)
	old := &Network{ID: "old", Cadence: Cadence{TimesPerYear: 4}, CreatedAt: figAms(2024, 1, 1, 9, 0)}
	fresh := &Network{ID: "fresh", Cadence: Cadence{TimesPerYear: 4}, CreatedAt: figAms(2025, 12, 20, 9, 0)}
	held := func(id string, months ...time.Month) []*Meeting {
		var out []*Meeting
		for _, m := range months {
			out = append(out, &Meeting{NetworkID: id, StartsAt: figAms(2025, m, 10, 14, 0), Status: MeetingHeld})
		}
		return out
	}
	networks := map[string]*Network{"old": old, "fresh": fresh}
	meetings := map[string][]*Meeting{"old": held("old", 2, 5, 8, 11), "fresh": nil}
	cov := func(agreements ...WorkingAgreement) *Covenant {
		return &Covenant{StartsOn: figDay(2024, 1, 1), Agreements: agreements}
	}
	kept := WorkingAgreement{Description: "kernteam", TimesPerYear: 4, NetworkID: "old"}
	cases := []struct {
		name string
		c    *Covenant
		want string
	}{
		{"every agreement judged and kept", cov(kept), VerdictKept},
		{"no network linked", cov(kept, WorkingAgreement{Description: "strategisch", TimesPerYear: 1}), VerdictUnjudged},
		{"no agreements", cov(), VerdictUnjudged},
		{"a network too young to judge", cov(kept, WorkingAgreement{Description: "nieuw", TimesPerYear: 4, NetworkID: "fresh"}), VerdictUnjudged},
		{"one broken beats unjudged", cov(WorkingAgreement{Description: "vaker", TimesPerYear: 12, NetworkID: "old"}, WorkingAgreement{Description: "los", TimesPerYear: 1}), VerdictNotKept},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check := CheckCompliance(c.c, networks, meetings, today)
			if got := check.Verdict(); got != c.want || check.Kept() != (c.want == VerdictKept) {
				t.Errorf("verdict %q, kept %v; want %q", got, check.Kept(), c.want)
			}
		})
	}
	check := CheckCompliance(cov(WorkingAgreement{TimesPerYear: 4, NetworkID: "fresh"}), networks, meetings, today)
	if a := check.Agreements[0]; !a.TooEarly || a.Kept || a.Expected != 0 {
		t.Errorf("fresh network's agreement: %+v", a)
	}
}
