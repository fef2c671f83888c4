package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Trends across schools (the regisseur's proposals of the trend job) and
// the national anonymised view as open data.

func (h *Handler) trendRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/trends", Handler: h.requireToken("lezen", h.listTrends)},
		{Method: "POST", Pattern: Prefix + "/trends/{id}/_opnemen", Handler: h.requireToken("schrijven", h.acceptTrend)},
		{Method: "POST", Pattern: Prefix + "/trends/{id}/_afwijzen", Handler: h.requireToken("schrijven", h.dismissTrend)},
		{Method: "GET", Pattern: Prefix + "/open/landelijk", Public: true, Handler: h.openNational},
	}
}

type trendJSON struct {
	ID            string     `json:"id"`
	Gemeente      string     `json:"gemeente"`
	Fenomeen      string     `json:"fenomeen"`
	VensterVan    string     `json:"vensterVan"`
	VensterTot    string     `json:"vensterTot"`
	Plaatsen      int        `json:"plaatsen"`
	Signalen      int        `json:"signalen"`
	Reden         string     `json:"reden"`
	Status        string     `json:"status"`
	Overleg       string     `json:"overleg,omitempty"`
	Agendapunt    string     `json:"agendapunt,omitempty"`
	VoorgesteldOp time.Time  `json:"voorgesteldOp"`
	BeslistOp     *time.Time `json:"beslistOp,omitempty"`
}

func toTrendJSON(p *vios.TrendProposal, slug string) trendJSON {
	return trendJSON{ID: p.ID, Gemeente: slug, Fenomeen: p.Phenomenon, VensterVan: p.WindowStart.Format(time.DateOnly),
		VensterTot: p.WindowEnd.Format(time.DateOnly), Plaatsen: p.Schools, Signalen: p.Signals, Reden: p.Reason, Status: p.Status,
		Overleg: p.MeetingID, Agendapunt: p.AgendaItemID, VoorgesteldOp: p.CreatedAt.UTC(), BeslistOp: utcPtr(p.DecidedAt)}
}

// listTrends: GET /api/v1/trends — the proposals of every municipality
// where the token's user is regisseur (others get an empty list).
func (h *Handler) listTrends(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if h.Trends == nil {
		h.writeError(w, r, vios.Errorf(vios.EINTERNAL, "no trend service"))
		return
	}
	var v vios.Validation
	if !h.queryOK(w, r, &v) {
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := []trendJSON{}
	for _, id := range actor.Municipalities() {
		m := munis[id]
		if m == nil || vios.Authorize(actor, vios.ActionDecideTrend, vios.Resource{MunicipalityID: id}) != nil {
			continue
		}
		list, err := h.Trends.TrendProposals(r.Context(), id)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, p := range list {
			out = append(out, toTrendJSON(p, m.Slug))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

const trendNotFound = "Dit trendvoorstel bestaat niet."

// acceptTrend: POST /api/v1/trends/{id}/_opnemen — onto the next
// overarching meeting's agenda.
func (h *Handler) acceptTrend(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.decideTrend(w, r, actor, h.Trends.AcceptTrend)
}

// dismissTrend: POST /api/v1/trends/{id}/_afwijzen
func (h *Handler) dismissTrend(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.decideTrend(w, r, actor, h.Trends.DismissTrend)
}

func (h *Handler) decideTrend(w http.ResponseWriter, r *http.Request, actor *vios.Actor,
	decide func(ctx context.Context, municipalityID, id string) (*vios.TrendProposal, error)) {
	// The decision is the path: a query (or a body) has nothing to say.
	var v vios.Validation
	if !h.queryOK(w, r, &v) {
		return
	}
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, trendNotFound))
		return
	}
	m, err := h.municipalityOf(r.Context(), actor, vios.RecordTrend, id, trendNotFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	p, err := decide(r.Context(), m, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toTrendJSON(p, munis[m].Slug))
}

type figureJSON struct {
	Aantal     *int `json:"aantal"`
	Onderdrukt bool `json:"onderdrukt"`
}

func toFigure(f vios.Figure) figureJSON {
	if f.Suppressed {
		return figureJSON{Onderdrukt: true}
	}
	v := f.Value
	return figureJSON{Aantal: &v}
}

type nationalRowJSON struct {
	Gemeente       string                `json:"gemeente"`
	Signalen       map[string]figureJSON `json:"signalen"`
	SignalenTotaal figureJSON            `json:"signalenTotaal"`
	Overleggen     figureJSON            `json:"overleggenGehouden"`
	Actiepunten    figureJSON            `json:"actiepuntenAfgerond"`
}

type nationalApproachJSON struct {
	Gemeente         string   `json:"gemeente"`
	Model            string   `json:"model"`
	Fase             string   `json:"fase"`
	ActieveElementen []string `json:"actieveElementen"`
}

type nationalJSON struct {
	Kwartaal  string                 `json:"kwartaal"`
	Drempel   int                    `json:"drempel"`
	Aanpakken []nationalApproachJSON `json:"aanpakken"`
	Gemeenten []nationalRowJSON      `json:"gemeenten"`
	Landelijk nationalRowJSON        `json:"landelijk"`
}

// openNational: GET /api/v1/open/landelijk — the national anonymised view
// of a quarter as open data: no login, readable from any origin, cacheable
// for an hour (it holds nothing that is not public).
func (h *Handler) openNational(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if h.National == nil {
		h.writeError(w, r, vios.Errorf(vios.EINTERNAL, "no national service"))
		return
	}
	var v vios.Validation
	if !h.queryOK(w, r, &v, "kwartaal") {
		return
	}
	view, err := h.National.NationalView(r.Context(), r.URL.Query().Get("kwartaal"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := nationalJSON{Kwartaal: view.Quarter, Drempel: vios.SuppressBelow, Aanpakken: []nationalApproachJSON{}, Gemeenten: []nationalRowJSON{}}
	for _, a := range view.Approaches {
		elements := a.ActiveElements
		if elements == nil {
			elements = []string{}
		}
		out.Aanpakken = append(out.Aanpakken, nationalApproachJSON{Gemeente: a.MunicipalityName, Model: a.Model, Fase: a.Phase, ActieveElementen: elements})
	}
	row := func(name string, signals []vios.Figure, total vios.Figure, activity []vios.Figure) nationalRowJSON {
		out := nationalRowJSON{Gemeente: name, Signalen: map[string]figureJSON{}, SignalenTotaal: toFigure(total),
			Overleggen: toFigure(activity[0]), Actiepunten: toFigure(activity[1])}
		for j, p := range view.Phenomena {
			out.Signalen[p] = toFigure(signals[j])
		}
		return out
	}
	for i, name := range view.Municipalities {
		out.Gemeenten = append(out.Gemeenten, row(name, view.Signals.Cells[i], view.Signals.RowTotals[i], view.Activity.Cells[i]))
	}
	out.Landelijk = row("Nederland", view.Signals.ColTotals, view.Signals.Total, view.Activity.ColTotals)
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(3600))
	writeJSON(w, http.StatusOK, out)
}
