package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/web"
)

// threadMessages is the thread size the issue asks the cost of.
const threadMessages = 200

// BenchmarkThread is a kernteam's thread page with 200 messages (every
// tenth naming a pupil the school entered, every fifth a reply), opened by
// its chair:
//
//   - Thread/Page: GET /netwerken/{gemeente}/{id}/berichten over HTTP
//     (loopback, demo mode): session, store, clause, opening 200 sealed
//     texts, processing records, read receipt, template, transport.
//   - Thread/SQL: the baseline, the bare reads the page needs (the network,
//     its members and schools, the shares, the messages, the pupil, the
//     receipts, the pupils the chair may name), rows scanned and dropped.
func BenchmarkThread(b *testing.B) {
	ctx := context.Background()
	db, raw, rebind := openDB(b)
	hash, err := auth.NewHasher(1).Hash(ctx, benchmarkPassword)
	if err != nil {
		b.Fatal(err)
	}
	realClock := db.Now
	start := realClock().AddDate(0, -1, 0)
	db.Now = func() time.Time { return start }
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, start); err != nil {
		b.Fatal(err)
	}
	db.Now = realClock
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	school, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	police, _, _ := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: arnhem.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) != 1 {
		b.Fatalf("demo kernteam: %v", err)
	}
	n := nets[0]
	asSchool := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
	signal := &vios.Signal{MunicipalityID: arnhem.ID, NetworkID: n.ID, OccurredOn: db.Now(), Phenomenon: "pesten",
		Level: vios.LevelPupil, Description: "Gepest in de klas.",
		Pupils: []vios.Pupil{{Name: "Daan Bakker", BirthDate: "2012-05-06", SchoolID: school.Memberships[0].OrganisationID}}}
	if _, err := db.Casework.CreateSignal(asSchool, signal); err != nil {
		b.Fatal(err)
	}
	threads := db.Services().Threads
	var first string
	for i := range threadMessages {
		in := &vios.MessageInput{MunicipalityID: arnhem.ID, NetworkID: n.ID,
			Text: fmt.Sprintf("Bericht %d over de tramhalte en wie er bij was; afspraak volgt.", i)}
		if i%10 == 0 {
			in.Text += " Daan Bakker was erbij."
		}
		if i%5 == 4 {
			in.ReplyToID = first
		}
		as := asSchool
		if i%2 == 1 {
			as = vios.NewContextWithActor(ctx, &vios.Actor{User: police})
		}
		m, err := threads.PostMessage(as, in)
		if err != nil {
			b.Fatal(err)
		}
		if i%5 == 0 {
			first = m.ID
		}
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	cookie := login(b, ts.URL, school.Email, benchmarkPassword)
	page := ts.URL + "/netwerken/arnhem/" + n.ID + "/berichten"

	b.Run("Page", func(b *testing.B) {
		get := func() string {
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
			return string(body)
		}
		body := get()
		if got := strings.Count(body, `<article class="message`); got != threadMessages {
			b.Fatalf("the page shows %d messages, want %d", got, threadMessages)
		}
		b.Logf("thread of %d messages; page of %d kB", threadMessages, len(body)/1000)
		for b.Loop() {
			get()
		}
	})

	b.Run("SQL", func(b *testing.B) {
		queries := []struct {
			q    string
			args []any
		}{
			{`SELECT * FROM networks WHERE id = ? AND municipality_id = ?`, []any{n.ID, arnhem.ID}},
			{`SELECT m.*, u.name, o.name FROM network_members m JOIN users u ON u.id = m.user_id
				JOIN organisations o ON o.id = m.organisation_id WHERE m.network_id = ?`, []any{n.ID}},
			{`SELECT organisation_id FROM network_schools WHERE network_id = ?`, []any{n.ID}},
			{`SELECT from_on FROM thread_shares WHERE network_id = ? AND user_id = ? ORDER BY from_on LIMIT 1`, []any{n.ID, school.ID}},
			{`SELECT m.id, m.network_id, m.author_user_id, u.name, m.author_org_id, o.name, m.reply_to_id, m.text_sealed,
				m.posted_at, m.edited_at, m.deleted_at, d.name, m.signal_id FROM messages m JOIN users u ON u.id = m.author_user_id
				JOIN organisations o ON o.id = m.author_org_id LEFT JOIN users d ON d.id = m.deleted_by
				WHERE m.municipality_id = ? AND m.network_id = ? AND m.case_id IS NULL AND m.posted_at >= ?
				ORDER BY m.posted_at DESC, m.id DESC LIMIT 500`, []any{arnhem.ID, n.ID, start.Add(-24 * time.Hour)}},
			{`SELECT school_id, code, name_sealed FROM pupils WHERE id = ?`, []any{signal.Pupils[0].ID}},
			{`SELECT r.user_id, u.name, r.message_id, r.read_at FROM message_reads r JOIN users u ON u.id = r.user_id
				WHERE r.thread_key = ?`, []any{n.ID}},
			{`SELECT DISTINCT p.id, p.school_id, p.code, p.name_sealed, s.reporter_org_id FROM signal_pupils sp
				JOIN signals s ON s.id = sp.signal_id JOIN pupils p ON p.id = sp.pupil_id
				WHERE s.municipality_id = ? AND s.network_id = ? AND p.pseudonymised_at IS NULL`, []any{arnhem.ID, n.ID}},
		}
		rows := 0
		for _, q := range queries {
			rows += runQuery(b, raw, rebind(q.q), q.args...)
		}
		b.Logf("%d queries, %d rows", len(queries), rows)
		for b.Loop() {
			for _, q := range queries {
				runQuery(b, raw, rebind(q.q), q.args...)
			}
		}
	})
}
