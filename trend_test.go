package vios_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// poisson draws a Poisson count (Knuth), enough for the small means here.
func poisson(rng *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// history generates weekly counts for n schools at a base rate per week,
// with a yearly seasonal swing of ±30 % shared by all schools, starting at
// week offset of the year.
func history(rng *rand.Rand, n int, rate float64, offset int, r vios.TrendRules) []vios.TrendPlace {
	weeks := r.HistoryWeeks + r.WindowWeeks
	places := make([]vios.TrendPlace, n)
	for i := range places {
		p := vios.TrendPlace{Key: fmt.Sprintf("school-%d", i), School: true, Known: r.HistoryWeeks, Weekly: make([]int, weeks)}
		for w := range p.Weekly {
			season := 1 + 0.3*math.Sin(2*math.Pi*float64(w+offset)/52)
			p.Weekly[w] = poisson(rng, rate*season)
		}
		places[i] = p
	}
	return places
}

// window sets the last weeks of a place to the given counts.
func window(p *vios.TrendPlace, counts ...int) {
	copy(p.Weekly[len(p.Weekly)-len(counts):], counts)
}

func TestTrendTriggers(t *testing.T) {
	r := vios.DefaultTrendRules()
	// Ten schools that see sexting once or twice a year; three of them
	// report 7 signals in the last four weeks.
	places := make([]vios.TrendPlace, 10)
	for i := range places {
		places[i] = vios.TrendPlace{Key: fmt.Sprintf("school-%d", i), School: true, Known: r.HistoryWeeks, Weekly: make([]int, r.HistoryWeeks+r.WindowWeeks)}
		places[i].Weekly[10+i*3] = 1 // one signal in the year, out of season
	}
	window(&places[0], 1, 0, 1, 1)
	window(&places[3], 0, 1, 0, 1)
	window(&places[7], 1, 0, 0, 1)
	f, ok := vios.DetectTrend("sexting", places, r)
	if !ok {
		t.Fatalf("no trend: %+v", f)
	}
	if f.Schools != 3 || f.Signals != 7 {
		t.Fatalf("finding %+v, want 3 schools and 7 signals", f)
	}
	if got := f.Reason("sexting", r.WindowWeeks); got != "3 scholen, 7 signalen sexting in 4 weken; normaal 1 per maand" {
		t.Errorf("reason %q", got)
	}

	// A municipality that sets two places as enough.
	r2 := r
	r2.MinPlaces = 2
	places[7].Weekly = make([]int, len(places[7].Weekly))
	window(&places[3], 1, 1, 1, 1)
	if _, ok := vios.DetectTrend("sexting", places, r); ok {
		t.Error("two schools are a trend at the default of three")
	}
	if _, ok := vios.DetectTrend("sexting", places, r2); !ok {
		t.Error("two schools are no trend where the municipality asks for two")
	}
}

func TestTrendReasonWording(t *testing.T) {
	f := vios.TrendFinding{Schools: 3, Signals: 7, NormalPerMonth: 0.9}
	if got := f.Reason("sexting", 4); got != "3 scholen, 7 signalen sexting in 4 weken; normaal 1 per maand" {
		t.Errorf("reason %q", got)
	}
	f = vios.TrendFinding{Schools: 2, Neighbourhoods: 1, Signals: 9, NormalPerMonth: 0.2}
	if got := f.Reason("straatcultuur", 4); got != "2 scholen en 1 wijk, 9 signalen straatcultuur in 4 weken; normaal minder dan 1 per maand" {
		t.Errorf("reason %q", got)
	}
}

func TestTrendDoesNotTrigger(t *testing.T) {
	r := vios.DefaultTrendRules()
	t.Run("seasonal noise", func(t *testing.T) {
		// Twenty schools with one to four signals a month, up and down with
		// the seasons, over many seeds and every week of the year: never a
		// trend.
		for seed := uint64(0); seed < 40; seed++ {
			rng := rand.New(rand.NewPCG(seed, 7))
			for offset := 0; offset < 52; offset += 4 {
				rate := []float64{0.25, 0.5, 1}[seed%3]
				if f, ok := vios.DetectTrend("pesten", history(rng, 20, rate, offset, r), r); ok {
					t.Fatalf("seed %d offset %d: a trend in noise: %+v", seed, offset, f)
				}
			}
		}
	})
	t.Run("one school alone", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		places := history(rng, 10, 1.0/26, 0, r)
		for i := range places {
			window(&places[i], 0, 0, 0, 0)
		}
		window(&places[2], 3, 4, 5, 6)
		if f, ok := vios.DetectTrend("sexting", places, r); ok {
			t.Fatalf("one school is a trend: %+v", f)
		}
	})
	t.Run("new school without history", func(t *testing.T) {
		// A new school with its usual first signals, beside two schools
		// that report as they always do: the new school is measured against
		// the others' rate, not against an empty past.
		rng := rand.New(rand.NewPCG(5, 6))
		places := history(rng, 6, 0.5, 0, r)
		for i := range places {
			window(&places[i], 0, 1, 0, 1)
		}
		places = append(places, vios.TrendPlace{Key: "nieuw", School: true, Known: 0, Weekly: make([]int, r.HistoryWeeks+r.WindowWeeks)})
		window(&places[len(places)-1], 1, 0, 1, 1)
		if f, ok := vios.DetectTrend("pesten", places, r); ok {
			t.Fatalf("a new school made a trend: %+v", f)
		}
	})
	t.Run("busy schools at their usual level", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(8, 9))
		places := history(rng, 5, 1, 13, r)
		for i := range places {
			window(&places[i], 1, 2, 1, 1)
		}
		if f, ok := vios.DetectTrend("pesten", places, r); ok {
			t.Fatalf("usual level is a trend: %+v", f)
		}
	})
}

func TestPoissonUpperTail(t *testing.T) {
	for _, c := range []struct {
		k    int
		mu   float64
		want float64
	}{{0, 1, 1}, {1, 1, 1 - math.Exp(-1)}, {2, 1, 1 - 2*math.Exp(-1)}, {5, 1, 0.00365984}} {
		if got := vios.PoissonUpperTail(c.k, c.mu); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("P(X≥%d|%v) = %v, want %v", c.k, c.mu, got, c.want)
		}
	}
}

func TestTrendWindow(t *testing.T) {
	// Sunday 6 December 2026: the window is the four weeks up to Monday
	// 30 November.
	start, end := vios.TrendWindow(time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC), 4)
	if want := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Errorf("end %v, want %v", end, want)
	}
	if want := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("start %v, want %v", start, want)
	}
}
