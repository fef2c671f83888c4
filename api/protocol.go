package api

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Incident protocols and the legal checklist for integrations (writing
// them: protocol_write.go): the protocols the token's user may read (their school's, the schools'
// whose networks they sit in, the municipality's defaults), with each
// step's contact as the sociale kaart has it now, and a school's checklist
// of the Wet veiligheid op school. A record the user may not read is
// answered as one that does not exist (404).
func (h *Handler) protocolRoutes() []httpx.Route {
	with := h.withService(h.Protocols != nil, "protocol")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/incidentprotocollen", Handler: with("lezen", h.listProtocols)},
		{Method: "POST", Pattern: Prefix + "/incidentprotocollen", Handler: with("schrijven", h.createProtocol)},
		{Method: "GET", Pattern: Prefix + "/incidentprotocollen/{id}", Handler: with("lezen", h.getProtocol)},
		{Method: "PUT", Pattern: Prefix + "/incidentprotocollen/{id}", Handler: with("schrijven", h.updateProtocol)},
		{Method: "PUT", Pattern: Prefix + "/incidentprotocollen/{id}/evaluaties/{evaluatieId}", Handler: with("schrijven", h.evaluateProtocol)},
		{Method: "GET", Pattern: Prefix + "/scholen/{id}/wettelijke-eisen", Handler: with("lezen", h.getChecklist)},
		{Method: "PUT", Pattern: Prefix + "/scholen/{id}/wettelijke-eisen", Handler: with("schrijven", h.saveLegalFacts)},
	}
}

const protocolNotFound = "Dit incidentprotocol bestaat niet."

type protocolDetailJSON struct {
	ID             string     `json:"id"`
	Gemeente       string     `json:"gemeente"`
	School         *string    `json:"school"`
	SchoolNaam     *string    `json:"schoolNaam"`
	Fenomeen       string     `json:"fenomeen"`
	FenomeenNaam   string     `json:"fenomeenNaam"`
	GewijzigdOp    isoTime    `json:"gewijzigdOp"`
	Stappen        []stepJSON `json:"stappen"`
	Waarschuwingen []string   `json:"waarschuwingen"`
	Evaluaties     []evalJSON `json:"evaluaties,omitempty"`
	Links          linkedCard `json:"_links"`
}

type linkedCard struct {
	Self  linkJSON `json:"self"`
	Kaart linkJSON `json:"kaart"`
}

type stepJSON struct {
	Wie      string       `json:"wie"`
	Wat      string       `json:"wat"`
	Bellen   *string      `json:"bellen"`
	Contact  *contactJSON `json:"contact"`
	Probleem *string      `json:"probleem"`
}

type contactJSON struct {
	ID              string `json:"id"`
	Naam            string `json:"naam"`
	Functie         string `json:"functie"`
	Organisatie     string `json:"organisatie"`
	OrganisatieNaam string `json:"organisatieNaam"`
	Telefoon        string `json:"telefoon"`
	Email           string `json:"email"`
}

type evalJSON struct {
	ID            string   `json:"id"`
	GevraagdOp    isoTime  `json:"gevraagdOp"`
	GeevalueerdOp *isoTime `json:"geevalueerdOp"`
	Gevolgd       *string  `json:"gevolgd"`
	GoedGegaan    string   `json:"goedGegaan"`
	Verbeteren    string   `json:"verbeteren"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toProtocolJSON(p *vios.IncidentProtocol, slug string, full bool) protocolDetailJSON {
	out := protocolDetailJSON{ID: p.ID, Gemeente: p.MunicipalityID, School: optional(p.SchoolID), Fenomeen: p.Phenomenon,
		FenomeenNaam: p.PhenomenonName, GewijzigdOp: isoTime(p.UpdatedAt), Stappen: []stepJSON{}, Waarschuwingen: []string{},
		Links: linkedCard{Self: linkJSON{Prefix + "/incidentprotocollen/" + p.ID}, Kaart: linkJSON{"/incidentprotocollen/" + slug + "/" + p.ID + "/kaart"}}}
	if p.SchoolID != "" {
		out.SchoolNaam = &p.SchoolName
	}
	if !full {
		return out
	}
	for _, s := range p.Steps {
		step := stepJSON{Wie: s.Who, Wat: s.Action, Bellen: optional(s.Call), Probleem: optional(s.Problem)}
		if c := s.Contact; c != nil {
			step.Contact = &contactJSON{ID: c.ID, Naam: c.Name, Functie: c.Function, Organisatie: c.Organisation.ID,
				OrganisatieNaam: c.Organisation.Name, Telefoon: c.Phone, Email: c.Email}
		}
		out.Stappen = append(out.Stappen, step)
	}
	out.Waarschuwingen = append(out.Waarschuwingen, p.Warnings()...)
	out.Evaluaties = []evalJSON{}
	for _, e := range p.Evaluations {
		j := evalJSON{ID: e.ID, GevraagdOp: isoTime(e.RequestedAt), Gevolgd: optional(e.Followed), GoedGegaan: e.WentWell, Verbeteren: e.ToChange}
		if e.EvaluatedAt != nil {
			at := isoTime(*e.EvaluatedAt)
			j.GeevalueerdOp = &at
		}
		out.Evaluaties = append(out.Evaluaties, j)
	}
	return out
}

// listProtocols: GET /api/v1/incidentprotocollen — without steps; the
// record's own address reads the contacts (a processing of their data).
func (h *Handler) listProtocols(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !h.queryOK(w, r, &vios.Validation{}) {
		return
	}
	writeItems(h, w, r, actor.Municipalities(), func(m string, munis map[string]*vios.Municipality) ([]protocolDetailJSON, error) {
		items := []protocolDetailJSON{}
		if vios.Authorize(actor, vios.ActionViewProtocol, vios.Resource{MunicipalityID: m}) != nil {
			return items, nil
		}
		list, err := h.Protocols.ListProtocols(r.Context(), m, "")
		for _, p := range list {
			items = append(items, toProtocolJSON(p, munis[m].Slug, false))
		}
		return items, err
	}, func(a, b protocolDetailJSON) bool { return a.Gemeente < b.Gemeente })
}

// getProtocol: GET /api/v1/incidentprotocollen/{id}
func (h *Handler) getProtocol(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !h.queryOK(w, r, &vios.Validation{}) {
		return
	}
	m, id, err := h.recordIn(r, actor, vios.RecordProtocol, protocolNotFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeProtocol(w, r, m, id, http.StatusOK)
}

type checklistJSON struct {
	School     string            `json:"school"`
	SchoolNaam string            `json:"schoolNaam"`
	Ontbreekt  int               `json:"ontbreekt"`
	Eisen      []requirementJSON `json:"eisen"`
	Gegevens   legalFactsJSON    `json:"gegevens"`
}

// legalFactsJSON is what the school stated, as PUT takes it.
type legalFactsJSON struct {
	Instrument            *string `json:"instrument"`
	GemetenOp             *string `json:"gemetenOp"`
	AanspreekpuntPesten   *string `json:"aanspreekpuntPesten"`
	CoordinatorPesten     *string `json:"coordinatorPesten"`
	Incidentenregistratie bool    `json:"incidentenregistratie"`
}

type requirementJSON struct {
	Eis         string `json:"eis"`
	Naam        string `json:"naam"`
	Voldaan     bool   `json:"voldaan"`
	Toelichting string `json:"toelichting"`
}

// getChecklist: GET /api/v1/scholen/{id}/wettelijke-eisen
func (h *Handler) getChecklist(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	const notFound = "Deze school bestaat niet."
	if !h.queryOK(w, r, &vios.Validation{}) {
		return
	}
	m, id, err := h.recordIn(r, actor, vios.RecordOrganisation, notFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeChecklist(w, r, m, id)
}

// writeChecklist answers the school's checklist as it is now.
func (h *Handler) writeChecklist(w http.ResponseWriter, r *http.Request, m, id string) {
	c, err := h.Protocols.Checklist(r.Context(), m, id)
	if err != nil {
		h.writeError(w, r, hidden(err, "Deze school bestaat niet."))
		return
	}
	f := c.Facts
	out := checklistJSON{School: c.SchoolID, SchoolNaam: c.SchoolName, Ontbreekt: c.Missing(), Eisen: []requirementJSON{},
		Gegevens: legalFactsJSON{Instrument: optional(f.MonitoringInstrument), AanspreekpuntPesten: optional(f.AntiBullyingContact),
			CoordinatorPesten: optional(f.AntiBullyingLead), Incidentenregistratie: f.IncidentRegistration}}
	if f.MonitoringOn != nil {
		out.Gegevens.GemetenOp = optional(f.MonitoringOn.Format(time.DateOnly))
	}
	for _, i := range c.Items {
		out.Eisen = append(out.Eisen, requirementJSON{Eis: i.Code, Naam: i.Label, Voldaan: i.Met, Toelichting: i.Detail})
	}
	writeJSON(w, http.StatusOK, out)
}

// hidden answers a record the caller may not read as one that does not
// exist: the refusal is in the audit trail, the caller learns nothing.
func hidden(err error, notFound string) error {
	if vios.ErrorCode(err) == vios.EFORBIDDEN {
		return vios.Errorf(vios.ENOTFOUND, "%s", notFound)
	}
	return err
}
