package api

import (
	"context"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The help desk (hulpvragen) for integrations with a personal token: the
// requests the token's user may read (the desk and the regisseur every
// request of their municipality, a school or partner its organisation's),
// and filing a request. The desk's steps and the rating are taken on the
// web pages. A request the caller may not read does not exist.

func (h *Handler) helpDeskRoutes() []httpx.Route {
	with := h.withService(h.HelpDesk != nil, "help desk")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/hulpvragen", Handler: with("lezen", h.listHelpRequests)},
		{Method: "POST", Pattern: Prefix + "/hulpvragen", Handler: with("schrijven", h.fileHelpRequest)},
		{Method: "GET", Pattern: Prefix + "/hulpvragen/{id}", Handler: with("lezen", h.getHelpRequest)},
	}
}

const (
	helpNotFound = "Deze hulpvraag bestaat niet."
	helpInvalid  = "De hulpvraag is niet ingediend."
)

// helpJSON is a request; its texts only on GET of the one request.
type helpJSON struct {
	ID           string   `json:"id"`
	Code         string   `json:"code"`
	Gemeente     string   `json:"gemeente"`
	School       string   `json:"school"`
	SchoolNaam   string   `json:"schoolNaam"`
	Vrager       string   `json:"vrager"`
	VragerNaam   string   `json:"vragerNaam"`
	Thema        string   `json:"thema"`
	Urgentie     string   `json:"urgentie"`
	Status       string   `json:"status"`
	Signaal      string   `json:"signaal,omitempty"`
	Alert        string   `json:"alert,omitempty"`
	Vraag        string   `json:"vraag,omitempty"`
	Intake       string   `json:"intake,omitempty"`
	Analyse      string   `json:"analyse,omitempty"`
	Advies       string   `json:"advies,omitempty"`
	Uren         int      `json:"uren"`
	Door         string   `json:"door,omitempty"`
	Waardering   int      `json:"waardering"`
	Toelichting  string   `json:"toelichting,omitempty"`
	IngediendOp  isoTime  `json:"ingediendOp"`
	ToegewezenOp *isoTime `json:"toegewezenOp,omitempty"`
	IntakeOp     *isoTime `json:"intakeOp,omitempty"`
	AdviesOp     *isoTime `json:"adviesOp,omitempty"`
	GeslotenOp   *isoTime `json:"geslotenOp,omitempty"`
	Links        struct {
		Self      linkJSON `json:"self"`
		Webpagina linkJSON `json:"webpagina"`
	} `json:"_links"`
}

func isoTimeOrNil(t *time.Time) *isoTime {
	if t == nil {
		return nil
	}
	at := isoTime(*t)
	return &at
}

func toHelpJSON(r *vios.HelpRequest, slug string) helpJSON {
	out := helpJSON{ID: r.ID, Code: r.Code, Gemeente: slug, School: r.SchoolID, SchoolNaam: r.SchoolName, Vrager: r.RequesterOrgID,
		VragerNaam: r.RequesterOrgName, Thema: r.Theme, Urgentie: r.Urgency, Status: r.Status, Signaal: r.SignalID, Alert: r.AlertID,
		Vraag: r.Question, Intake: r.Intake, Analyse: r.Analysis, Advies: r.Advice, Uren: r.SupportHours, Door: r.SupportBy,
		Waardering: r.Rating, Toelichting: r.RatingComment, IngediendOp: isoTime(r.FiledAt), ToegewezenOp: isoTimeOrNil(r.AssignedAt),
		IntakeOp: isoTimeOrNil(r.IntakeAt), AdviesOp: isoTimeOrNil(r.AdviceAt), GeslotenOp: isoTimeOrNil(r.ClosedAt)}
	out.Links.Self, out.Links.Webpagina = linkJSON{Prefix + "/hulpvragen/" + r.ID}, linkJSON{"/hulploket/" + slug + "/" + r.ID}
	return out
}

// actorMunicipalities are the municipalities where the caller has a role.
func (h *Handler) actorMunicipalities(ctx context.Context, actor *vios.Actor) ([]*vios.Municipality, error) {
	all, err := h.municipalities(ctx)
	var out []*vios.Municipality
	for _, m := range all {
		for _, id := range actor.Municipalities() {
			if m.ID == id {
				out = append(out, m)
			}
		}
	}
	return out, err
}

// listHelpRequests: GET /api/v1/hulpvragen?gemeente= — the requests the
// caller reads, in every municipality where they have a role (or the one
// named), without their texts.
func (h *Handler) listHelpRequests(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var v vios.Validation
	if !h.queryOK(w, r, &v, "gemeente") {
		return
	}
	munis, err := h.actorMunicipalities(r.Context(), actor)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []helpJSON{}
	for _, m := range munis {
		if slug := r.URL.Query().Get("gemeente"); slug != "" && slug != m.Slug {
			continue
		}
		list, err := h.HelpDesk.ListHelpRequests(r.Context(), vios.HelpRequestFilter{MunicipalityID: m.ID})
		if vios.ErrorCode(err) == vios.EFORBIDDEN {
			continue // no part in this municipality's help desk
		} else if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, req := range list {
			items = append(items, toHelpJSON(req, m.Slug))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getHelpRequest: GET /api/v1/hulpvragen/{id}, with its texts.
func (h *Handler) getHelpRequest(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		h.writeError(w, r, err)
		return
	}
	munis, err := h.actorMunicipalities(r.Context(), actor)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	for _, m := range munis {
		req, err := h.HelpDesk.FindHelpRequest(r.Context(), m.ID, id)
		if err == nil {
			writeJSON(w, http.StatusOK, toHelpJSON(req, m.Slug))
			return
		} else if vios.ErrorCode(err) != vios.ENOTFOUND {
			h.writeError(w, r, err)
			return
		}
	}
	h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, helpNotFound))
}

// fileHelpRequest: POST /api/v1/hulpvragen — a request of the caller's
// school or partner organisation in the municipality gemeente (its code).
func (h *Handler) fileHelpRequest(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !mayFileHelp(actor) {
		// Refused before the body is read: a refusal says nothing about it.
		h.writeError(w, r, vios.Authorize(actor, vios.ActionFileHelpRequest, vios.Resource{}))
		return
	}
	req := &vios.HelpRequest{}
	var slug string
	if !h.decode(w, r, helpInvalid, func(b *body) error {
		b.require("gemeente", "vraag", "school", "urgentie")
		b.str("gemeente", &slug)
		b.str("vraag", &req.Question)
		b.str("school", &req.SchoolID)
		b.str("urgentie", &req.Urgency)
		b.str("thema", &req.Theme)
		b.str("signaal", &req.SignalID)
		b.str("alert", &req.AlertID)
		b.boolean("geenNaam", &req.NoNameConfirmed)
		var err error
		req.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, req.Validate) {
		return
	}
	if err := h.HelpDesk.FileHelpRequest(r.Context(), req); err != nil {
		h.writeError(w, r, err)
		return
	}
	filed, err := h.HelpDesk.FindHelpRequest(r.Context(), req.MunicipalityID, req.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/hulpvragen/"+req.ID)
	writeJSON(w, http.StatusCreated, toHelpJSON(filed, slug))
}

// mayFileHelp reports whether the actor files requests anywhere: a school
// or partner account.
func mayFileHelp(actor *vios.Actor) bool {
	for _, m := range actor.Municipalities() {
		if actor.HasRole(vios.RoleSchool, m) || actor.HasRole(vios.RolePartner, m) {
			return true
		}
	}
	return false
}
