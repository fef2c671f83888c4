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
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps is what the web interface needs.
type Deps struct {
	// Services are the services the pages are built on; Services.Now is
	// the clock of what pages compute (today, deadlines, overdue), nil
	// meaning the system clock.
	vios.Services
	// AlertHub wakes the live alert streams (server-sent events) of this
	// process when an alert changes; nil means they poll only.
	AlertHub *AlertHub
	Hasher   *auth.Hasher
	Logger   *slog.Logger
	Sessions vios.SessionPolicy
	// Demo mode: demo accounts may skip the second factor, and the outbox
	// is readable by administrators instead of mail being sent.
	Demo bool
	// BaseURL is the address of the platform as users reach it, for links in mails.
	BaseURL string
	// OIDC lists the identity providers users can log in with.
	OIDC []OIDCProvider
	// PushPublicKey is the Web Push (VAPID) public key; empty: no push.
	PushPublicKey string
	// AlertPoll is how often a live alert stream looks without being
	// woken; zero: every 2 seconds.
	AlertPoll time.Duration
	// Printer prints the tagged PDFs; nil: this installation has no
	// Chromium, and the print views say so.
	Printer vios.PDFPrinter
}

// Handler serves the web interface.
type Handler struct {
	Deps
	logger *slog.Logger
	pages  map[string]*template.Template
	static http.Handler
	files  fs.FS // the static files, to tell files from folders

	// The prefixes of the GET routes (hasRoute), found once.
	getPrefixesOnce sync.Once
	getPrefixes     []string

	// Work after the response (background.go).
	bg        sync.WaitGroup
	bgMu      sync.Mutex
	bgPending int
	bgSlots   chan struct{}
}

// New parses the templates and returns the web handler. Every file in
// templates/ except layout.html is a page rendered within the layout.
func New(d Deps) (*Handler, error) {
	h := &Handler{Deps: d, logger: d.Logger, pages: map[string]*template.Template{}}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", file)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		h.pages[name] = t
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h.files = sub
	h.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	return h, nil
}

// publicRoutes are the pages anyone can see.
func (h *Handler) publicRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/{$}", Public: true, Handler: h.home},
		{Method: "GET", Pattern: "/aanpakken", Public: true, Handler: h.listApproaches},
		{Method: "GET", Pattern: "/aanpakken/{gemeente}", Public: true, Handler: h.showApproach},
		{Method: "GET", Pattern: "/toegankelijkheid", Public: true, Handler: h.accessibility},
		{Method: "GET", Pattern: "/static/", Public: true, Handler: h.serveStatic},
		{Method: "GET", Pattern: "/favicon.ico", Public: true, Handler: h.favicon},
	}
}

// Routes lists every web route.
func (h *Handler) Routes() []httpx.Route {
	var all []httpx.Route
	// One group per line, so that a new page adds a line.
	for _, group := range [][]httpx.Route{
		h.publicRoutes(),
		h.loginRoutes(),
		h.accountRoutes(),
		h.adminRoutes(),
		h.approachAdminRoutes(),
		h.logbookRoutes(),
		h.oidcRoutes(),
		h.passkeyRoutes(),
		h.networkRoutes(),
		h.threadRoutes(),
		h.networkMemberRoutes(),
		h.meetingRoutes(),
		h.actionRoutes(),
		h.figureRoutes(),
		h.dashboardRoutes(),
		h.covenantRoutes(),
		h.safetyPlanRoutes(),
		h.planTemplateRoutes(),
		h.safetyPlanPrintRoutes(),
		h.directoryRoutes(),
		h.workAgendaRoutes(),
		h.referralThresholdRoutes(),
		h.signalRoutes(),
		h.quickSignalRoutes(),
		h.caseRoutes(),
		h.attachmentRoutes(),
		h.transferRoutes(),
		h.alertRoutes(),
		h.subjectRoutes(),
		h.appRoutes(),
		h.pushRoutes(),
		h.searchRoutes(),
		h.todayRoutes(),
		h.ownDeviceRoutes(),
		h.protocolRoutes(),
		h.legalRoutes(),
		h.trendRoutes(),
		h.meetlatRoutes(),
		h.nationalRoutes(),
		h.onboardingRoutes(),
		h.knowledgeRoutes(),
		h.auditRoutes(),
		h.trainingRoutes(),
		h.newsletterRoutes(),
		h.startRoutes(),
		h.startHandlingRoutes(),
		h.customRoutes(),
		h.knowledgeAttachmentRoutes(),
		h.helpDeskRoutes(),
		h.entreeRoutes(),
		h.activityPublicRoutes(),
		h.schoolSearchRoutes(),
		h.signatureRoutes(),
	} {
		all = append(all, group...)
	}
	return all
}

// NotFound renders the Dutch 404 page for paths no route matches.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze pagina bestaat niet."))
}

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == printCSS {
		// The print CSS belongs to the documents (package report).
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(report.PrintCSS)
		return
	}
	// Files only: a folder would be listed, and a missing file would get
	// the file server's plain-text 404 instead of the Dutch page.
	if info, err := fs.Stat(h.files, strings.TrimPrefix(r.URL.Path, "/static/")); err != nil || info.IsDir() {
		h.NotFound(w, r)
		return
	}
	// Static files are public and change only with a new release.
	w.Header().Set("Cache-Control", "public, max-age=3600")
	h.static.ServeHTTP(w, r)
}

// favicon serves the icon for browsers that ask for /favicon.ico.
func (h *Handler) favicon(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/static/favicon.svg"
	h.serveStatic(w, r2)
}

// page is what every template receives.
type page struct {
	Title   string
	Current string // the navigation item of this page
	Data    any
	Actor   *vios.Actor // nil for a visitor who is not logged in
	Nav     []navItem   // the menu, for the actor (navigation)
	// Attachments is the attachments section of a record's page
	// (partials/bijlagen.html); nil on other pages.
	Attachments *attachmentList
}

// render writes a page in one piece: a template error becomes a clean 500
// instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Actor = vios.ActorFromContext(r.Context())
	p.Nav = h.navigation(r, p.Actor)
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
	buf.WriteTo(w) // #nosec G104 -- the page is rendered; a write error can only mean the client went away
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
	switch {
	case code == vios.EINTERNAL:
		// The route, not the path: a path can hold a secret token
		// (/wachtwoord-herstellen/{token}, /agenda/{token}).
		h.logger.Error("web request failed", "method", r.Method, "route", r.Pattern, "err", err)
	case vios.Unreachable(err):
		h.logger.Warn("web request failed: database unreachable", "method", r.Method, "route", r.Pattern, "err", err)
	}
	heading := map[int]string{
		http.StatusBadRequest:         "Ongeldige invoer",
		http.StatusNotFound:           "Niet gevonden",
		http.StatusConflict:           "Conflict",
		http.StatusForbidden:          "Geen toegang",
		http.StatusTooManyRequests:    "Te veel verzoeken",
		http.StatusServiceUnavailable: "Even niet beschikbaar",
	}[status]
	if heading == "" {
		heading = "Er ging iets mis"
	}
	h.render(w, r, status, "error", page{Title: heading, Data: errorPage{
		Status: status, Heading: heading, Message: vios.ErrorMessage(err), Fields: vios.ErrorFields(err)}})
}

func labelOfList(list []vios.Label, code string) string {
	for _, l := range list {
		if l.Code == code {
			return l.Label
		}
	}
	return code
}

// fieldInfo is one form field's name and error message, for the shared
// "invalid" and "field-error" templates in layout.html.
type fieldInfo struct{ Name, Message string }

// actionTableData is what the shared "action-table" template shows.
type actionTableData struct {
	ID, Caption string
	Actions     []*vios.ActionItem
	Today       time.Time
	ShowNetwork bool
	Slug        string            // the municipality of every action
	Slugs       map[string]string // or per municipality id
}

// amsterdam is the time zone times are shown in; UTC when the system has no
// zone database.
var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

var months = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// dutchMonth formats a date as "maart 2021".
func dutchMonth(t *time.Time) string {
	if t == nil {
		return ""
	}
	return months[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// plural writes a count with the singular or plural noun: "1 casus",
// "3 casussen", "0 casussen".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// dutchDay writes a stored day ("2012-03-04") as the pages write dates
// ("4 maart 2012"); anything else as it is.
func dutchDay(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return vios.DutchDate(d)
}

var funcs = template.FuncMap{
	"elementLabel":          vios.ElementLabel,
	"elementStatusLabel":    vios.ElementStatusLabel,
	"schoolTypeLabel":       vios.SchoolTypeLabel,
	"knowledgeKindLabel":    vios.KnowledgeKindLabel,
	"visibilityLabel":       vios.KnowledgeVisibilityLabel,
	"themes":                func() []vios.Label { return vios.DefaultPhenomena },
	"schoolTypes":           func() []vios.Label { return vios.SchoolTypes },
	"knowledgeKinds":        func() []vios.Label { return vios.KnowledgeKinds },
	"themeLabel":            vios.PhenomenonLabel,
	"startStatusLabel":      vios.StartStatusLabel,
	"startKindLabel":        vios.StartOrganisationKindLabel,
	"provinceLabel":         vios.ProvinceLabel,
	"startRetention":        func() int { return vios.StartRetentionMonths },
	"reachStatusLabel":      vios.ReachStatusLabel,
	"phaseLabel":            vios.PhaseLabel,
	"modelLabel":            vios.ModelLabel,
	"partnerKindLabel":      vios.PartnerKindLabel,
	"organisationKindLabel": vios.OrganisationKindLabel,
	"teamLabel":             vios.MunicipalTeamLabel,
	"dutchMonth":            dutchMonth,
	"upper":                 strings.ToUpper,
	"roleLabel":             vios.RoleLabel,
	"add":                   func(a, b int) int { return a + b },
	"plural":                plural,
	"listTotal":             listTotal,
	"actionTable": func(slug string, actions []*vios.ActionItem, day time.Time, id string) actionTableData {
		return actionTableData{ID: id, Caption: "Openstaande actiepunten", Actions: actions, Today: day, Slug: slug}
	},
	"actionTableNamed": func(slug string, actions []*vios.ActionItem, day time.Time, id, caption string) actionTableData {
		return actionTableData{ID: id, Caption: caption, Actions: actions, Today: day, Slug: slug}
	},
	"phenomenonLabel": func(list []vios.Phenomenon, code string) string {
		for _, p := range list {
			if p.Code == code {
				return p.Label
			}
		}
		return code
	},
	"rate":                rate,
	"expectedText":        expectedText,
	"covenantStatusLabel": vios.CovenantStatusLabel,
	"partyStatusLabel":    vios.PartyStatusLabel,
	"dataCategoryLabel":   vios.DataCategoryLabel,
	"legalBasisLabel":     vios.LegalBasisLabel,
	"recipientKindLabel":  func(code string) string { return labelOfList(vios.RecipientKinds(), code) },
	"rfc3339":             func(t time.Time) string { return t.Format(time.RFC3339Nano) },
	"amsDate":             func(t time.Time) string { return t.In(vios.Amsterdam).Format(time.DateOnly) },
	"amsTime":             func(t time.Time) string { return t.In(vios.Amsterdam).Format("15:04") },
	"slugOf": func(t actionTableData, municipalityID string) string {
		if s := t.Slugs[municipalityID]; s != "" {
			return s
		}
		return t.Slug
	},
	"field":              func(fields map[string]string, name string) fieldInfo { return fieldInfo{name, fields[name]} },
	"hasString":          slices.Contains[[]string],
	"networkKindLabel":   vios.NetworkKindLabel,
	"networkLevelLabel":  vios.NetworkLevelLabel,
	"positionLabel":      vios.PositionLabel,
	"functionLabel":      vios.FunctionLabel,
	"meetingStatusLabel": vios.MeetingStatusLabel,
	"itemKindLabel":      vios.AgendaItemKindLabel,
	"itemStatusLabel":    vios.AgendaItemStatusLabel,
	"attendanceLabel":    vios.AttendanceStatusLabel,
	"actionStatusLabel":  vios.ActionStatusLabel,
	"meetingTime":        vios.DutchDateTime,
	"dutchDate":          vios.DutchDate,
	"dutchDay":           dutchDay,
	"isoDate":            func(t time.Time) string { return t.Format(time.DateOnly) },
	"version":            func() string { return vios.Version },
	// casework
	"signalLevelLabel":    vios.SignalLevelLabel,
	"signalUrgencyLabel":  vios.SignalUrgencyLabel,
	"signalStatusLabel":   vios.SignalStatusLabel,
	"caseStatusLabel":     vios.CaseStatusLabel,
	"transferStatusLabel": vios.TransferStatusLabel,
	"caseOutcomeLabel":    vios.CaseOutcomeLabel,
	"referralTableLabel":  vios.ReferralTableLabel,
	"referralStatusLabel": vios.ReferralStatusLabel,
	"dateTime": func(t time.Time) string {
		return t.In(amsterdam).Format("2-1-2006 15:04")
	},
	// anyField tells whether one of the named fields has an error, so the
	// disclosure that holds its form opens again.
	"anyField": func(fields map[string]string, names ...string) bool {
		return slices.ContainsFunc(names, func(n string) bool { return fields[n] != "" })
	},
	// trainings
	"trainingKindLabel": vios.TrainingKindLabel,
	"trainingKinds":     func() []vios.Label { return vios.TrainingKinds },
	"decimal":           decimal,
	"scale":             func() []int { return []int{1, 2, 3, 4, 5} },
	"inc":               func(i int) int { return i + 1 },
	"scoreAt": func(scores []int, i int) int {
		if i < len(scores) {
			return scores[i]
		}
		return 0
	},
	// help desk
	"helpStatusLabel": vios.HelpStatusLabel,
	"helpCounts":      helpCounts,
	"mayAskHelpDesk":  mayAskHelpDesk,
	// logbook: an activity's public page on this installation
	"activityURL": func(uri string) string { return vios.ActivityURL("", uri) },
}

// pathMunicipality is the logged-in actor and the municipality in the path
// ("gemeente"); it answers the request itself when either is missing.
func (h *Handler) pathMunicipality(w http.ResponseWriter, r *http.Request) (*vios.Actor, *vios.Municipality, bool) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return nil, nil, false
	}
	m, err := h.Organisations.FindMunicipalityBySlug(r.Context(), r.PathValue("gemeente"))
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, false
	}
	return actor, m, true
}

// municipalities is the logged-in actor and every municipality, for the
// pages that choose among them; it answers the request itself on failure.
func (h *Handler) municipalities(w http.ResponseWriter, r *http.Request) (*vios.Actor, []*vios.Municipality, bool) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return nil, nil, false
	}
	all, err := h.Organisations.ListMunicipalities(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, false
	}
	return actor, all, true
}

// download sends body as a file to save under filename, or the error page
// when making the body failed.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, contentType, filename string, body []byte, err error) {
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(body) // #nosec G705 -- a download (Content-Disposition: attachment) of a non-HTML type, under nosniff
}

// blankForm is a form's outcome before anything was sent.
func blankForm() formOutcome { return formOutcome{Fields: map[string]string{}} }
