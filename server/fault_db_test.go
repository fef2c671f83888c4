package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// PostgreSQL away while the platform serves (P15, faults): a restart cuts
// every connection, and for a while none is accepted. Pages and the API
// answer 503 with a Dutch text at once (not a 500, not "log in again"),
// the process needs no restart to serve again, and what was acknowledged
// before is there after. The database is reached through a proxy that
// the test cuts, so the shared test cluster keeps running.
func TestDatabaseAwayAnswers503(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresDSN(t)
	proxy := newCutProxy(t, dsn)
	db := storetest.OpenDSN(t, proxy.dsn)
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, "matrix-wachtwoord-123")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	f := &fixture{ts: ts, db: db}
	session := f.login(t, "regisseur@arnhem.demo.example")
	u, _, err := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := auth.NewToken()
	token := "vios_" + raw
	if err := db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "storing", Scopes: []string{"lezen"},
		ExpiresAt: db.Now().Add(3600e9)}, auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	request := func(path, cookie, bearer string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: cookie})
		}
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	// Served before: the logged-in home page, the API, readiness.
	if status, _, _ := request("/vandaag", session, ""); status != http.StatusOK {
		t.Fatalf("before: /vandaag %d", status)
	}

	proxy.cut()
	for _, page := range []string{"/vandaag", "/aanpakken/arnhem"} {
		status, _, body := request(page, session, "")
		if status != http.StatusServiceUnavailable || !strings.Contains(body, "Even niet beschikbaar") ||
			!strings.Contains(body, "even niet bereiken") {
			t.Errorf("%s with the database away: %d, want 503 with a Dutch page\n%.600s", page, status, body)
		}
	}
	status, contentType, body := request("/api/v1/ik", "", token)
	var problem struct {
		Status int    `json:"status"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	json.Unmarshal([]byte(body), &problem)
	if status != http.StatusServiceUnavailable || contentType != "application/problem+json" || problem.Title != "Niet beschikbaar" ||
		!strings.Contains(problem.Detail, "even niet bereiken") || strings.Contains(body, "127.0.0.1") {
		t.Errorf("the API with the database away: %d %s %s", status, contentType, body)
	}
	if status, _, _ := request("/readyz", "", ""); status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database away: %d", status)
	}

	// Back, on the same process: the session and the token still hold.
	proxy.restore()
	if status, _, body := request("/vandaag", session, ""); status != http.StatusOK {
		t.Errorf("after: /vandaag %d\n%.300s", status, body)
	}
	if status, _, body := request("/api/v1/ik", "", token); status != http.StatusOK || !strings.Contains(body, u.ID) {
		t.Errorf("after: the API %d %s", status, body)
	}
	if status, _, _ := request("/readyz", "", ""); status != http.StatusOK {
		t.Errorf("after: /readyz %d", status)
	}
}

// cutProxy passes TCP to PostgreSQL until cut: then it closes every
// connection and refuses new ones, as a database that restarts and is
// away for a while; restore listens again on the same address.
type cutProxy struct {
	t      *testing.T
	target string
	addr   string
	dsn    string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func newCutProxy(t *testing.T, dsn string) *cutProxy {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{t: t, target: u.Host}
	p.listen("127.0.0.1:0")
	u.Host = p.addr
	p.dsn = u.String()
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				client.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, client, server)
			p.mu.Unlock()
			go func() { io.Copy(server, client); server.Close() }()
			go func() { io.Copy(client, server); client.Close() }()
		}
	}()
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *cutProxy) restore() { p.listen(p.addr) }
