package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// A party's confirmation of its signature (review finding M4): the editor
// of a covenant records that a party signed on paper; a user of the party,
// not the one who recorded it, reads what the party signs and confirms it,
// or says the party does not sign. The store decides who may.

func (h *Handler) signatureRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/convenanten/{gemeente}/{id}/partijen/{partij}/bevestigen", Handler: h.signatureForm},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/partijen/{partij}/bevestigen", Handler: h.confirmSignature},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/partijen/{partij}/weigeren", Handler: h.declineSignature},
	}
}

// signaturePage is the data of the confirmation page.
type signaturePage struct {
	formOutcome
	Municipality *vios.Municipality
	Covenant     *vios.Covenant
	Party        *vios.CovenantParty
	// MayAnswer: the party's signature waits for this user's answer.
	MayAnswer bool
	Reason    string
}

// signatureIn loads the covenant and party in the path for a reader of the
// covenant, and whether the actor may answer for the party now.
func (h *Handler) signatureIn(w http.ResponseWriter, r *http.Request) (*signaturePage, bool) {
	m, c, ok := h.covenantIn(w, r, vios.ActionViewCovenant)
	if !ok {
		return nil, false
	}
	p, err := h.partyOf(c, r)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	answerable, err := h.answerable(r, c.ID)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	return &signaturePage{formOutcome: blankForm(), Municipality: m, Covenant: c, Party: p, MayAnswer: answerable[p.ID]}, true
}

// answerable returns the parties of the covenant whose signature waits for
// the actor's answer, by party id.
func (h *Handler) answerable(r *http.Request, covenantID string) (map[string]bool, error) {
	list, err := h.Covenants.ListSignatureRequests(r.Context())
	mine := map[string]bool{}
	for _, s := range list {
		if s.Covenant.ID == covenantID {
			mine[s.Party.ID] = true
		}
	}
	return mine, err
}

func (h *Handler) signatureForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.signatureIn(w, r)
	if !ok {
		return
	}
	if p.Party.AwaitsAnswer() && !p.MayAnswer {
		// Only a user of the party who did not record the signature answers.
		h.authorize(w, r, vios.ActionAnswerSignature, vios.Resource{MunicipalityID: p.Municipality.ID})
		return
	}
	h.renderSignature(w, r, http.StatusOK, p, nil)
}

func (h *Handler) renderSignature(w http.ResponseWriter, r *http.Request, status int, p *signaturePage, err error) {
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"reden": "weigeren-reden"})
	}
	h.render(w, r, status, "convenant-ondertekening", page{Title: "Ondertekening bevestigen: " + p.Covenant.Title, Current: "netwerken", Data: p})
}

func (h *Handler) confirmSignature(w http.ResponseWriter, r *http.Request) {
	h.answerSignature(w, r, "bevestigd", func(p *signaturePage) error {
		return h.Covenants.ConfirmSignature(r.Context(), p.Municipality.ID, p.Covenant.ID, p.Party.ID)
	})
}

func (h *Handler) declineSignature(w http.ResponseWriter, r *http.Request) {
	h.answerSignature(w, r, "geweigerd", func(p *signaturePage) error {
		p.Reason = formValue(r, "reden")
		return h.Covenants.DeclineSignature(r.Context(), p.Municipality.ID, p.Covenant.ID, p.Party.ID, p.Reason)
	})
}

// answerSignature gives the party's answer and returns to the covenant.
func (h *Handler) answerSignature(w http.ResponseWriter, r *http.Request, notice string, answer func(p *signaturePage) error) {
	p, ok := h.signatureIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if err := answer(p); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderSignature(w, r, status, p, err) })
		return
	}
	http.Redirect(w, r, "/convenanten/"+p.Municipality.Slug+"/"+p.Covenant.ID+"?melding="+notice+"#partijen", http.StatusSeeOther)
}
