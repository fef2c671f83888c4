// Command vios-load sends a bounded, mixed, authenticated load to a VIOS
// server on loopback that serves a data set of `vios gen` (make load), and
// prints per rate the throughput, error share, latencies and the server's
// RSS and CPU as a Markdown table.
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
	steps, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fail(err)
	}
	fmt.Print(loadtest.Markdown(steps))
	for _, e := range loadtest.ErrorSummary(steps) {
		fmt.Fprintln(os.Stderr, e)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "vios-load:", err)
	os.Exit(1)
}
