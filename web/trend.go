package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The regisseur's trend proposals: the themes the nightly trend job sees
// across schools (docs/TRENDS.md), to put on the next overarching agenda or
// to dismiss. The page shows counts and a phenomenon, never a school.

func (h *Handler) trendRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/trends/{gemeente}", Handler: h.showTrends},
		{Method: "POST", Pattern: "/trends/{gemeente}", Handler: h.decideTrend},
	}
}

type trendsPage struct {
	Municipality *vios.Municipality
	Open         []*vios.TrendProposal
	Decided      []*vios.TrendProposal
	Notice       string
	Error        string
}

func (h *Handler) showTrends(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionDecideTrend)
	if !ok {
		return
	}
	notice := map[string]string{
		"opgenomen": "Het thema staat op de agenda van het volgende overkoepelend overleg.",
		"afgewezen": "Het voorstel is afgewezen.",
	}[r.URL.Query().Get("melding")]
	h.renderTrends(w, r, http.StatusOK, m, notice, "")
}

func (h *Handler) renderTrends(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, notice, failure string) {
	list, err := h.Trends.TrendProposals(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := trendsPage{Municipality: m, Notice: notice, Error: failure}
	for _, p := range list {
		if p.Status == vios.TrendOpen {
			data.Open = append(data.Open, p)
		} else {
			data.Decided = append(data.Decided, p)
		}
	}
	h.render(w, r, status, "trends", page{Title: "Trends over scholen heen", Current: "netwerken", Data: data})
}

func (h *Handler) decideTrend(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionDecideTrend)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id, decision := formValue(r, "voorstel"), formValue(r, "besluit")
	var err error
	switch decision {
	case "opnemen":
		_, err = h.Trends.AcceptTrend(r.Context(), m.ID, id)
	case "afwijzen":
		_, err = h.Trends.DismissTrend(r.Context(), m.ID, id)
	default:
		err = vios.Invalid("besluit", "Kies opnemen of afwijzen.", "Er is niets besloten.")
	}
	if err != nil {
		switch vios.ErrorCode(err) {
		case vios.EINVALID, vios.ECONFLICT:
			h.renderTrends(w, r, httpx.ErrorStatus(vios.ErrorCode(err)), m, "", vios.ErrorMessage(err))
		default:
			h.renderError(w, r, err)
		}
		return
	}
	melding := "opgenomen"
	if decision == "afwijzen" {
		melding = "afgewezen"
	}
	http.Redirect(w, r, "/trends/"+m.Slug+"?melding="+melding, http.StatusSeeOther)
}
