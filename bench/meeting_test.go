package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/web"
)

// BenchmarkMeeting is the meeting page at its heaviest foreseen size: a core team with two years of history (a meeting every six weeks,
// each with five items of minutes, attendance, three actions and approved
// minutes) and an upcoming meeting with 40 accepted agenda items, opened by
// its chair. Both sub-benchmarks read the same database, made once:
//
//   - Meeting/Page: GET /overleggen/{gemeente}/{id} over HTTP (a loopback
//     server.New in demo mode, logged in as the chair): session, store,
//     authorization, template, transport.
//   - Meeting/SQL: the baseline, the bare queries the page needs on a plain
//     database/sql handle, rows scanned and dropped.
func BenchmarkMeeting(b *testing.B) {
	db, raw, rebind, h := historyDB(b)
	// The page as the chair sees it in the meeting, with the attendance,
	// minutes and action forms: the pages' clock stands at its start.
	ts, cookie := chairServer(b, db, h, h.Upcoming.StartsAt)
	page := ts.URL + "/overleggen/" + h.Municipality.Slug + "/" + h.Upcoming.ID

	b.Run("Page", func(b *testing.B) {
		get := func() []byte {
			req, _ := http.NewRequest("GET", page, nil)
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: cookie})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("GET %s: %d %v", page, resp.StatusCode, err)
			}
			return body
		}
		// The page shows what the baseline reads: the generated first item
		// and every accepted item, the open actions, the attendance form.
		body := string(get())
		if n := strings.Count(body, `<li id="punt-`); n != 1+len(h.Upcoming.Items) {
			b.Fatalf("the page shows %d agenda items, want %d", n, 1+len(h.Upcoming.Items))
		}
		if n := strings.Count(body, `href="/actiepunten/`+h.Municipality.Slug+`/`); n != h.OpenActions {
			b.Fatalf("the page links %d actions, want the %d open ones", n, h.OpenActions)
		}
		if !strings.Contains(body, `id="aanwezigheid-tabel"`) {
			b.Fatal("the page lacks the attendance form")
		}
		b.Logf("history: %s; page of %d kB", h, len(body)/1000)
		for b.Loop() {
			get()
		}
	})

	b.Run("SQL", func(b *testing.B) {
		args := meetingArgs(h)
		rows := 0
		for i, q := range meetingQueries {
			rows += runQuery(b, raw, rebind(q), args[i]...)
		}
		b.Logf("%d queries, %d rows", len(meetingQueries), rows)
		for b.Loop() {
			for i, q := range meetingQueries {
				runQuery(b, raw, rebind(q), args[i]...)
			}
		}
	})
}

// benchmarkPassword is the password of the demo accounts in benchmarks.
const benchmarkPassword = "benchmark-wachtwoord"

// historyDB is a database with the demo data and the meeting history of
// LoadMeetingHistory, with a plain handle on it for the baselines.
func historyDB(b *testing.B) (*store.DB, *sql.DB, func(string) string, *History) {
	ctx := context.Background()
	db, raw, rebind := openDB(b)
	hash, err := auth.NewHasher(1).Hash(ctx, benchmarkPassword)
	if err != nil {
		b.Fatal(err)
	}
	h, err := LoadMeetingHistory(ctx, db, hash, HistoryOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return db, raw, rebind, h
}

// chairServer serves the database over loopback in demo mode with the
// pages' clock standing at now, and logs the history's chair in.
func chairServer(b *testing.B, db *store.DB, h *History, now time.Time) (*httptest.Server, string) {
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1,
		Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return ts, login(b, ts.URL, h.Chair.Email, benchmarkPassword)
}

// login logs in over HTTP as a demo account (no second factor in demo
// mode) and returns the session cookie's value.
func login(b *testing.B, base, email, password string) string {
	cookie, err := loginErr(base, email, password)
	if err != nil {
		b.Fatal(err)
	}
	return cookie
}

// loginErr logs in (demo mode: no second factor) and returns the session.
func loginErr(base, email, password string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/inloggen", url.Values{"email": {email}, "wachtwoord": {password}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie && resp.Header.Get("Location") == "/vandaag" {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("login of %s failed: %d %s", email, resp.StatusCode, resp.Header.Get("Location"))
}

// meetingQueries are the bare SQL the meeting page needs, the baseline of
// BenchmarkMeeting. Only the store speaks SQL in this codebase; these copies
// are here to measure it, and follow the store's queries (FindMeeting,
// ListActions, ListPhenomena, FindNetwork, ListMeetings) column for column.
// Not in it: the session and account lookups and the municipality by slug,
// which every logged-in page does.
var meetingQueries = []string{
	// The meeting joined to its network.
	`SELECT m.id, m.network_id, n.name, m.municipality_id, m.starts_at, m.ends_at, m.location, m.online_url,
		m.status, m.agenda_published_at, m.minutes_approved_at, m.created_at, m.updated_at
		FROM meetings m JOIN networks n ON n.id = m.network_id WHERE m.id = ? AND m.municipality_id = ?`,
	// Its agenda items with their proposer, and the items' phenomena.
	`SELECT i.id, i.meeting_id, i.position, i.kind, i.title, i.description, i.status,
		i.proposed_by, u.name, i.minutes, i.decisions, i.updated_at
		FROM agenda_items i JOIN users u ON u.id = i.proposed_by WHERE i.meeting_id = ? ORDER BY i.position, i.id`,
	`SELECT p.item_id, p.code FROM agenda_item_phenomena p
		JOIN agenda_items i ON i.id = p.item_id WHERE i.meeting_id = ? ORDER BY p.code`,
	// Attendance and corrections.
	`SELECT a.member_id, m.user_id, u.name, m.organisation_id, o.name, a.status,
		COALESCE(a.deputy_user_id, ''), COALESCE(d.name, '')
		FROM attendance a JOIN network_members m ON m.id = a.member_id JOIN users u ON u.id = m.user_id
		JOIN organisations o ON o.id = m.organisation_id LEFT JOIN users d ON d.id = a.deputy_user_id
		WHERE a.meeting_id = ? ORDER BY o.name, u.name`,
	`SELECT c.id, c.meeting_id, COALESCE(c.item_id, ''), c.author_id, u.name, c.text, c.created_at
		FROM minutes_corrections c JOIN users u ON u.id = c.author_id WHERE c.meeting_id = ? ORDER BY c.created_at, c.id`,
	// The open actions of the network (the first agenda item).
	`SELECT ` + actionColumns + actionJoins + ` WHERE a.municipality_id = ? AND a.network_id = ? AND a.status IN (?, ?)
		ORDER BY a.due_on, a.created_at, a.id`,
	// The actions agreed in this meeting.
	`SELECT ` + actionColumns + actionJoins + ` WHERE a.municipality_id = ? AND a.meeting_id = ?
		ORDER BY a.due_on, a.created_at, a.id`,
	// The phenomena to choose from.
	`SELECT code, label, COALESCE(municipality_id, '') FROM phenomena
		WHERE municipality_id IS NULL OR municipality_id = ? ORDER BY label, code`,
	// The network with its schools and members.
	`SELECT n.id, n.municipality_id, n.kind, n.name, n.level, n.neighbourhood, n.description, n.every_weeks,
		n.times_per_year, n.agenda_days, n.proposal_days, n.created_at, n.updated_at
		FROM networks n WHERE n.id = ? AND n.municipality_id = ?`,
	`SELECT s.organisation_id FROM network_schools s
		JOIN organisations o ON o.id = s.organisation_id WHERE s.network_id = ? ORDER BY o.name`,
	`SELECT m.id, m.network_id, m.user_id, u.name, m.organisation_id, o.name,
		m.position, COALESCE(m.deputy_for, ''), m.function, m.joined_on, m.left_on
		FROM network_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
		WHERE m.network_id = ? ORDER BY o.name, m.position, u.name, m.joined_on`,
	// The earlier meetings of the network (is the last minutes' approval due?).
	`SELECT m.id, m.network_id, n.name, m.municipality_id, m.starts_at, m.ends_at, m.location, m.online_url,
		m.status, m.agenda_published_at, m.minutes_approved_at, m.created_at, m.updated_at
		FROM meetings m JOIN networks n ON n.id = m.network_id
		WHERE m.municipality_id = ? AND m.network_id = ? AND m.starts_at < ? ORDER BY m.starts_at, m.id`,
}

const actionColumns = `a.id, a.municipality_id, a.network_id, n.name, a.meeting_id, COALESCE(a.item_id, ''), a.title,
	a.owner_user_id, u.name, a.owner_organisation_id, o.name, a.due_on, a.status, a.cancel_reason, a.done_at,
	a.created_at, a.updated_at`

const actionJoins = ` FROM actions a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.owner_user_id
	JOIN organisations o ON o.id = a.owner_organisation_id`

// meetingArgs are the arguments of meetingQueries for the upcoming meeting.
func meetingArgs(h *History) [][]any {
	mt, muni, net := h.Upcoming.ID, h.Municipality.ID, h.Network.ID
	return [][]any{
		{mt, muni},
		{mt},
		{mt},
		{mt},
		{mt},
		{muni, net, vios.ActionOpen, vios.ActionInProgress},
		{muni, mt},
		{muni},
		{net, muni},
		{net},
		{net},
		{muni, net, h.Upcoming.StartsAt.UTC()},
	}
}

// runQuery runs one query and drains it, returning the number of rows.
func runQuery(b *testing.B, raw *sql.DB, query string, args ...any) int {
	rows, err := raw.QueryContext(context.Background(), query, args...)
	if err != nil {
		b.Fatal(err)
	}
	return drain(b, rows)
}
