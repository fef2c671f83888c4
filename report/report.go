// Package report lays out the documents the platform prints: the report
// (minutes) of a meeting, the end-of-year review, the covenant, the inzage
// of a pupil and a thread's export. Each is one semantic HTML document
// (document.go): the print view in the browser, and printed by Chromium
// (package pdfprint) the tagged PDF. The caller gathers the data and checks
// who may see it; this package only lays it out.
package report

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// MeetingReport is what the meeting report shows.
type MeetingReport struct {
	Municipality    string
	Network         *vios.Network
	Meeting         *vios.Meeting      // with Items, Attendance, Corrections
	OpenActions     []*vios.ActionItem // the network's open actions at the time of the meeting (the generated first item)
	Actions         []*vios.ActionItem // actions agreed in this meeting
	PhenomenonLabel func(code string) string
}

// YearReviewReport is an end-of-year review from simple rows; the caller
// computes the figures.
type YearReviewReport struct {
	Municipality, NetworkName string
	Year                      int
	Lines                     [][2]string // label, value
	Themes                    [][2]string // theme, value
	Organisations             [][]string  // header row first
}

// MeetingDocument lays out the report of a meeting: its time and place, the
// status of the minutes, the attendance, the open actions as item 1, every
// accepted item with its minutes and decisions, corrections and the actions
// agreed. Rejected and merely proposed items are left out.
// YearReviewDocument lays out an end-of-year review.
func MeetingDocument(r *MeetingReport) (*Document, error) {
	if r == nil || r.Meeting == nil {
		return nil, errors.New("report: no meeting")
	}
	m := r.Meeting
	name := m.NetworkName
	if r.Network != nil && r.Network.Name != "" {
		name = r.Network.Name
	}
	label := r.PhenomenonLabel
	if label == nil {
		label = func(code string) string { return code }
	}

	title := "Verslag " + name
	when := DutchDateTime(m.StartsAt, m.EndsAt)
	d := newDoc(title, r.Municipality)

	d.title(title)
	var sub []string
	if r.Network != nil && r.Network.Kind != "" {
		kind := vios.NetworkKindLabel(r.Network.Kind)
		if r.Network.Level != "" {
			kind += ", " + strings.ToLower(vios.NetworkLevelLabel(r.Network.Level))
		}
		sub = append(sub, kind)
	}
	if r.Municipality != "" {
		sub = append(sub, r.Municipality)
	}
	d.subtitle(strings.Join(sub, " · "))

	d.field("Datum", when)
	d.field("Plaats", place(m))
	if m.Status == vios.MeetingCancelled {
		d.field("Overleg", vios.MeetingStatusLabel(m.Status))
	}
	minutes := "Concept"
	if m.MinutesApprovedAt != nil {
		minutes = "Vastgesteld op " + DutchDate(*m.MinutesApprovedAt)
	}
	d.fieldID("verslagstatus", "Verslag", minutes)

	d.heading("Aanwezigheid")
	if len(m.Attendance) == 0 {
		d.note("Er is geen aanwezigheid vastgelegd.")
	} else {
		rows := make([][]string, len(m.Attendance))
		for i, a := range m.Attendance {
			rows[i] = []string{a.OrganisationName, a.UserName, vios.AttendanceStatusLabel(a.Status), a.DeputyName}
		}
		d.table([]column{{"Organisatie", "L"}, {"Naam", "L"}, {"Status", "L"}, {"Plaatsvervanger", "L"}}, rows, true)
	}

	d.heading("1. Openstaande actiepunten")
	if len(r.OpenActions) == 0 {
		d.note("Er waren geen openstaande actiepunten.")
	} else {
		d.actions(r.OpenActions, m.StartsAt, true)
	}

	// Only accepted items are the agenda; a rejected proposal may name a
	// case the chair kept off the record.
	var items []vios.AgendaItem
	for _, it := range m.Items {
		if it.Status == vios.ItemAccepted {
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Position < items[j].Position })
	number := make(map[string]int, len(items))
	for i, it := range items {
		n := i + 2 // item 1 is the open actions
		if it.ID != "" {
			number[it.ID] = n
		}
		d.heading(fmt.Sprintf("%d. %s", n, it.Title))
		d.meta(vios.AgendaItemKindLabel(it.Kind))
		if len(it.Phenomena) > 0 {
			labels := make([]string, len(it.Phenomena))
			for k, code := range it.Phenomena {
				if labels[k] = label(code); labels[k] == "" {
					labels[k] = code
				}
			}
			d.meta("Fenomenen: " + strings.Join(labels, ", "))
		}
		d.label("Verslag")
		if strings.TrimSpace(it.Minutes) == "" {
			d.note("Er is geen verslag van dit agendapunt.")
		} else {
			d.para(it.Minutes)
		}
		if strings.TrimSpace(it.Decisions) != "" {
			d.label("Besluiten")
			d.para(it.Decisions)
		}
	}

	if len(m.Corrections) > 0 {
		d.heading("Correcties op het vastgestelde verslag")
		for _, c := range m.Corrections {
			head := DutchDate(c.CreatedAt)
			if c.AuthorName != "" {
				head += ", " + c.AuthorName
			}
			// Only name items that are in the report (see above).
			if n, ok := number[c.ItemID]; ok && c.ItemID != "" {
				head += fmt.Sprintf(" – bij agendapunt %d", n)
			}
			d.label(head)
			d.para(c.Text)
		}
	}

	d.heading("Actiepunten uit dit overleg")
	if len(r.Actions) == 0 {
		d.note("In dit overleg zijn geen actiepunten afgesproken.")
	} else {
		d.actions(r.Actions, m.StartsAt, false)
	}
	return d.document()
}

func place(m *vios.Meeting) string {
	switch {
	case m.Location != "" && m.OnlineURL != "":
		return m.Location + " en online"
	case m.Location != "":
		return m.Location
	case m.OnlineURL != "":
		return "Online"
	}
	return "Onbekend"
}

// actions lists actions in a table; late marks those open past their due
// date on the meeting day, which is what the meeting discussed.
func (d *doc) actions(list []*vios.ActionItem, meetingDay time.Time, late bool) {
	var rows [][]string
	for _, a := range list {
		if a == nil {
			continue
		}
		status := vios.ActionStatusLabel(a.Status)
		if late && a.Overdue(meetingDay) {
			status += "\nte laat"
		}
		due := ""
		if !a.DueOn.IsZero() {
			due = a.DueOn.In(vios.Amsterdam).Format("02-01-2006")
		}
		rows = append(rows, []string{a.Title, a.OwnerName, a.OwnerOrganisationName, due, status})
	}
	d.table([]column{{"Actiepunt", "L"}, {"Wie", "L"}, {"Organisatie", "L"}, {"Deadline", "L"}, {"Status", "L"}}, rows, true)
}

func YearReviewDocument(r *YearReviewReport) (*Document, error) {
	if r == nil {
		return nil, errors.New("report: no year review")
	}
	if r.Year < 1900 || r.Year > 9999 {
		return nil, fmt.Errorf("report: year %d", r.Year)
	}
	var head []string
	var orgRows [][]string
	if len(r.Organisations) > 0 {
		head, orgRows = r.Organisations[0], r.Organisations[1:]
		if len(head) == 0 {
			return nil, errors.New("report: organisations without header row")
		}
		for i, row := range orgRows {
			// Dropping cells would silently lose figures.
			if len(row) > len(head) {
				return nil, fmt.Errorf("report: organisation row %d has %d cells, header %d", i+1, len(row), len(head))
			}
		}
	}

	title := fmt.Sprintf("Jaaroverzicht %d", r.Year)
	if r.NetworkName != "" {
		title = fmt.Sprintf("Jaaroverzicht %s %d", r.NetworkName, r.Year)
	}
	d := newDoc(title, r.Municipality)
	d.title(title)
	d.subtitle(r.Municipality)

	d.heading("Kerncijfers")
	if len(r.Lines) == 0 {
		d.note("Geen gegevens.")
	} else {
		d.table([]column{{"", "L"}, {"", "R"}}, pairs(r.Lines), false)
	}

	if len(r.Themes) > 0 {
		d.heading("Thema's")
		d.table([]column{{"Thema", "L"}, {"Aantal", "R"}}, pairs(r.Themes), true)
	}

	if len(head) > 0 {
		d.heading("Organisaties")
		// The first column holds names, the others figures.
		cols := make([]column, len(head))
		for i, h := range head {
			cols[i] = column{h, "R"}
		}
		cols[0].align = "L"
		rows := make([][]string, len(orgRows))
		for i, row := range orgRows {
			rows[i] = make([]string, len(head))
			copy(rows[i], row)
		}
		d.table(cols, rows, true)
	}
	return d.document()
}

func pairs(list [][2]string) [][]string {
	rows := make([][]string, len(list))
	for i, p := range list {
		rows[i] = []string{p[0], p[1]}
	}
	return rows
}

var (
	weekdays = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	months   = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
)

// DutchDate returns the day of t in Amsterdam in Dutch, like "3 maart 2026".
func DutchDate(t time.Time) string {
	t = t.In(vios.Amsterdam)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DutchDateTime returns a meeting's time in Amsterdam in Dutch, like
// "dinsdag 3 maart 2026, 14:00–15:30". A meeting past midnight names both
// days; without a valid end only the start is given.
func DutchDateTime(start, end time.Time) string {
	s := start.In(vios.Amsterdam)
	out := weekdays[s.Weekday()] + " " + DutchDate(s) + ", " + s.Format("15:04")
	if !end.After(start) {
		return out
	}
	e := end.In(vios.Amsterdam)
	if y, m, d := e.Date(); y == s.Year() && m == s.Month() && d == s.Day() {
		return out + "–" + e.Format("15:04")
	}
	return out + " – " + weekdays[e.Weekday()] + " " + DutchDate(e) + ", " + e.Format("15:04")
}
