package api

import (
	"net/http"

	"github.com/vios-platform/vios"
)

// Filing, deciding and reporting on custom-support requests.

// mayFileCustom reports whether the actor is a school account anywhere.
func mayFileCustom(actor *vios.Actor) bool {
	for _, m := range actor.Municipalities() {
		if actor.SchoolIn(m) != "" {
			return true
		}
	}
	return false
}

// readCustom reads a new request's fields into c.
func readCustom(b *body, c *vios.CustomRequest) {
	b.require("titel", "omschrijving", "thema", "aangevraagdInCenten", "periodeVan", "periodeTot")
	b.str("titel", &c.Title)
	b.str("omschrijving", &c.Description)
	b.str("thema", &c.Theme)
	var cents int
	b.integer("aangevraagdInCenten", &cents)
	c.RequestedCents = int64(cents)
	b.date("periodeVan", &c.PlannedFrom)
	b.date("periodeTot", &c.PlannedUntil)
}

// createCustom: POST /api/v1/maatwerkaanvragen — a request of the school
// (its id; the caller's own school when left out) in the municipality
// gemeente (its code).
func (h *Handler) createCustom(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !mayFileCustom(actor) {
		// Refused before the body is read: a refusal says nothing about it.
		h.writeError(w, r, vios.Authorize(actor, vios.ActionRequestCustom, vios.Resource{}))
		return
	}
	c := &vios.CustomRequest{}
	if !h.decode(w, r, customInvalid, func(b *body) error {
		var slug string
		b.require("gemeente")
		b.str("gemeente", &slug)
		readCustom(b, c)
		var err error
		if c.MunicipalityID, err = h.municipalityIn(r, b, slug); err != nil || c.MunicipalityID == "" {
			return err
		}
		own := actor.SchoolIn(c.MunicipalityID)
		if !b.id("school", &c.SchoolID) {
			c.SchoolID = own
		}
		if c.SchoolID == "" || !b.isBad("school") && vios.Authorize(actor, vios.ActionRequestCustom,
			vios.Resource{MunicipalityID: c.MunicipalityID, SchoolID: c.SchoolID}) != nil {
			b.fail("school", "Deze school hoort niet bij de gemeente, of u werkt er niet: een school vraagt alleen voor zichzelf aan.")
		}
		return nil
	}, func() error { return renameFields(c.Validate(), customFields) }) {
		return
	}
	err := renameFields(h.CustomRequests.SubmitCustomRequest(r.Context(), c), customFields)
	h.customResource().answer(w, r, actor, c, err, http.StatusCreated)
}

// customOperation runs change on the request of the path, which the caller
// must be able to read (404 otherwise) and to do action to (403), and
// answers the request as it is then.
func (h *Handler) customOperation(w http.ResponseWriter, r *http.Request, actor *vios.Actor, action vios.Action, invalid string,
	read func(b *body), validate func(c *vios.CustomRequest) error, change func(id string) error) {
	res := h.customResource()
	c, err := res.look(r.Context(), actor, r.PathValue("id"))
	if err == nil {
		// Who may comes before the body: a refusal says nothing about it.
		err = vios.Authorize(actor, action, vios.Resource{MunicipalityID: c.MunicipalityID, SchoolID: c.SchoolID})
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if !h.decode(w, r, invalid, func(b *body) error {
		read(b)
		return nil
	}, func() error { return renameFields(validate(c), customFields) }) {
		return
	}
	if err := renameFields(change(c.ID), customFields); err != nil {
		h.writeError(w, r, err)
		return
	}
	c, err = res.look(r.Context(), actor, c.ID)
	res.answer(w, r, actor, c, err, http.StatusOK)
}

// decideCustom: POST /api/v1/maatwerkaanvragen/{id}/_besluiten — the
// regisseur's decision, once.
func (h *Handler) decideCustom(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var d vios.CustomDecision
	h.customOperation(w, r, actor, vios.ActionDecideCustom, "Het besluit is niet vastgelegd.", func(b *body) {
		b.require("besluit", "motivering")
		b.str("besluit", &d.Outcome)
		b.str("motivering", &d.Motivation)
		var cents int
		b.integer("toegekendInCenten", &cents)
		d.GrantedCents = int64(cents)
	}, func(c *vios.CustomRequest) error { return d.Validate(c.RequestedCents) },
		func(id string) error { return h.CustomRequests.DecideCustomRequest(r.Context(), id, d) })
}

// reportCustom: POST /api/v1/maatwerkaanvragen/{id}/_verslag — the
// school's progress, or completion with the amount spent.
func (h *Handler) reportCustom(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var rep vios.CustomReport
	h.customOperation(w, r, actor, vios.ActionRequestCustom, "Het verslag is niet opgeslagen.", func(b *body) {
		b.require("soort", "verslag")
		b.str("soort", &rep.Kind)
		b.str("verslag", &rep.Text)
		var cents int
		b.integer("besteedInCenten", &cents)
		rep.SpentCents = int64(cents)
	}, func(c *vios.CustomRequest) error { return rep.Validate(c.GrantedCents) },
		func(id string) error { return h.CustomRequests.ReportCustomRequest(r.Context(), id, rep) })
}
