package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/vios-platform/vios"
)

var now = time.Date(2026, 5, 1, 9, 30, 0, 0, time.UTC)

var to = Addressing{Organizer: "VIOS-platform <noreply@gemeente.example>", Attendee: "petra@politie.example"}

const link = "https://vios.example.nl/overleggen/delft/3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60"

// meeting is at 14:00–15:30 Amsterdam summer time, full of things that must
// never reach a calendar.
func meeting() *vios.Meeting {
	return &vios.Meeting{
		ID:          "3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60",
		NetworkName: "Naam uit de database",
		StartsAt:    time.Date(2026, 6, 16, 14, 0, 0, 0, vios.Amsterdam),
		EndsAt:      time.Date(2026, 6, 16, 15, 30, 0, 0, vios.Amsterdam),
		Location:    "Stadskantoor, zaal 3; tweede etage",
		OnlineURL:   "https://meet.example.nl/kernteam",
		Status:      vios.MeetingPublished,
		UpdatedAt:   time.Date(2026, 4, 20, 8, 0, 0, 0, time.UTC),
		Items: []vios.AgendaItem{
			{Title: "Casus Jamal Yilmaz uit klas 3B", Description: "Toelichting over de vechtpartij", Minutes: "Besproken met moeder", Decisions: "Melding Veilig Thuis", Status: vios.ItemAccepted},
			{Title: "Vapes op het schoolplein", Status: vios.ItemAccepted},
		},
		Attendance:  []vios.Attendance{{UserName: "Petra de Wijkagent", OrganisationName: "Politie Haaglanden", DeputyName: "Kees Vervanger"}},
		Corrections: []vios.MinutesCorrection{{AuthorName: "Anja Secretaris", Text: "Correctie over de leerling"}},
	}
}

func decode(t *testing.T, b []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	return cal
}

func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		t.Fatalf("no %s", name)
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func oneEvent(t *testing.T, cal *ical.Calendar) ical.Event {
	t.Helper()
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	return evs[0]
}

func TestInvite(t *testing.T) {
	b, err := Invite(meeting(), "Kernteam De Brug", link, 2, now, to)
	if err != nil {
		t.Fatal(err)
	}
	cal := decode(t, b)
	if got := text(t, cal.Props, ical.PropMethod); got != "REQUEST" {
		t.Errorf("METHOD = %q", got)
	}
	if got := text(t, cal.Props, ical.PropProductID); got != "-//VIOS-platform//NL" {
		t.Errorf("PRODID = %q", got)
	}
	if got := text(t, cal.Props, ical.PropVersion); got != "2.0" {
		t.Errorf("VERSION = %q", got)
	}
	ev := oneEvent(t, cal)
	want := map[string]string{
		ical.PropUID:     "3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60@vios-platform",
		ical.PropSummary: "Overleg Kernteam De Brug",
		// The place is free text: it stays in the platform.
		ical.PropLocation:    "Online",
		ical.PropStatus:      "CONFIRMED",
		ical.PropDescription: "Plaats, agenda en stukken: " + link + "\nOnline deelnemen: https://meet.example.nl/kernteam",
	}
	for name, w := range want {
		if got := text(t, ev.Props, name); got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
	if got := ev.Props.Get(ical.PropURL).Value; got != link {
		t.Errorf("URL = %q", got)
	}
	if got, _ := ev.Props.Get(ical.PropSequence).Int(); got != 2 {
		t.Errorf("SEQUENCE = %d", got)
	}
	// 14:00 in Amsterdam in June (CEST, UTC+2) is 12:00Z, in the Z form.
	for name, w := range map[string]string{
		ical.PropDateTimeStart: "20260616T120000Z",
		ical.PropDateTimeEnd:   "20260616T133000Z",
		ical.PropDateTimeStamp: "20260501T093000Z",
	} {
		p := ev.Props.Get(name)
		if p == nil || p.Value != w || p.Params.Get(ical.PropTimezoneID) != "" {
			t.Errorf("%s = %+v, want %s without TZID", name, p, w)
		}
	}
	start, err := ev.DateTimeStart(nil)
	if err != nil || !start.Equal(meeting().StartsAt) {
		t.Errorf("start = %v, %v", start, err)
	}
}

func TestInviteWinterTime(t *testing.T) {
	m := meeting()
	m.StartsAt = time.Date(2026, 1, 13, 14, 0, 0, 0, vios.Amsterdam)
	m.EndsAt = m.StartsAt.Add(time.Hour)
	b, err := Invite(m, "Kernteam", link, 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	// CET is UTC+1.
	if got := oneEvent(t, decode(t, b)).Props.Get(ical.PropDateTimeStart).Value; got != "20260113T130000Z" {
		t.Errorf("DTSTART = %q", got)
	}
}

func TestInviteOnlineOnly(t *testing.T) {
	m := meeting()
	m.Location = ""
	b, err := Invite(m, "Kernteam", link, 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	ev := oneEvent(t, decode(t, b))
	if got := text(t, ev.Props, ical.PropLocation); got != "Online" {
		t.Errorf("LOCATION = %q", got)
	}
	if got := text(t, ev.Props, ical.PropDescription); !strings.Contains(got, "Online deelnemen: https://meet.example.nl/kernteam") {
		t.Errorf("DESCRIPTION = %q", got)
	}
}

func TestInviteNameFallback(t *testing.T) {
	b, err := Invite(meeting(), "  ", link, 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, oneEvent(t, decode(t, b)).Props, ical.PropSummary); got != "Overleg Naam uit de database" {
		t.Errorf("SUMMARY = %q", got)
	}
}

func TestInviteRefusesCancelled(t *testing.T) {
	m := meeting()
	m.Status = vios.MeetingCancelled
	if _, err := Invite(m, "Kernteam", link, 1, now, to); err == nil {
		t.Error("invite for a cancelled meeting: no error")
	}
}

// TestInvitationAddressing: a REQUEST and a CANCEL name the platform as
// organiser and the one recipient as attendee (RFC 5546 3.2.2 and 3.2.5),
// without the recipient's name and without anyone else.
func TestInvitationAddressing(t *testing.T) {
	cancelled := meeting()
	cancelled.Status = vios.MeetingCancelled
	inv, err := Invite(meeting(), "Kernteam", link, 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	cnc, err := Cancellation(cancelled, "Kernteam", link, 1, now, to)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"REQUEST": inv, "CANCEL": cnc} {
		ev := oneEvent(t, decode(t, b))
		org := ev.Props.Get(ical.PropOrganizer)
		if org == nil || org.Value != "mailto:noreply@gemeente.example" || org.Params.Get(ical.ParamCommonName) != "VIOS-platform" {
			t.Errorf("%s: ORGANIZER = %+v", name, org)
		}
		atts := ev.Props.Values(ical.PropAttendee)
		if len(atts) != 1 || atts[0].Value != "mailto:petra@politie.example" {
			t.Fatalf("%s: ATTENDEE = %+v, want only the recipient", name, atts)
		}
		if atts[0].Params.Get(ical.ParamCommonName) != "" || atts[0].Params.Get(ical.ParamRole) != "REQ-PARTICIPANT" {
			t.Errorf("%s: ATTENDEE params = %v", name, atts[0].Params)
		}
	}
}

func TestCancellation(t *testing.T) {
	m := meeting()
	m.Status = vios.MeetingCancelled
	b, err := Cancellation(m, "Kernteam De Brug", link, 3, now, to)
	if err != nil {
		t.Fatal(err)
	}
	cal := decode(t, b)
	if got := text(t, cal.Props, ical.PropMethod); got != "CANCEL" {
		t.Errorf("METHOD = %q", got)
	}
	ev := oneEvent(t, cal)
	if st, err := ev.Status(); err != nil || st != ical.EventCancelled {
		t.Errorf("STATUS = %q, %v", st, err)
	}
	if got := text(t, ev.Props, ical.PropUID); got != m.ID+"@vios-platform" {
		t.Errorf("UID = %q", got)
	}
	if got, _ := ev.Props.Get(ical.PropSequence).Int(); got != 3 {
		t.Errorf("SEQUENCE = %d", got)
	}
	if got := ev.Props.Get(ical.PropDateTimeStart).Value; got != "20260616T120000Z" {
		t.Errorf("DTSTART = %q", got)
	}
	desc := text(t, ev.Props, ical.PropDescription)
	if !strings.Contains(desc, "geannuleerd") || strings.Contains(desc, "Online deelnemen") {
		t.Errorf("DESCRIPTION = %q", desc)
	}
}

func TestFeed(t *testing.T) {
	var entries []FeedEntry
	for i, id := range []string{"a1", "b2", "c3"} {
		m := meeting()
		m.ID = id
		m.StartsAt = m.StartsAt.AddDate(0, 0, 14*i)
		m.EndsAt = m.EndsAt.AddDate(0, 0, 14*i)
		if i == 1 {
			m.Status = vios.MeetingCancelled
		}
		entries = append(entries, FeedEntry{Meeting: m, NetworkName: "Netwerk " + id, URL: link + "/" + id})
	}
	b, err := Feed(entries, now)
	if err != nil {
		t.Fatal(err)
	}
	cal := decode(t, b)
	if got := text(t, cal.Props, ical.PropMethod); got != "PUBLISH" {
		t.Errorf("METHOD = %q", got)
	}
	if got := text(t, cal.Props, "X-WR-CALNAME"); got != "VIOS-overleggen" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("got %d events, want 3", len(evs))
	}
	for i, ev := range evs {
		id := entries[i].Meeting.ID
		if got := text(t, ev.Props, ical.PropUID); got != id+"@vios-platform" {
			t.Errorf("event %d: UID = %q", i, got)
		}
		if got := text(t, ev.Props, ical.PropSummary); got != "Overleg Netwerk "+id {
			t.Errorf("event %d: SUMMARY = %q", i, got)
		}
		want := ical.EventConfirmed
		if i == 1 {
			want = ical.EventCancelled
		}
		if st, _ := ev.Status(); st != want {
			t.Errorf("event %d: STATUS = %q, want %q", i, st, want)
		}
		start, _ := ev.DateTimeStart(nil)
		if !start.Equal(entries[i].Meeting.StartsAt) {
			t.Errorf("event %d: start %v, want %v", i, start, entries[i].Meeting.StartsAt)
		}
	}
}

func TestEmptyFeed(t *testing.T) {
	b, err := Feed(nil, now)
	if err != nil {
		t.Fatal(err)
	}
	cal := decode(t, b)
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events", n)
	}
	if got := text(t, cal.Props, "X-WR-CALNAME"); got != "VIOS-overleggen" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	if got := text(t, cal.Props, ical.PropProductID); got != ProductID {
		t.Errorf("PRODID = %q", got)
	}
}

// TestNoPersonalData checks that nothing from the agenda, the attendance or
// the minutes leaks into any calendar.
func TestNoPersonalData(t *testing.T) {
	m := meeting()
	inv, err := Invite(m, "Kernteam", link, 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	cancelled := meeting()
	cancelled.Status = vios.MeetingCancelled
	cnc, err := Cancellation(cancelled, "Kernteam", link, 1, now, to)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := Feed([]FeedEntry{{m, "Kernteam", link}, {cancelled, "Kernteam", link}}, now)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Jamal", "Yilmaz", "vechtpartij", "moeder", "Veilig Thuis", "Vapes", "Petra", "Politie", "Kees", "Anja", "leerling"}
	for name, b := range map[string][]byte{"invite": inv, "cancellation": cnc, "feed": feed} {
		// Unfold first, so a word split over two lines is still found.
		s := strings.ReplaceAll(string(b), "\r\n ", "")
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s contains %q", name, secret)
			}
		}
	}
}

func TestFolding(t *testing.T) {
	name := strings.Repeat("Overkoepelend schoolveiligheidsoverleg Café Zuid–Oost ", 4)
	name = strings.TrimSpace(name)
	b, err := Invite(meeting(), name, link+"?tab=agenda&weergave=volledig", 0, now, to)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("does not end with END:VCALENDAR CRLF")
	}
	folded := false
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line split inside a character: %q", line)
		}
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Error("nothing folded")
	}
	if got := text(t, oneEvent(t, decode(t, b)).Props, ical.PropSummary); got != "Overleg "+name {
		t.Errorf("SUMMARY = %q", got)
	}
}

func TestErrors(t *testing.T) {
	noID := meeting()
	noID.ID = ""
	backwards := meeting()
	backwards.EndsAt = backwards.StartsAt.Add(-time.Hour)
	cases := map[string]func() error{
		"nil meeting":   func() error { _, err := Invite(nil, "K", link, 0, now, to); return err },
		"no id":         func() error { _, err := Invite(noID, "K", link, 0, now, to); return err },
		"end <= start":  func() error { _, err := Cancellation(backwards, "K", link, 0, now, to); return err },
		"relative link": func() error { _, err := Invite(meeting(), "K", "/overleggen/x", 0, now, to); return err },
		"no time":       func() error { _, err := Invite(meeting(), "K", link, 0, time.Time{}, to); return err },
		"negative seq":  func() error { _, err := Invite(meeting(), "K", link, -1, now, to); return err },
		"no organiser": func() error {
			_, err := Invite(meeting(), "K", link, 0, now, Addressing{Attendee: to.Attendee})
			return err
		},
		"bad attendee": func() error {
			_, err := Cancellation(meeting(), "K", link, 0, now, Addressing{Organizer: to.Organizer, Attendee: "petra"})
			return err
		},
		"nil in feed": func() error { _, err := Feed([]FeedEntry{{Meeting: nil}}, now); return err },
	}
	for name, f := range cases {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
