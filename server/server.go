// Package server puts the web interface and the API behind one handler with
// the middleware every response needs: security headers, panic recovery and
// request logging, plus the health endpoints.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/api"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/web"
)

// Server is the HTTP handler of the platform.
type Server struct {
	services vios.Services
	logger   *slog.Logger
	web      *web.Handler
	api      *api.Handler
	mux      *http.ServeMux
	patterns *http.ServeMux // every route, to find a request's pattern for the log
	// trustedProxies may say who the client is, in proxyHeader (proxy.go).
	trustedProxies []netip.Prefix
	proxyHeader    ProxyHeader
	handler        http.Handler // mux behind authentication and CSRF protection
	// metrics counts requests when set; metricsHandler serves /metrics
	// here when a token is configured (metrics.go).
	metrics        *Metrics
	metricsHandler http.Handler
}

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// MaxUploadBytes is the largest body of an upload of an attachment (a
// multipart POST to a path ending in /bijlagen): the file and the form
// around it.
const MaxUploadBytes = vios.MaxAttachmentBytes + 64<<10

// limitBodies bounds every request body: uploads by MaxUploadBytes (the
// store counts the file itself against its limit), the rest by
// MaxBodyBytes.
func limitBodies(next http.Handler) http.Handler {
	small := http.MaxBytesHandler(next, MaxBodyBytes)
	upload := http.MaxBytesHandler(next, MaxUploadBytes)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Only a multipart upload: a url-encoded form is parsed whole
		// before routing, and must not get the upload's room.
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/bijlagen") &&
			strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			upload.ServeHTTP(w, r)
			return
		}
		small.ServeHTTP(w, r)
	})
}

// Options are the settings of the server; the zero value is usable.
type Options struct {
	Sessions vios.SessionPolicy // zero: 30 minutes idle, 12 hours absolute
	Demo     bool
	BaseURL  string
	// OIDC lists the single sign-on providers.
	OIDC []web.OIDCProvider
	// Now is the clock of the web pages and the API; nil means the clock of
	// the services (store.DB.Now).
	Now func() time.Time
	// HashConcurrency bounds the password hashes running at once (19 MiB
	// each); zero means 4.
	HashConcurrency int
	// AlertHub wakes live alert streams in this process; nil: they poll.
	AlertHub *web.AlertHub
	// AlertPoll is how often a live alert stream looks without being
	// woken; zero: every 2 seconds.
	AlertPoll time.Duration
	// TrustedProxies are the proxies whose ProxyHeader names the client
	// (VIOS_TRUSTED_PROXIES); none: the peer is the client.
	TrustedProxies []netip.Prefix
	// ProxyHeader is the header those proxies add; zero: X-Forwarded-For.
	ProxyHeader ProxyHeader
	// PushPublicKey is the Web Push (VAPID) public key devices subscribe
	// with; empty: the account page offers no push notifications.
	PushPublicKey string
	// Metrics, when set, counts requests, logins and refusals. With
	// MetricsToken, GET /metrics serves them here to a bearer of the
	// token; without, /metrics is a 404 here (VIOS_METRICS_ADDR serves
	// them on an address of their own, or they are off).
	Metrics      *Metrics
	MetricsToken string
	// Printer prints tagged PDF (package pdfprint); nil: no PDF on this
	// installation, the print views are offered alone.
	Printer vios.PDFPrinter
}

// New builds the handler on the services, every one of which must be set.
func New(services vios.Services, logger *slog.Logger, options ...Options) (*Server, error) {
	var o Options
	if len(options) > 0 {
		o = options[0]
	}
	if o.Now != nil {
		services.Now = o.Now
	}
	if err := services.Missing(); err != nil {
		return nil, err
	}
	if o.Metrics != nil {
		services.Identity = countingIdentity{IdentityService: services.Identity, logins: o.Metrics.logins}
	}
	if o.Sessions.Idle == 0 {
		o.Sessions.Idle = 30 * time.Minute
	}
	if o.Sessions.Absolute == 0 {
		o.Sessions.Absolute = 12 * time.Hour
	}
	if o.HashConcurrency == 0 {
		o.HashConcurrency = 4
	}
	w, err := web.New(web.Deps{Services: services, AlertHub: o.AlertHub, AlertPoll: o.AlertPoll,
		Hasher: auth.NewHasher(o.HashConcurrency), Logger: logger, Sessions: o.Sessions, Demo: o.Demo, BaseURL: o.BaseURL, OIDC: o.OIDC,
		PushPublicKey: o.PushPublicKey, Printer: o.Printer})
	if err != nil {
		return nil, err
	}
	a := api.New(services, logger)
	a.BaseURL = o.BaseURL
	if o.ProxyHeader == "" {
		o.ProxyHeader = HeaderXForwardedFor
	}
	s := &Server{services: services, logger: logger, web: w, api: a, mux: http.NewServeMux(),
		trustedProxies: o.TrustedProxies, proxyHeader: o.ProxyHeader, metrics: o.Metrics}
	if o.Metrics != nil && o.MetricsToken != "" {
		s.metricsHandler = o.Metrics.Handler(o.MetricsToken)
	}
	httpx.Register(s.mux, s.ownRoutes())
	httpx.Register(s.mux, w.Routes())
	s.mux.Handle("/api/", s.api)
	s.mux.HandleFunc("/", w.NotFound)
	s.patterns = patternMux(s.Routes())
	// Cross-origin state changes are refused (CSRF); the session cookie is
	// also SameSite=Lax. Safe methods never change state.
	// Text with control characters or broken UTF-8 is refused before any
	// handler reads it (CheckInput; the API checks its own).
	s.handler = http.NewCrossOriginProtection().Handler(w.Authenticate(w.CheckInput(s.mux)))
	// No form or API body needs more than 1 MiB, but an upload of an
	// attachment; larger ones get a 413.
	s.handler = limitBodies(s.handler)
	return s, nil
}

// Wait waits until the work handlers started after answering (the mail of
// a password reset) is done: call it after the HTTP server shut down and
// before the database closes.
func (s *Server) Wait() { s.web.Wait() }

// Routes lists every route of the platform: the authorization matrix and the
// OpenAPI test walk this list, so a route cannot be added unseen.
func (s *Server) Routes() []httpx.Route {
	var all []httpx.Route
	all = append(all, s.ownRoutes()...)
	all = append(all, s.web.Routes()...)
	return append(all, s.api.Routes()...)
}

func (s *Server) ownRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/healthz", Public: true, Handler: s.healthz},
		{Method: "GET", Pattern: "/readyz", Public: true, Handler: s.readyz},
		// Not public: only the metrics token opens it (metrics.go).
		{Method: "GET", Pattern: "/metrics", Handler: s.serveMetrics},
	}
}

// healthz answers 200 while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database is reachable and migrated, else 503.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.services.Ready(ctx); err != nil {
		s.logger.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database niet gereed\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// ServeHTTP adds the security headers, recovers from panics and logs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	// Overridden by the static file handler only.
	h.Set("Cache-Control", "no-store")

	// A fresh trace for every request, whose ids the processing log and the
	// audit trail share; a caller's W3C traceparent is kept as a link only
	// (vios.NewTrace says why), its flags and tracestate are passed on.
	caller, ok := vios.ParseTraceparent(r.Header.Get("traceparent"))
	if ok {
		caller.State = vios.ParseTracestate(r.Header.Values("tracestate"))
	}
	trace := vios.NewTrace(caller)
	h.Set("traceparent", trace.Traceparent())
	if trace.State != "" {
		h.Set("tracestate", trace.State)
	}
	// The client's address, through trusted proxies only (proxy.go): for
	// the audit trail, the sessions and the throttling of logins.
	r = r.WithContext(vios.NewContextWithAddress(vios.NewContextWithTrace(r.Context(), trace), s.clientAddress(r)))

	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.logger.Error("panic", "method", r.Method, "path", s.loggedPath(r), "panic", v)
			if !rec.wrote {
				http.Error(rec, "Er ging iets mis aan onze kant.", http.StatusInternalServerError)
			}
		}
		// Only the path, without its secrets (loggedPath): query strings
		// may one day carry search terms.
		if s.metrics != nil {
			_, pattern := s.patterns.Handler(r)
			s.metrics.observe(pattern, rec.status, time.Since(start))
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			s.logger.Info("request", "method", r.Method, "path", s.loggedPath(r), "status", rec.status,
				"ms", time.Since(start).Milliseconds())
		}
	}()
	s.handler.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
