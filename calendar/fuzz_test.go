package calendar

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/vios-platform/vios"
)

// secret marks what a meeting holds that must never leave the platform:
// its place and its agenda.
const secret = "GEHEIM-"

// FuzzInvite writes an invitation and a feed from any meeting fields and
// addresses (names and links come from users; the organiser from the
// configuration). Whatever they hold, a file that is written is valid
// iCalendar: CRLF lines of at most 75 octets, folded with a leading space
// and never inside a UTF-8 sequence; it decodes to one event with exactly
// the properties the platform writes, each once (no text can start a
// property of its own), the summary and addresses as given, and neither
// the place nor an agenda item in it.
func FuzzInvite(f *testing.F) {
	f.Add("Kernteam Delft", "Stadskantoor, zaal 3", "https://meet.example.nl/kernteam", link,
		"VIOS-platform <noreply@gemeente.example>", "petra@politie.example", int64(1781618400), uint16(90), 3)
	f.Add("Naam;met,tekens:\\ en\r\nATTENDEE:mailto:x@y", "bij de familie thuis", "https://x\r\nURL:javascript:y", "",
		"\"Sch;ool: \\\"x\\\"\" <a@b.example>", "c@d.example", int64(0), uint16(1), 0)
	f.Add(strings.Repeat("é", 60)+"👪", "", "", "http://h/"+strings.Repeat("ü", 80), "=?utf-8?q?Gem=C3=A9ente?= <a@b.example>",
		"\"x\\\"y\" <c@d.example>", int64(-62135596800), uint16(0), -1)
	f.Fuzz(func(t *testing.T, network, place, online, url, organizer, attendee string, start int64, minutes uint16, sequence int) {
		m := &vios.Meeting{ID: "3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60", NetworkName: "Netwerk",
			StartsAt: time.Unix(start%(1<<34), 0).UTC(), Location: secret + place, OnlineURL: online,
			Status: vios.MeetingPublished, Items: []vios.AgendaItem{{Title: secret + "casus", Minutes: secret + "notulen"}}}
		m.EndsAt = m.StartsAt.Add(time.Duration(minutes) * time.Minute)
		leaks := !strings.Contains(network+online+url+organizer+attendee, secret[:6])
		if b, err := Invite(m, network, url, sequence, now, Addressing{Organizer: organizer, Attendee: attendee}); err == nil {
			ev := checkCalendar(t, b, leaks)
			name := network
			if strings.TrimSpace(name) == "" {
				name = m.NetworkName // a blank name falls back to the meeting's network
			}
			checkText(t, ev.Props, ical.PropSummary, strings.TrimSpace("Overleg "+oneLine(name)), name)
			org, _ := mail.ParseAddress(organizer)
			att, _ := mail.ParseAddress(attendee)
			checkValue(t, ev.Props, ical.PropOrganizer, "mailto:"+org.Address)
			checkValue(t, ev.Props, ical.PropAttendee, "mailto:"+att.Address)
			if cn := oneLine(org.Name); cn != "" {
				if got := ev.Props.Get(ical.PropOrganizer).Params.Get(ical.ParamCommonName); got != cn {
					t.Fatalf("organiser CN %q, want %q", got, cn)
				}
			}
		}
		if b, err := Feed([]FeedEntry{{Meeting: m, NetworkName: network, URL: url}}, now); err == nil {
			checkCalendar(t, b, leaks)
		}
	})
}

// checkCalendar checks the lines of b and decodes its one event.
func checkCalendar(t *testing.T, b []byte, leaks bool) *ical.Event {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatalf("does not end in CRLF: %q", b)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > maxLine || strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d is %d octets or holds a line break: %q", i, len(l), l)
		}
		if l == "" || (i == 0 && l[0] == ' ') {
			t.Fatalf("line %d is empty or folded without a line before it: %q", i, l)
		}
		if strings.HasPrefix(l, " ") && utf8.ValidString(strings.Join(lines, "")) && !utf8.ValidString(l[1:]) {
			t.Fatalf("folded inside a UTF-8 sequence: %q", l)
		}
	}
	if unfolded := strings.ReplaceAll(string(b), "\r\n ", ""); leaks && strings.Contains(unfolded, secret[:6]) {
		t.Fatalf("the place or the agenda is in the calendar:\n%s", b)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	events := cal.Events()
	if len(events) != 1 || len(cal.Children) != 1 {
		t.Fatalf("%d events, %d components:\n%s", len(events), len(cal.Children), b)
	}
	allowed := map[string]bool{ical.PropUID: true, ical.PropDateTimeStamp: true, ical.PropDateTimeStart: true,
		ical.PropDateTimeEnd: true, ical.PropLastModified: true, ical.PropSummary: true, ical.PropLocation: true,
		ical.PropURL: true, ical.PropDescription: true, ical.PropStatus: true, ical.PropSequence: true,
		ical.PropOrganizer: true, ical.PropAttendee: true}
	for name, list := range events[0].Props {
		if !allowed[name] || len(list) != 1 {
			t.Fatalf("property %s (%d times) in the event:\n%s", name, len(list), b)
		}
	}
	checkValue(t, events[0].Props, ical.PropUID, "3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60"+uidSuffix)
	return &events[0]
}

func checkValue(t *testing.T, props ical.Props, name, want string) {
	t.Helper()
	if p := props.Get(name); p == nil || p.Value != want {
		t.Fatalf("%s = %+v, want %q", name, p, want)
	}
}

func checkText(t *testing.T, props ical.Props, name, want, from string) {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		t.Fatalf("no %s", name)
	}
	got, err := p.Text()
	if err != nil || got != want {
		t.Fatalf("%s reads back as %q (%v), want %q (from %q)", name, got, err, want, from)
	}
}
