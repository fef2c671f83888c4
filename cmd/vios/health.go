package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealth: vios health asks the running platform's /readyz and fails
// unless it answers 200. It is the container's HEALTHCHECK: the image has
// no shell, curl or wget, only this binary.
func runHealth(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	if err := parse(flagSet("health", &cfg, getenv, stderr, true), &cfg, args); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("VIOS_ADDR %q is geen host:poort", cfg.Addr)
	}
	// Listening on every address: ask on the loopback one.
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("het platform antwoordt niet op %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("het platform is niet gereed: %s antwoordt %s", url, resp.Status)
	}
	fmt.Fprintln(stdout, "gereed")
	return nil
}
