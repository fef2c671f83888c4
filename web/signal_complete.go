package web

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// Completing a signal ("Aanvullen"): what the quick signal left to its
// defaults — the date, the urgency, the phenomenon, the description and
// the network — is changed later by who entered it or the network's chair
// or secretary, while the signal is open. The store decides and checks;
// the page only offers what it would allow.

type completePage struct {
	Municipality *vios.Municipality
	Signal       *vios.Signal // as stored (code, access, status)
	Form         *vios.Signal // as typed
	Date         string
	Version      string
	Open         bool
	// Networks it may move to: the actor's, and the one it is in.
	Networks  []vios.Label
	Phenomena []vios.Phenomenon
	Urgencies []vios.Label
	formOutcome
}

// signalOpen reports whether a signal can still be completed.
func signalOpen(s *vios.Signal) bool {
	return s.Status == vios.SignalNew || s.Status == vios.SignalOnAgenda
}

// mayCompleteSignal reports whether the actor may complete the signal, as
// the store will decide it.
func (h *Handler) mayCompleteSignal(r *http.Request, m *vios.Municipality, s *vios.Signal) (vios.Resource, bool) {
	actor := vios.ActorFromContext(r.Context())
	res := vios.Resource{MunicipalityID: m.ID, ReporterOrgID: s.ReportingOrganisationID}
	if n, err := h.Networks.FindNetwork(r.Context(), m.ID, s.NetworkID); err == nil {
		res.InNetwork = n.Resource(actor, h.today()).InNetwork
	}
	return res, vios.Authorize(actor, vios.ActionCompleteSignal, res) == nil
}

func (h *Handler) completeSignalForm(w http.ResponseWriter, r *http.Request) {
	m, s, ok := h.pathSignal(w, r)
	if !ok {
		return
	}
	if res, may := h.mayCompleteSignal(r, m, s); !may && !h.authorize(w, r, vios.ActionCompleteSignal, res) {
		return
	}
	form := *s
	h.renderCompleteSignal(w, r, http.StatusOK, m, s, &form, s.UpdatedAt.Format(time.RFC3339Nano), nil)
}

func (h *Handler) renderCompleteSignal(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, s, form *vios.Signal, version string, err error) {
	actor := vios.ActorFromContext(r.Context())
	networks, _, phenomena, cerr := h.signalFormChoices(r, actor, m)
	if cerr != nil {
		h.renderError(w, r, cerr)
		return
	}
	p := completePage{Municipality: m, Signal: s, Form: form, Version: version, Open: signalOpen(s),
		Phenomena: phenomena, Urgencies: vios.SignalUrgencies, formOutcome: blankForm()}
	listed := false
	for _, n := range networks {
		p.Networks = append(p.Networks, vios.Label{Code: n.ID, Label: n.Name})
		listed = listed || n.ID == s.NetworkID
	}
	if !listed {
		// The regisseur completes a signal of a network they have no
		// place in: it stays there.
		p.Networks = append([]vios.Label{{Code: s.NetworkID, Label: s.NetworkName}}, p.Networks...)
	}
	if !form.OccurredOn.IsZero() {
		p.Date = form.OccurredOn.Format(time.DateOnly)
	}
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"netwerk": "netwerk", "datum": "datum", "fenomeen": "fenomeen",
			"urgentie": "urgentie", "omschrijving": "omschrijving"})
	}
	h.render(w, r, status, "signaal-aanvullen", page{Title: "Signaal " + s.Code + " aanvullen", Current: "signalen", Data: p})
}

func (h *Handler) completeSignal(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	c := &vios.Signal{ID: id, MunicipalityID: m.ID, NetworkID: formValue(r, "netwerk"), Phenomenon: formValue(r, "fenomeen"),
		Urgency: formValue(r, "urgentie"), Description: formValue(r, "omschrijving")}
	var err error
	if d, perr := time.ParseInLocation(time.DateOnly, formValue(r, "datum"), vios.Amsterdam); perr == nil {
		c.OccurredOn = d
	} else if formValue(r, "datum") != "" {
		err = vios.Invalid("datum", "Vul de datum in als jjjj-mm-dd.", "Het signaal is niet aangevuld; controleer de gemarkeerde velden.")
	}
	if err == nil {
		err = h.Casework.CompleteSignal(r.Context(), c, formVersion(r))
	}
	if err == nil {
		http.Redirect(w, r, "/signalen/"+m.Slug+"/"+id+"?melding=aangevuld", http.StatusSeeOther)
		return
	}
	h.formFailed(w, r, err, func(status int) {
		s, ferr := h.Casework.FindSignal(r.Context(), m.ID, id)
		if ferr != nil {
			h.lookupFailed(w, r, m, ferr)
			return
		}
		// The typed text stays; a stale form keeps the version it was
		// based on, so sending it again is refused again until reloaded.
		c.Code, c.Status, c.Access = s.Code, s.Status, s.Access
		if c.NetworkID == "" {
			c.NetworkID = s.NetworkID
		}
		h.renderCompleteSignal(w, r, status, m, s, c, formValue(r, "versie"), err)
	})
}
