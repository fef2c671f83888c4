package server

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vios-platform/vios"
)

// Metrics are the Prometheus metrics of the platform (docs/OPERATIONS.md,
// "Monitoren"). Labels hold only names from the code: a route's pattern
// (never the path: it may hold an id or a token), a status code, a job's
// name, a pool's name. Nothing a user typed or is reaches them.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	logins   *prometheus.CounterVec
	jobRuns  *prometheus.CounterVec
	jobFails *prometheus.CounterVec
}

// Jobs are the names of the background jobs as package jobs reports them:
// their series exist from the start, so an alert on failures or on a job
// that stopped running has a series to look at.
var Jobs = []string{"mail", "push", "reminders", "retention", "escalations", "key_rotation", "key_reload"}

// NewMetrics makes the platform's metrics in a registry of their own, with
// the Go runtime's and the process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vios_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code."}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vios_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route"}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vios_logins_total",
			Help: "Logins: result ok (a session with every factor given) or refused (a wrong password, code or passkey, an unknown account, a refused single sign-on)."}, []string{"result"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vios_job_runs_total",
			Help: "Passes of the background jobs, by job."}, []string{"job"}),
		jobFails: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vios_job_failures_total",
			Help: "Passes of the background jobs that failed, by job (the log says why)."}, []string{"job"}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.logins, m.jobRuns, m.jobFails,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Both results exist from the start, so a rate of refusals is never
	// "no data" before the first refusal.
	m.logins.WithLabelValues("ok")
	m.logins.WithLabelValues("refused")
	for _, job := range Jobs {
		m.jobRuns.WithLabelValues(job)
		m.jobFails.WithLabelValues(job)
	}
	return m
}

// Register adds collectors (the database's, cmd/vios).
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// ObserveJob counts one pass of a job (jobs.WithObserver).
func (m *Metrics) ObserveJob(job string, err error) {
	m.jobRuns.WithLabelValues(job).Inc()
	if err != nil {
		m.jobFails.WithLabelValues(job).Inc()
	}
}

// Handler serves the metrics in the Prometheus text format; with a token,
// only to a request that brings it as a bearer token (401 otherwise).
func (m *Metrics) Handler(token string) http.Handler {
	// A collector that fails (the database away for a moment) leaves the
	// others' series in the answer, not a 500 that hides them all.
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="vios-metrics"`)
				http.Error(w, "Geef het metriektoken (VIOS_METRICS_TOKEN) als bearer-token.", http.StatusUnauthorized)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// observe counts a request under its route pattern ("none" when no route
// matched: a mistyped path must not become a label of its own).
func (m *Metrics) observe(pattern string, status int, d time.Duration) {
	if pattern == "" {
		pattern = "none"
	}
	m.requests.WithLabelValues(pattern, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(pattern).Observe(d.Seconds())
}

// serveMetrics answers GET /metrics on the platform's own address: 404 unless a
// token is configured (off by default, or served on VIOS_METRICS_ADDR).
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if s.metricsHandler == nil {
		s.web.NotFound(w, r)
		return
	}
	s.metricsHandler.ServeHTTP(w, r)
}

// countingIdentity counts logins and refusals as the identity service
// records them, whichever way (password, second factor, passkey, single
// sign-on) they come.
type countingIdentity struct {
	vios.IdentityService
	logins *prometheus.CounterVec
}

func (c countingIdentity) CreateSession(ctx context.Context, s *vios.Session, policy vios.SessionPolicy, mfaDone bool) error {
	err := c.IdentityService.CreateSession(ctx, s, policy, mfaDone)
	if err == nil && mfaDone {
		c.logins.WithLabelValues("ok").Inc()
	}
	return err
}

func (c countingIdentity) CompleteMFA(ctx context.Context, oldID, newID, method string) error {
	err := c.IdentityService.CompleteMFA(ctx, oldID, newID, method)
	if err == nil {
		c.logins.WithLabelValues("ok").Inc()
	}
	return err
}

func (c countingIdentity) RecordLoginFailure(ctx context.Context, userID, reason string, subjects ...string) error {
	c.logins.WithLabelValues("refused").Inc()
	return c.IdentityService.RecordLoginFailure(ctx, userID, reason, subjects...)
}
