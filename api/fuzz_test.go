package api_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// FuzzAPI sends any body to every POST, PUT and PATCH route, and any query
// to every GET route, through the real API on a database with the demo
// data, as a regisseur, a school or a partner, with the ids of real
// records in the path. Whatever comes in: no handler panics or fails with
// 500; every answer carries the API-Version header and is JSON, a refusal
// problem+json with its own status; and a refused body or file (400, 413,
// 415) changes nothing: the audit trail, which every change writes in its
// own transaction, has no new entry.
func FuzzAPI(f *testing.F) {
	routes := fuzzRoutes()
	for i, r := range routes {
		f.Add(uint8(i), uint8(0), uint8(i), fuzzSeedQuery(r), fuzzSeedBody(r))
	}
	f.Add(uint8(0), uint8(1), uint8(0), "", []byte(`{"a":1,"a":2}`))
	f.Add(uint8(1), uint8(2), uint8(1), "pagina=-1&paginaGrootte=1e9", []byte("{\"naam\":\"\x00\"}"))
	f.Add(uint8(2), uint8(3), uint8(2), "%zz=%ff", []byte(`[{"naam":"x"}]`))
	fx := newFuzzFixture(f)
	f.Fuzz(func(t *testing.T, route, pick, who uint8, query string, body []byte) {
		r := routes[int(route)%len(routes)]
		req := fx.request(r, int(pick), query, body)
		before := fx.auditHead(t)
		rec := httptest.NewRecorder()
		fx.handlers[int(who)%len(fx.handlers)].ServeHTTP(rec, req)
		checkAnswer(t, req, rec)
		if r.Method != http.MethodGet && slices.Contains([]int{400, 413, 415}, rec.Code) {
			if after := fx.auditHead(t); after != before {
				t.Fatalf("%s %s refused with %d, yet the audit trail went from %d to %d:\n%s", req.Method, req.URL, rec.Code, before, after, rec.Body)
			}
		}
	})
}

// fuzzRoutes are the API's routes with a body or a query to decode, in a
// fixed order; DELETE is left out (it reads neither, and would empty the
// pool of records the fuzzer aims at).
func fuzzRoutes() []httpx.Route {
	var list []httpx.Route
	for _, r := range newHandler(vios.Services{}).Routes() {
		if r.Method != http.MethodDelete {
			list = append(list, r)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Method+list[i].Pattern < list[j].Method+list[j].Pattern })
	return list
}

type fuzzFixture struct {
	handlers []http.Handler
	ids      []string // ids of demo records, for the {id} in paths
	audit    *sql.DB
}

func newFuzzFixture(tb testing.TB) *fuzzFixture {
	ctx := tb.Context()
	dsn := storetest.DSN(tb)
	db := storetest.OpenDSN(tb, dsn)
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		tb.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		tb.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		tb.Fatal(err)
	}
	fx := &fuzzFixture{}
	h := newHandler(db.Services())
	for _, who := range []string{"regisseur", "school", "partner"} {
		fx.handlers = append(fx.handlers, withBearer(h, accessToken(tb, db, who+"@arnhem.demo.example")))
	}
	fx.ids = collectIDs(tb, fx.handlers[0])
	driver, source := "sqlite", "file:"+dsn+"?mode=ro"
	if storetest.Dialect() == store.Postgres {
		driver, source = "pgx", dsn
	}
	var err error
	if fx.audit, err = sql.Open(driver, source); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { fx.audit.Close() })
	return fx
}

// auditHead is the newest sequence number of the audit trail.
func (fx *fuzzFixture) auditHead(t *testing.T) int64 {
	t.Helper()
	var seq int64
	if err := fx.audit.QueryRowContext(t.Context(), `SELECT COALESCE(MAX(seq), 0) FROM audit_log`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// collectIDs gathers the id of every record the lists without a path
// parameter show a regisseur, sorted, with an id of no record after them.
func collectIDs(tb testing.TB, h http.Handler) []string {
	seen := map[string]bool{}
	for _, r := range fuzzRoutes() {
		if r.Method != http.MethodGet || strings.Contains(r.Pattern, "{") {
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, r.Pattern, nil))
		var v any
		if json.Unmarshal(rec.Body.Bytes(), &v) == nil {
			gatherIDs(v, seen)
		}
	}
	ids := make([]string, 0, len(seen)+1)
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) < 10 {
		tb.Fatalf("only %d record ids in the demo data", len(ids))
	}
	return append(ids, "00000000-0000-4000-8000-000000000000")
}

func gatherIDs(v any, seen map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && (k == "id" || strings.HasSuffix(k, "Id")) && vios.ValidID(s) {
				seen[s] = true
			}
			gatherIDs(x, seen)
		}
	case []any:
		for _, x := range v {
			gatherIDs(x, seen)
		}
	}
}

// request builds the request of route: each path parameter an id of the
// pool (a year for {jaar}), the query as given, and the body as JSON or,
// for an upload, as the file of a multipart form.
func (fx *fuzzFixture) request(r httpx.Route, pick int, query string, body []byte) *http.Request {
	path := r.Pattern
	for n := 0; strings.Contains(path, "{"); n++ {
		i, j := strings.Index(path, "{"), strings.Index(path, "}")
		value := fx.ids[(pick+n)%len(fx.ids)]
		if path[i:j+1] == "{jaar}" {
			value = "2026"
		}
		path = path[:i] + value + path[j+1:]
	}
	contentType := "application/json"
	if r.Method == http.MethodPost && strings.HasSuffix(path, "/bijlagen") {
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		part, _ := mw.CreateFormFile("bestand", "bestand.pdf")
		part.Write(body)
		mw.Close()
		body, contentType = form.Bytes(), mw.FormDataContentType()
	}
	req := httptest.NewRequest(r.Method, path, bytes.NewReader(body))
	req.URL.RawQuery = query
	if r.Method != http.MethodGet {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// checkAnswer checks what every answer of the API must be.
func checkAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	what := req.Method + " " + req.URL.String()
	if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("%s: %d\n%s", what, rec.Code, rec.Body)
	}
	if got := rec.Header().Get("API-Version"); got != vios.Version {
		t.Fatalf("%s: API-Version %q", what, got)
	}
	ct := rec.Header().Get("Content-Type")
	if rec.Code >= 400 {
		var p struct {
			Status int    `json:"status"`
			Title  string `json:"title"`
		}
		if ct != "application/problem+json" || json.Unmarshal(rec.Body.Bytes(), &p) != nil || p.Status != rec.Code || p.Title == "" {
			t.Fatalf("%s: %d is no problem+json of its own (%s):\n%s", what, rec.Code, ct, rec.Body)
		}
	}
	if strings.HasPrefix(ct, "application/") && strings.HasSuffix(ct, "json") && (!json.Valid(rec.Body.Bytes()) || !utf8.Valid(rec.Body.Bytes())) {
		t.Fatalf("%s: invalid JSON:\n%q", what, rec.Body)
	}
}

// accessToken makes a token for reading and writing for the demo account.
func accessToken(tb testing.TB, db *store.DB, email string) string {
	u, _, err := db.Accounts.FindCredentials(tb.Context(), email)
	if err != nil {
		tb.Fatalf("%s: %v", email, err)
	}
	return newToken(tb, db, u.ID, "lezen", "schrijven")
}
