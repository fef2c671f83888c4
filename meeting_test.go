package vios

import (
	"testing"
	"time"
)

// A series planned from any day of a year, with either cadence, keeps the
// local hour of its first meeting in Amsterdam, across both changes of
// summer time; the meetings lie whole weeks apart on the calendar.
func TestSeriesKeepsLocalHourAllYear(t *testing.T) {
	now := time.Date(2025, time.December, 31, 12, 0, 0, 0, Amsterdam)
	for day := 1; day <= 366; day++ {
		for _, hour := range []int{0, 2, 9, 14, 23} {
			first := time.Date(2026, time.January, day, hour, 30, 0, 0, Amsterdam)
			for _, weeks := range []int{2, 6} {
				plan := SeriesPlan{Count: 10, Interval: time.Duration(weeks) * 7 * 24 * time.Hour,
					First: Meeting{StartsAt: first.UTC(), EndsAt: first.Add(90 * time.Minute).UTC(), Location: "Stadhuis"}}
				list, err := plan.Meetings(now)
				if err != nil {
					t.Fatalf("plan from %v: %v", first, err)
				}
				for i, m := range list {
					local := m.StartsAt.In(Amsterdam)
					wantDay := first.AddDate(0, 0, i*weeks*7)
					if local.Hour() != wantDay.Hour() || local.Minute() != 30 || local.YearDay() != wantDay.YearDay() {
						t.Fatalf("series from %v every %d weeks: meeting %d at %v, want %v", first, weeks, i, local, wantDay)
					}
					if local.Weekday() != first.Weekday() {
						t.Fatalf("meeting %d on %v, want %v", i, local.Weekday(), first.Weekday())
					}
					if m.EndsAt.Sub(m.StartsAt) != 90*time.Minute {
						t.Fatalf("meeting %d lasts %v, want 1h30", i, m.EndsAt.Sub(m.StartsAt))
					}
					if m.StartsAt.Location() != time.UTC {
						t.Fatalf("meeting %d kept in %v, want UTC", i, m.StartsAt.Location())
					}
				}
			}
		}
	}
}
