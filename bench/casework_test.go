package bench

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// caseworkCount is the size of one municipality's casework in the
// benchmarks: 100,000 signals, each about one pupil and made a case
// (VIOS_BENCH_CASES sets another size, for a quick try).
func caseworkCount() int {
	if n, err := strconv.Atoi(os.Getenv("VIOS_BENCH_CASES")); err == nil && n >= 50 {
		return n
	}
	return 100_000
}

// caseworkFixture is Arnhem with the demo covenant, kernteam and accounts
// and CaseworkCount cases in the kernteam, served over loopback in demo
// mode. It is made once per process (loading takes a while) and shared by
// every run of the benchmarks.
type caseworkFixture struct {
	base      string
	raw       *sql.DB
	rebind    func(string) string
	db        *store.DB
	municipal *vios.Municipality
	network   string
	caseID    string
	policeID  string // the police member's user id, for the baseline's network filter
	police    string // session cookies
	youth     string
	err       error
}

var (
	caseworkOnce sync.Once
	casework     caseworkFixture
)

func caseworkSetUp(b *testing.B) *caseworkFixture {
	caseworkOnce.Do(func() { casework.err = casework.load() })
	if casework.err != nil {
		b.Fatal(casework.err)
	}
	return &casework
}

func (f *caseworkFixture) load() error {
	ctx := context.Background()
	dsn := os.Getenv(storetest.EnvPostgres)
	if dsn == "" {
		dir, err := os.MkdirTemp("", "vios-bench-casework-")
		if err != nil {
			return err
		}
		dsn = filepath.Join(dir, "vios.db")
	} else {
		var err error
		if dsn, err = privateSchema(dsn); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	db.Keys = keys.NewHolder(storetest.TestKeys())
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		return err
	}
	const password = "benchmark-wachtwoord"
	hash, err := auth.NewHasher(1).Hash(ctx, password)
	if err != nil {
		return err
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		return err
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		return err
	}
	if f.municipal, err = db.Organisations.FindMunicipalityBySlug(ctx, "arnhem"); err != nil {
		return err
	}
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: f.municipal.ID, Kind: vios.NetworkKernteam})
	if err != nil {
		return err
	}
	f.network = nets[0].ID
	school, _, err := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		return err
	}
	org := school.Memberships[0].OrganisationID
	start := time.Now()
	if err := db.Casework.LoadBulkCasework(ctx, store.BulkCasework{MunicipalityID: f.municipal.ID, NetworkID: f.network, ReporterUserID: school.ID,
		ReporterOrgID: org, SchoolID: org, Count: caseworkCount(), Start: db.Now()}); err != nil {
		return err
	}
	// The loading time, for docs/BENCHMARKS.md (scripts/bench.sh reads it).
	os.Stderr.WriteString("casework: " + strconv.Itoa(caseworkCount()) + " cases loaded in " + time.Since(start).Round(time.Second).String() + "\n")
	// As after any bulk load: statistics for what was loaded.
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	police, _, err := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	if err != nil {
		return err
	}
	f.policeID = police.ID
	if f.raw, f.rebind, err = rawHandle(dsn); err != nil {
		return err
	}
	if err := f.raw.QueryRow(f.rebind(`SELECT id FROM cases WHERE municipality_id = ? ORDER BY created_at DESC, id LIMIT 1`),
		f.municipal.ID).Scan(&f.caseID); err != nil {
		return err
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(srv)
	f.base, f.db = ts.URL, db
	if f.police, err = loginErr(ts.URL, "partner@arnhem.demo.example", password); err != nil {
		return err
	}
	f.youth, err = loginErr(ts.URL, "jongerenwerk@arnhem.demo.example", password)
	return err
}

// privateSchema makes a schema of its own in the PostgreSQL database and
// returns the data source that uses it. It is not dropped: the benchmark
// clusters are throwaway ones.
func privateSchema(base string) (string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	schema := "bench_casework_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		return "", err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// getPage fetches a page as the session's user and checks it.
func getPage(b *testing.B, url, cookie string, check func(string) bool) {
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	if check != nil && !check(string(body)) {
		b.Fatalf("GET %s: the page does not show what the baseline reads:\n%s", url, body)
	}
}

// BenchmarkSignals is the signals list of a municipality with 100,000
// signals, first page (50), newest first:
//
//   - Signals/PageNamed: GET /signalen/{gemeente} as the police member, who
//     sees names: 50 pupils, four sealed fields each opened, and 50
//     processing records appended (and committed) before the page is sent.
//   - Signals/PagePseudonym: the same as the youth worker, who sees case
//     codes and initials (one field opened per pupil).
//   - Signals/Decrypt: only opening what the named page opens (200 values).
//   - Signals/SQL: the baseline: the count and the page of signals with
//     network, reporter and organisation, their pupils and their schools.
func BenchmarkSignals(b *testing.B) {
	f := caseworkSetUp(b)
	page := f.base + "/signalen/arnhem"
	b.Run("PageNamed", func(b *testing.B) {
		getPage(b, page, f.police, func(s string) bool { return strings.Count(s, "Leerling 0") == 50 })
		for b.Loop() {
			getPage(b, page, f.police, nil)
		}
	})
	b.Run("PagePseudonym", func(b *testing.B) {
		getPage(b, page, f.youth, func(s string) bool { return !strings.Contains(s, "Leerling 0") && strings.Count(s, "(L.0.T.)") == 50 })
		for b.Loop() {
			getPage(b, page, f.youth, nil)
		}
	})
	ids := f.signalPage(b)
	b.Run("Decrypt", func(b *testing.B) {
		type sealed struct{ id, column, value string }
		var values []sealed
		for _, id := range ids {
			var p sealed
			var name, birth, class, initials string
			if err := f.raw.QueryRow(f.rebind(`SELECT p.id, p.name_sealed, p.birth_sealed, p.class_sealed, p.initials_sealed
				FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id WHERE sp.signal_id = ?`), id).Scan(&p.id, &name, &birth, &class, &initials); err != nil {
				b.Fatal(err)
			}
			for c, v := range map[string]string{"name_sealed": name, "birth_sealed": birth, "class_sealed": class, "initials_sealed": initials} {
				values = append(values, sealed{p.id, c, v})
			}
		}
		ring := f.db.Keys.Keyring()
		for b.Loop() {
			for _, v := range values {
				// The store's binding of a value: table/row/column.
				if _, err := ring.Open(f.municipal.ID, []byte("pupils/"+v.id+"/"+v.column), v.value); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("SQL", func(b *testing.B) {
		for b.Loop() {
			f.signalPage(b)
		}
	})
}

// signalPlace is the list's filter to the networks the reader has a place
// in today, as the store writes it (placeFilter): the pages are read by
// network members, so the baseline filters as they are filtered.
const signalPlace = ` AND EXISTS (SELECT 1 FROM network_members place WHERE place.user_id = ? AND place.network_id = s.network_id
	AND place.municipality_id = ? AND place.joined_on <= ? AND (place.left_on IS NULL OR place.left_on > ?) LIMIT 1 OFFSET 0)`

// signalPage runs the bare queries of the list's first page (as the store
// runs them for the police member: the count and the page of signals of
// the networks they have a place in, then their pupils, schools and
// cases) and returns the signal ids.
func (f *caseworkFixture) signalPage(b *testing.B) []string {
	ctx := context.Background()
	today := vios.Date(f.db.Now())
	filter := []any{f.municipal.ID, f.policeID, f.municipal.ID, today, today}
	var total int
	if err := f.raw.QueryRowContext(ctx, f.rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM signals s WHERE s.municipality_id = ?`+signalPlace+` LIMIT ?) capped`),
		append(filter, vios.TotalCap+1)...).Scan(&total); err != nil {
		b.Fatal(err)
	}
	rows, err := f.raw.QueryContext(ctx, f.rebind(`SELECT s.id, s.municipality_id, s.network_id, n.name, s.code, s.occurred_on,
		s.reporter_user_id, u.name, s.reporter_org_id, o.name, s.phenomenon, s.level, s.neighbourhood, s.urgency, s.status,
		COALESCE(s.agenda_item_id, ''), COALESCE(s.alert_id, ''), s.created_at, s.updated_at
		FROM signals s JOIN networks n ON n.id = s.network_id JOIN users u ON u.id = s.reporter_user_id
		JOIN organisations o ON o.id = s.reporter_org_id
		WHERE s.municipality_id = ?`+signalPlace+` ORDER BY s.occurred_on DESC, s.created_at DESC, s.id LIMIT 51`), filter...)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		vals := make([]any, 19)
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, string(asBytes(*(vals[0].(*any)))))
	}
	rows.Close()
	// The page shows 50 and knows by the 51st that there are more: a filter
	// that lost its rows would flatter the page.
	if len(ids) != 51 {
		b.Fatalf("the baseline read %d signals, want 51", len(ids))
	}
	ids = ids[:50]
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, "?"
	}
	in := strings.Join(marks, ", ")
	for _, q := range []string{
		`SELECT sp.signal_id, p.id, p.school_id, o.name, p.code, p.name_sealed, p.birth_sealed, p.class_sealed, p.initials_sealed,
			p.pseudonymised_at FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id JOIN organisations o ON o.id = p.school_id
			WHERE sp.signal_id IN (` + in + `) ORDER BY p.code`,
		`SELECT ss.signal_id, o.id, o.name FROM signal_schools ss JOIN organisations o ON o.id = ss.organisation_id
			WHERE ss.signal_id IN (` + in + `) ORDER BY o.name`,
		`SELECT signal_id, id FROM cases WHERE signal_id IN (` + in + `)`,
	} {
		r, err := f.raw.QueryContext(ctx, f.rebind(q), args...)
		if err != nil {
			b.Fatal(err)
		}
		drain(b, r)
	}
	return ids
}

func asBytes(v any) []byte {
	switch x := v.(type) {
	case string:
		return []byte(x)
	case []byte:
		return x
	}
	return nil
}

// BenchmarkCase is one case's page among 100,000 in the municipality, with
// three notes and two referrals with their history:
//
//   - Case/PageNamed: GET /casussen/{gemeente}/{id} as the police member
//     (names, plan and notes opened; a processing record written).
//   - Case/PagePseudonym: the same as the youth worker (pseudonym only).
//   - Case/SQL: the baseline: the case with network, owner and signal, its
//     pupil, plan, notes, referrals and their history, its actions.
func BenchmarkCase(b *testing.B) {
	f := caseworkSetUp(b)
	f.caseDetails(b)
	page := f.base + "/casussen/arnhem/" + f.caseID
	b.Run("PageNamed", func(b *testing.B) {
		getPage(b, page, f.police, func(s string) bool {
			return strings.Contains(s, "Leerling 0") && strings.Count(s, ": gesprek gevoerd.") == 3
		})
		for b.Loop() {
			getPage(b, page, f.police, nil)
		}
	})
	b.Run("PagePseudonym", func(b *testing.B) {
		getPage(b, page, f.youth, func(s string) bool {
			return !strings.Contains(s, "Leerling 0") && !strings.Contains(s, ": gesprek gevoerd.")
		})
		for b.Loop() {
			getPage(b, page, f.youth, nil)
		}
	})
	b.Run("SQL", func(b *testing.B) {
		ctx := context.Background()
		queries := []string{
			`SELECT c.id, c.municipality_id, c.network_id, n.name, c.code, c.signal_id, COALESCE(c.pupil_id, ''), c.owner_user_id, u.name,
				c.owner_org_id, o.name, s.reporter_org_id, c.review_days, c.next_review_on, c.status, c.outcome, c.close_reason,
				c.closed_at, COALESCE(c.meeting_id, ''), c.created_at, c.updated_at, c.plan_sealed
				FROM cases c JOIN networks n ON n.id = c.network_id JOIN users u ON u.id = c.owner_user_id
				JOIN organisations o ON o.id = c.owner_org_id JOIN signals s ON s.id = c.signal_id WHERE c.id = ? AND c.municipality_id = ?`,
			`SELECT p.id, p.school_id, o.name, p.code, p.name_sealed, p.birth_sealed, p.class_sealed, p.initials_sealed, p.pseudonymised_at
				FROM cases c JOIN pupils p ON p.id = c.pupil_id JOIN organisations o ON o.id = p.school_id WHERE c.id = ? AND c.municipality_id = ?`,
			`SELECT cn.id, cn.case_id, cn.author_id, u.name, cn.text_sealed, cn.created_at FROM case_notes cn JOIN users u ON u.id = cn.author_id
				WHERE cn.case_id = ? AND cn.municipality_id = ? ORDER BY cn.created_at`,
			`SELECT r.id, r.municipality_id, r.case_id, r.table_code, r.status, r.waiting_since, r.outcome, r.note, r.created_by, r.created_at,
				r.updated_at FROM referrals r WHERE r.case_id = ? AND r.municipality_id = ? ORDER BY r.created_at`,
			`SELECT e.referral_id, e.status, e.at, e.by_user_id, u.name, e.note FROM referral_events e JOIN referrals r ON r.id = e.referral_id
				JOIN users u ON u.id = e.by_user_id WHERE r.case_id = ? AND r.municipality_id = ? ORDER BY e.at`,
			`SELECT a.id, a.title, a.owner_user_id, a.due_on, a.status FROM actions a JOIN case_actions ca ON ca.action_id = a.id
				WHERE ca.case_id = ? AND ca.municipality_id = ?`,
		}
		for b.Loop() {
			for _, q := range queries {
				rows, err := f.raw.QueryContext(ctx, f.rebind(q), f.caseID, f.municipal.ID)
				if err != nil {
					b.Fatal(err)
				}
				drain(b, rows)
			}
		}
	})
}

var caseDetailsOnce sync.Once

// caseDetails gives the benchmarked case three notes and two referrals,
// once, through the store as its owner (the school).
func (f *caseworkFixture) caseDetails(b *testing.B) {
	caseDetailsOnce.Do(func() {
		ctx := context.Background()
		school, _, err := f.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
		if err != nil {
			b.Fatal(err)
		}
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
		for i := 1; i <= 3; i++ {
			if err := f.db.Casework.AddCaseNote(as, f.municipal.ID, f.caseID, "Notitie "+strconv.Itoa(i)+": gesprek gevoerd."); err != nil {
				b.Fatal(err)
			}
		}
		for _, table := range []string{"leerplicht", "sociaal-wijkteam"} {
			if _, err := f.db.Casework.CreateReferral(as, &vios.Referral{MunicipalityID: f.municipal.ID, CaseID: f.caseID, Table: table}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
