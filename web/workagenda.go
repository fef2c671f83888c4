package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The yearly work agenda (Rotterdam): the priorities of a year, each with
// the action items of the networks that bring it about and the progress
// counted from them. Everyone with a role in the municipality reads it;
// the regisseur keeps it.

func (h *Handler) workAgendaRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/werkagenda/{gemeente}", Handler: h.currentWorkAgenda},
		{Method: "GET", Pattern: "/werkagenda/{gemeente}/{jaar}", Handler: h.showWorkAgenda},
		{Method: "POST", Pattern: "/werkagenda/{gemeente}/{jaar}/prioriteiten", Handler: h.addWorkPriority},
		{Method: "POST", Pattern: "/werkagenda/{gemeente}/{jaar}/prioriteiten/{id}", Handler: h.updateWorkPriority},
		{Method: "POST", Pattern: "/werkagenda/{gemeente}/{jaar}/prioriteiten/{id}/actiepunten", Handler: h.linkWorkPriorityAction},
		{Method: "POST", Pattern: "/werkagenda/{gemeente}/{jaar}/overnemen", Handler: h.copyWorkPriorities},
	}
}

// Who may read and who may keep the work agenda: every role held in the
// municipality except the national one (the same circle as the sociale
// kaart), and the regisseur (who also keeps the covenants).
const (
	actionReadWorkAgenda = vios.ActionViewDirectory
	actionEditWorkAgenda = vios.ActionEditCovenant
)

// workAgendaFor checks action on the municipality in the path and reads the
// year; it answers the request itself when it cannot go on.
func (h *Handler) workAgendaFor(w http.ResponseWriter, r *http.Request, action vios.Action) (*vios.Municipality, int, bool) {
	m, ok := h.municipalityFor(w, r, action)
	if !ok {
		return nil, 0, false
	}
	year, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil || strconv.Itoa(year) != r.PathValue("jaar") {
		year = 0 // not a year: the same message as a year out of range
	}
	if err := vios.CheckWorkAgendaYear(year, h.now()); err != nil {
		h.renderError(w, r, err)
		return nil, 0, false
	}
	return m, year, true
}

// currentWorkAgenda sends the reader to this year's agenda.
func (h *Handler) currentWorkAgenda(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, actionReadWorkAgenda)
	if !ok {
		return
	}
	http.Redirect(w, r, "/werkagenda/"+m.Slug+"/"+strconv.Itoa(h.today().Year()), http.StatusSeeOther)
}

// workAgendaPage is the data of the page of one year.
type workAgendaPage struct {
	Municipality *vios.Municipality
	Year         int
	PrevYear     int // 0 when there is no earlier agenda
	NextYear     int // 0 when the next year cannot be kept yet
	Progress     vios.Progress
	Priorities   []priorityView
	MayEdit      bool
	// CopyCount is how many unfinished priorities of the previous year the
	// regisseur can take over into this empty year.
	CopyCount int
	Draft     priorityForm // the form that adds a priority
	Notice    string
	formOutcome
}

// priorityView is one priority as the page shows it.
type priorityView struct {
	Priority    *vios.Priority
	Anchor      string // "p-" + id: the prefix of its ids
	StatusLabel string
	Progress    vios.Progress
	Table       actionTableData
	Form        priorityForm // its change form
	Version     string
	OpenForm    bool // its change form failed: show it open
	Candidates  []*vios.ActionItem
}

var workAgendaNotices = map[string]string{
	"toegevoegd":  "De prioriteit staat op de werkagenda.",
	"gewijzigd":   "De prioriteit is gewijzigd.",
	"gekoppeld":   "Het actiepunt is aan de prioriteit gekoppeld; de voortgang telt het mee.",
	"overgenomen": "De onafgeronde prioriteiten van het vorige jaar zijn overgenomen, met hun openstaande actiepunten.",
}

// priorityForm is the data of the fields of a form that adds or changes a
// priority. Prefix starts the id of every field ("nieuw-", "p-{id}-"), so
// several forms fit on one page.
type priorityForm struct {
	Prefix        string
	Priority      *vios.Priority // the values shown
	Statuses      []vios.Label
	AskReason     bool
	Organisations []*vios.Organisation
	Fields        map[string]string
}

// priorityFields are the fields of the priority forms, as vios.Priority
// names them in its errors.
var priorityFields = []string{"titel", "omschrijving", "eigenaar", "doel", "status", "reden", "actiepunt"}

// agendaFailure is a form of the page that was refused: the error, the
// form (a priority's id, or "" for the form that adds one) and what was typed.
type agendaFailure struct {
	err        error
	priorityID string
	posted     *vios.Priority
}

// agendaFailed answers a work agenda form that could not be saved: the
// agenda again, with the failure at its form.
func (h *Handler) agendaFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, year int, f *agendaFailure) {
	h.formFailed(w, r, f.err, func(status int) { h.renderWorkAgenda(w, r, status, m, year, f) })
}

func (h *Handler) showWorkAgenda(w http.ResponseWriter, r *http.Request) {
	m, year, ok := h.workAgendaFor(w, r, actionReadWorkAgenda)
	if !ok {
		return
	}
	h.renderWorkAgenda(w, r, http.StatusOK, m, year, nil)
}

func (h *Handler) renderWorkAgenda(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, year int, failed *agendaFailure) {
	ctx := r.Context()
	agenda, err := h.WorkAgenda.WorkAgenda(ctx, m.ID, year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	today := h.today()
	p := workAgendaPage{Municipality: m, Year: year, Progress: agenda.Progress(today), formOutcome: blankForm(),
		MayEdit: vios.Authorize(vios.ActorFromContext(ctx), actionEditWorkAgenda, vios.Resource{MunicipalityID: m.ID}) == nil,
		Notice:  workAgendaNotices[r.URL.Query().Get("melding")]}
	if year > vios.FirstWorkAgendaYear {
		p.PrevYear = year - 1
	}
	if vios.CheckWorkAgendaYear(year+1, h.now()) == nil {
		p.NextYear = year + 1
	}
	var open []*vios.ActionItem
	var orgs []*vios.Organisation
	if p.MayEdit {
		if orgs, err = h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID}); err != nil {
			h.renderError(w, r, err)
			return
		}
		if open, err = h.Networks.ListActions(ctx, vios.ActionFilter{MunicipalityID: m.ID, OpenOnly: true}); err != nil {
			h.renderError(w, r, err)
			return
		}
		if len(agenda.Priorities) == 0 && p.PrevYear != 0 {
			previous, err := h.WorkAgenda.WorkAgenda(ctx, m.ID, p.PrevYear)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			p.CopyCount = len(previous.Unfinished())
		}
	}
	if failed != nil {
		p.Error = vios.ErrorMessage(failed.err)
		prefix := "nieuw-"
		if failed.priorityID != "" {
			prefix = "p-" + failed.priorityID + "-"
		}
		p.Fields, p.Problems = prefixedErrors(failed.err, prefix)
	}
	draft := &vios.Priority{Status: vios.PriorityPlanned}
	if failed != nil && failed.priorityID == "" && failed.posted != nil {
		draft = failed.posted
	}
	// A new priority is planned or running; only a change can stop one.
	p.Draft = priorityForm{Prefix: "nieuw-", Priority: draft, Statuses: vios.PriorityStatuses[:2], Organisations: orgs, Fields: p.Fields}
	for _, pr := range agenda.Priorities {
		v := priorityView{Priority: pr, Anchor: "p-" + pr.ID, StatusLabel: vios.PriorityStatusLabel(pr.Status), Progress: pr.Progress(today),
			Version: pr.UpdatedAt.Format(time.RFC3339Nano),
			Form: priorityForm{Prefix: "p-" + pr.ID + "-", Priority: pr, Statuses: vios.PriorityStatuses, AskReason: true,
				Organisations: orgs, Fields: p.Fields},
			Table: actionTableData{ID: "p-" + pr.ID + "-acties", Caption: "Actiepunten bij " + pr.Title, Actions: pr.Actions,
				Today: today, ShowNetwork: true, Slug: m.Slug}}
		if failed != nil && failed.priorityID == pr.ID && failed.posted != nil {
			// Its change form failed: open, with what was typed.
			v.OpenForm, v.Form.Priority = true, failed.posted
		}
		linked := map[string]bool{}
		for _, a := range pr.Actions {
			linked[a.ID] = true
		}
		for _, a := range open {
			if !linked[a.ID] {
				v.Candidates = append(v.Candidates, a)
			}
		}
		p.Priorities = append(p.Priorities, v)
	}
	title := "Werkagenda " + strconv.Itoa(year) + " – " + m.Name
	h.render(w, r, status, "werkagenda", page{Title: title, Current: "netwerken", Data: p})
}

// prefixedErrors is formErrors for one of several forms on a page: the
// fields and their anchors carry the form's prefix, so every id is unique.
func prefixedErrors(err error, prefix string) (map[string]string, []formProblem) {
	anchors := map[string]string{}
	for _, f := range priorityFields {
		anchors[f] = prefix + f
	}
	fields, problems := formErrors(err, anchors)
	out := map[string]string{}
	for name, message := range fields {
		out[prefix+name] = message
	}
	return out, problems
}

// priorityFromForm reads the fields of the add and change forms.
func priorityFromForm(r *http.Request, p *vios.Priority) {
	p.Title, p.Description, p.Target = formValue(r, "titel"), formValue(r, "omschrijving"), formValue(r, "doel")
	p.OwnerOrganisationID, p.Status, p.StopReason = formValue(r, "eigenaar"), formValue(r, "status"), formValue(r, "reden")
}

func workAgendaPath(m *vios.Municipality, year int) string {
	return "/werkagenda/" + m.Slug + "/" + strconv.Itoa(year)
}

func (h *Handler) addWorkPriority(w http.ResponseWriter, r *http.Request) {
	m, year, ok := h.workAgendaFor(w, r, actionEditWorkAgenda)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := &vios.Priority{MunicipalityID: m.ID, Year: year}
	priorityFromForm(r, p)
	if err := h.WorkAgenda.AddPriority(r.Context(), p); err != nil {
		h.agendaFailed(w, r, m, year, &agendaFailure{err: err, posted: p})
		return
	}
	http.Redirect(w, r, workAgendaPath(m, year)+"?melding=toegevoegd#p-"+p.ID, http.StatusSeeOther)
}

// priorityIn loads the priority in the path for a form that edits it, after
// the agenda it stands on; one of another year or another municipality does
// not exist here.
func (h *Handler) priorityIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, int, *vios.Priority, bool) {
	m, year, ok := h.workAgendaFor(w, r, actionEditWorkAgenda)
	if !ok || !h.parseForm(w, r) {
		return nil, 0, nil, false
	}
	p, err := h.WorkAgenda.FindPriority(r.Context(), m.ID, r.PathValue("id"))
	if err == nil && p.Year != year {
		err = vios.Errorf(vios.ENOTFOUND, "Deze prioriteit staat niet op de werkagenda van %d.", year)
	}
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, 0, nil, false
	}
	return m, year, p, true
}

func (h *Handler) updateWorkPriority(w http.ResponseWriter, r *http.Request) {
	m, year, current, ok := h.priorityIn(w, r)
	if !ok {
		return
	}
	basedOn := formVersion(r)
	p := &vios.Priority{ID: current.ID, MunicipalityID: m.ID, Year: year}
	priorityFromForm(r, p)
	if err := h.WorkAgenda.UpdatePriority(r.Context(), p, basedOn); err != nil {
		h.agendaFailed(w, r, m, year, &agendaFailure{err: err, priorityID: current.ID, posted: p})
		return
	}
	http.Redirect(w, r, workAgendaPath(m, year)+"?melding=gewijzigd#p-"+p.ID, http.StatusSeeOther)
}

func (h *Handler) linkWorkPriorityAction(w http.ResponseWriter, r *http.Request) {
	m, year, p, ok := h.priorityIn(w, r)
	if !ok {
		return
	}
	if err := h.WorkAgenda.LinkPriorityAction(r.Context(), m.ID, p.ID, formValue(r, "actiepunt")); err != nil {
		h.agendaFailed(w, r, m, year, &agendaFailure{err: err, priorityID: p.ID})
		return
	}
	http.Redirect(w, r, workAgendaPath(m, year)+"?melding=gekoppeld#p-"+p.ID, http.StatusSeeOther)
}

func (h *Handler) copyWorkPriorities(w http.ResponseWriter, r *http.Request) {
	m, year, ok := h.workAgendaFor(w, r, actionEditWorkAgenda)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if _, err := h.WorkAgenda.CopyUnfinishedPriorities(r.Context(), m.ID, year); err != nil {
		h.agendaFailed(w, r, m, year, &agendaFailure{err: err})
		return
	}
	http.Redirect(w, r, workAgendaPath(m, year)+"?melding=overgenomen", http.StatusSeeOther)
}
