package loadtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// samplesOf makes a soak of n samples whose Go heap is f(i); the other
// series stay flat, but the process's memory, which holds SQLite's cache too
// and is not judged.
func samplesOf(n int, f func(i int) float64) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i] = Sample{At: time.Duration(i+1) * time.Minute, HeapMB: f(i), AnonMB: 100 + float64(i), Goroutines: 60 + float64(i%3), OpenFiles: 20, Connections: 6}
	}
	return out
}

// A soak passes on noise and on a plateau reached in the warm-up, and fails
// on steady growth, even a slow one, naming the series.
func TestGrowth(t *testing.T) {
	for _, tt := range []struct {
		name  string
		f     func(i int) float64
		grows bool
	}{
		{"flat with noise", func(i int) float64 { return 80 + float64((i*7)%5) }, false},
		{"warm-up, then a plateau", func(i int) float64 { return 40 + min(float64(i)*5, 40) }, false},
		{"one spike", func(i int) float64 { return 80 + map[bool]float64{true: 30}[i == 40] }, false},
		{"a slow leak (0.25 MB a minute)", func(i int) float64 { return 80 + float64(i)/4 }, true},
		{"a leak in steps", func(i int) float64 { return 80 + float64(i/10)*4 }, true},
	} {
		grown := Growth(samplesOf(60, tt.f))
		if (len(grown) > 0) != tt.grows {
			t.Errorf("%s: growth %q, want growth %v", tt.name, grown, tt.grows)
		}
		if tt.grows && (len(grown) != 1 || !strings.HasPrefix(grown[0], "Go-heap")) {
			t.Errorf("%s: %q does not name the Go heap alone", tt.name, grown)
		}
	}
	// Goroutines that pile up (a goroutine per request never ending).
	leaking := samplesOf(60, func(int) float64 { return 80 })
	for i := range leaking {
		leaking[i].Goroutines = 60 + float64(i)
	}
	if grown := Growth(leaking); len(grown) != 1 || !strings.HasPrefix(grown[0], "goroutines") {
		t.Errorf("piling goroutines: %q", grown)
	}
	if grown := Growth(samplesOf(3, func(i int) float64 { return float64(i) * 100 })); grown != nil {
		t.Errorf("three samples are too few to judge: %q", grown)
	}
}

// The metrics are summed over their labels: every pool's connections.
func TestScrape(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 42\n"+
			`go_sql_open_connections{db_name="sqlite_read"} 3`+"\n"+`go_sql_open_connections{db_name="sqlite write"} 1`+"\n"+
			`vios_http_requests_total{route="GET /",status="200"} 7 1700000000000`+"\n")
	}))
	defer srv.Close()
	got, err := scrape(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if got["go_goroutines"] != 42 || got["go_sql_open_connections"] != 4 || got["vios_http_requests_total"] != 7 {
		t.Errorf("scraped %v", got)
	}
}
