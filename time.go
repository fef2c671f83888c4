package vios

import (
	"strconv"
	"time"
)

// The platform's calendar: days, the time zone of its users, Dutch dates.

// Date returns the calendar day of t in Amsterdam, at midnight UTC: how
// due dates are stored and compared.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Amsterdam is the time zone of the platform's users; UTC when the system
// has no zone database.
var Amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

var weekdays = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// Months are the Dutch month names.
var Months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// DutchDate formats a day as "3 maart 2026".
func DutchDate(t time.Time) string {
	t = t.In(Amsterdam)
	return strconv.Itoa(t.Day()) + " " + Months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DutchDateTime formats a meeting's time as "dinsdag 3 maart 2026, 14:00–15:30".
func DutchDateTime(start, end time.Time) string {
	s, e := start.In(Amsterdam), end.In(Amsterdam)
	return weekdays[s.Weekday()] + " " + DutchDate(s) + ", " + s.Format("15:04") + "–" + e.Format("15:04")
}
