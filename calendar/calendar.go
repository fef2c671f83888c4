// Package calendar writes iCalendar (RFC 5545) files for meetings: the
// invitation and cancellation attached to mails (iTIP, RFC 5546) and the
// feed members subscribe to.
//
// Calendars end up on phones, in shared agendas and at mail providers, far
// outside the platform. So they hold only the network's name, the times,
// the place and links back to the platform, where the agenda and minutes sit
// behind a login: never names, agenda items or minutes.
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/vios-platform/vios"
)

// ProductID identifies the platform as the calendar's producer.
const ProductID = "-//VIOS-platform//NL"

// FeedName is the name calendar apps show for the subscribed feed.
const FeedName = "VIOS-overleggen"

// uidSuffix makes meeting IDs globally unique UIDs; the UID must never
// change, or clients would keep the old event next to the new one.
const uidSuffix = "@vios-platform"

// Addressing says who sends an invitation and to whom: RFC 5546 requires an
// ORGANIZER and at least one ATTENDEE in every REQUEST and CANCEL, or
// calendar clients treat the file as a plain event they cannot update.
// Each member gets an invitation of their own that names only themselves:
// one listing every member's address would travel to every member's mail
// provider. The organiser is the platform's sender address, not the chair:
// the platform sends every update.
type Addressing struct {
	Organizer string // "VIOS-platform <noreply@gemeente.nl>" or a bare address
	Attendee  string // the recipient's address
}

// Invite returns an iCalendar (METHOD:REQUEST) invitation for one meeting, to attach to a mail.
// sequence must grow with every change sent for the same meeting, or clients
// ignore the update. A cancelled meeting gets an error: use Cancellation.
func Invite(m *vios.Meeting, networkName string, meetingURL string, sequence int, now time.Time, to Addressing) ([]byte, error) {
	if m != nil && m.Status == vios.MeetingCancelled {
		// A REQUEST would put the meeting back in everyone's calendar.
		return nil, errors.New("calendar: invite for a cancelled meeting")
	}
	return message("REQUEST", m, networkName, meetingURL, sequence, now, ical.EventConfirmed, to)
}

// Cancellation returns METHOD:CANCEL for a cancelled meeting (STATUS:CANCELLED).
// sequence must be higher than that of the last invitation sent.
func Cancellation(m *vios.Meeting, networkName string, meetingURL string, sequence int, now time.Time, to Addressing) ([]byte, error) {
	return message("CANCEL", m, networkName, meetingURL, sequence, now, ical.EventCancelled, to)
}

func message(method string, m *vios.Meeting, networkName, meetingURL string, sequence int, now time.Time, status ical.EventStatus, to Addressing) ([]byte, error) {
	if now.IsZero() {
		return nil, errors.New("calendar: no current time")
	}
	if sequence < 0 {
		return nil, errors.New("calendar: negative sequence")
	}
	organizer, err := mail.ParseAddress(to.Organizer)
	if err != nil {
		return nil, errors.New("calendar: organiser is not a mail address")
	}
	attendee, err := mail.ParseAddress(to.Attendee)
	if err != nil {
		return nil, errors.New("calendar: attendee is not a mail address")
	}
	cal := newCalendar(method)
	ev, err := event(m, networkName, meetingURL, now, status)
	if err != nil {
		return nil, err
	}
	ev.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(sequence)})
	org := &ical.Prop{Name: ical.PropOrganizer, Params: ical.Params{}, Value: "mailto:" + organizer.Address}
	if name := oneLine(organizer.Name); name != "" {
		org.Params.Set(ical.ParamCommonName, name)
	}
	ev.Props.Set(org)
	// No CN: the attendee's name is not needed to deliver the invitation,
	// and calendars keep what they are given. No RSVP: replies are
	// registered in the platform (aanwezigheid), not by mail.
	att := &ical.Prop{Name: ical.PropAttendee, Params: ical.Params{}, Value: "mailto:" + attendee.Address}
	att.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
	att.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
	att.Params.Set(ical.ParamRSVP, "FALSE")
	ev.Props.Set(att)
	cal.Children = append(cal.Children, ev.Component)
	return encode(cal)
}

// FeedEntry is one meeting in a feed, with the name of its network and the
// link to its page.
type FeedEntry struct {
	Meeting          *vios.Meeting
	NetworkName, URL string
}

// Feed returns a VCALENDAR (METHOD:PUBLISH, X-WR-CALNAME "VIOS-overleggen") with one VEVENT per meeting; cancelled meetings have STATUS:CANCELLED.
// Cancelled meetings stay in the feed so that subscribed calendars show
// them as cancelled rather than silently dropping them.
func Feed(entries []FeedEntry, now time.Time) ([]byte, error) {
	if now.IsZero() {
		return nil, errors.New("calendar: no current time")
	}
	cal := newCalendar("PUBLISH")
	cal.Props.SetText("X-WR-CALNAME", FeedName)
	for i, e := range entries {
		status := ical.EventConfirmed
		if e.Meeting != nil && e.Meeting.Status == vios.MeetingCancelled {
			status = ical.EventCancelled
		}
		ev, err := event(e.Meeting, e.NetworkName, e.URL, now, status)
		if err != nil {
			return nil, fmt.Errorf("feed entry %d: %w", i, err)
		}
		cal.Children = append(cal.Children, ev.Component)
	}
	if len(cal.Children) == 0 {
		// go-ical refuses a calendar without components, but a member with
		// no meetings must still get a valid, empty feed rather than an error.
		return emptyFeed(), nil
	}
	return encode(cal)
}

func newCalendar(method string) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, method)
	return cal
}

// event builds the VEVENT of a meeting from the fields that are safe to
// leave the platform; the meeting's items, attendance and corrections are
// deliberately never read.
func event(m *vios.Meeting, networkName, meetingURL string, now time.Time, status ical.EventStatus) (*ical.Event, error) {
	if m == nil {
		return nil, errors.New("calendar: no meeting")
	}
	if m.ID == "" {
		return nil, errors.New("calendar: meeting without id")
	}
	if m.StartsAt.IsZero() || !m.EndsAt.After(m.StartsAt) {
		return nil, fmt.Errorf("calendar: meeting %s has no valid start and end", m.ID)
	}
	link, err := checkURL(meetingURL)
	if err != nil {
		return nil, err
	}
	if networkName = strings.TrimSpace(networkName); networkName == "" {
		networkName = strings.TrimSpace(m.NetworkName)
	}

	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, m.ID+uidSuffix)
	// UTC (the Z form) needs no VTIMEZONE and reads the same everywhere;
	// clients show it in the user's own zone.
	ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, m.StartsAt.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, m.EndsAt.UTC())
	if !m.UpdatedAt.IsZero() {
		ev.Props.SetDateTime(ical.PropLastModified, m.UpdatedAt.UTC())
	}
	ev.Props.SetText(ical.PropSummary, strings.TrimSpace("Overleg "+oneLine(networkName)))
	// The place is free text that may name someone ("bij de familie ...
	// thuis"), sealed in the platform; an invitation or feed goes to mail
	// and calendar providers, so it only says whether one can join online.
	// Members read the place in the platform, behind the link.
	if m.OnlineURL != "" {
		ev.Props.SetText(ical.PropLocation, "Online")
	}
	if link != "" {
		ev.Props.Set(&ical.Prop{Name: ical.PropURL, Params: ical.Params{}, Value: link})
	}
	var desc []string
	if status == ical.EventCancelled {
		desc = append(desc, "Dit overleg is geannuleerd.")
	}
	if link != "" {
		desc = append(desc, "Plaats, agenda en stukken: "+link)
	}
	if online := oneLine(m.OnlineURL); online != "" && status != ical.EventCancelled {
		desc = append(desc, "Online deelnemen: "+online)
	}
	if len(desc) > 0 {
		ev.Props.SetText(ical.PropDescription, strings.Join(desc, "\n"))
	}
	ev.SetStatus(status)
	return ev, nil
}

// checkURL accepts an empty link (the event then has none) or an absolute
// http(s) URL: a relative one means nothing in a mail client.
func checkURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("calendar: meeting link %q is not an absolute http(s) URL", s)
	}
	return u.String(), nil
}

// oneLine drops control characters: go-ical escapes newlines in text, but a
// place or name has no business spanning lines.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s))
}

func encode(cal *ical.Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return fold(buf.Bytes()), nil
}

func emptyFeed() []byte {
	lines := []string{
		"BEGIN:VCALENDAR",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"PRODID:" + ProductID,
		"VERSION:2.0",
		"X-WR-CALNAME:" + FeedName,
		"END:VCALENDAR",
	}
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

// maxLine is the longest content line RFC 5545 (3.1) allows, in octets.
const maxLine = 75

// fold splits content lines longer than 75 octets, as RFC 5545 requires and
// go-ical does not: some clients (Outlook among them) truncate or reject
// longer lines. Continuation lines start with a space, and a split never
// falls inside a UTF-8 sequence.
func fold(in []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(in) + len(in)/maxLine*3)
	for len(in) > 0 {
		i := bytes.Index(in, []byte("\r\n"))
		var line []byte
		if i < 0 {
			line, in = in, nil
		} else {
			line, in = in[:i], in[i+2:]
		}
		limit := maxLine
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			limit = maxLine - 1 // the leading space counts
		}
		out.Write(line)
		out.WriteString("\r\n")
	}
	return out.Bytes()
}
