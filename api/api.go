// Package api is the JSON API under /api/v1, following the NL API Design
// Rules: Dutch resource and field names, problem+json errors, an API-Version
// header and an OpenAPI document that is tested against the routes.
package api

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"

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
	Approaches vios.ApproachService
	// Tokens finds personal access tokens; nil means no endpoint needing a
	// token is usable (answers 401).
	Tokens TokenFinder
	logger *slog.Logger
	mux    *http.ServeMux
}

// TokenFinder looks up a personal access token by its hash.
type TokenFinder interface {
	FindAccessToken(ctx context.Context, hash string) (*vios.AccessToken, *vios.User, error)
}

// New returns the API handler.
func New(approaches vios.ApproachService, logger *slog.Logger) *Handler {
	h := &Handler{Approaches: approaches, logger: logger, mux: http.NewServeMux()}
	httpx.Register(h.mux, h.Routes())
	h.mux.HandleFunc("/api/", h.notFound)
	return h
}

// Routes lists every API route.
func (h *Handler) Routes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/openapi.json", Public: true, Handler: h.openAPI},
		{Method: "GET", Pattern: Prefix + "/aanpakken", Public: true, Handler: h.listApproaches},
		{Method: "GET", Pattern: Prefix + "/aanpakken/{id}", Public: true, Handler: h.getApproach},
		{Method: "GET", Pattern: Prefix + "/ik", Handler: h.requireToken("lezen", h.me)},
	}
}

// ServeHTTP sets the headers every API response carries, then routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("API-Version", vios.Version)
	// Method mismatches are answered as problems too, not with the mux's
	// plain-text 405.
	if _, pattern := h.mux.Handler(r); pattern == "/api/" && h.pathKnown(r) {
		w.Header().Set("Allow", "GET, HEAD")
		writeProblem(w, Problem{Status: http.StatusMethodNotAllowed, Instance: r.URL.Path,
			Detail: "Deze methode is niet toegestaan op deze bron."})
		return
	}
	h.mux.ServeHTTP(w, r)
}

// pathKnown reports whether some route matches r's path with another method.
func (h *Handler) pathKnown(r *http.Request) bool {
	probe := r.Clone(r.Context())
	probe.Method = http.MethodGet
	_, pattern := h.mux.Handler(probe)
	return pattern != "/api/" && r.Method != http.MethodGet
}

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument)
}
