package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// todaySignals is how many signals the police brought into the busy
// chair's core team in the days before the start page is opened.
const todaySignals = 30

// BenchmarkToday is the start page (/vandaag) of a busy user: the chair of
// the core team with two years of history (LoadMeetingHistory: open and
// overdue actions, the upcoming meeting) and 30 new signals of the police
// in the last days. Both sub-benchmarks read the same database, made once:
//
//   - Today/Page: GET /vandaag over HTTP (a loopback server.New in demo
//     mode, logged in as the chair): session, the menu, the store's one
//     transaction (which also records the visit), template, transport.
//   - Today/SQL: the baseline, the bare read queries of that transaction
//     on a plain database/sql handle, rows scanned and dropped.
func BenchmarkToday(b *testing.B) {
	ctx := context.Background()
	db, raw, rebind, h := historyDB(b)
	police, _, err := db.Accounts.FindCredentials(ctx, "partner@"+h.Municipality.Slug+".demo.example")
	if err != nil {
		b.Fatal(err)
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: police})
	// The page is opened three days before the upcoming meeting; the
	// signals came in the day before.
	now := h.Upcoming.StartsAt.Add(-3 * 24 * time.Hour)
	db.Now = func() time.Time { return now.Add(-24 * time.Hour) }
	for i := range todaySignals {
		s := &vios.Signal{MunicipalityID: h.Municipality.ID, NetworkID: h.Network.ID, OccurredOn: vios.Date(now.Add(-24*time.Hour)).AddDate(0, 0, -i%5),
			Phenomenon: "vapes", Level: vios.LevelSchool, SchoolIDs: h.Network.SchoolIDs, Urgency: vios.UrgencyNormal,
			Description: "Vapes gedeeld bij de fietsenstalling."}
		if _, err := db.Casework.CreateSignal(as, s); err != nil {
			b.Fatal(err)
		}
	}
	db.Now = func() time.Time { return now }
	ts, cookie := chairServer(b, db, h, now)

	b.Run("Page", func(b *testing.B) {
		page := ts.URL + "/vandaag"
		var body string
		getPage(b, page, cookie, func(s string) bool { body = s; return true })
		// The page shows what the baseline reads: a full block of new
		// signals, the chair's open actions, the upcoming meeting.
		if n := strings.Count(body, `<li><a class="utrecht-link" href="/signalen/`+h.Municipality.Slug+`/`); n != vios.TodayLimit {
			b.Fatalf("the page links %d signals, want %d", n, vios.TodayLimit)
		}
		if !strings.Contains(body, `href="/overleggen/`+h.Municipality.Slug+`/`+h.Upcoming.ID+`"`) {
			b.Fatal("the page lacks the upcoming meeting")
		}
		b.Logf("history: %s; %d new signals; page of %d kB, %d actions", h, todaySignals, len(body)/1000,
			strings.Count(body, `href="/actiepunten/`+h.Municipality.Slug+`/`))
		for b.Loop() {
			getPage(b, page, cookie, nil)
		}
	})

	b.Run("SQL", func(b *testing.B) {
		args := todayArgs(h, now)
		rows := 0
		for i, q := range todayQueries {
			rows += runQuery(b, raw, rebind(q), args[i]...)
		}
		b.Logf("%d queries, %d rows", len(todayQueries), rows)
		for b.Loop() {
			for i, q := range todayQueries {
				runQuery(b, raw, rebind(q), args[i]...)
			}
		}
	})
}

// todayQueries are the bare read queries of the start page's transaction
// (store.Networks.Today), the baseline of BenchmarkToday, following the
// store's column for column: the visit, the actions, reviews due, new
// signals and their schools, meetings, alerts, referrals. Not in it: the
// visit's upsert (the baseline handle only reads), the session, account
// and municipality lookups every logged-in page makes, and the menu's.
var todayQueries = []string{
	`SELECT previous_at, last_at FROM start_visits WHERE user_id = ? AND municipality_id = ?`,
	`SELECT ` + actionColumns + actionJoins + ` WHERE a.municipality_id = ? AND a.owner_user_id = ? AND a.status IN (?, ?)
		ORDER BY a.due_on, a.created_at, a.id LIMIT 10`,
	`SELECT c.id, c.code, n.name, c.next_review_on FROM cases c JOIN networks n ON n.id = c.network_id
		WHERE c.municipality_id = ? AND c.owner_user_id = ? AND c.status = ? AND c.next_review_on <= ?
		ORDER BY c.next_review_on, c.code LIMIT 10`,
	`SELECT s.id, s.code, n.name, COALESCE((SELECT p.label FROM phenomena p WHERE p.code = s.phenomenon
			AND (p.municipality_id = s.municipality_id OR p.municipality_id IS NULL) LIMIT 1), s.phenomenon), s.occurred_on,
			s.urgency, s.created_at, s.network_id, s.reporter_org_id
		FROM signals s JOIN networks n ON n.id = s.network_id
		WHERE s.municipality_id = ? AND s.created_at > ? AND s.reporter_user_id <> ?
			AND EXISTS (SELECT 1 FROM network_members place WHERE place.user_id = ? AND place.network_id = s.network_id
			AND place.municipality_id = ? AND place.joined_on <= ? AND (place.left_on IS NULL OR place.left_on > ?) LIMIT 1 OFFSET 0)
		ORDER BY s.created_at DESC, s.id LIMIT 50`,
	`SELECT ss.signal_id, o.id, o.name FROM signal_schools ss JOIN organisations o ON o.id = ss.organisation_id
		WHERE ss.signal_id IN (SELECT s.id FROM signals s WHERE s.municipality_id = ? ORDER BY s.created_at DESC LIMIT 10) ORDER BY o.name`,
	`SELECT m.id, n.name, m.starts_at, m.ends_at, n.proposal_days, m.agenda_published_at,
			EXISTS (SELECT 1 FROM network_members f WHERE f.network_id = m.network_id AND f.user_id = ? AND f.function IN (?, ?)
				AND f.joined_on <= ? AND (f.left_on IS NULL OR f.left_on > ?))
		FROM meetings m JOIN networks n ON n.id = m.network_id
		WHERE m.municipality_id = ? AND m.starts_at >= ? AND m.starts_at < ? AND m.status <> ?
			AND EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = m.network_id AND nm.user_id = ?
				AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?))
		ORDER BY m.starts_at, m.id LIMIT 10`,
	`SELECT a.id, a.municipality_id, a.network_id, n.name, a.code, a.raised_by, u.name, a.raised_by_org,
			a.text_sealed, a.summary_sealed, a.phenomenon, a.raised_at, a.escalate_after, a.escalated_at, a.closed_at,
			COALESCE(a.signal_id, ''), a.updated_at
		FROM alerts a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.raised_by
		WHERE a.municipality_id = ? AND a.closed_at IS NULL AND EXISTS (SELECT 1 FROM alert_recipients r
			WHERE r.alert_id = a.id AND r.user_id = ? AND r.acknowledged_at IS NULL)
		ORDER BY a.raised_at DESC, a.id LIMIT 10`,
	`SELECT r.id, c.id, c.code, r.table_code, r.status, r.waiting_since, r.created_at
		FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE r.municipality_id = ? AND c.status = ? AND r.status IN (?, ?, ?)
			AND (c.owner_user_id = ? OR EXISTS (SELECT 1 FROM network_members f WHERE f.network_id = c.network_id
				AND f.user_id = ? AND f.function IN (?, ?) AND f.joined_on <= ? AND (f.left_on IS NULL OR f.left_on > ?)))
		ORDER BY r.created_at, r.id LIMIT 10`,
}

// todayArgs are the arguments of todayQueries for the chair at now.
func todayArgs(h *History, now time.Time) [][]any {
	user, muni, day := h.Chair.ID, h.Municipality.ID, vios.Date(now)
	return [][]any{
		{user, muni},
		{muni, user, vios.ActionOpen, vios.ActionInProgress},
		{muni, user, vios.CaseOpen, day},
		{muni, now.AddDate(0, 0, -7).UTC(), user, user, muni, day, day},
		{muni},
		{user, vios.FunctionChair, vios.FunctionSecretary, day, day, muni, now.UTC(), now.Add(28 * 24 * time.Hour).UTC(),
			vios.MeetingCancelled, user, day, day},
		{muni, user},
		{muni, vios.CaseOpen, vios.ReferralRequested, vios.ReferralWaiting, vios.ReferralReturned, user, user,
			vios.FunctionChair, vios.FunctionSecretary, day, day},
	}
}
