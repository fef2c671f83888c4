// Package api is the JSON API under /api/v1, following the NL API Design
// Rules: Dutch resource and field names, problem+json errors, an API-Version
// header and an OpenAPI document that is tested against the routes.
package api

import (
	_ "embed"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Prefix is where the API lives; the major version is in the path.
const Prefix = "/api/v1"

//go:embed openapi.json
var openAPIDocument []byte

// OpenAPIDocument returns the OpenAPI document served at /api/v1/openapi.json.
func OpenAPIDocument() []byte { return openAPIDocument }

// Handler serves the API.
type Handler struct {
	// Services are what the API is built on. Without Identity no endpoint
	// needing a token is usable (401); a route whose service is nil answers
	// 500. Services.Now is the clock of what answers compute (today,
	// overdue, compliance); nil means the system clock.
	vios.Services
	// BaseURL is the installation's public address (VIOS_BASE_URL, as the
	// web pages and mails use it): the register shows each activity's URI
	// as the address where it resolves here.
	BaseURL string
	logger  *slog.Logger
	mux     *http.ServeMux
}

// New returns the API handler on the services.
func New(services vios.Services, logger *slog.Logger) *Handler {
	h := &Handler{Services: services, logger: logger, mux: http.NewServeMux()}
	if h.Now == nil {
		h.Now = time.Now
	}
	httpx.Register(h.mux, h.Routes())
	h.mux.HandleFunc("/api/", h.notFound)
	return h
}

// Routes lists every API route.
func (h *Handler) Routes() []httpx.Route {
	networks := h.withService(h.Networks != nil, "network")
	// Clauses name networks and processing activities.
	covenants := h.withService(h.Covenants != nil && h.Networks != nil && h.Logbook != nil, "covenant")
	routes := []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/openapi.json", Public: true, Handler: h.openAPI},
		{Method: "GET", Pattern: Prefix + "/aanpakken", Public: true, Handler: h.listApproaches},
		{Method: "GET", Pattern: Prefix + "/aanpakken/{id}", Public: true, Handler: h.getApproach},
		{Method: "GET", Pattern: Prefix + "/ik", Handler: h.requireToken("lezen", h.me)},
		{Method: "GET", Pattern: Prefix + "/netwerken", Handler: networks("lezen", h.listNetworks)},
		{Method: "POST", Pattern: Prefix + "/netwerken", Handler: networks("schrijven", h.createNetwork)},
		{Method: "GET", Pattern: Prefix + "/netwerken/{id}", Handler: networks("lezen", h.getNetwork)},
		{Method: "PUT", Pattern: Prefix + "/netwerken/{id}", Handler: networks("schrijven", h.updateNetwork)},
		{Method: "GET", Pattern: Prefix + "/netwerken/{id}/overleggen", Handler: networks("lezen", h.listMeetings)},
		{Method: "POST", Pattern: Prefix + "/netwerken/{id}/overleggen", Handler: networks("schrijven", h.planMeetings)},
		{Method: "GET", Pattern: Prefix + "/overleggen/{id}", Handler: networks("lezen", h.getMeeting)},
		{Method: "POST", Pattern: Prefix + "/overleggen/{id}/agendapunten", Handler: networks("schrijven", h.proposeItem)},
		{Method: "PUT", Pattern: Prefix + "/overleggen/{id}/aanwezigheid", Handler: networks("schrijven", h.recordAttendance)},
		{Method: "POST", Pattern: Prefix + "/overleggen/{id}/actiepunten", Handler: networks("schrijven", h.createAction)},
		{Method: "GET", Pattern: Prefix + "/actiepunten", Handler: networks("lezen", h.listActions)},
		{Method: "GET", Pattern: Prefix + "/actiepunten/{id}", Handler: networks("lezen", h.getAction)},
		{Method: "PATCH", Pattern: Prefix + "/actiepunten/{id}", Handler: networks("schrijven", h.updateAction)},
		{Method: "GET", Pattern: Prefix + "/convenanten", Handler: covenants("lezen", h.listCovenants)},
		{Method: "POST", Pattern: Prefix + "/convenanten", Handler: covenants("schrijven", h.createCovenant)},
		{Method: "GET", Pattern: Prefix + "/convenanten/{id}", Handler: covenants("lezen", h.getCovenant)},
		{Method: "PUT", Pattern: Prefix + "/convenanten/{id}", Handler: covenants("schrijven", h.updateCovenant)},
		{Method: "GET", Pattern: Prefix + "/convenanten/{id}/naleving", Handler: covenants("lezen", h.getCompliance)},
		{Method: "GET", Pattern: Prefix + "/deelafspraken/{id}", Handler: covenants("lezen", h.getClause)},
		{Method: "GET", Pattern: Prefix + "/verwerkingsactiviteiten", Handler: covenants("lezen", h.listActivities)},
		{Method: "GET", Pattern: Prefix + "/werkagendas", Handler: h.requireToken("lezen", h.listWorkAgendas)},
		{Method: "GET", Pattern: Prefix + "/statistieken", Handler: h.requireToken("lezen", h.getStatistics)},
	}
	routes = append(routes, h.safetyPlanRoutes()...)
	routes = append(routes, h.transferRoutes()...)
	routes = append(routes, h.protocolRoutes()...)
	routes = append(routes, h.knowledgeRoutes()...)
	routes = append(routes, h.knowledgeTokenRoutes()...)
	routes = append(routes, h.trainingRoutes()...)
	routes = append(routes, h.customRoutes()...)
	routes = append(routes, h.helpDeskRoutes()...)
	routes = append(routes, h.threadRoutes()...)
	routes = append(routes, h.threadChangeRoutes()...)
	routes = append(routes, h.caseworkRoutes()...)
	routes = append(routes, h.trendRoutes()...)
	routes = append(routes, h.meetlatRoutes()...)
	routes = append(routes, h.auditRoutes()...)
	routes = append(routes, h.newsletterRoutes()...)
	routes = append(routes, h.startRoutes()...)
	routes = append(routes, h.schoolRoutes()...)
	routes = append(routes, h.signatureRoutes()...)
	return append(routes, h.attachmentRoutes()...)
}

// ServeHTTP sets the headers every API response carries, then routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("API-Version", vios.Version)
	// Control characters and broken UTF-8 are refused here for the path and
	// the query, and in readBody for the body (vios.ValidText).
	if !vios.ValidText(r.URL.Path) {
		writeProblem(w, Problem{Status: http.StatusNotFound,
			Detail: "Deze API-bron bestaat niet. Zie /api/v1/openapi.json voor de beschikbare bronnen."})
		return
	}
	if err := vios.CheckValues(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	// Method mismatches are answered as problems too, not with the mux's
	// plain-text 405, and name the methods the path does take.
	if _, pattern := h.mux.Handler(r); pattern == "/api/" {
		if allow := h.allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeProblem(w, Problem{Status: http.StatusMethodNotAllowed, Instance: r.URL.Path,
				Detail: "Deze methode is niet toegestaan op deze bron."})
			return
		}
	}
	h.mux.ServeHTTP(w, r)
}

// allowMethods are the methods routes use; a GET route takes HEAD too.
var allowMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowed returns the methods some route takes on r's path, none when no
// route matches the path.
func (h *Handler) allowed(r *http.Request) []string {
	var methods []string
	for _, m := range allowMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "/api/" {
			methods = append(methods, m)
			if m == http.MethodGet {
				methods = append(methods, http.MethodHead)
			}
		}
	}
	return methods
}

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument)
}
