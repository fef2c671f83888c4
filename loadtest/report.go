package loadtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Markdown is the steps as a table for docs/BENCHMARKS.md.
func Markdown(steps []Step) string {
	var b strings.Builder
	b.WriteString("| rate (req/s) | achieved (ok/s) | errors | p50 | p95 | p99 | server RSS | of which own (RssAnon) | server CPU (cores) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range steps {
		fmt.Fprintf(&b, "| %d | %.1f | %.2f %% | %s | %s | %s | %.0f MB | %.0f MB | %.2f |\n", s.Rate, s.Throughput, 100*s.ErrorShare,
			ms(s.P50), ms(s.P95), ms(s.P99), s.RSSMB, s.AnonMB, s.CPU)
	}
	return b.String()
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}

// ErrorSummary lists the errors of the steps, most frequent first.
func ErrorSummary(steps []Step) []string {
	all := map[string]int{}
	for _, s := range steps {
		for k, v := range s.Errors {
			all[k] += v
		}
	}
	var out []string
	for k, v := range all {
		out = append(out, fmt.Sprintf("%6d× %s", v, k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}
