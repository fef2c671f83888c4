package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The municipal dashboard (/statistieken/{gemeente}): counts over a period
// for the regisseur, and for a school's staff the same about their own
// school. The period and filters are in the address (codes and ids only);
// every table has a chart beside it, a one-sentence summary and a CSV and
// XLSX download (dashboard_export.go); a figure links to the list behind
// it when the reader may open that list.

func (h *Handler) dashboardRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/statistieken", Handler: h.dashboardStart},
		{Method: "GET", Pattern: "/statistieken/{gemeente}", Handler: h.dashboard},
		{Method: "GET", Pattern: "/statistieken/{gemeente}/export", Handler: h.dashboardExport},
	}
}

// dashboardFilterKeys are the dashboard's filters, as the query names them.
var dashboardFilterKeys = []string{"vanaf", "totEnMet", "per", "fenomeen", "school"}

// dashboardStart sends the actor to the dashboard of the first
// municipality where they may read one; 404 where they may read none.
func (h *Handler) dashboardStart(w http.ResponseWriter, r *http.Request) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	if m := statisticsMunicipality(actor, all); m != nil {
		http.Redirect(w, r, "/statistieken/"+m.Slug, http.StatusSeeOther)
		return
	}
	h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Er zijn geen cijfers voor u."))
}

// statisticsMunicipality is the first municipality whose dashboard the
// actor may read, nil when none.
func statisticsMunicipality(actor *vios.Actor, all []*vios.Municipality) *vios.Municipality {
	for _, m := range all {
		if slices.Contains(actor.Municipalities(), m.ID) {
			if _, err := vios.AuthorizeStatistics(actor, m.ID); err == nil {
				return m
			}
		}
	}
	return nil
}

// dashboardView is what the page and the exports show.
type dashboardView struct {
	Municipality *vios.Municipality
	Stats        *vios.Statistics
	Tables       []dashTable
	Phenomena    []vios.Phenomenon
	Schools      []*vios.Organisation // the schools the reader may filter on
	Grains       []vios.Label
	Filter       vios.StatisticsFilter
	From, To     string // the period as typed
	formOutcome
}

// loadDashboard reads the filters and the figures. A wrong filter answers
// 400 with the form and no figures; a reader without access 404.
func (h *Handler) loadDashboard(w http.ResponseWriter, r *http.Request) (*dashboardView, int, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, 0, false
	}
	scope, err := vios.AuthorizeStatistics(actor, m.ID)
	if err != nil {
		h.renderError(w, r, h.refusal(r, err))
		return nil, 0, false
	}
	ctx := r.Context()
	phenomena, err := h.Networks.ListPhenomena(ctx, m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return nil, 0, false
	}
	all, err := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return nil, 0, false
	}
	known := map[string]bool{}
	var schools []*vios.Organisation
	for _, o := range all {
		known[o.ID] = true
		if scope == nil || slices.Contains(scope, o.ID) {
			schools = append(schools, o)
		}
	}
	q := r.URL.Query()
	var v vios.Validation
	f := vios.ReadStatisticsFilter(q.Get, m.ID, phenomena, known, h.today(), &v)
	keep := url.Values{}
	for _, key := range dashboardFilterKeys {
		if value := q.Get(key); value != "" {
			keep.Set(key, value)
		}
	}
	view := &dashboardView{Municipality: m, Phenomena: phenomena, Schools: schools, Grains: vios.Grains, Filter: f,
		From: q.Get("vanaf"), To: q.Get("totEnMet"), formOutcome: blankForm()}
	if view.From == "" {
		view.From = f.From.Format(time.DateOnly)
	}
	if view.To == "" {
		view.To = f.To.Format(time.DateOnly)
	}
	if err := v.Err("Een filter is niet juist; pas het aan en toon de cijfers opnieuw."); err != nil {
		view.formOutcome = formFailure(err, map[string]string{"vanaf": "vanaf", "totEnMet": "totEnMet", "per": "per",
			"fenomeen": "fenomeen", "school": "school"})
		return view, http.StatusBadRequest, true
	}
	if view.Stats, err = h.Statistics.Statistics(ctx, f); err != nil {
		h.renderError(w, r, err)
		return nil, 0, false
	}
	var meetings []networkFigures
	if scope == nil {
		if meetings, err = h.municipalFigures(r, m, f); err != nil {
			h.renderError(w, r, err)
			return nil, 0, false
		}
	}
	view.Tables = dashboardTables(view.Stats, meetings, h.dashboardLinks(r, actor, m, f))
	if scope == nil && vios.Authorize(actor, vios.ActionViewPlanOverview, vios.Resource{MunicipalityID: m.ID}) == nil {
		plans, err := h.planStatusTable(r, m)
		if err != nil {
			h.renderError(w, r, err)
			return nil, 0, false
		}
		view.Tables = append(view.Tables, plans)
	}
	for i := range view.Tables {
		for format, href := range map[string]*string{"csv": &view.Tables[i].CSV, "xlsx": &view.Tables[i].XLSX} {
			q := url.Values{"tabel": {view.Tables[i].ID}, "formaat": {format}}
			for key, values := range keep {
				q[key] = values
			}
			*href = "/statistieken/" + m.Slug + "/export?" + q.Encode()
		}
	}
	return view, http.StatusOK, true
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	view, status, ok := h.loadDashboard(w, r)
	if !ok {
		return
	}
	h.render(w, r, status, "statistieken", page{Title: "Cijfers " + view.Municipality.Name, Current: "statistieken", Data: view})
}

// refusal writes a refusal the handler answers itself to the audit trail,
// as authorize does, and answers 404: whether a municipality has figures
// is nothing a stranger learns.
func (h *Handler) refusal(r *http.Request, err error) error {
	d := vios.DenialOf(err)
	if d == nil {
		return err
	}
	if rerr := h.Identity.RecordDenied(r.Context(), string(d.Action), "pagina", r.Pattern, d.Resource.MunicipalityID); rerr != nil {
		h.logger.Error("record denied access", "err", rerr)
	}
	return vios.Errorf(vios.ENOTFOUND, "%s", vios.StatisticsNotFound)
}

// networkFigures are one network's follow-through figures over the
// dashboard's period.
type networkFigures struct {
	Network *vios.Network
	Figures *vios.NetworkFigures
}

// municipalFigures computes every network's follow-through figures over
// the period, the same way the network's own figures page does.
func (h *Handler) municipalFigures(r *http.Request, m *vios.Municipality, f vios.StatisticsFilter) ([]networkFigures, error) {
	networks, err := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: m.ID})
	if err != nil {
		return nil, err
	}
	var out []networkFigures
	for _, n := range networks {
		meetings, actions, err := h.history(r, m, n)
		if err != nil {
			return nil, err
		}
		out = append(out, networkFigures{n, vios.ComputeNetworkFigures(n, meetings, actions, f.From, f.To.AddDate(0, 0, 1), h.today())})
	}
	return out, nil
}

// dashLinks makes the address of the list behind a figure, "" when the
// reader may not open that list.
type dashLinks struct {
	signals func(extra url.Values) string
}

// dashboardLinks links figures to the signals list of the municipality,
// narrowed the same way, for a reader who may see that list (the
// regisseur; a school's staff with a place in a network, where the list
// shows their networks' signals).
func (h *Handler) dashboardLinks(r *http.Request, actor *vios.Actor, m *vios.Municipality, f vios.StatisticsFilter) dashLinks {
	if !h.mayWorkOnCases(r, actor, m.ID) {
		return dashLinks{signals: func(url.Values) string { return "" }}
	}
	return dashLinks{signals: func(extra url.Values) string {
		q := url.Values{"vanaf": {f.From.Format(time.DateOnly)}, "totEnMet": {f.To.Format(time.DateOnly)}}
		if f.Phenomenon != "" {
			q.Set("fenomeen", f.Phenomenon)
		}
		if f.SchoolID != "" {
			q.Set("school", f.SchoolID)
		}
		for k, v := range extra {
			q[k] = v
		}
		return "/signalen/" + m.Slug + "?" + q.Encode()
	}}
}
