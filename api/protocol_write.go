package api

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// Writing incident protocols, their evaluation after an incident, and a
// school's legal facts, as the web pages do: the store decides who may;
// the handlers refuse who may not before reading the body (so a refusal
// says nothing about the input), read it field by field, and answer the
// record as it is now.

const protocolInvalid = "Het incidentprotocol is niet opgeslagen."

// readSteps reads the steps of a protocol: who does what, whom to call,
// and a person of the sociale kaart, in order.
func readSteps(b *body) []vios.IncidentStep {
	list, _ := b.objects("stappen")
	steps := []vios.IncidentStep{}
	for _, o := range list {
		var s vios.IncidentStep
		o.require("wie", "wat")
		o.str("wie", &s.Who)
		o.str("wat", &s.Action)
		o.str("bellen", &s.Call)
		o.id("contact", &s.ContactID)
		steps = append(steps, s)
	}
	return steps
}

// mayWriteProtocols reports whether the actor writes any protocol: a
// school's staff their school's, the regisseur and coordinators the
// municipality's defaults.
func mayWriteProtocols(actor *vios.Actor) bool {
	for _, m := range actor.Municipalities() {
		if actor.HasRole(vios.RoleSchool, m) || actor.HasRole(vios.RoleRegisseur, m) || actor.HasRole(vios.RoleCoordinator, m) {
			return true
		}
	}
	return false
}

// createProtocol: POST /api/v1/incidentprotocollen — a school's protocol
// for a phenomenon (school), or the municipality's default (no school).
// Without stappen it starts from the municipality's default, as the web.
func (h *Handler) createProtocol(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !mayWriteProtocols(actor) {
		h.writeError(w, r, vios.Authorize(actor, vios.ActionEditProtocol, vios.Resource{}))
		return
	}
	p := &vios.IncidentProtocol{}
	var slug string
	given := false
	if !h.decode(w, r, protocolInvalid, func(b *body) error {
		b.require("gemeente", "fenomeen")
		b.str("gemeente", &slug)
		b.id("school", &p.SchoolID)
		b.str("fenomeen", &p.Phenomenon)
		given = b.value("stappen") != nil
		p.Steps = readSteps(b)
		var err error
		p.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, func() error {
		if !given {
			return nil
		}
		return p.Validate()
	}) {
		return
	}
	if !given {
		if def, err := h.Protocols.ProtocolFor(r.Context(), p.MunicipalityID, "", p.Phenomenon); err == nil && def.IsDefault() {
			for _, s := range def.Steps {
				p.Steps = append(p.Steps, vios.IncidentStep{Who: s.Who, Action: s.Action, Call: s.Call, ContactID: s.ContactID})
			}
		}
	}
	if err := h.Protocols.SaveProtocol(r.Context(), p); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeProtocol(w, r, p.MunicipalityID, p.ID, http.StatusCreated)
}

// municipalityIn returns the id of the municipality with slug; an unknown
// one is a mistake of the body.
func (h *Handler) municipalityIn(r *http.Request, b *body, slug string) (string, error) {
	munis, err := h.municipalities(r.Context())
	if err != nil {
		return "", err
	}
	for _, m := range munis {
		if m.Slug == slug {
			return m.ID, nil
		}
	}
	if slug != "" {
		b.fail("gemeente", "Onbekende gemeente: geef de code van de gemeente, zoals arnhem of den-haag.")
	}
	return "", nil
}

// protocolToWrite finds the protocol of the path for who may change it: a
// protocol the actor may not read does not exist (404), one the actor
// reads but may not change is refused (403).
func (h *Handler) protocolToWrite(r *http.Request, actor *vios.Actor) (*vios.IncidentProtocol, error) {
	m, id, err := h.recordIn(r, actor, vios.RecordProtocol, protocolNotFound)
	if err != nil {
		return nil, err
	}
	p, err := h.Protocols.FindProtocol(r.Context(), m, id)
	if err != nil {
		return nil, hidden(err, protocolNotFound)
	}
	return p, vios.Authorize(actor, vios.ActionEditProtocol, vios.Resource{MunicipalityID: m, SchoolID: p.SchoolID})
}

// updateProtocol: PUT /api/v1/incidentprotocollen/{id} — the protocol's
// steps, all of them, in order.
func (h *Handler) updateProtocol(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	p, err := h.protocolToWrite(r, actor)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if !h.decode(w, r, protocolInvalid, func(b *body) error {
		b.require("stappen")
		p.Steps = readSteps(b)
		return nil
	}, p.Validate) {
		return
	}
	if err := h.Protocols.SaveProtocol(r.Context(), p); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeProtocol(w, r, p.MunicipalityID, p.ID, http.StatusOK)
}

// evaluateProtocol: PUT /api/v1/incidentprotocollen/{id}/evaluaties/{evaluatieId}
// — the school's evaluation after an incident, once; the texts are sealed.
func (h *Handler) evaluateProtocol(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	p, err := h.protocolToWrite(r, actor)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	e := &vios.ProtocolEvaluation{ID: r.PathValue("evaluatieId")}
	asked := false
	for _, have := range p.Evaluations {
		asked = asked || have.ID == e.ID
	}
	if !asked {
		h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze evaluatie bestaat niet."))
		return
	}
	if !h.decode(w, r, "De evaluatie is niet bewaard.", func(b *body) error {
		b.require("gevolgd")
		b.str("gevolgd", &e.Followed)
		b.str("goedGegaan", &e.WentWell)
		b.str("verbeteren", &e.ToChange)
		return nil
	}, e.Validate) {
		return
	}
	if err := h.Protocols.Evaluate(r.Context(), p.MunicipalityID, e); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeProtocol(w, r, p.MunicipalityID, p.ID, http.StatusOK)
}

// writeProtocol answers the protocol as it is now, with its steps and
// evaluations.
func (h *Handler) writeProtocol(w http.ResponseWriter, r *http.Request, municipalityID, id string, status int) {
	p, err := h.Protocols.FindProtocol(r.Context(), municipalityID, id)
	if err != nil {
		h.writeError(w, r, hidden(err, protocolNotFound))
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", Prefix+"/incidentprotocollen/"+p.ID)
	}
	writeJSON(w, status, toProtocolJSON(p, munis[municipalityID].Slug, true))
}

// saveLegalFacts: PUT /api/v1/scholen/{id}/wettelijke-eisen — what the
// school states: every fact is given (null where the school has none), so
// a client that forgets one does not erase it.
func (h *Handler) saveLegalFacts(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	const notFound = "Deze school bestaat niet."
	m, id, err := h.recordIn(r, actor, vios.RecordOrganisation, notFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	res := vios.Resource{MunicipalityID: m, SchoolID: id}
	if err := vios.Authorize(actor, vios.ActionViewChecklist, res); err != nil {
		h.writeError(w, r, hidden(err, notFound))
		return
	}
	if err := vios.Authorize(actor, vios.ActionEditChecklist, res); err != nil {
		h.writeError(w, r, err)
		return
	}
	f := &vios.LegalFacts{MunicipalityID: m, SchoolID: id}
	if !h.decode(w, r, "De gegevens over de wettelijke eisen zijn niet opgeslagen.", func(b *body) error {
		for _, field := range []string{"instrument", "gemetenOp", "aanspreekpuntPesten", "coordinatorPesten"} {
			if _, ok := b.fields[field]; !ok {
				b.fail(field, "Geef dit veld; null als de school het (nog) niet heeft.")
			}
		}
		b.require("incidentenregistratie")
		b.str("instrument", &f.MonitoringInstrument)
		var on time.Time
		if b.date("gemetenOp", &on) {
			f.MonitoringOn = &on
		}
		b.id("aanspreekpuntPesten", &f.AntiBullyingContact)
		b.id("coordinatorPesten", &f.AntiBullyingLead)
		b.boolean("incidentenregistratie", &f.IncidentRegistration)
		return nil
	}, func() error { return f.Validate(h.Now()) }) {
		return
	}
	if err := h.Protocols.SaveLegalFacts(r.Context(), f); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeChecklist(w, r, m, id)
}
