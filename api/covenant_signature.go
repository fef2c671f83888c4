package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// A party's answer to the recording of its signature (review finding M4):
// the editor of a covenant records that a party signed on paper (status
// wacht-op-bevestiging); a user of the party, not the one who recorded
// it, confirms it (getekend) or declines it with a reason (niet-getekend).
// The store decides who may: another party's user or the regisseur is
// refused (403), a caller who cannot read the covenant finds nothing (404).

func (h *Handler) signatureRoutes() []httpx.Route {
	covenants := h.withService(h.Covenants != nil && h.Networks != nil && h.Logbook != nil, "covenant")
	return []httpx.Route{
		{Method: "POST", Pattern: Prefix + "/convenanten/{id}/partijen/{partij}/_bevestigen", Handler: covenants("schrijven", h.confirmSignature)},
		{Method: "POST", Pattern: Prefix + "/convenanten/{id}/partijen/{partij}/_weigeren", Handler: covenants("schrijven", h.declineSignature)},
	}
}

// confirmSignature: POST /api/v1/convenanten/{id}/partijen/{partij}/_bevestigen
// — takes no data and answers the covenant.
func (h *Handler) confirmSignature(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	party := r.PathValue("partij")
	h.covenants().operate(w, r, actor, operation{invalid: "De ondertekening is niet bevestigd.", noBody: true,
		change: func(ctx context.Context, m, id string) error {
			if err := checkID(party); err != nil {
				return err
			}
			return h.Covenants.ConfirmSignature(ctx, m, id, party)
		}}, http.StatusOK)
}

// declineSignature: POST /api/v1/convenanten/{id}/partijen/{partij}/_weigeren
// — {"reden": "…"}: why the party does not sign (sealed; it may name
// people, so no answer shows it). Answers the covenant.
func (h *Handler) declineSignature(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	party := r.PathValue("partij")
	var reason string
	m, ok := h.operate(w, r, actor, vios.RecordCovenant, covenantNotFound, operation{invalid: "De ondertekening is niet geweigerd.",
		read: required("reden", &reason),
		validate: func() error {
			_, err := vios.ValidateDecline(reason)
			return err
		},
		// What is wrong with the reason is told only to who may answer.
		reach: func(ctx context.Context, _, id string) error { return h.mayAnswer(ctx, actor, id, party) },
		change: func(ctx context.Context, m, id string) error {
			if err := checkID(party); err != nil {
				return err
			}
			return h.Covenants.DeclineSignature(ctx, m, id, party, reason)
		}})
	if ok {
		h.covenants().reread(w, r, actor, m, r.PathValue("id"), http.StatusOK)
	}
}

// mayAnswer returns nil when the signature of the party waits for the
// caller's answer; else ENOTFOUND for one who may not read the covenant,
// EFORBIDDEN for other readers.
func (h *Handler) mayAnswer(ctx context.Context, actor *vios.Actor, covenantID, partyID string) error {
	if _, err := h.covenant(ctx, actor, covenantID, vios.ActionViewCovenant); err != nil {
		return err
	}
	list, err := h.Covenants.ListSignatureRequests(ctx)
	if err != nil {
		return err
	}
	for _, s := range list {
		if s.Covenant.ID == covenantID && s.Party.ID == partyID {
			return nil
		}
	}
	return vios.Errorf(vios.EFORBIDDEN, "Alleen iemand van de partij zelf, die de ondertekening niet vastlegde, beantwoordt haar, en alleen zolang zij op antwoord wacht.")
}
