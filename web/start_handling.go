package web

import (
	"net/http"
	"net/url"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The landelijk role's side of the national contact point: the start
// requests (assign an adviser, record advice with a suggested
// kwartiermaker, close) and the list of advisers. The store authorizes
// every read and change; the pages ask first so a refusal is a clean page.

func (h *Handler) startHandlingRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/startvragen", Handler: h.listStartRequests},
		{Method: "GET", Pattern: "/startvragen/adviseurs", Handler: h.listAdvisers},
		{Method: "POST", Pattern: "/startvragen/adviseurs", Handler: h.addAdviser},
		{Method: "GET", Pattern: "/startvragen/{id}", Handler: h.showStartRequest},
		{Method: "POST", Pattern: "/startvragen/{id}/toewijzen", Handler: h.assignStartRequest},
		{Method: "POST", Pattern: "/startvragen/{id}/advies", Handler: h.adviseStartRequest},
		{Method: "POST", Pattern: "/startvragen/{id}/sluiten", Handler: h.closeStartRequest},
	}
}

// handlesStart reports whether the actor handles start requests, and
// answers the refusal when not.
func (h *Handler) handlesStart(w http.ResponseWriter, r *http.Request) bool {
	return h.authorize(w, r, vios.ActionHandleStartRequest, vios.Resource{})
}

type startListView struct {
	Status   string
	Statuses []vios.Label
	Requests []*vios.StartRequest
}

func (h *Handler) listStartRequests(w http.ResponseWriter, r *http.Request) {
	if !h.handlesStart(w, r) {
		return
	}
	status := r.URL.Query().Get("status")
	list, err := h.Start.StartRequests(r.Context(), status)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "startvragen", page{Title: "Startvragen", Current: "startvragen",
		Data: startListView{Status: status, Statuses: vios.StartStatuses, Requests: list}})
}

// startRequestPage is one request with the forms to handle it.
type startRequestPage struct {
	Request  *vios.StartRequest
	Advisers []*vios.Adviser
	SelfTest []selfTestScore
	Notice   string
	formOutcome
}

// selfTestScore is one question of the carried self-check.
type selfTestScore struct {
	Title string
	Score int
}

func (h *Handler) renderStartRequestPage(w http.ResponseWriter, r *http.Request, status int, id, notice string, o formOutcome) {
	s, err := h.Start.StartRequest(r.Context(), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	advisers, err := h.Start.Advisers(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := startRequestPage{Request: s, Advisers: advisers, Notice: notice, formOutcome: o}
	for _, q := range vios.MeetlatQuestions {
		if n, ok := s.SelfCheck[q.Code]; ok {
			p.SelfTest = append(p.SelfTest, selfTestScore{q.Title, n})
		}
	}
	h.render(w, r, status, "startvraag", page{Title: "Startvraag van " + s.Organisation, Current: "startvragen", Data: p})
}

func (h *Handler) showStartRequest(w http.ResponseWriter, r *http.Request) {
	if !h.handlesStart(w, r) {
		return
	}
	notice := map[string]string{"toegewezen": "De adviseur is toegewezen.", "geadviseerd": "Het advies is vastgelegd en naar de vrager gemaild.",
		"gesloten": "De startvraag is gesloten."}[r.URL.Query().Get("melding")]
	h.renderStartRequestPage(w, r, http.StatusOK, r.PathValue("id"), notice, blankForm())
}

// changeStartRequest runs change for a form on the request's page and
// goes back to the page with a notice, or shows the page with the problem.
func (h *Handler) changeStartRequest(w http.ResponseWriter, r *http.Request, melding string, change func(id string) error) {
	if !h.handlesStart(w, r) || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := change(id); err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderStartRequestPage(w, r, status, id, "", formFailure(err, map[string]string{"adviseur": "adviseur", "advies": "advies", "kwartiermaker": "kwartiermaker"}))
		})
		return
	}
	http.Redirect(w, r, "/startvragen/"+url.PathEscape(id)+"?melding="+melding, http.StatusSeeOther)
}

func (h *Handler) assignStartRequest(w http.ResponseWriter, r *http.Request) {
	h.changeStartRequest(w, r, "toegewezen", func(id string) error {
		return h.Start.AssignStartRequest(r.Context(), id, formValue(r, "adviseur"))
	})
}

func (h *Handler) adviseStartRequest(w http.ResponseWriter, r *http.Request) {
	h.changeStartRequest(w, r, "geadviseerd", func(id string) error {
		return h.Start.AdviseStartRequest(r.Context(), id, formValue(r, "advies"), formValue(r, "kwartiermaker"))
	})
}

func (h *Handler) closeStartRequest(w http.ResponseWriter, r *http.Request) {
	h.changeStartRequest(w, r, "gesloten", func(id string) error { return h.Start.CloseStartRequest(r.Context(), id) })
}

type adviserListView struct {
	Advisers  []*vios.Adviser
	New       *vios.Adviser
	Provinces []vios.Label
	Notice    string
	formOutcome
}

func (h *Handler) renderAdvisers(w http.ResponseWriter, r *http.Request, status int, a *vios.Adviser, notice string, o formOutcome) {
	list, err := h.Start.Advisers(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "startvragen-adviseurs", page{Title: "Adviseurs – Startvragen", Current: "startvragen",
		Data: adviserListView{Advisers: list, New: a, Provinces: vios.Provinces, Notice: notice, formOutcome: o}})
}

func (h *Handler) listAdvisers(w http.ResponseWriter, r *http.Request) {
	if !h.handlesStart(w, r) {
		return
	}
	notice := map[string]string{"toegevoegd": "De adviseur is toegevoegd."}[r.URL.Query().Get("melding")]
	h.renderAdvisers(w, r, http.StatusOK, &vios.Adviser{}, notice, blankForm())
}

func (h *Handler) addAdviser(w http.ResponseWriter, r *http.Request) {
	if !h.handlesStart(w, r) || !h.parseForm(w, r) {
		return
	}
	a := &vios.Adviser{Name: formValue(r, "naam"), Province: formValue(r, "regio"), Experience: formValue(r, "ervaring")}
	if err := h.Start.SaveAdviser(r.Context(), a); err != nil {
		h.formFailed(w, r, err, func(status int) {
			a.ID = ""
			h.renderAdvisers(w, r, status, a, "", formFailure(err, map[string]string{"naam": "adviseur-naam", "regio": "regio", "ervaring": "ervaring"}))
		})
		return
	}
	http.Redirect(w, r, "/startvragen/adviseurs?melding=toegevoegd", http.StatusSeeOther)
}
