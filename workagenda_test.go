package vios

import (
	"strings"
	"testing"
	"time"
)

func TestWorkAgendaYears(t *testing.T) {
	today := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	for year, ok := range map[int]bool{1999: false, 2000: true, 2026: true, 2027: true, 2028: false, 0: false} {
		err := CheckWorkAgendaYear(year, today)
		if (err == nil) != ok {
			t.Errorf("year %d: %v, want allowed=%v", year, err, ok)
		}
		if err != nil && (ErrorCode(err) != EINVALID || !strings.Contains(ErrorFields(err)[0].Message, "2000 tot en met 2027")) {
			t.Errorf("year %d: message %v", year, ErrorFields(err))
		}
	}
	// New Year's Eve late in Amsterdam is already the next year there.
	if err := CheckWorkAgendaYear(2028, time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); err != nil {
		t.Errorf("2028 on 1 January 2027 in Amsterdam: %v", err)
	}
}

func TestPriorityValidate(t *testing.T) {
	cases := []struct {
		name   string
		p      Priority
		fields string
	}{
		{"complete", Priority{Title: " Vapes terugdringen ", Status: PriorityPlanned}, ""},
		{"no title", Priority{Title: "  ", Status: PriorityRunning}, "titel"},
		{"stopped without reason", Priority{Title: "Vapes", Status: PriorityStopped, StopReason: " "}, "reden"},
		{"stopped with reason", Priority{Title: "Vapes", Status: PriorityStopped, StopReason: "Geen budget"}, ""},
		{"unknown status", Priority{Title: "Vapes", Status: "bezig"}, "status"},
		{"everything wrong", Priority{Title: strings.Repeat("x", 201), Status: PriorityStopped}, "titel,reden"},
	}
	for _, c := range cases {
		err := c.p.Validate()
		var names []string
		for _, f := range ErrorFields(err) {
			names = append(names, f.Field)
		}
		if got := strings.Join(names, ","); got != c.fields {
			t.Errorf("%s: fields %q, want %q (%v)", c.name, got, c.fields, err)
		}
	}
	// Restarting a stopped priority drops the reason; the title is trimmed.
	p := Priority{Title: " Vapes ", Status: PriorityRunning, StopReason: "oud"}
	if err := p.Validate(); err != nil || p.StopReason != "" || p.Title != "Vapes" {
		t.Errorf("after validate: %+v, %v", p, err)
	}
}

func TestProgress(t *testing.T) {
	day := time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)
	action := func(id, status string, due time.Time) *ActionItem {
		return &ActionItem{ID: id, Status: status, DueOn: due}
	}
	before, after := day.AddDate(0, 0, -1), day.AddDate(0, 0, 1)
	list := []*ActionItem{
		action("a", ActionDone, before),
		action("b", ActionOpen, before), // overdue
		action("c", ActionInProgress, after),
		action("d", ActionCancelled, before), // cancelled: no longer counts
		action("e", ActionInProgress, day),   // due today: not overdue yet
		action("a", ActionDone, before),      // the same action twice counts once
	}
	got := ProgressOf(list, day)
	want := Progress{Total: 5, Done: 1, Open: 3, Overdue: 1, Cancelled: 1, Percent: 25}
	if got != want {
		t.Errorf("progress %+v, want %+v", got, want)
	}
	if s := got.Summary(); s != "1 van 4 actiepunten gereed (25%), 3 open, waarvan 1 over de deadline; 1 vervallen." {
		t.Errorf("summary %q", s)
	}
	// Rounded down: 2 of 3 is 66%, and only all done is 100%.
	if p := ProgressOf([]*ActionItem{action("a", ActionDone, day), action("b", ActionDone, day), action("c", ActionOpen, after)}, day); p.Percent != 66 {
		t.Errorf("2 of 3: %d%%", p.Percent)
	}
	if p := ProgressOf([]*ActionItem{action("a", ActionDone, day), action("d", ActionCancelled, day)}, day); p.Percent != 100 || p.Summary() != "1 van 1 actiepunten gereed (100%); 1 vervallen." {
		t.Errorf("all done: %+v %q", p, p.Summary())
	}
	if p := ProgressOf(nil, day); p != (Progress{}) || p.Summary() != "Nog geen actiepunten gekoppeld." {
		t.Errorf("no actions: %+v %q", p, p.Summary())
	}
	if s := ProgressOf([]*ActionItem{action("d", ActionCancelled, day)}, day).Summary(); s != "Alle 1 actiepunten zijn vervallen." {
		t.Errorf("only cancelled: %q", s)
	}

	// The agenda counts an action linked to two priorities once.
	w := &WorkAgenda{Priorities: []*Priority{
		{Status: PriorityRunning, Actions: list[:2]},
		{Status: PriorityDone, Actions: list[:1]},
		{Status: PriorityPlanned},
		{Status: PriorityStopped, StopReason: "x"},
	}}
	if p := w.Progress(day); p.Total != 2 || p.Done != 1 || p.Overdue != 1 {
		t.Errorf("agenda progress %+v", p)
	}
	if n := len(w.Unfinished()); n != 2 {
		t.Errorf("%d unfinished priorities, want the planned and the running one", n)
	}
}
