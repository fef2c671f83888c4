package web

import (
	"net/http"
	"net/url"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Transfers (overdrachten): the case owner at a school prepares a pupil's
// file for the next school, item by item with a preview; the receiving
// school's staff find it in their inbox and accept or decline it. The
// store decides every step (transfer.go in the domain).
func (h *Handler) transferRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/overdrachten/{gemeente}", Handler: h.listTransfers},
		{Method: "GET", Pattern: "/overdrachten/{gemeente}/{id}", Handler: h.showTransfer},
		{Method: "POST", Pattern: "/overdrachten/{gemeente}/{id}/besluit", Handler: h.decideTransfer},
		{Method: "GET", Pattern: "/casussen/{gemeente}/{id}/overdracht", Handler: h.prepareTransfer},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/overdracht", Handler: h.sendTransfer},
	}
}

// transferIn checks that the actor may work on transfers in the
// municipality of the path (school staff).
func (h *Handler) transferIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, false
	}
	return m, h.authorize(w, r, vios.ActionTransfer, vios.Resource{MunicipalityID: m.ID})
}

type transferListPage struct {
	Municipality   *vios.Municipality
	Sent, Received []*vios.Transfer
	Notice         string
}

var transferNotices = map[string]string{
	"verzonden": "De overdracht is verzonden. De ontvangende school krijgt een bericht zonder gegevens over de leerling.",
	"aanvaard":  "U hebt de overdracht aanvaard; het dossier staat hieronder.",
	"afgewezen": "U hebt de overdracht afgewezen.",
}

func (h *Handler) listTransfers(w http.ResponseWriter, r *http.Request) {
	m, ok := h.transferIn(w, r)
	if !ok {
		return
	}
	sent, received, err := h.Casework.ListTransfers(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "overdrachten", page{Title: "Overdrachten", Current: "overdrachten",
		Data: transferListPage{Municipality: m, Sent: sent, Received: received, Notice: transferNotices[r.URL.Query().Get("melding")]}})
}

type transferPage struct {
	Municipality *vios.Municipality
	Transfer     *vios.Transfer
	Notice       string
	formOutcome
}

func (h *Handler) showTransfer(w http.ResponseWriter, r *http.Request) {
	m, ok := h.transferIn(w, r)
	if !ok {
		return
	}
	h.renderTransfer(w, r, http.StatusOK, m, nil)
}

func (h *Handler) renderTransfer(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, failure error) {
	t, err := h.Casework.FindTransfer(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	p := transferPage{Municipality: m, Transfer: t, Notice: transferNotices[r.URL.Query().Get("melding")], formOutcome: blankForm()}
	if failure != nil {
		p.formOutcome = formFailure(failure, map[string]string{"besluit": "aanvaarden"})
	}
	h.render(w, r, status, "overdracht", page{Title: "Overdracht van " + t.FromSchool, Current: "overdrachten", Data: p})
}

func (h *Handler) decideTransfer(w http.ResponseWriter, r *http.Request) {
	m, ok := h.transferIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	choice := formValue(r, "besluit")
	if choice != "aanvaarden" && choice != "afwijzen" {
		h.renderTransfer(w, r, http.StatusBadRequest, m, vios.Invalid("besluit", "Kies aanvaarden of afwijzen.", "Er is niets besloten."))
		return
	}
	id := r.PathValue("id")
	if err := h.Casework.DecideTransfer(r.Context(), m.ID, id, choice == "aanvaarden"); err != nil {
		if !h.transferFailed(w, r, m, err) {
			h.renderTransfer(w, r, httpx.ErrorStatus(vios.ErrorCode(err)), m, err)
		}
		return
	}
	notice := map[string]string{"aanvaarden": "aanvaard", "afwijzen": "afgewezen"}[choice]
	http.Redirect(w, r, "/overdrachten/"+m.Slug+"/"+url.PathEscape(id)+"?melding="+notice, http.StatusSeeOther)
}

type transferPreparePage struct {
	Municipality *vios.Municipality
	Case         *vios.Case
	PupilID      string
	SchoolID     string
	Schools      []vios.TransferSchool
	Plan         *vios.TransferPlan
	Chosen       map[string]bool
	formOutcome
}

// transferCase reads the case of the path and the pupil the transfer is
// about: the one chosen, or the case's only pupil seen by name.
func (h *Handler) transferCase(w http.ResponseWriter, r *http.Request, m *vios.Municipality, pupil string) (*vios.Case, string, bool) {
	c, err := h.Casework.FindCase(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, "", false
	}
	if pupil == "" {
		for _, p := range c.Pupils {
			if p.Named && pupil == "" {
				pupil = p.ID
			}
		}
	}
	return c, pupil, true
}

func (h *Handler) prepareTransfer(w http.ResponseWriter, r *http.Request) {
	m, ok := h.transferIn(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	c, pupil, ok := h.transferCase(w, r, m, q.Get("leerling"))
	if !ok {
		return
	}
	h.renderPrepare(w, r, http.StatusOK, m, c, pupil, q.Get("school"), nil, nil)
}

func (h *Handler) renderPrepare(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, c *vios.Case, pupil, school string,
	chosen []string, failure error) {
	p := transferPreparePage{Municipality: m, Case: c, PupilID: pupil, SchoolID: school, Chosen: map[string]bool{}, formOutcome: blankForm()}
	for _, k := range chosen {
		p.Chosen[k] = true
	}
	actor := vios.ActorFromContext(r.Context())
	if c.OwnerUserID != actor.User.ID {
		h.renderError(w, r, vios.Errorf(vios.EFORBIDDEN, "Alleen wie de regie over de casus heeft, draagt het dossier over."))
		return
	}
	var err error
	if p.Schools, err = h.Casework.TransferSchools(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	if school != "" && failure == nil {
		if p.Plan, err = h.Casework.PlanTransfer(r.Context(), m.ID, c.ID, pupil, school); err != nil {
			if h.transferFailed(w, r, m, err) {
				return
			}
			failure, status = err, httpx.ErrorStatus(vios.ErrorCode(err))
		}
		if p.Plan != nil && len(chosen) == 0 {
			for _, it := range p.Plan.Items {
				p.Chosen[it.Key] = it.Allowed
			}
		}
	}
	if failure != nil {
		p.formOutcome = formFailure(failure, map[string]string{"school": "school", "onderdelen": "onderdelen"})
	}
	h.render(w, r, status, "overdracht-voorbereiden", page{Title: "Dossier overdragen", Current: "overdrachten", Data: p})
}

func (h *Handler) sendTransfer(w http.ResponseWriter, r *http.Request) {
	m, ok := h.transferIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	c, pupil, ok := h.transferCase(w, r, m, formValue(r, "leerling"))
	if !ok {
		return
	}
	school, items := formValue(r, "school"), r.PostForm["onderdelen"]
	if _, err := h.Casework.SendTransfer(r.Context(), m.ID, c.ID, pupil, school, items); err != nil {
		if !h.transferFailed(w, r, m, err) {
			h.renderPrepare(w, r, httpx.ErrorStatus(vios.ErrorCode(err)), m, c, pupil, school, items, err)
		}
		return
	}
	http.Redirect(w, r, "/overdrachten/"+m.Slug+"?melding=verzonden", http.StatusSeeOther)
}

// transferFailed answers an error a form cannot show beside its fields
// (not found, not allowed, internal) and reports whether it did.
func (h *Handler) transferFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, err error) bool {
	switch vios.ErrorCode(err) {
	case vios.EINVALID, vios.ECONFLICT:
		return false
	case vios.ENOTFOUND:
		h.lookupFailed(w, r, m, err)
	default:
		h.renderError(w, r, err)
	}
	return true
}
