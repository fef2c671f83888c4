package web

import (
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The municipal help desk (hulploket): a school or partner files a
// question, the OTSV desk takes it through its steps, the requester rates
// the help; the municipality sees its requests per school and theme. The
// store decides who reads and does what; another municipality's request is
// not found.

func (h *Handler) helpDeskRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/hulploket/{gemeente}", Handler: h.listHelpRequests},
		{Method: "GET", Pattern: "/hulploket/{gemeente}/overzicht", Handler: h.helpDeskOverview},
		{Method: "GET", Pattern: "/hulploket/{gemeente}/nieuw", Handler: h.newHelpRequest},
		{Method: "POST", Pattern: "/hulploket/{gemeente}/nieuw", Handler: h.fileHelpRequest},
		{Method: "GET", Pattern: "/hulploket/{gemeente}/{id}", Handler: h.showHelpRequest},
		{Method: "POST", Pattern: "/hulploket/{gemeente}/{id}/stap", Handler: h.stepHelpRequest},
		{Method: "POST", Pattern: "/hulploket/{gemeente}/{id}/beoordeling", Handler: h.rateHelpRequest},
	}
}

// helpListPage is the list of requests the actor may read.
type helpListPage struct {
	Municipality *vios.Municipality
	Requests     []*vios.HelpRequest
	MayFile      bool
	IsDesk       bool
}

func (h *Handler) listHelpRequests(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	list, err := h.HelpDesk.ListHelpRequests(r.Context(), vios.HelpRequestFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := helpListPage{Municipality: m, Requests: list, MayFile: len(h.fileableSchools(r, actor, m)) > 0,
		IsDesk: vios.Authorize(actor, vios.ActionViewHelpDesk, vios.Resource{MunicipalityID: m.ID}) == nil}
	h.render(w, r, http.StatusOK, "hulploket", page{Title: "Hulploket " + m.Name, Current: "hulploket", Data: p})
}

// helpOverviewPage is the municipality's view of its desk.
type helpOverviewPage struct {
	Municipality *vios.Municipality
	Overview     *vios.HelpDeskOverview
	Requests     []*vios.HelpRequest
}

func (h *Handler) helpDeskOverview(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	o, err := h.HelpDesk.HelpDeskOverview(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	list, err := h.HelpDesk.ListHelpRequests(r.Context(), vios.HelpRequestFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "hulploket-overzicht", page{Title: "Overzicht hulploket " + m.Name, Current: "hulploket",
		Data: helpOverviewPage{Municipality: m, Overview: o, Requests: list}})
}

// helpRequestPage is one request, with the desk's next step or the
// requester's rating form.
type helpRequestPage struct {
	Municipality *vios.Municipality
	Request      *vios.HelpRequest
	IsDesk       bool // may take the steps
	MayRate      bool
	Members      []vios.Label
	Notice       string
	Ratings      []int
	formOutcome
}

var helpNotices = map[string]string{
	"ingediend":  "Uw hulpvraag is ingediend. Het hulploket heeft bericht gekregen.",
	"stap":       "De stap is vastgelegd.",
	"beoordeeld": "Dank u wel: uw waardering is vastgelegd.",
}

func (h *Handler) showHelpRequest(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	req, err := h.HelpDesk.FindHelpRequest(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderHelpRequest(w, r, http.StatusOK, m, req, blankForm())
}

func (h *Handler) renderHelpRequest(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, req *vios.HelpRequest, f formOutcome) {
	actor := vios.ActorFromContext(r.Context())
	p := helpRequestPage{Municipality: m, Request: req, formOutcome: f, Ratings: []int{1, 2, 3, 4, 5},
		IsDesk:  req.Open() && vios.Authorize(actor, vios.ActionHandleHelpRequest, vios.Resource{MunicipalityID: m.ID}) == nil,
		MayRate: !req.Open() && req.RatedAt == nil && vios.Authorize(actor, vios.ActionRateHelpRequest, vios.Resource{MunicipalityID: m.ID, ReporterOrgID: req.RequesterOrgID}) == nil,
		Notice:  helpNotices[r.URL.Query().Get("melding")]}
	if p.IsDesk {
		var err error
		if p.Members, err = h.HelpDesk.HelpDeskMembers(r.Context(), m.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "hulpvraag", page{Title: "Hulpvraag " + req.Code + " – Hulploket", Current: "hulploket", Data: p})
}

// helpStepFromForm reads the desk's step.
func helpStepFromForm(r *http.Request) vios.HelpStep {
	hours, _ := strconv.Atoi(formValue(r, "uren"))
	return vios.HelpStep{To: formValue(r, "naar"), AssigneeUserID: formValue(r, "behandelaar"), Intake: formValue(r, "intake"),
		Analysis: formValue(r, "analyse"), Advice: formValue(r, "advies"), SupportHours: hours, SupportBy: formValue(r, "door")}
}

func (h *Handler) stepHelpRequest(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.HelpDesk.StepHelpRequest(r.Context(), m.ID, id, helpStepFromForm(r)); err != nil {
		h.helpFormFailed(w, r, m, id, err)
		return
	}
	http.Redirect(w, r, "/hulploket/"+m.Slug+"/"+id+"?melding=stap", http.StatusSeeOther)
}

func (h *Handler) rateHelpRequest(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	rating, _ := strconv.Atoi(formValue(r, "cijfer"))
	if _, err := h.HelpDesk.RateHelpRequest(r.Context(), m.ID, id, rating, formValue(r, "toelichting")); err != nil {
		h.helpFormFailed(w, r, m, id, err)
		return
	}
	http.Redirect(w, r, "/hulploket/"+m.Slug+"/"+id+"?melding=beoordeeld", http.StatusSeeOther)
}

// helpFormFailed shows the request again with what was wrong (400 or
// 409), or the error page.
func (h *Handler) helpFormFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, id string, err error) {
	h.formFailed(w, r, err, func(status int) {
		req, ferr := h.HelpDesk.FindHelpRequest(r.Context(), m.ID, id)
		if ferr != nil {
			h.renderError(w, r, ferr)
			return
		}
		h.renderHelpRequest(w, r, status, m, req, formFailure(err, nil))
	})
}

// helpCountTable is one table of counts of the overview.
type helpCountTable struct {
	ID, Title, Column string
	Counts            []vios.HelpCount
}

func helpCounts(id, title, column string, counts []vios.HelpCount) helpCountTable {
	return helpCountTable{id, title, column, counts}
}

// runsHelpDesk reports whether the actor is on the municipality's help
// desk (OTSV), whose daily work it is: they find it in the menu. Who asks
// (school, partner) finds it on Vandaag, the regisseur under Beheer: the
// menu has room for one row.
func runsHelpDesk(actor *vios.Actor, municipalityID string) bool {
	return actor.HasRole(vios.RoleOTSV, municipalityID)
}
