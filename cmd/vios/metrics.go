package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
)

// The metrics of `vios serve` (docs/OPERATIONS.md, "Monitoren"): off unless
// VIOS_METRICS_TOKEN or VIOS_METRICS_ADDR is set.

// minMetricsToken is the shortest metrics token accepted: it guards the
// figures of the platform, and is typed by no one.
const minMetricsToken = 24

// newMetrics returns the metrics with the database's collectors, or nil
// when metrics are off.
func newMetrics(cfg config, db *store.DB) (*server.Metrics, error) {
	if cfg.MetricsToken == "" && cfg.MetricsAddr == "" {
		return nil, nil
	}
	m := server.NewMetrics()
	for name, pool := range db.Pools() {
		if err := m.Register(collectors.NewDBStatsCollector(pool, name)); err != nil {
			return nil, err
		}
	}
	if err := m.Register(queueCollector{db: db}); err != nil {
		return nil, err
	}
	return m, nil
}

// serveMetrics serves the metrics on an address of their own (with the
// token too, when one is set) until stop is called.
func serveMetrics(cfg config, m *server.Metrics, logger *slog.Logger) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return "", nil, fmt.Errorf("kan niet luisteren op %s voor de metrieken: %w\nKies een ander adres met VIOS_METRICS_ADDR", cfg.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler(cfg.MetricsToken))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln) // #nosec G104 -- it returns when Shutdown below stops it
	}()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx) // #nosec G104 -- stopping at exit; nothing is left to serve
		<-done
	}, nil
}

// queueCollector reads the length of the mail outbox and the push queue
// at every scrape.
type queueCollector struct{ db *store.DB }

var (
	mailPendingDesc = prometheus.NewDesc("vios_mail_outbox_pending", "Mails in the outbox not yet sent, still to be tried.", nil, nil)
	mailFailedDesc  = prometheus.NewDesc("vios_mail_outbox_failed", "Mails given up after the last attempt (the outbox page says why).", nil, nil)
	mailAgeDesc     = prometheus.NewDesc("vios_mail_outbox_oldest_age_seconds", "Age of the oldest mail not yet sent; 0 when none waits.", nil, nil)
	pushPendingDesc = prometheus.NewDesc("vios_push_outbox_pending", "Push notices not yet sent.", nil, nil)
)

func (queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- mailPendingDesc
	ch <- mailFailedDesc
	ch <- mailAgeDesc
	ch <- pushPendingDesc
}

func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	q, err := c.db.QueueStats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(mailPendingDesc, err)
		return
	}
	age := 0.0
	if !q.MailOldest.IsZero() {
		age = max(0, c.db.Now().Sub(q.MailOldest).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(mailPendingDesc, prometheus.GaugeValue, float64(q.MailPending))
	ch <- prometheus.MustNewConstMetric(mailFailedDesc, prometheus.GaugeValue, float64(q.MailFailed))
	ch <- prometheus.MustNewConstMetric(mailAgeDesc, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(pushPendingDesc, prometheus.GaugeValue, float64(q.PushPending))
}
