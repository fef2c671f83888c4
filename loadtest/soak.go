package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A soak (make soak): the mix at one steady rate for a long time, with the
// server's resources sampled at every interval. A leak shows as a series
// that keeps growing after the warm-up; the run fails on one.

// Sample is the server's resources after one interval of the soak.
type Sample struct {
	At          time.Duration // since the start of the soak
	Requests    uint64
	ErrorShare  float64
	P95         time.Duration
	AnonMB      float64 // the process's own resident memory (RssAnon)
	HeapMB      float64 // of which the Go heap in use (go_memstats_heap_inuse_bytes)
	Goroutines  float64 // go_goroutines of its metrics
	OpenFiles   float64 // entries in /proc/<pid>/fd
	Connections float64 // database connections open, all pools (go_sql_open_connections)
	Errors      map[string]int
}

// SoakErrorShare is the share of failed requests over the whole soak.
func SoakErrorShare(samples []Sample) float64 {
	var requests, failed float64
	for _, s := range samples {
		requests += float64(s.Requests)
		failed += s.ErrorShare * float64(s.Requests)
	}
	if requests == 0 {
		return 1
	}
	return failed / requests
}

// SoakConfig is one soak: cfg.Rates[0] for Total, sampled every Every.
type SoakConfig struct {
	Total, Every time.Duration
	// MetricsURL is the server's metrics (VIOS_METRICS_ADDR), for its
	// goroutines and database connections.
	MetricsURL string
}

// Soak logs in and sends the mix at cfg.Rates[0] for sc.Total, one attack
// of sc.Every at a time, sampling the server after each.
func Soak(ctx context.Context, cfg Config, sc SoakConfig) ([]Sample, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.Rates) == 0 || sc.Every <= 0 || sc.Total < sc.Every {
		return nil, fmt.Errorf("een soak heeft een tempo, een meetinterval en een duur van minstens één interval nodig")
	}
	t, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	cfg.Duration = sc.Every
	// One client for the whole soak: a new one per interval would leave
	// the last one's idle connections open on the server until its idle
	// timeout, a growth of the load's making.
	workers := max(64, cfg.Rates[0])
	client := &http.Client{Timeout: cfg.timeout(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: workers, IdleConnTimeout: 10 * time.Minute}}
	defer client.CloseIdleConnections()
	var samples []Sample
	for at := sc.Every; at <= sc.Total && ctx.Err() == nil; at += sc.Every {
		step := attack(cfg, t, newAttacker(cfg, cfg.Rates[0], client), cfg.Rates[0])
		s := Sample{At: at, Requests: step.Requests, ErrorShare: step.ErrorShare, P95: step.P95, AnonMB: step.AnonMB,
			OpenFiles: openFiles(cfg.PID), Errors: step.Errors}
		metrics, err := scrape(sc.MetricsURL)
		if err != nil {
			return samples, err
		}
		s.Goroutines, s.Connections = metrics["go_goroutines"], metrics["go_sql_open_connections"]
		s.HeapMB = metrics["go_memstats_heap_inuse_bytes"] / (1 << 20)
		samples = append(samples, s)
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "%6s: %d verzoeken, fouten %.2f%%, eigen geheugen %.1f MB (Go-heap %.1f MB), goroutines %.0f, bestanden %.0f, verbindingen %.0f\n",
				at, s.Requests, 100*s.ErrorShare, s.AnonMB, s.HeapMB, s.Goroutines, s.OpenFiles, s.Connections)
		}
	}
	return samples, nil
}

// openFiles counts the process's open file descriptors.
func openFiles(pid int) float64 {
	if pid == 0 {
		return 0
	}
	entries, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		return 0
	}
	return float64(len(entries))
}

// scrapeClient gives up on metrics that do not come: a soak never hangs.
var scrapeClient = &http.Client{Timeout: 30 * time.Second}

// scrape reads the metrics in the Prometheus text format and sums each
// metric's series over their labels (the database connections of every
// pool together).
func scrape(url string) (map[string]float64, error) {
	resp, err := scrapeClient.Get(url) // #nosec G107 -- the operator's own loopback metrics address
	if err != nil {
		return nil, fmt.Errorf("metrieken lezen: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("metrieken lezen: %d", resp.StatusCode)
	}
	sums := map[string]float64{}
	lines := bufio.NewScanner(resp.Body)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	for lines.Scan() {
		line := lines.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		// name{labels} value [timestamp]; a label's value may hold spaces.
		name, rest, _ := strings.Cut(line, " ")
		if i := strings.IndexByte(line, '{'); i >= 0 {
			name, rest = line[:i], line[strings.LastIndexByte(line, '}')+1:]
		}
		if fields := strings.Fields(rest); len(fields) > 0 {
			if v, err := strconv.ParseFloat(fields[0], 64); err == nil {
				sums[name] += v
			}
		}
	}
	return sums, lines.Err()
}

// A series, its value in a sample, and how much it may wander without
// counting as growth: a floor, or a share of its level, whichever is more.
// Memory is judged by the Go heap: the process's own memory (RssAnon) also
// holds SQLite's page cache (32 MiB per connection, store/db.go), which
// fills up to that bound over hours as pages are read, and is shown, not
// judged.
var soakSeries = []struct {
	Name  string
	Value func(Sample) float64
	Floor float64
}{
	{"Go-heap (MB)", func(s Sample) float64 { return s.HeapMB }, 8},
	{"goroutines", func(s Sample) float64 { return s.Goroutines }, 20},
	{"open bestanden", func(s Sample) float64 { return s.OpenFiles }, 8},
	{"databaseverbindingen", func(s Sample) float64 { return s.Connections }, 4},
}

// soakShare is the share of a series' level it may grow over the soak.
const soakShare = 0.10

// Growth names the series that grow steadily after the warm-up (the
// first quarter of the samples): the least-squares line through the rest
// rises by more than its allowance over their span, and the last quarter's
// mean is above the second quarter's by more than half of it. Noise and a
// plateau reached after the warm-up pass; a leak, however slow, does not
// once the soak is long enough to show it.
func Growth(samples []Sample) []string {
	rest := samples[len(samples)/4:]
	if len(rest) < 4 {
		return nil
	}
	var grown []string
	for _, series := range soakSeries {
		values := make([]float64, len(rest))
		for i, s := range rest {
			values[i] = series.Value(s)
		}
		level := median(values)
		allowance := max(series.Floor, soakShare*level)
		rise := slope(values) * float64(len(values)-1)
		q := len(values) / 4
		late, early := mean(values[len(values)-q:]), mean(values[q:2*q])
		if rise > allowance && late-early > allowance/2 {
			grown = append(grown, fmt.Sprintf("%s groeit: %.1f → %.1f (de lijn stijgt %.1f, toegestaan %.1f)",
				series.Name, values[0], values[len(values)-1], rise, allowance))
		}
	}
	return grown
}

// slope is the least-squares slope of values against their index.
func slope(values []float64) float64 {
	n := float64(len(values))
	var sx, sy, sxx, sxy float64
	for i, v := range values {
		x := float64(i)
		sx, sy, sxx, sxy = sx+x, sy+v, sxx+x*x, sxy+x*v
	}
	if d := n*sxx - sx*sx; d != 0 {
		return (n*sxy - sx*sy) / d
	}
	return 0
}

func mean(values []float64) float64 {
	var sum float64
	for _, v := range values {
		sum += v
	}
	return sum / float64(max(1, len(values)))
}

func median(values []float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

// SoakMarkdown is the samples as a table for docs/BENCHMARKS.md.
func SoakMarkdown(samples []Sample) string {
	var b strings.Builder
	b.WriteString("| after | requests | errors | p95 | own memory (RssAnon) | Go heap | goroutines | open files | DB connections |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range samples {
		fmt.Fprintf(&b, "| %s | %d | %.2f %% | %s | %.1f MB | %.1f MB | %.0f | %.0f | %.0f |\n", s.At, s.Requests, 100*s.ErrorShare, ms(s.P95),
			s.AnonMB, s.HeapMB, s.Goroutines, s.OpenFiles, s.Connections)
	}
	return b.String()
}
