// Package bench holds the benchmarks behind docs/BENCHMARKS.md. Each speed is
// reported as a ratio to a baseline measured in the same run (`make bench`):
// the API and the page against the bare SQL they need.
package bench

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// setUp opens a database with the demo data, and a plain database/sql
// handle on the same database for the baseline.
func setUp(b *testing.B) (http.Handler, *sql.DB, func(string) string) {
	h, raw, rebind, _ := setUpDB(b)
	return h, raw, rebind
}

func setUpDB(b *testing.B) (http.Handler, *sql.DB, func(string) string, *store.DB) {
	db, raw, rebind := openDB(b)
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	return srv, raw, rebind, db
}

// openDB opens a fresh database (SQLite, or a private schema in
// VIOS_TEST_DATABASE_URL) with the demo data, and a plain database/sql
// handle on the same database with the function that puts its
// placeholders in the driver's form.
func openDB(b *testing.B) (*store.DB, *sql.DB, func(string) string) {
	dsn := storetest.DSN(b)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// Keys as in production: the logged reads chain under the log key.
	db.Keys = keys.NewHolder(storetest.TestKeys())
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), db.Organisations); err != nil {
		b.Fatal(err)
	}
	raw, rebind, err := rawHandle(dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { raw.Close() })
	return db, raw, rebind
}

// rawHandle opens a plain database/sql handle on the database (read-only
// on SQLite) and the function that puts placeholders in its driver's form.
func rawHandle(dsn string) (*sql.DB, func(string) string, error) {
	driver, source, rebind := "sqlite", "file:"+dsn+"?_pragma=query_only(1)&_time_format=sqlite", func(q string) string { return q }
	if store.IsPostgresURL(dsn) {
		driver, source, rebind = "pgx", dsn, func(q string) string {
			var out strings.Builder
			n := 0
			for _, c := range q {
				if c == '?' {
					n++
					out.WriteString("$" + strconv.Itoa(n))
					continue
				}
				out.WriteRune(c)
			}
			return out.String()
		}
	}
	raw, err := sql.Open(driver, source)
	return raw, rebind, err
}

func serve(b *testing.B, h http.Handler, path string) {
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path, rec.Code)
		}
		io.Discard.Write(rec.Body.Bytes())
	}
}

// BenchmarkApproachesAPI is GET /api/v1/aanpakken: 12 approaches as JSON.
func BenchmarkApproachesAPI(b *testing.B) {
	h, _, _ := setUp(b)
	serve(b, h, "/api/v1/aanpakken")
}

// BenchmarkApproachesPage is GET /aanpakken: the two tables as HTML.
func BenchmarkApproachesPage(b *testing.B) {
	h, _, _ := setUp(b)
	serve(b, h, "/aanpakken")
}

// BenchmarkApproachesSQL is the baseline: the bare queries the list needs
// (approaches with municipality, elements, reach), rows scanned and dropped.
func BenchmarkApproachesSQL(b *testing.B) {
	_, raw, rebind := setUp(b)
	queries := []string{
		`SELECT a.id, a.name, a.model, a.summary, a.reach_description, a.phase, a.phase_start, a.phase_remark,
			a.phase_ambition, a.updated_at, m.slug, m.name, m.kind
			FROM approaches a JOIN municipalities m ON m.id = a.municipality_id ORDER BY m.name`,
		`SELECT approach_id, element, status, note FROM approach_elements ORDER BY approach_id, position`,
		`SELECT approach_id, school_type, status, school_count FROM approach_reach ORDER BY approach_id, position`,
		`SELECT municipality_id, name FROM municipality_members ORDER BY municipality_id, position`,
	}
	ctx := context.Background()
	for b.Loop() {
		for _, q := range queries {
			rows, err := raw.QueryContext(ctx, rebind(q))
			if err != nil {
				b.Fatal(err)
			}
			drain(b, rows)
		}
	}
}

// The cost of logging a read of personal data: listing the users of a
// municipality writes one processing record per user shown (through the
// log appender, chained with an HMAC under the log key). BenchmarkUsersLogged is that read;
// BenchmarkUsersUnlogged runs the same two queries without the log.
func usersFixture(b *testing.B) (*store.DB, *sql.DB, func(string) string, string) {
	_, raw, rebind, db := setUpDB(b)
	ctx := context.Background()
	hash, err := auth.NewHasher(1).Hash(ctx, "benchmark-wachtwoord")
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		b.Fatal(err)
	}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		b.Fatal(err)
	}
	return db, raw, rebind, m.ID
}

func BenchmarkUsersLogged(b *testing.B) {
	db, _, _, arnhem := usersFixture(b)
	ctx := context.Background()
	for b.Loop() {
		if users, err := db.Accounts.ListUsers(ctx, arnhem); err != nil || len(users) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkUsersUnlogged(b *testing.B) {
	_, raw, rebind, arnhem := usersFixture(b)
	ctx := context.Background()
	queries := []string{
		`SELECT u.id, u.email, u.name, u.disabled, u.demo, u.totp_confirmed, u.created_at, u.last_login_at FROM users u
			WHERE u.id IN (SELECT user_id FROM memberships WHERE municipality_id = ?) ORDER BY u.name, u.id`,
		`SELECT m.id, m.user_id, COALESCE(m.municipality_id, ''), COALESCE(mu.name, ''), COALESCE(m.organisation_id, ''),
			COALESCE(o.name, ''), m.role, m.created_at FROM memberships m
			LEFT JOIN municipalities mu ON mu.id = m.municipality_id LEFT JOIN organisations o ON o.id = m.organisation_id
			WHERE m.user_id IN (SELECT user_id FROM memberships WHERE municipality_id = ?) ORDER BY mu.name, m.role, o.name`,
	}
	for b.Loop() {
		for _, q := range queries {
			rows, err := raw.QueryContext(ctx, rebind(q), arnhem)
			if err != nil {
				b.Fatal(err)
			}
			drain(b, rows)
		}
	}
}

// drain scans every row into throwaway values, as a caller reading them would.
func drain(b *testing.B, rows *sql.Rows) int {
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(any)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}
