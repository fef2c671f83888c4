package vios

import (
	"reflect"
	"testing"
	"time"
)

func TestYearReview(t *testing.T) {
	n := &Network{ID: "net-1", MunicipalityID: "mun-1", Cadence: Cadence{EveryWeeks: 6}, Members: []NetworkMember{
		{ID: "m-a", OrganisationID: "org-a", OrganisationName: "Politie", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
		{ID: "m-b", OrganisationID: "org-b", OrganisationName: "School", Position: PositionMember, JoinedOn: figDay(2020, 1, 1)},
	}}
	item := func(status string, codes ...string) AgendaItem {
		return AgendaItem{Kind: ItemTrend, Title: "Trend", Status: status, Phenomena: codes}
	}
	row := func(org, s string) Attendance {
		return Attendance{OrganisationID: org, Status: s, UserName: "X", DeputyName: "Y"}
	}
	meeting := func(at time.Time, status string, items []AgendaItem, rows ...Attendance) *Meeting {
		return &Meeting{NetworkID: "net-1", StartsAt: at, Status: status, Items: items, Attendance: rows}
	}
	meetings := []*Meeting{
		meeting(figAms(2025, 1, 20, 14, 0), MeetingHeld,
			[]AgendaItem{item(ItemAccepted, "vapes", "wapens"), item(ItemAccepted, "vapes"), item(ItemRejected, "sextortion"), item(ItemProposed, "sextortion")},
			row("org-a", AttendancePresent), row("org-b", AttendanceReplaced), row("org-c", AttendanceExcused)),
		// A code tagged twice on one item is one discussion.
		meeting(figAms(2025, 3, 3, 14, 0), MeetingHeld,
			[]AgendaItem{item(ItemAccepted, "wapens", "afval-x"), item(ItemAccepted, "vapes", "vapes")},
			row("org-a", AttendancePresent), row("org-b", AttendancePresent), row("org-c", AttendancePresent)),
		meeting(figAms(2025, 4, 14, 14, 0), MeetingCancelled,
			[]AgendaItem{item(ItemAccepted, "sextortion", "sextortion")},
			row("org-a", AttendanceAbsent), row("org-b", AttendanceAbsent), row("org-c", AttendanceAbsent)),
		// 00:30 on 1 January in Amsterdam is still the old year in UTC.
		meeting(figAms(2025, 1, 1, 0, 30), MeetingHeld,
			[]AgendaItem{item(ItemAccepted, "radicalisering")},
			row("org-a", AttendancePresent), row("org-b", AttendancePresent)),
		meeting(figAms(2025, 12, 31, 20, 0), MeetingHeld,
			[]AgendaItem{item(ItemAccepted, "afval-x", "onbekend")}),
		meeting(figAms(2026, 1, 1, 0, 30), MeetingHeld,
			[]AgendaItem{item(ItemAccepted, "radicalisering", "sextortion")},
			row("org-a", AttendanceAbsent), row("org-b", AttendanceAbsent)),
		meeting(figAms(2025, 11, 10, 14, 0), MeetingPlanned,
			[]AgendaItem{item(ItemAccepted, "sextortion")}),
	}
	phenomena := []Phenomenon{
		{Code: "afval-x", Label: "Afval elders", MunicipalityID: "mun-2"},
		{Code: "vapes", Label: "Vapes"},
		{Code: "wapens", Label: "Wapens en messen"},
		{Code: "afval-x", Label: "Zwerfafval", MunicipalityID: "mun-1"},
	}
	today := figAms(2025, 12, 31, 9, 0)
	created := figAms(2025, 2, 1, 9, 0)
	actions := []*ActionItem{
		{NetworkID: "net-1", Status: ActionDone, CreatedAt: created, DueOn: figDay(2025, 3, 1), DoneAt: figPtr(figAms(2025, 2, 20, 9, 0))},
		{NetworkID: "net-1", Status: ActionDone, CreatedAt: created, DueOn: figDay(2025, 3, 1), DoneAt: figPtr(figAms(2025, 3, 1, 23, 0))},
		{NetworkID: "net-1", Status: ActionDone, CreatedAt: created, DueOn: figDay(2025, 3, 1), DoneAt: figPtr(figAms(2025, 3, 2, 9, 0))},
		{NetworkID: "net-1", Status: ActionOpen, CreatedAt: created, DueOn: figDay(2026, 2, 1)},
		{NetworkID: "net-1", Status: ActionInProgress, CreatedAt: created, DueOn: figDay(2025, 6, 1)},
		{NetworkID: "net-1", Status: ActionCancelled, CreatedAt: created, DueOn: figDay(2025, 6, 1)},
		{NetworkID: "net-1", Status: ActionOpen, CreatedAt: figAms(2024, 12, 31, 23, 30), DueOn: figDay(2025, 6, 1)},
		{NetworkID: "net-1", Status: ActionOpen, CreatedAt: figAms(2026, 1, 1, 0, 30), DueOn: figDay(2026, 6, 1)},
	}

	r := ComputeYearReview(n, 2025, meetings, actions, phenomena, today)

	counts := []struct {
		name      string
		got, want int
	}{
		{"Year", r.Year, 2025},
		{"MeetingsHeld", r.MeetingsHeld, 4},
		{"MeetingsExpected", r.MeetingsExpected, 8},
		{"MeetingsCancelled", r.MeetingsCancelled, 1},
		// 7 of 8 rows of held meetings in the year: 87.5 rounds to 88.
		{"AttendanceRate", r.AttendanceRate, 88},
		{"ActionsAgreed", r.ActionsAgreed, 6},
		{"ActionsKept", r.ActionsKept, 2},
		{"ActionsDoneLate", r.ActionsDoneLate, 1},
		{"ActionsStillOpen", r.ActionsStillOpen, 2},
		{"ActionsCancelled", r.ActionsCancelled, 1},
		{"Organisations", len(r.Organisations), 3},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}

	// Ties go by label, not code: "Wapens en messen" before "Zwerfafval"
	// though afval-x sorts first, and "onbekend" (no label, shown as its
	// code) before "Radicalisering" regardless of case.
	wantThemes := []ThemeCount{
		{"vapes", "Vapes", 3},
		{"wapens", "Wapens en messen", 2},
		{"afval-x", "Zwerfafval", 2},
		{"onbekend", "onbekend", 1},
		{"radicalisering", "Radicalisering", 1},
	}
	if !reflect.DeepEqual(r.Themes, wantThemes) {
		t.Errorf("Themes =\n%v\nwant\n%v", r.Themes, wantThemes)
	}
}

func TestYearReviewEmpty(t *testing.T) {
	r := ComputeYearReview(&Network{}, 2025, nil, nil, nil, figAms(2025, 6, 1, 9, 0))
	if r.AttendanceRate != -1 || r.MeetingsExpected != 0 || r.ActionsAgreed != 0 {
		t.Errorf("rate %d expected %d agreed %d, want -1, 0, 0", r.AttendanceRate, r.MeetingsExpected, r.ActionsAgreed)
	}
	if r.Themes == nil || len(r.Themes) != 0 || r.Organisations == nil || len(r.Organisations) != 0 {
		t.Errorf("themes %v organisations %v, want empty, not nil (shown as [] in the API)", r.Themes, r.Organisations)
	}
}
