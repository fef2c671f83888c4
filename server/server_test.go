package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, err := server.New(storetest.OpenWithDemo(t).Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// Every response, page, API, error or health check, carries the security headers.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newServer(t)
	for _, path := range []string{"/", "/aanpakken", "/aanpakken/arnhem", "/aanpakken/onbekend", "/aanpakken?x=1",
		"/toegankelijkheid", "/api/v1/aanpakken", "/api/v1/nope", "/healthz", "/readyz", "/static/app.css", "/bestaat-niet"} {
		resp, _ := get(t, ts.URL+path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy = %q", path, csp)
		}
		for name, want := range map[string]string{
			"X-Content-Type-Options":    "nosniff",
			"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
			"Referrer-Policy":           "same-origin",
			"X-Frame-Options":           "DENY",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", path, name, got, want)
			}
		}
		wantCache := "no-store"
		if strings.HasPrefix(path, "/static/") {
			wantCache = "public, max-age=3600"
		}
		if got := h.Get("Cache-Control"); got != wantCache {
			t.Errorf("%s: Cache-Control = %q, want %q", path, got, wantCache)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newServer(t)
	if resp, body := get(t, ts.URL+"/healthz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", resp.StatusCode, body)
	}
	if resp, body := get(t, ts.URL+"/readyz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/readyz = %d %q", resp.StatusCode, body)
	}
}

// A database that is not migrated is not ready: the load balancer must not
// send traffic to it, while the process itself is healthy.
func TestNotReadyBeforeMigrations(t *testing.T) {
	db, err := store.Open(context.Background(), storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	if resp, body := get(t, ts.URL+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "niet gereed") {
		t.Errorf("/readyz before migrating = %d %q, want 503", resp.StatusCode, body)
	}
	if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz = %d, want 200", resp.StatusCode)
	}
	// A page that needs the missing tables is a clean Dutch 500, no details.
	resp, body := get(t, ts.URL+"/aanpakken")
	if resp.StatusCode != 500 || !strings.Contains(body, "Er ging iets mis aan onze kant") || strings.Contains(body, "no such table") || strings.Contains(body, "does not exist") {
		t.Errorf("/aanpakken without tables = %d, body leaks or is not Dutch:\n%s", resp.StatusCode, body)
	}
}

// No path is registered twice: two registrations of one pattern would make
// the mux panic or one handler unreachable, and the authorization matrix
// walks this list.
func TestRoutesAreUnique(t *testing.T) {
	srv, err := server.New(storetest.OpenWithDemo(t).Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range srv.Routes() {
		key := r.Method + " " + r.Pattern
		if seen[key] {
			t.Errorf("route %s registered twice", key)
		}
		seen[key] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d routes: %v", len(seen), seen)
	}
}

// A caller's W3C trace context is not joined: the response names a fresh
// trace (the caller's is kept as a link, see web.TestCallersTraceIsALink),
// with the caller's trace flags and its tracestate passed on.
func TestTraceparentIsHonoured(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const trace = "4bf92f3577b34da6a3ce929d0e0e4736"
	req, _ := http.NewRequest("POST", ts.URL+"/inloggen", strings.NewReader("email=niemand%40example.org&wachtwoord=iets-wat-fout-is"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("traceparent", "00-"+trace+"-00f067aa0ba902b7-00")
	req.Header.Add("tracestate", "rojo=00f067aa0ba902b7")
	req.Header.Add("tracestate", "congo=t61rcWkgMzE")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := resp.Header.Get("traceparent")
	if len(got) != 55 || strings.Contains(got, trace) || strings.Contains(got, "00f067aa0ba902b7") || !strings.HasSuffix(got, "-00") {
		t.Errorf("response traceparent %q: want a fresh trace with the caller's flags (00)", got)
	}
	if state := resp.Header.Get("tracestate"); state != "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" {
		t.Errorf("tracestate %q not passed on", state)
	}
	// A request without one starts a fresh trace.
	resp, _ = http.Get(ts.URL + "/healthz")
	if got := resp.Header.Get("traceparent"); len(got) != 55 || strings.Contains(got, trace) || !strings.HasSuffix(got, "-01") {
		t.Errorf("fresh traceparent %q", got)
	}
	if state := resp.Header.Get("tracestate"); state != "" {
		t.Errorf("tracestate %q without a caller", state)
	}
}

// A service left out is a wiring mistake: the server refuses to start and
// names what is missing, instead of failing on the first request needing it.
func TestNewRefusesMissingServices(t *testing.T) {
	services := storetest.Open(t).Services()
	services.Covenants, services.Logbook = nil, nil
	_, err := server.New(services, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "Covenants") || !strings.Contains(err.Error(), "Logbook") {
		t.Fatalf("server.New with two services missing: %v", err)
	}
}
