package api

import (
	"context"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Custom-support requests (maatwerkaanvragen) with a personal token: a
// school's accounts file and report on their school's requests, the
// regisseur decides, the regisseur and the beheerder read every request of
// their municipality. Amounts are whole euro cents. A request the caller
// may not read does not exist.

func (h *Handler) customRoutes() []httpx.Route {
	with := h.withService(h.CustomRequests != nil, "custom request")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/maatwerkaanvragen", Handler: with("lezen", h.listCustom)},
		{Method: "POST", Pattern: Prefix + "/maatwerkaanvragen", Handler: with("schrijven", h.createCustom)},
		{Method: "GET", Pattern: Prefix + "/maatwerkaanvragen/{id}", Handler: with("lezen", h.getCustom)},
		{Method: "POST", Pattern: Prefix + "/maatwerkaanvragen/{id}/_besluiten", Handler: with("schrijven", h.decideCustom)},
		{Method: "POST", Pattern: Prefix + "/maatwerkaanvragen/{id}/_verslag", Handler: with("schrijven", h.reportCustom)},
	}
}

const (
	customNotFound = "Deze maatwerkaanvraag bestaat niet."
	customInvalid  = "De maatwerkaanvraag is niet opgeslagen."
)

// customFields are the domain's field names as the API spells them.
var customFields = map[string]string{"bedrag": "aangevraagdInCenten", "vanaf": "periodeVan", "tot": "periodeTot",
	"toegekendBedrag": "toegekendInCenten", "besteed": "besteedInCenten"}

type customReportJSON struct {
	Soort           string  `json:"soort"`
	Verslag         string  `json:"verslag"`
	BesteedInCenten int64   `json:"besteedInCenten"`
	Op              isoTime `json:"op"`
}

type customJSON struct {
	ID                  string             `json:"id"`
	Gemeente            string             `json:"gemeente"`
	School              string             `json:"school"`
	SchoolNaam          string             `json:"schoolNaam"`
	Titel               string             `json:"titel"`
	Omschrijving        string             `json:"omschrijving"`
	Thema               string             `json:"thema"`
	AangevraagdInCenten int64              `json:"aangevraagdInCenten"`
	PeriodeVan          string             `json:"periodeVan"`
	PeriodeTot          string             `json:"periodeTot"`
	Status              string             `json:"status"`
	IngediendOp         isoTime            `json:"ingediendOp"`
	BesluitOp           *isoTime           `json:"besluitOp,omitempty"`
	ToegekendInCenten   int64              `json:"toegekendInCenten"`
	Motivering          string             `json:"motivering,omitempty"`
	UitgevoerdOp        *isoTime           `json:"uitgevoerdOp,omitempty"`
	BesteedInCenten     int64              `json:"besteedInCenten"`
	Verslagen           []customReportJSON `json:"verslagen"`
	Links               struct {
		Self      linkJSON `json:"self"`
		Webpagina linkJSON `json:"webpagina"`
	} `json:"_links"`
}

func isoTimePtr(t *time.Time) *isoTime {
	if t == nil {
		return nil
	}
	v := isoTime(*t)
	return &v
}

func toCustomJSON(c *vios.CustomRequest, slug string) customJSON {
	out := customJSON{ID: c.ID, Gemeente: slug, School: c.SchoolID, SchoolNaam: c.SchoolName, Titel: c.Title, Omschrijving: c.Description,
		Thema: c.Theme, AangevraagdInCenten: c.RequestedCents, PeriodeVan: c.PlannedFrom.Format(time.DateOnly),
		PeriodeTot: c.PlannedUntil.Format(time.DateOnly), Status: c.Status, IngediendOp: isoTime(c.SubmittedAt),
		BesluitOp: isoTimePtr(c.DecidedAt), ToegekendInCenten: c.GrantedCents, Motivering: c.Motivation,
		UitgevoerdOp: isoTimePtr(c.CompletedAt), BesteedInCenten: c.SpentCents, Verslagen: []customReportJSON{}}
	for _, r := range c.Reports {
		out.Verslagen = append(out.Verslagen, customReportJSON{Soort: r.Kind, Verslag: r.Text, BesteedInCenten: r.SpentCents, Op: isoTime(r.At)})
	}
	out.Links.Self, out.Links.Webpagina = linkJSON{Prefix + "/maatwerkaanvragen/" + c.ID}, linkJSON{"/maatwerk/" + slug + "/" + c.ID}
	return out
}

func (h *Handler) customResource() resource[*vios.CustomRequest] {
	return resource[*vios.CustomRequest]{h: h,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.CustomRequest, error) {
			if err := checkID(id); err != nil {
				return nil, err
			}
			c, err := h.CustomRequests.FindCustomRequest(ctx, id)
			return c, hidden(err, customNotFound)
		},
		path: func(c *vios.CustomRequest) string { return Prefix + "/maatwerkaanvragen/" + c.ID },
		toJSON: func(c *vios.CustomRequest, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return toCustomJSON(c, slugOf(munis, c.MunicipalityID))
		}}
}

func slugOf(munis map[string]*vios.Municipality, id string) string {
	if m := munis[id]; m != nil {
		return m.Slug
	}
	return ""
}

// listCustom: GET /api/v1/maatwerkaanvragen — in every municipality of the
// caller: all requests for its staff, the own school's for a school.
func (h *Handler) listCustom(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []customJSON{}
	for _, m := range actor.Municipalities() {
		f := vios.CustomFilter{MunicipalityID: m}
		if vios.Authorize(actor, vios.ActionViewCustom, vios.Resource{MunicipalityID: m}) != nil {
			if f.SchoolID = actor.SchoolIn(m); f.SchoolID == "" {
				continue
			}
		}
		list, err := h.CustomRequests.ListCustomRequests(r.Context(), f)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, c := range list {
			out := toCustomJSON(c, slugOf(munis, m))
			out.Omschrijving, out.Motivering = "", "" // the texts are in the request itself
			items = append(items, out)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getCustom: GET /api/v1/maatwerkaanvragen/{id}
func (h *Handler) getCustom(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.customResource().get(w, r, actor)
}
