package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Custom-support requests (/maatwerk): a school's accounts file and follow
// up their school's requests; the regisseur decides and, with the
// beheerder, sees every request and the totals per school and year. The
// store decides who may; a request the reader may not read does not exist.

func (h *Handler) customRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/maatwerk/{gemeente}", Handler: h.listCustom},
		{Method: "GET", Pattern: "/maatwerk/{gemeente}/nieuw", Handler: h.newCustom},
		{Method: "POST", Pattern: "/maatwerk/{gemeente}/nieuw", Handler: h.createCustom},
		{Method: "GET", Pattern: "/maatwerk/{gemeente}/{id}", Handler: h.showCustom},
		{Method: "POST", Pattern: "/maatwerk/{gemeente}/{id}/besluit", Handler: h.decideCustom},
		{Method: "POST", Pattern: "/maatwerk/{gemeente}/{id}/verslag", Handler: h.reportCustom},
	}
}

func init() {
	funcs["euros"] = vios.Euros
	funcs["customStatusLabel"] = vios.CustomStatusLabel
	funcs["eurosInput"] = func(cents int64) string {
		if cents == 0 {
			return ""
		}
		return vios.Euros(cents)[len("€ "):]
	}
}

// customListPage lists requests; Totals only for the municipality's staff.
type customListPage struct {
	Municipality *vios.Municipality
	Requests     []*vios.CustomRequest
	Totals       []vios.CustomTotals
	MayFile      bool
}

func (h *Handler) listCustom(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	f := vios.CustomFilter{MunicipalityID: m.ID}
	staff := vios.Authorize(actor, vios.ActionViewCustom, vios.Resource{MunicipalityID: m.ID}) == nil
	if !staff {
		f.SchoolID = actor.SchoolIn(m.ID)
	}
	list, err := h.CustomRequests.ListCustomRequests(r.Context(), f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := customListPage{Municipality: m, Requests: list, MayFile: f.SchoolID != ""}
	if staff {
		p.Totals = vios.SumCustom(list)
	}
	h.render(w, r, http.StatusOK, "maatwerk", page{Title: "Maatwerkaanvragen – " + m.Name, Current: "maatwerk", Data: p})
}

// customFormPage is the form for a new request.
type customFormPage struct {
	Municipality *vios.Municipality
	Request      *vios.CustomRequest
	Amount       string // as typed
	formOutcome
}

func (h *Handler) renderCustomForm(w http.ResponseWriter, r *http.Request, status int, p customFormPage) {
	h.render(w, r, status, "maatwerk-form", page{Title: "Nieuwe maatwerkaanvraag – " + p.Municipality.Name, Current: "maatwerk", Data: p})
}

// fileableSchool is the school the actor files for in the path's
// municipality; it answers the refusal itself.
func (h *Handler) fileableSchool(w http.ResponseWriter, r *http.Request) (*vios.Municipality, string, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, "", false
	}
	school := actor.SchoolIn(m.ID)
	if !h.authorize(w, r, vios.ActionRequestCustom, vios.Resource{MunicipalityID: m.ID, SchoolID: school}) {
		return nil, "", false
	}
	return m, school, true
}

func (h *Handler) newCustom(w http.ResponseWriter, r *http.Request) {
	m, school, ok := h.fileableSchool(w, r)
	if !ok {
		return
	}
	h.renderCustomForm(w, r, http.StatusOK, customFormPage{Municipality: m, Request: &vios.CustomRequest{SchoolID: school}, formOutcome: blankForm()})
}

// amountField reads an amount in euros into cents; a mistake goes in v.
func amountField(r *http.Request, name string, v *vios.Validation) int64 {
	s := formValue(r, name)
	if s == "" {
		return 0
	}
	cents, ok := vios.ParseEuros(s)
	v.Check(ok, name, "Vul een bedrag in euro's in, zoals 12500 of 12.500,50.")
	return cents
}

func (h *Handler) createCustom(w http.ResponseWriter, r *http.Request) {
	m, school, ok := h.fileableSchool(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	c := &vios.CustomRequest{MunicipalityID: m.ID, SchoolID: school, Title: formValue(r, "titel"), Description: formValue(r, "omschrijving"),
		Theme: formValue(r, "thema"), RequestedCents: amountField(r, "bedrag", &v),
		PlannedFrom: dateField(r, "vanaf", &v), PlannedUntil: dateField(r, "tot", &v)}
	err := v.Err("De aanvraag is niet volledig of niet juist.")
	if err == nil {
		err = h.CustomRequests.SubmitCustomRequest(r.Context(), c)
	} else {
		err = vios.JoinInvalid("De aanvraag is niet volledig of niet juist.", err, c.Validate())
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderCustomForm(w, r, status, customFormPage{Municipality: m, Request: c, Amount: formValue(r, "bedrag"), formOutcome: formFailure(err, nil)})
		})
		return
	}
	http.Redirect(w, r, "/maatwerk/"+m.Slug+"/"+c.ID+"?melding=ingediend", http.StatusSeeOther)
}

// customPage is one request with the forms its reader may use.
type customPage struct {
	Municipality *vios.Municipality
	Request      *vios.CustomRequest
	MayDecide    bool
	MayReport    bool
	Decisions    []vios.Label
	Decision     vios.CustomDecision
	Report       vios.CustomReport
	Amount       string // as typed
	Notice       string
	formOutcome
}

// pathCustom is the request of the path, in the path's municipality.
func (h *Handler) pathCustom(w http.ResponseWriter, r *http.Request) (*customPage, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, false
	}
	c, err := h.CustomRequests.FindCustomRequest(r.Context(), r.PathValue("id"))
	if err == nil && c.MunicipalityID != m.ID {
		err = vios.Errorf(vios.ENOTFOUND, "Deze maatwerkaanvraag bestaat niet.")
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	res := vios.Resource{MunicipalityID: m.ID, SchoolID: c.SchoolID}
	return &customPage{Municipality: m, Request: c, Decisions: vios.CustomDecisions, formOutcome: blankForm(),
		MayDecide: c.Open() && vios.Authorize(actor, vios.ActionDecideCustom, res) == nil,
		MayReport: c.Running() && vios.Authorize(actor, vios.ActionRequestCustom, res) == nil,
		Report:    vios.CustomReport{Kind: vios.ReportProgress}}, true
}

func (h *Handler) renderCustom(w http.ResponseWriter, r *http.Request, status int, p *customPage) {
	h.render(w, r, status, "maatwerk-aanvraag", page{Title: p.Request.Title + " – Maatwerkaanvragen", Current: "maatwerk", Data: p})
}

var customNotices = map[string]string{
	"ingediend": "De aanvraag is ingediend. De gemeente krijgt er bericht van.",
	"besloten":  "Het besluit is vastgelegd. De school krijgt er bericht van.",
	"verslag":   "Het verslag is opgeslagen.",
}

func (h *Handler) showCustom(w http.ResponseWriter, r *http.Request) {
	p, ok := h.pathCustom(w, r)
	if !ok {
		return
	}
	p.Notice = customNotices[r.URL.Query().Get("melding")]
	h.renderCustom(w, r, http.StatusOK, p)
}

func (h *Handler) decideCustom(w http.ResponseWriter, r *http.Request) {
	h.changeCustom(w, r, "besloten", func(p *customPage, v *vios.Validation) func() error {
		p.Decision = vios.CustomDecision{Outcome: formValue(r, "besluit"), Motivation: formValue(r, "motivering")}
		if p.Decision.Outcome == vios.CustomPartly {
			p.Decision.GrantedCents = amountField(r, "toegekendBedrag", v)
		}
		return func() error { return h.CustomRequests.DecideCustomRequest(r.Context(), p.Request.ID, p.Decision) }
	})
}

func (h *Handler) reportCustom(w http.ResponseWriter, r *http.Request) {
	h.changeCustom(w, r, "verslag", func(p *customPage, v *vios.Validation) func() error {
		p.Report = vios.CustomReport{Kind: formValue(r, "soort"), Text: formValue(r, "verslag")}
		if p.Report.Kind == vios.ReportDone {
			p.Report.SpentCents = amountField(r, "besteed", v)
		}
		return func() error { return h.CustomRequests.ReportCustomRequest(r.Context(), p.Request.ID, p.Report) }
	})
}

// changeCustom reads the form of a decision or report into the page (a
// mistyped amount goes in v) and makes the change read returns, unless
// the amount was wrong.
func (h *Handler) changeCustom(w http.ResponseWriter, r *http.Request, notice string, read func(p *customPage, v *vios.Validation) func() error) {
	p, ok := h.pathCustom(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	change := read(p, &v)
	err := v.Err("Het bedrag is niet juist.")
	if err == nil {
		err = change()
	}
	h.customDone(w, r, p, err, notice)
}

// customDone answers a decision or report: back to the request, or the
// page again with what went wrong.
func (h *Handler) customDone(w http.ResponseWriter, r *http.Request, p *customPage, err error, notice string) {
	if err != nil {
		h.formFailed(w, r, err, func(status int) {
			p.formOutcome, p.Amount = formFailure(err, nil), formValue(r, "toegekendBedrag")+formValue(r, "besteed")
			h.renderCustom(w, r, status, p)
		})
		return
	}
	http.Redirect(w, r, "/maatwerk/"+p.Municipality.Slug+"/"+p.Request.ID+"?melding="+notice, http.StatusSeeOther)
}
