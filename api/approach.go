package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// approachJSON is an approach as the API shows it (Dutch field names).
type approachJSON struct {
	ID                   string        `json:"id"`
	Gemeente             string        `json:"gemeente"`
	GemeenteCode         string        `json:"gemeenteCode"`
	SoortGemeente        string        `json:"soortGemeente"`
	DeelnemendeGemeenten []string      `json:"deelnemendeGemeenten"`
	Naam                 string        `json:"naam"`
	Model                string        `json:"model"`
	Samenvatting         string        `json:"samenvatting"`
	Elementen            []elementJSON `json:"elementen"`
	Bereik               reachJSON     `json:"bereik"`
	Fase                 phaseJSON     `json:"fase"`
	GewijzigdOp          time.Time     `json:"gewijzigdOp"`
	Links                linksJSON     `json:"_links"`
}

type elementJSON struct {
	Code        string `json:"code"`
	Naam        string `json:"naam"`
	Status      string `json:"status"`
	Toelichting string `json:"toelichting"`
}

type reachJSON struct {
	Omschrijving string           `json:"omschrijving"`
	Schooltypen  []schoolTypeJSON `json:"schooltypen"`
}

type schoolTypeJSON struct {
	Schooltype    string `json:"schooltype"`
	Status        string `json:"status"`
	AantalScholen int    `json:"aantalScholen"`
}

type phaseJSON struct {
	Fase        string  `json:"fase"`
	Startdatum  *string `json:"startdatum"`
	Toelichting string  `json:"toelichting"`
	Ambitie     string  `json:"ambitie"`
}

type linksJSON struct {
	Self      linkJSON `json:"self"`
	Webpagina linkJSON `json:"webpagina"`
}

type linkJSON struct {
	Href string `json:"href"`
}

func toApproachJSON(a *vios.Approach) approachJSON {
	out := approachJSON{
		ID: a.ID, Gemeente: a.Municipality.Name, GemeenteCode: a.Municipality.Slug,
		SoortGemeente: a.Municipality.Kind, DeelnemendeGemeenten: a.Municipality.Members,
		Naam: a.Name, Model: a.Model, Samenvatting: a.Summary,
		Elementen:   []elementJSON{},
		Bereik:      reachJSON{Omschrijving: a.Reach.Description, Schooltypen: []schoolTypeJSON{}},
		Fase:        phaseJSON{Fase: a.Phase.Phase, Toelichting: a.Phase.Remark, Ambitie: a.Phase.Ambition},
		GewijzigdOp: a.UpdatedAt.UTC().Truncate(time.Second),
		Links: linksJSON{Self: linkJSON{Prefix + "/aanpakken/" + a.ID},
			Webpagina: linkJSON{"/aanpakken/" + a.Municipality.Slug}},
	}
	if out.DeelnemendeGemeenten == nil {
		out.DeelnemendeGemeenten = []string{}
	}
	for _, e := range a.Elements {
		out.Elementen = append(out.Elementen, elementJSON{Code: e.Code, Naam: vios.ElementLabel(e.Code), Status: e.Status, Toelichting: e.Note})
	}
	for _, r := range a.Reach.SchoolTypes {
		out.Bereik.Schooltypen = append(out.Bereik.Schooltypen, schoolTypeJSON{Schooltype: r.SchoolType, Status: r.Status, AantalScholen: r.SchoolCount})
	}
	if d := a.Phase.StartDate; d != nil {
		s := d.Format(time.DateOnly)
		out.Fase.Startdatum = &s
	}
	return out
}

// filterKeys are the query keys of the approach list.
var filterKeys = []string{"element", "model", "schoolType", "fase"}

// listApproaches: GET /api/v1/aanpakken?element=&model=&schoolType=&fase=
func (h *Handler) listApproaches(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter := vios.ApproachFilter{Element: q.Get("element"), Model: q.Get("model"),
		SchoolType: q.Get("schoolType"), Phase: q.Get("fase")}
	if err := vios.JoinInvalid("De zoekvraag is ongeldig.",
		httpx.CheckQuery(q, filterKeys...), noEmptyValues(q), filter.Validate()); err != nil {
		h.writeError(w, r, err)
		return
	}
	list, err := h.Approaches.ListApproaches(r.Context(), filter)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]approachJSON, 0, len(list))
	for _, a := range list {
		items = append(items, toApproachJSON(a))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// approaches is the resource of approaches: public, so the caller is no
// one in particular.
func (h *Handler) approaches() resource[*vios.Approach] {
	return resource[*vios.Approach]{h: h, unnamed: true,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.Approach, error) {
			return h.Approaches.FindApproachByID(ctx, id)
		},
		path:   func(a *vios.Approach) string { return Prefix + "/aanpakken/" + a.ID },
		toJSON: func(a *vios.Approach, _ *vios.Actor, _ map[string]*vios.Municipality) any { return toApproachJSON(a) }}
}

// getApproach: GET /api/v1/aanpakken/{id}
func (h *Handler) getApproach(w http.ResponseWriter, r *http.Request) {
	h.approaches().get(w, r, nil)
}

// noEmptyValues refuses "?fase=": in the API a filter is given with a value
// or left out (the web form, unlike the API, sends empty values for "all").
func noEmptyValues(q url.Values) error {
	var v vios.Validation
	for _, k := range filterKeys {
		if vals, ok := q[k]; ok && len(vals) == 1 && vals[0] == "" {
			v.Add(k, "Geef een waarde, of laat de parameter weg.")
		}
	}
	return v.Err("De zoekvraag is ongeldig.")
}
