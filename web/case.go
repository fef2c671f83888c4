package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Cases: a signal about a pupil made into a case, with its plan, owner,
// review date, route of referrals, actions and notes; what the reader sees
// of the pupil (and of the free texts) follows from the sharing clause.
// The store decides who may change what; the pages show only the forms
// the reader may use.

func (h *Handler) caseRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/casussen/{gemeente}", Handler: h.listCases},
		{Method: "GET", Pattern: "/casussen/{gemeente}/{id}", Handler: h.showCase},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/plan", Handler: h.updateCase},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/notities", Handler: h.addCaseNote},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/verwijzingen", Handler: h.createReferral},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/verwijzingen/{verwijzing}", Handler: h.updateReferral},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/actiepunten", Handler: h.addCaseAction},
		{Method: "POST", Pattern: "/casussen/{gemeente}/{id}/sluiten", Handler: h.closeCase},
		{Method: "GET", Pattern: "/signalen/{gemeente}/{id}/casus", Handler: h.newCaseForm},
		{Method: "POST", Pattern: "/signalen/{gemeente}/{id}/casus", Handler: h.createCase},
	}
}

type caseListPage struct {
	Municipality *vios.Municipality
	Cases        []caseRow
	Page         vios.Page
	Networks     []*vios.Network
	Filter       vios.CaseFilter
	Statuses     []vios.Label
	Today        time.Time
	Prev, Next   string
}

// caseRow is a case in the list with the worry about its route, if any.
type caseRow struct {
	*vios.Case
	Warning string
}

func (h *Handler) listCases(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := vios.CaseFilter{MunicipalityID: m.ID, NetworkID: q.Get("netwerk"), Status: q.Get("status"), Limit: 50, Count: true}
	if !q.Has("status") {
		f.Status = vios.CaseOpen
	}
	if f.Cursor, ok = h.pageCursor(w, r); !ok {
		return
	}
	list, pg, err := h.Casework.ListCases(r.Context(), f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	networks, _ := h.memberNetworks(r, actor, m.ID)
	rows := make([]caseRow, len(list))
	for i, c := range list {
		rows[i] = caseRow{Case: c, Warning: strings.Join(c.RouteWarnings(), " ")}
	}
	p := caseListPage{Municipality: m, Cases: rows, Page: pg, Networks: networks, Filter: f, Statuses: vios.CaseStatuses, Today: h.today()}
	v := url.Values{"status": {f.Status}}
	if f.NetworkID != "" {
		v.Set("netwerk", f.NetworkID)
	}
	p.Prev, p.Next = pageLinks("/casussen/"+m.Slug, v, pg)
	h.render(w, r, http.StatusOK, "cases", page{Title: "Casussen in " + m.Name, Current: "signalen", Data: p})
}

// caseForm is what the reader typed in one of the case page's forms, kept
// when it could not be saved.
type caseForm struct {
	Plan, Owner, ReviewDays string
	Note                    string
	Table, ReferralNote     string
	ReferralPupil           string
	Referral                string // the referral whose status form failed
	Status, Outcome, Update string
	ActionTitle             string
	ActionOwner, ActionDue  string
	CloseOutcome, Reason    string
}

type casePage struct {
	Municipality *vios.Municipality
	Case         *vios.Case
	Version      string
	Today        time.Time
	// Members are the current members: owners of the case and its actions.
	Members   []vios.NetworkMember
	MayDirect bool // plan, owner, actions, closing
	// MayTransfer: the owner, at a school, may hand the file to the next school.
	MayTransfer bool
	MayWork     bool // notes and referrals
	// Routes are the pupils' routes, one per pupil of the case.
	Routes    []vios.PupilRoute
	ReviewDue bool
	Tables    []vios.Label
	Statuses  []vios.Label
	Outcomes  []vios.Label
	Notice    string
	formOutcome
	Form caseForm
	// Failed names the form that could not be saved, whose disclosure
	// opens again ("plan", "verwijzing", "ref-<id>", "actie", "sluiten").
	Failed string
}

var caseNotices = map[string]string{
	"gemaakt":    "De casus is gemaakt.",
	"plan":       "Het plan is opgeslagen.",
	"notitie":    "De notitie is opgeslagen.",
	"verwijzing": "De verwijzing is opgeslagen.",
	"status":     "De status van de verwijzing is bijgewerkt.",
	"actiepunt":  "Het actiepunt is vastgelegd.",
	"gesloten":   "De casus is gesloten.",
}

func (h *Handler) showCase(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	c, err := h.Casework.FindCase(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	h.renderCase(w, r, http.StatusOK, m, c, nil, "", caseForm{})
}

// renderCase shows the case page; err puts the problems of the form named
// form above it and beside its fields, with what was typed in typed.
func (h *Handler) renderCase(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, c *vios.Case, err error, form string, typed caseForm) {
	actor := vios.ActorFromContext(r.Context())
	today := h.today()
	p := casePage{Municipality: m, Case: c, Version: c.UpdatedAt.Format(time.RFC3339Nano), Today: today,
		Routes: c.Routes(), ReviewDue: c.Status == vios.CaseOpen && !c.NextReviewOn.After(today),
		Tables: vios.ReferralTables, Statuses: vios.ReferralStatuses[1:], Outcomes: vios.CaseOutcomes,
		Notice: caseNotices[r.URL.Query().Get("melding")], formOutcome: blankForm(), Form: typed}
	n, nerr := h.Networks.FindNetwork(r.Context(), m.ID, c.NetworkID)
	if nerr != nil {
		h.renderError(w, r, nerr)
		return
	}
	if c.Status == vios.CaseOpen {
		res := n.Resource(actor, today)
		res.OwnerUserID = c.OwnerUserID
		p.MayDirect = vios.Authorize(actor, vios.ActionDirectCase, res) == nil
		p.MayWork = p.MayDirect || vios.Authorize(actor, vios.ActionEnterSignal, res) == nil
		p.MayTransfer = c.OwnerUserID == actor.User.ID && vios.Authorize(actor, vios.ActionTransfer, vios.Resource{MunicipalityID: m.ID}) == nil
	}
	seen := map[string]bool{}
	for _, mem := range n.Members {
		if mem.ActiveOn(today) && !seen[mem.UserID] {
			seen[mem.UserID] = true
			p.Members = append(p.Members, mem)
		}
	}
	if err == nil {
		p.Form = caseForm{Plan: c.Plan, Owner: c.OwnerUserID, ReviewDays: strconv.Itoa(c.ReviewEveryDays)}
	} else {
		p.Error, p.Failed = vios.ErrorMessage(err), form
		p.Fields, p.Problems = formFields(err, form)
		// The forms not sent show the case as it is.
		if form != "plan" {
			p.Form.Plan, p.Form.Owner, p.Form.ReviewDays = c.Plan, c.OwnerUserID, strconv.Itoa(c.ReviewEveryDays)
		}
	}
	h.render(w, r, status, "case", page{Title: "Casus " + c.Code, Current: "signalen", Data: p,
		Attachments: h.attachments(r, m, vios.OwnerCase, c.ID, p.MayWork)})
}

// formFields keys the field errors of err by the form they came from
// ("plan-regiehouder"), so each of the page's forms shows only its own, and
// links the summary to those fields.
func formFields(err error, form string) (map[string]string, []formProblem) {
	anchors := map[string]string{}
	for _, fe := range vios.ErrorFields(err) {
		anchors[fe.Field] = form + "-" + fe.Field
	}
	fields, problems := formErrors(err, anchors)
	out := map[string]string{}
	for k, v := range fields {
		out[form+"-"+k] = v
	}
	return out, problems
}

// caseFormFailed answers a case form that could not be saved: the page
// again, with the problems and what was typed (400 or 409).
func (h *Handler) caseFormFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, id string, err error, form string, typed caseForm) {
	c, ferr := h.Casework.FindCase(r.Context(), m.ID, id)
	if ferr != nil {
		h.lookupFailed(w, r, m, ferr)
		return
	}
	h.formFailed(w, r, err, func(status int) { h.renderCase(w, r, status, m, c, err, form, typed) })
}

// caseDone redirects back to the case with a notice at an anchor.
func caseDone(w http.ResponseWriter, r *http.Request, m *vios.Municipality, id, notice, anchor string) {
	http.Redirect(w, r, "/casussen/"+m.Slug+"/"+id+"?melding="+notice+"#"+anchor, http.StatusSeeOther)
}

// changeCase runs one form of the case page on the case in the path. change
// saves what was typed and returns it with the form's name; on success the
// reader goes back to the case with notice at anchor, on failure sees the
// page again with the typing kept.
func (h *Handler) changeCase(w http.ResponseWriter, r *http.Request, notice, anchor string,
	change func(m *vios.Municipality, id string) (form string, typed caseForm, err error)) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if form, typed, err := change(m, id); err != nil {
		h.caseFormFailed(w, r, m, id, err, form, typed)
		return
	}
	caseDone(w, r, m, id, notice, anchor)
}

func (h *Handler) updateCase(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "plan", "plan", func(m *vios.Municipality, id string) (string, caseForm, error) {
		typed := caseForm{Plan: strings.TrimSpace(r.PostFormValue("plan")), Owner: formValue(r, "regiehouder"), ReviewDays: formValue(r, "evaluatie")}
		c := &vios.Case{ID: id, MunicipalityID: m.ID, Plan: typed.Plan, OwnerUserID: typed.Owner}
		var err error
		if c.ReviewEveryDays, err = strconv.Atoi(typed.ReviewDays); err != nil {
			return "plan", typed, vios.Invalid("evaluatie", "Vul het aantal dagen in als getal.", "De casus is niet gewijzigd.")
		}
		return "plan", typed, h.Casework.UpdateCase(r.Context(), c, formVersion(r))
	})
}

func (h *Handler) addCaseNote(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "notitie", "notities", func(m *vios.Municipality, id string) (string, caseForm, error) {
		note := strings.TrimSpace(r.PostFormValue("notitie"))
		return "notitie", caseForm{Note: note}, h.Casework.AddCaseNote(r.Context(), m.ID, id, note)
	})
}

func (h *Handler) createReferral(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "verwijzing", "route", func(m *vios.Municipality, id string) (string, caseForm, error) {
		ref := &vios.Referral{MunicipalityID: m.ID, CaseID: id, PupilID: formValue(r, "leerling"), Table: formValue(r, "tafel"),
			Note: formValue(r, "toelichting")}
		_, err := h.Casework.CreateReferral(r.Context(), ref)
		return "verwijzing", caseForm{Table: ref.Table, ReferralNote: ref.Note, ReferralPupil: ref.PupilID}, err
	})
}

func (h *Handler) updateReferral(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "status", "route", func(m *vios.Municipality, id string) (string, caseForm, error) {
		ref := r.PathValue("verwijzing")
		typed := caseForm{Referral: ref, Status: formValue(r, "status"), Outcome: formValue(r, "uitkomst"), Update: formValue(r, "toelichting")}
		return "ref-" + ref, typed, h.Casework.UpdateReferral(r.Context(), m.ID, ref, typed.Status, typed.Outcome, typed.Update, formVersion(r))
	})
}

func (h *Handler) addCaseAction(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "actiepunt", "acties", func(m *vios.Municipality, id string) (string, caseForm, error) {
		typed := caseForm{ActionTitle: formValue(r, "wat"), ActionOwner: formValue(r, "eigenaar"), ActionDue: formValue(r, "deadline")}
		a := &vios.ActionItem{Title: typed.ActionTitle, OwnerUserID: typed.ActionOwner}
		if typed.ActionDue != "" {
			var err error
			if a.DueOn, err = time.Parse(time.DateOnly, typed.ActionDue); err != nil {
				return "actie", typed, vios.Invalid("deadline", "Vul de deadline in als datum.", "Het actiepunt is niet volledig of niet juist.")
			}
		}
		return "actie", typed, h.Casework.AddCaseAction(r.Context(), m.ID, id, a)
	})
}

func (h *Handler) closeCase(w http.ResponseWriter, r *http.Request) {
	h.changeCase(w, r, "gesloten", "casus", func(m *vios.Municipality, id string) (string, caseForm, error) {
		typed := caseForm{CloseOutcome: formValue(r, "uitkomst"), Reason: formValue(r, "reden")}
		return "sluiten", typed, h.Casework.CloseCase(r.Context(), m.ID, id, typed.CloseOutcome, typed.Reason, formVersion(r))
	})
}

// newCasePage is the form that makes a case of a signal.
type newCasePage struct {
	Municipality *vios.Municipality
	Signal       *vios.Signal
	Members      []vios.NetworkMember
	Owner        string
	Plan         string
	ReviewDays   string
	formOutcome
}

// signalToDirect loads the signal in the path and its network, and checks
// the actor may make a case of it (the chair, the secretary, the regisseur).
func (h *Handler) signalToDirect(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.Signal, *vios.Network, bool) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	s, err := h.Casework.FindSignal(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, nil, false
	}
	n, err := h.Networks.FindNetwork(r.Context(), m.ID, s.NetworkID)
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, nil, false
	}
	return m, s, n, h.authorize(w, r, vios.ActionDirectCase, n.Resource(actor, h.today()))
}

func (h *Handler) newCaseForm(w http.ResponseWriter, r *http.Request) {
	m, s, n, ok := h.signalToDirect(w, r)
	if !ok {
		return
	}
	if s.CaseID != "" {
		http.Redirect(w, r, "/casussen/"+m.Slug+"/"+s.CaseID, http.StatusSeeOther)
		return
	}
	h.renderNewCase(w, r, http.StatusOK, m, s, n, newCasePage{ReviewDays: strconv.Itoa(vios.DefaultReviewDays)}, nil)
}

func (h *Handler) renderNewCase(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, s *vios.Signal, n *vios.Network, p newCasePage, err error) {
	p.Municipality, p.Signal, p.Fields = m, s, map[string]string{}
	seen := map[string]bool{}
	for _, mem := range n.Members {
		if mem.ActiveOn(h.today()) && !seen[mem.UserID] {
			seen[mem.UserID] = true
			p.Members = append(p.Members, mem)
		}
	}
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"regiehouder": "regiehouder", "plan": "plan", "evaluatie": "evaluatie", "signaal": ""})
	}
	h.render(w, r, status, "case_new", page{Title: "Casus maken van " + s.Code, Current: "signalen", Data: p})
}

func (h *Handler) createCase(w http.ResponseWriter, r *http.Request) {
	m, s, n, ok := h.signalToDirect(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := newCasePage{Owner: formValue(r, "regiehouder"), Plan: strings.TrimSpace(r.PostFormValue("plan")), ReviewDays: formValue(r, "evaluatie")}
	c := &vios.Case{MunicipalityID: m.ID, SignalID: s.ID, OwnerUserID: p.Owner, Plan: p.Plan}
	var err error
	if p.ReviewDays != "" {
		if c.ReviewEveryDays, err = strconv.Atoi(p.ReviewDays); err != nil {
			err = vios.Invalid("evaluatie", "Vul het aantal dagen in als getal.", "De casus is niet volledig of niet juist; er is niets opgeslagen.")
		}
	}
	if err == nil {
		_, err = h.Casework.CreateCase(r.Context(), c)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNewCase(w, r, status, m, s, n, p, err) })
		return
	}
	http.Redirect(w, r, "/casussen/"+m.Slug+"/"+c.ID+"?melding=gemaakt", http.StatusSeeOther)
}
