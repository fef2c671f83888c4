package vios

import (
	"sort"
	"strings"
	"time"
)

// The figures per organisation: attendance and the follow-through of actions.

// orgTally gathers the figures of the organisations of a network.
type orgTally struct {
	byID  map[string]*orgEntry
	order []*orgEntry
}

type orgEntry struct {
	fig *OrganisationFigures
	// came holds, per attended held meeting (oldest first), who came.
	came [][]string
}

func newOrgTally() *orgTally { return &orgTally{byID: map[string]*orgEntry{}} }

// get returns the organisation's entry, creating it; the first non-empty
// name wins, and members are added before attendance rows so the current
// name beats an old one kept on a row.
func (t *orgTally) get(id, name string) *orgEntry {
	e := t.byID[id]
	if e == nil {
		e = &orgEntry{fig: &OrganisationFigures{OrganisationID: id}}
		t.byID[id] = e
		t.order = append(t.order, e)
	}
	if e.fig.OrganisationName == "" {
		e.fig.OrganisationName = strings.TrimSpace(name)
	}
	return e
}

// attendance counts held meetings per organisation. An organisation is in
// the figures when it had a fixed member in the period; an attendance row
// of a held meeting in the period is proof of that too, so the figures do
// not depend on the members being loaded.
func (t *orgTally) attendance(n *Network, held []*Meeting, from, to time.Time) {
	if !to.After(from) {
		return
	}
	first, last := Date(from), Date(to.Add(-time.Nanosecond))
	for i := range n.Members {
		m := &n.Members[i]
		if m.Position != PositionMember || m.OrganisationID == "" {
			continue
		}
		// Active on some day of the period: joined by its last day, not
		// left by its first, and not ended the day it began.
		if !m.JoinedOn.After(last) && (m.LeftOn == nil || (m.LeftOn.After(first) && m.LeftOn.After(m.JoinedOn))) {
			t.get(m.OrganisationID, m.OrganisationName)
		}
	}

	for _, mt := range held {
		// Per organisation: present if anyone came for it, else missed.
		came := map[string][]string{}
		seen := map[string]bool{}
		for _, a := range mt.Attendance {
			if a.OrganisationID == "" {
				continue
			}
			var who string
			switch a.Status {
			case AttendancePresent:
				who = a.UserName
			case AttendanceReplaced:
				who = a.DeputyName
			case AttendanceExcused, AttendanceAbsent:
			default:
				continue // no status recorded: as if there were no row
			}
			t.get(a.OrganisationID, a.OrganisationName)
			seen[a.OrganisationID] = true
			if a.Status == AttendancePresent || a.Status == AttendanceReplaced {
				who = strings.TrimSpace(who)
				// A nil entry marks "came" even when no name was recorded.
				if came[a.OrganisationID] == nil {
					came[a.OrganisationID] = []string{}
				}
				if who != "" {
					came[a.OrganisationID] = append(came[a.OrganisationID], who)
				}
			}
		}
		// An organisation with an active fixed member and no row missed it.
		day := Date(mt.StartsAt)
		for i := range n.Members {
			m := &n.Members[i]
			if m.Position == PositionMember && m.OrganisationID != "" && !seen[m.OrganisationID] && m.ActiveOn(day) {
				t.get(m.OrganisationID, m.OrganisationName)
				seen[m.OrganisationID] = true
			}
		}
		for id := range seen {
			e := t.byID[id]
			if people, ok := came[id]; ok {
				e.fig.Attended++
				e.came = append(e.came, people)
			} else {
				e.fig.Missed++
			}
		}
	}
}

// figures returns the organisations' figures sorted by name.
func (t *orgTally) figures() []OrganisationFigures {
	list := make([]OrganisationFigures, 0, len(t.order))
	for _, e := range t.order {
		recent := e.came
		if len(recent) > figuresWindow {
			recent = recent[len(recent)-figuresWindow:]
		}
		people := []string{}
		for _, names := range recent {
			for _, name := range names {
				if !containsString(people, name) {
					people = append(people, name)
				}
			}
		}
		e.fig.People = people
		e.fig.ChangingPeople = len(people) > 1
		list = append(list, *e.fig)
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := strings.ToLower(list[i].OrganisationName), strings.ToLower(list[j].OrganisationName)
		if a != b {
			return a < b
		}
		return list[i].OrganisationID < list[j].OrganisationID
	})
	return list
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
