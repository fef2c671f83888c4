package api

import (
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// startvragen: the national contact point. Anyone may send a start
// request without a token (rate limited per address by the store, as the
// form of /starten); listing, reading and handling them takes a token of
// an account with the landelijk role.

func (h *Handler) startRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: Prefix + "/startvragen", Public: true, Handler: h.withStart(h.submitStartRequest)},
		{Method: "GET", Pattern: Prefix + "/startvragen", Handler: h.withStartToken("lezen", h.listStartRequests)},
		{Method: "GET", Pattern: Prefix + "/startvragen/{id}", Handler: h.withStartToken("lezen", h.getStartRequest)},
		{Method: "POST", Pattern: Prefix + "/startvragen/{id}/_toewijzen", Handler: h.withStartToken("schrijven", h.assignStartRequest)},
		{Method: "POST", Pattern: Prefix + "/startvragen/{id}/_advies", Handler: h.withStartToken("schrijven", h.adviseStartRequest)},
		{Method: "POST", Pattern: Prefix + "/startvragen/{id}/_sluiten", Handler: h.withStartToken("schrijven", h.closeStartRequest)},
	}
}

func (h *Handler) withStart(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.Start == nil {
			h.writeError(w, r, errors.New("api: no start service"))
			return
		}
		next(w, r)
	}
}

func (h *Handler) withStartToken(scope string, next actorHandler) http.HandlerFunc {
	return h.withStart(h.requireToken(scope, func(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
		// Refused before anything is read: a refusal says nothing of the requests.
		if err := vios.Authorize(actor, vios.ActionHandleStartRequest, vios.Resource{}); err != nil {
			h.writeError(w, r, err)
			return
		}
		next(w, r, actor)
	}))
}

type adviserJSON struct {
	ID       string `json:"id"`
	Naam     string `json:"naam"`
	Regio    string `json:"regio"`
	Ervaring string `json:"ervaring,omitempty"`
}

type startJSON struct {
	ID               string         `json:"id"`
	Organisatie      string         `json:"organisatie"`
	SoortOrganisatie string         `json:"soortOrganisatie"`
	Gemeente         string         `json:"gemeente"`
	Naam             string         `json:"naam"`
	Email            string         `json:"email"`
	Vraag            string         `json:"vraag"`
	Zelftest         map[string]int `json:"zelftest"`
	Status           string         `json:"status"`
	Adviseur         *adviserJSON   `json:"adviseur,omitempty"`
	Advies           string         `json:"advies,omitempty"`
	Kwartiermaker    *adviserJSON   `json:"kwartiermaker,omitempty"`
	OntvangenOp      isoTime        `json:"ontvangenOp"`
	ToegewezenOp     *isoTime       `json:"toegewezenOp,omitempty"`
	GeadviseerdOp    *isoTime       `json:"geadviseerdOp,omitempty"`
	GeslotenOp       *isoTime       `json:"geslotenOp,omitempty"`
	Links            struct {
		Self linkJSON `json:"self"`
	} `json:"_links"`
}

func toStartJSON(s *vios.StartRequest) startJSON {
	out := startJSON{ID: s.ID, Organisatie: s.Organisation, SoortOrganisatie: s.OrganisationKind, Gemeente: s.MunicipalityName,
		Naam: s.ContactName, Email: s.Email, Vraag: s.Question, Zelftest: s.SelfCheck, Status: s.Status, Advies: s.Advice,
		OntvangenOp: isoTime(s.CreatedAt)}
	if out.Zelftest == nil {
		out.Zelftest = map[string]int{}
	}
	if s.AdviserID != "" {
		out.Adviseur = &adviserJSON{ID: s.AdviserID, Naam: s.AdviserName, Regio: s.AdviserProvince}
	}
	if k := s.Kwartiermaker; k != nil {
		out.Kwartiermaker = &adviserJSON{ID: k.ID, Naam: k.Name, Regio: k.Province, Ervaring: k.Experience}
	}
	for _, t := range []struct {
		from *time.Time
		to   **isoTime
	}{{s.AssignedAt, &out.ToegewezenOp}, {s.AdvisedAt, &out.GeadviseerdOp}, {s.ClosedAt, &out.GeslotenOp}} {
		if t.from != nil {
			at := isoTime(*t.from)
			*t.to = &at
		}
	}
	out.Links.Self = linkJSON{Prefix + "/startvragen/" + s.ID}
	return out
}

// senderAddress is the caller's address for the rate limit.
func senderAddress(r *http.Request) string {
	if a := vios.AddressFromContext(r.Context()); a != "" {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// submitStartRequest: POST /api/v1/startvragen — without a token. The
// answer holds only what the store made: the id, the status and when.
func (h *Handler) submitStartRequest(w http.ResponseWriter, r *http.Request) {
	s := &vios.StartRequest{}
	if !h.decode(w, r, "Uw startvraag is niet verstuurd.", func(b *body) error {
		b.require("organisatie", "soortOrganisatie", "gemeente", "naam", "email", "vraag")
		b.str("organisatie", &s.Organisation)
		b.str("soortOrganisatie", &s.OrganisationKind)
		b.str("gemeente", &s.MunicipalityName)
		b.str("naam", &s.ContactName)
		b.str("email", &s.Email)
		b.str("vraag", &s.Question)
		decodeField(b, "zelftest", &s.SelfCheck, "Geef de zelftest als object: per vraag een score van 1 tot en met 4.")
		return nil
	}, s.Validate) {
		return
	}
	if err := h.Start.SubmitStartRequest(r.Context(), s, senderAddress(r)); err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": s.ID, "status": s.Status, "ontvangenOp": isoTime(s.CreatedAt)})
}

// listStartRequests: GET /api/v1/startvragen?status=
func (h *Handler) listStartRequests(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	var v vios.Validation
	if !h.queryOK(w, r, &v, "status") {
		return
	}
	list, err := h.Start.StartRequests(r.Context(), r.URL.Query().Get("status"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]startJSON, 0, len(list))
	for _, s := range list {
		items = append(items, toStartJSON(s))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// writeStart answers the request of the path as it is now.
func (h *Handler) writeStart(w http.ResponseWriter, r *http.Request, id string) {
	s, err := h.Start.StartRequest(r.Context(), id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toStartJSON(s))
}

// getStartRequest: GET /api/v1/startvragen/{id}
func (h *Handler) getStartRequest(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	id := r.PathValue("id")
	var v vios.Validation
	if !h.queryOK(w, r, &v) {
		return
	}
	if err := checkID(id); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeStart(w, r, id)
}

// changeStart reads the body of a change with read, runs change, and
// answers the request as it is after it.
func (h *Handler) changeStart(w http.ResponseWriter, r *http.Request, read func(b *body), change func(id string) error) {
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		h.writeError(w, r, err)
		return
	}
	if !h.decode(w, r, "De startvraag is niet gewijzigd.", func(b *body) error { read(b); return nil }, nil) {
		return
	}
	if err := change(id); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeStart(w, r, id)
}

// assignStartRequest: POST /api/v1/startvragen/{id}/_toewijzen {adviseur}
func (h *Handler) assignStartRequest(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	var adviser string
	h.changeStart(w, r, func(b *body) {
		b.require("adviseur")
		b.id("adviseur", &adviser)
	}, func(id string) error { return h.Start.AssignStartRequest(r.Context(), id, adviser) })
}

// adviseStartRequest: POST /api/v1/startvragen/{id}/_advies {advies, kwartiermaker}
func (h *Handler) adviseStartRequest(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	var advice, kwartiermaker string
	h.changeStart(w, r, func(b *body) {
		b.require("advies")
		b.str("advies", &advice)
		b.id("kwartiermaker", &kwartiermaker)
	}, func(id string) error { return h.Start.AdviseStartRequest(r.Context(), id, advice, kwartiermaker) })
}

// closeStartRequest: POST /api/v1/startvragen/{id}/_sluiten — takes no data.
func (h *Handler) closeStartRequest(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := h.Start.CloseStartRequest(r.Context(), id); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeStart(w, r, id)
}
