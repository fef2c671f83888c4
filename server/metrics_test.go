package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

const testMetricsToken = "een-metriektoken-van-genoeg-tekens"

// scrape asks h for /metrics with the token (none when empty) and returns
// the status and, on 200, the parsed families. Straight through ServeHTTP:
// it returns after the request was counted, where a client over the
// network could read its answer before.
func scrape(t *testing.T, h http.Handler, token string) (int, map[string]*dto.MetricFamily, string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		return rec.Code, nil, body
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("/metrics is no Prometheus text: %v\n%s", err, body)
	}
	return rec.Code, families, body
}

// labelled returns the value of the family's series whose labels include
// want, and whether there is one.
func labelled(f *dto.MetricFamily, want map[string]string) (float64, bool) {
	if f == nil {
		return 0, false
	}
	for _, m := range f.Metric {
		n := 0
		for _, l := range m.Label {
			if want[l.GetName()] == l.GetValue() {
				n++
			}
		}
		if n == len(want) {
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount()), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			}
		}
	}
	return 0, false
}

// /metrics is closed without the token, and with it counts requests by
// route pattern, never by path, and logins and refusals, without a
// personal value anywhere.
func TestMetricsAreScrapedWithTheToken(t *testing.T) {
	services := storetest.OpenWithDemo(t).Services()
	srv, err := server.New(services, slog.New(slog.DiscardHandler),
		server.Options{Metrics: server.NewMetrics(), MetricsToken: testMetricsToken})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(method, target string, form url.Values) int {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, target, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	serve("GET", "/aanpakken/arnhem", nil)
	serve("GET", "/healthz", nil)
	serve("GET", "/bestaat-niet-jan-jansen", nil)
	if status := serve("POST", "/inloggen", url.Values{"email": {"jan.jansen@school.example"}, "wachtwoord": {"fout-wachtwoord"}}); status != http.StatusUnauthorized {
		t.Fatalf("a wrong login: %d", status)
	}

	for _, token := range []string{"", "een-ander-token-van-genoeg-tekens"} {
		if status, _, body := scrape(t, srv, token); status != http.StatusUnauthorized || strings.Contains(body, "vios_") {
			t.Errorf("/metrics with token %q: %d %q", token, status, body)
		}
	}
	status, families, body := scrape(t, srv, testMetricsToken)
	if status != http.StatusOK {
		t.Fatalf("/metrics with the token: %d %s", status, body)
	}
	for _, c := range []struct {
		family string
		labels map[string]string
		min    float64
	}{
		{"vios_http_requests_total", map[string]string{"route": "GET /aanpakken/{gemeente}", "status": "200"}, 1},
		{"vios_http_requests_total", map[string]string{"route": "GET /healthz", "status": "200"}, 1},
		{"vios_http_requests_total", map[string]string{"route": "POST /inloggen", "status": "401"}, 1},
		{"vios_http_request_duration_seconds", map[string]string{"route": "GET /aanpakken/{gemeente}"}, 1},
		{"vios_logins_total", map[string]string{"result": "refused"}, 1},
		{"vios_logins_total", map[string]string{"result": "ok"}, 0},
		{"go_goroutines", nil, 1},
	} {
		if v, ok := labelled(families[c.family], c.labels); !ok || v < c.min {
			t.Errorf("%s%v = %v (present %v), want at least %v", c.family, c.labels, v, ok, c.min)
		}
	}
	// A path no route matches is counted as none, not as itself; the
	// login's address and the municipality in the path appear nowhere.
	for _, personal := range []string{"jan", "arnhem", "school.example", "bestaat-niet"} {
		if strings.Contains(strings.ToLower(body), personal) {
			t.Errorf("/metrics shows %q", personal)
		}
	}

	// Without a token the route is there, and closed for everyone.
	off, err := server.New(services, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	off.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if resp := rec.Result(); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics without metrics configured: %d, want 404", resp.StatusCode)
	}
}
