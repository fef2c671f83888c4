package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"

	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/store"
)

// startLogExport sends the processing log to the municipality's OTLP
// receiver when VIOS_OTLP_ENDPOINT is set (the receiver's OTLP/HTTP traces
// address, https://…/v1/traces); VIOS_OTLP_HEADERS adds headers
// ("Authorization=Bearer …,X-Tenant=…"), read from the environment only and
// never logged. Plain http is allowed only to a receiver on this machine
// (loopback): the standard asks for TLS. stop (never nil) ends the export
// and waits for it, before the database closes.
func startLogExport(ctx context.Context, db *store.DB, baseURL string, getenv func(string) string, logger *slog.Logger) (stop func(), err error) {
	stop = func() {}
	opts, err := otlpOptions(getenv("VIOS_OTLP_ENDPOINT"), getenv("VIOS_OTLP_HEADERS"))
	if err != nil || opts == nil {
		return stop, err
	}
	exporter, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return stop, fmt.Errorf("OTLP-export: %w\nControleer VIOS_OTLP_ENDPOINT", err)
	}
	host, _ := os.Hostname()
	e := &jobs.LogExporter{Store: db.Logs, Exporter: exporter, BaseURL: baseURL, Logger: logger.With("job", "logboek-export"),
		Holder: host + ":" + strconv.Itoa(os.Getpid())}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Run(ctx)
	}()
	return func() { cancel(); <-done }, nil
}

// otlpOptions checks the receiver's address and headers; nil options
// (and no error) when no address is set: no export.
func otlpOptions(endpoint, headers string) ([]otlptracehttp.Option, error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		return nil, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return nil, fmt.Errorf("VIOS_OTLP_ENDPOINT is geen geldig adres: geef het volledige https-adres van de ontvanger, zoals https://otel.gemeente.example/v1/traces (een wachtwoord hoort in VIOS_OTLP_HEADERS)")
	}
	if u.Scheme == "http" {
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("VIOS_OTLP_ENDPOINT gebruikt http zonder TLS naar een andere machine: gebruik https")
		}
	}
	h := map[string]string{}
	for _, pair := range strings.Split(headers, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("VIOS_OTLP_HEADERS is ongeldig: schrijf naam=waarde, gescheiden door komma's")
		}
		h[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	// No retries inside the exporter: a pass that fails leaves the records
	// in the database, and the next pass sends them again.
	return []otlptracehttp.Option{otlptracehttp.WithEndpointURL(endpoint), otlptracehttp.WithHeaders(h),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false})}, nil
}
