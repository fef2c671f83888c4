// Package web serves the HTML interface: server-rendered pages with
// html/template, NL Design System styling and htmx, all embedded.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Pages that are rendered from templates/<name>.html within the layout.
var pageNames = []string{"home", "approaches", "approach", "accessibility", "error"}

// Handler serves the web interface.
type Handler struct {
	Approaches    vios.ApproachService
	Organisations vios.OrganisationService
	logger        *slog.Logger
	pages         map[string]*template.Template
	static        http.Handler
}

// New parses the templates and returns the web handler.
func New(approaches vios.ApproachService, organisations vios.OrganisationService, logger *slog.Logger) (*Handler, error) {
	h := &Handler{Approaches: approaches, Organisations: organisations, logger: logger, pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		h.pages[name] = t
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	return h, nil
}

// Routes lists every web route.
func (h *Handler) Routes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/{$}", Public: true, Handler: h.home},
		{Method: "GET", Pattern: "/aanpakken", Public: true, Handler: h.listApproaches},
		{Method: "GET", Pattern: "/aanpakken/{gemeente}", Public: true, Handler: h.showApproach},
		{Method: "GET", Pattern: "/toegankelijkheid", Public: true, Handler: h.accessibility},
		{Method: "GET", Pattern: "/static/", Public: true, Handler: h.serveStatic},
	}
}

// NotFound renders the Dutch 404 page for paths no route matches.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze pagina bestaat niet."))
}

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	// Static files are public and change only with a new release.
	w.Header().Set("Cache-Control", "public, max-age=3600")
	h.static.ServeHTTP(w, r)
}

// page is what every template receives.
type page struct {
	Title   string
	Current string // the navigation item of this page
	Data    any
}

// render writes a page in one piece: a template error becomes a clean 500
// instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	var buf bytes.Buffer
	if err := h.pages[name].Execute(&buf, p); err != nil {
		h.logger.Error("render page", "page", name, "err", err)
		if name != "error" {
			h.renderError(w, r, err)
		} else {
			http.Error(w, "Er ging iets mis.", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Heading string
	Message string
	Fields  []vios.FieldError
}

// renderError renders the Dutch error page for err; internal errors are
// logged and shown only as a generic message.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := vios.ErrorCode(err)
	status := httpx.ErrorStatus(code)
	if code == vios.EINTERNAL {
		h.logger.Error("web request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	heading := map[int]string{
		http.StatusBadRequest: "Ongeldige invoer",
		http.StatusNotFound:   "Niet gevonden",
		http.StatusConflict:   "Conflict",
	}[status]
	if heading == "" {
		heading = "Er ging iets mis"
	}
	h.render(w, r, status, "error", page{Title: heading, Data: errorPage{
		Status: status, Heading: heading, Message: vios.ErrorMessage(err), Fields: vios.ErrorFields(err)}})
}

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// dutchMonth formats a date as "maart 2021".
func dutchMonth(t *time.Time) string {
	if t == nil {
		return ""
	}
	return months[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

var funcs = template.FuncMap{
	"elementLabel":       vios.ElementLabel,
	"elementStatusLabel": vios.ElementStatusLabel,
	"schoolTypeLabel":    vios.SchoolTypeLabel,
	"reachStatusLabel":   vios.ReachStatusLabel,
	"phaseLabel":         vios.PhaseLabel,
	"modelLabel":         vios.ModelLabel,
	"partnerKindLabel":   vios.PartnerKindLabel,
	"teamLabel":          vios.MunicipalTeamLabel,
	"dutchMonth":         dutchMonth,
	"upper":              strings.ToUpper,
	"version":            func() string { return vios.Version },
}
