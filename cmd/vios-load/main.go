// Command vios-load sends a bounded, mixed, authenticated load to a VIOS
// server on loopback that serves a data set of `vios gen` (make load), and
// prints per rate the throughput, error share, latencies and the server's
// RSS and CPU as a Markdown table. With -soak it sends the mix at the first
// rate for that long instead (make soak), samples the server's resources
// every -elke, and exits 1 when one grows steadily.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/loadtest"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "adres van de server (alleen loopback)")
	pid := flag.Int("pid", 0, "proces-id van de server, voor RSS en CPU")
	rates := flag.String("rates", "25,50,100,200,400,800,1000", "oplopende aantallen verzoeken per seconde")
	duration := flag.Duration("duur", 20*time.Second, "duur per stap")
	seed := flag.Uint64("seed", 1, "de startwaarde waarmee vios gen de gegevens maakte")
	users := flag.Int("accounts", 8, "aantal gegenereerde accounts om mee in te loggen")
	soak := flag.Duration("soak", 0, "een soak van deze duur op het eerste tempo (0: oplopende stappen)")
	every := flag.Duration("elke", time.Minute, "meetinterval van de soak")
	metricsURL := flag.String("metrieken", "", "metriekenadres van de server (VIOS_METRICS_ADDR), voor de soak")
	judge := flag.Bool("groei", true, "de soak faalt bij gestage groei (uit voor de korte versie: te kort om de opwarming voorbij te zijn)")
	flag.Parse()
	if !strings.HasPrefix(*base, "http://127.0.0.1:") && !strings.HasPrefix(*base, "http://localhost:") {
		fail(fmt.Errorf("alleen een server op loopback"))
	}
	password := os.Getenv("VIOS_DEMO_PASSWORD")
	if password == "" {
		fail(fmt.Errorf("zet VIOS_DEMO_PASSWORD op het wachtwoord van vios gen"))
	}
	cfg := loadtest.Config{BaseURL: *base, Municipality: demo.GenLoadSlug, Password: password, TOTPSecret: demo.GenTOTPSecret(*seed),
		Duration: *duration, MaxErrorShare: 0.01, MaxP95: time.Second, PID: *pid, Log: os.Stderr, Seed: *seed}
	for k := range *users {
		cfg.Emails = append(cfg.Emails, demo.GenEmail(demo.GenLoadSlug, k))
	}
	for _, r := range strings.Split(*rates, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(r))
		if err != nil || n <= 0 {
			fail(fmt.Errorf("ongeldig aantal %q", r))
		}
		cfg.Rates = append(cfg.Rates, n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *soak > 0 {
		runSoak(ctx, cfg, loadtest.SoakConfig{Total: *soak, Every: *every, MetricsURL: *metricsURL}, *judge)
		return
	}
	steps, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fail(err)
	}
	fmt.Print(loadtest.Markdown(steps))
	for _, e := range loadtest.ErrorSummary(steps) {
		fmt.Fprintln(os.Stderr, e)
	}
}

// runSoak prints the samples as a table and fails on errors (more than 1 %
// of the requests over the soak: a moment of contention on a shared machine
// is not a failure), on a series not measured, and when judge is set on
// steady growth.
func runSoak(ctx context.Context, cfg loadtest.Config, sc loadtest.SoakConfig, judge bool) {
	if !strings.HasPrefix(sc.MetricsURL, "http://127.0.0.1:") {
		fail(fmt.Errorf("de soak leest de metrieken van de server: geef -metrieken http://127.0.0.1:…/metrics"))
	}
	samples, err := loadtest.Soak(ctx, cfg, sc)
	if err != nil {
		fail(err)
	}
	fmt.Print(loadtest.SoakMarkdown(samples))
	var problems []string
	if judge {
		problems = loadtest.Growth(samples)
	}
	for _, s := range samples {
		if s.AnonMB == 0 || s.HeapMB == 0 || s.Goroutines == 0 || s.OpenFiles == 0 || s.Connections == 0 {
			problems = append(problems, fmt.Sprintf("na %s: een reeks is niet gemeten (%+v)", s.At, s))
		}
		for e, n := range s.Errors {
			fmt.Fprintf(os.Stderr, "vios-load: soak: na %s %d× %s\n", s.At, n, e)
		}
	}
	if share := loadtest.SoakErrorShare(samples); share > cfg.MaxErrorShare {
		problems = append(problems, fmt.Sprintf("%.2f %% fouten over de hele soak", 100*share))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "vios-load: soak:", p)
		}
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "vios-load:", err)
	os.Exit(1)
}
