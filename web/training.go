package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Trainings: the platform-wide catalogue with what the participants say
// of each (only above the threshold), the sessions of a municipality's
// schools, and the anonymous questionnaire a one-time link opens. The store
// decides who reads and writes what.

func (h *Handler) trainingRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/trainingen", Handler: h.listTrainings},
		{Method: "GET", Pattern: "/trainingen/nieuw", Handler: h.newTraining},
		{Method: "POST", Pattern: "/trainingen/nieuw", Handler: h.createTraining},
		{Method: "GET", Pattern: "/trainingen/{id}", Handler: h.showTraining},
		{Method: "GET", Pattern: "/trainingssessies/{gemeente}", Handler: h.listTrainingSessions},
		{Method: "POST", Pattern: "/trainingssessies/{gemeente}", Handler: h.recordTrainingSession},
		{Method: "GET", Pattern: "/evaluatie/{token}", Public: true, Handler: h.evaluationForm},
		{Method: "POST", Pattern: "/evaluatie/{token}", Public: true, Handler: h.submitEvaluation},
	}
}

// trainingListPage is the catalogue with its filter.
type trainingListPage struct {
	Filter    vios.TrainingFilter
	Trainings []*vios.Training
	Writer    bool // may add an entry, for the platform or a municipality
	Sessions  []*vios.Municipality
	Error     string
}

func (h *Handler) listTrainings(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	p := trainingListPage{Filter: vios.TrainingFilter{Theme: q.Get("thema"), SchoolType: q.Get("schooltype")}}
	status := http.StatusOK
	list, err := h.Trainings.ListTrainings(r.Context(), p.Filter)
	switch {
	case vios.ErrorCode(err) == vios.EINVALID:
		status, p.Error = http.StatusBadRequest, vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			p.Error += " " + f.Message
		}
	case err != nil:
		h.renderError(w, r, err)
		return
	}
	p.Trainings = list
	writable, err := h.trainingWritable(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Writer = len(writable) > 0
	all, err := h.Organisations.ListMunicipalities(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, m := range all {
		if vios.Authorize(actor, vios.ActionTrainingSessions, vios.Resource{MunicipalityID: m.ID}) == nil {
			p.Sessions = append(p.Sessions, m)
		}
	}
	h.render(w, r, status, "trainingen", page{Title: "Trainingen", Current: "trainingen", Data: p})
}

// trainingWritable are the places the actor adds entries for: Code "" for
// the platform (the landelijk role), else a municipality's slug.
func (h *Handler) trainingWritable(r *http.Request) ([]vios.Label, error) {
	actor := vios.ActorFromContext(r.Context())
	var out []vios.Label
	if vios.Authorize(actor, vios.ActionEditTraining, vios.Resource{}) == nil {
		out = append(out, vios.Label{Code: "", Label: "Landelijk (het hele platform)"})
	}
	all, err := h.Organisations.ListMunicipalities(r.Context())
	for _, m := range all {
		if vios.Authorize(actor, vios.ActionEditTraining, vios.Resource{MunicipalityID: m.ID}) == nil {
			out = append(out, vios.Label{Code: m.Slug, Label: "Gemeente " + m.Name})
		}
	}
	return out, err
}

func (h *Handler) showTraining(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	t, err := h.Trainings.FindTraining(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "training", page{Title: t.Title + " – Trainingen", Current: "trainingen", Data: struct {
		Training *vios.Training
		Notice   string
	}{t, map[string]string{"opgeslagen": "De training staat in de catalogus."}[r.URL.Query().Get("melding")]}})
}

// trainingFormPage is the form to add an entry.
type trainingFormPage struct {
	Training   *vios.Training
	For        string // the slug it is added for, "" for the platform
	Places     []vios.Label
	Statements string
	formOutcome
}

func (h *Handler) renderTrainingForm(w http.ResponseWriter, r *http.Request, status int, p trainingFormPage) {
	h.render(w, r, status, "training-form", page{Title: "Nieuwe training – Trainingen", Current: "trainingen", Data: p})
}

func (h *Handler) newTraining(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	places, err := h.trainingWritable(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if len(places) == 0 {
		// Nobody to write for: the refusal, recorded.
		h.authorize(w, r, vios.ActionEditTraining, vios.Resource{})
		return
	}
	h.renderTrainingForm(w, r, http.StatusOK, trainingFormPage{Training: &vios.Training{Kind: "training"}, For: places[0].Code, Places: places,
		formOutcome: blankForm()})
}

func (h *Handler) createTraining(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok || !h.parseForm(w, r) {
		return
	}
	t := &vios.Training{Kind: formValue(r, "soort"), Title: formValue(r, "titel"), Provider: formValue(r, "aanbieder"),
		TargetGroup: formValue(r, "doelgroep"), Duration: formValue(r, "duur"), Cost: formValue(r, "kosten"),
		Description: formValue(r, "beschrijving"), Themes: r.PostForm["themas"], SchoolTypes: r.PostForm["schooltypen"],
		Statements: splitLines(formValue(r, "stellingen")), NoNameConfirmed: formValue(r, "geenNaam") == "ja"}
	places, err := h.trainingWritable(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	slug := formValue(r, "namens")
	if _, chosen := r.PostForm["namens"]; !chosen && len(places) > 0 {
		// As the form does: the first place the actor writes for.
		slug = places[0].Code
	}
	if slug != "" {
		m, err := h.Organisations.FindMunicipalityBySlug(r.Context(), slug)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		t.MunicipalityID = m.ID
	}
	if err := h.Trainings.CreateTraining(r.Context(), t); err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderTrainingForm(w, r, status, trainingFormPage{Training: t, For: slug, Places: places, Statements: formValue(r, "stellingen"),
				formOutcome: formFailure(err, nil)})
		})
		return
	}
	http.Redirect(w, r, "/trainingen/"+t.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

// splitLines is the non-empty lines of text.
func splitLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// trainingSessionsPage lists a municipality's sessions with the form to
// record one.
type trainingSessionsPage struct {
	Municipality *vios.Municipality
	Sessions     []*vios.TrainingSession
	Trainings    []*vios.Training
	Schools      []*vios.Organisation
	Session      *vios.TrainingSession
	HeldOn       string
	Emails       string
	Notice       string
	formOutcome
}

func (h *Handler) renderTrainingSessions(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, p trainingSessionsPage) {
	var err error
	p.Municipality = m
	if p.Sessions, err = h.Trainings.ListTrainingSessions(r.Context(), m.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	if p.Trainings, err = h.Trainings.ListTrainings(r.Context(), vios.TrainingFilter{}); err != nil {
		h.renderError(w, r, err)
		return
	}
	schools, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	own := vios.SchoolOf(vios.ActorFromContext(r.Context()), m.ID)
	for _, s := range schools {
		if own == "" || s.ID == own {
			p.Schools = append(p.Schools, s)
		}
	}
	h.render(w, r, status, "trainingssessies", page{Title: "Trainingssessies – " + m.Name, Current: "trainingen", Data: p})
}

func (h *Handler) listTrainingSessions(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.authorize(w, r, vios.ActionTrainingSessions, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	h.renderTrainingSessions(w, r, http.StatusOK, m, trainingSessionsPage{Session: &vios.TrainingSession{}, formOutcome: blankForm(),
		Notice: map[string]string{"vastgelegd": "De sessie is vastgelegd. De deelnemers krijgen de vragenlijst per e-mail."}[r.URL.Query().Get("melding")]})
}

func (h *Handler) recordTrainingSession(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.authorize(w, r, vios.ActionTrainingSessions, vios.Resource{MunicipalityID: m.ID}) || !h.parseForm(w, r) {
		return
	}
	s := &vios.TrainingSession{MunicipalityID: m.ID, TrainingID: formValue(r, "training"), SchoolID: formValue(r, "school"),
		Trainer: formValue(r, "trainer"), Emails: vios.SplitEmails(formValue(r, "emailadressen"))}
	s.Participants, _ = strconv.Atoi(formValue(r, "deelnemers"))
	s.HeldOn, _ = time.Parse(time.DateOnly, formValue(r, "datum"))
	emails := formValue(r, "emailadressen")
	if err := h.Trainings.RecordTrainingSession(r.Context(), s); err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderTrainingSessions(w, r, status, m, trainingSessionsPage{Session: s, HeldOn: formValue(r, "datum"), Emails: emails,
				formOutcome: formFailure(err, nil)})
		})
		return
	}
	http.Redirect(w, r, "/trainingssessies/"+m.Slug+"?melding=vastgelegd", http.StatusSeeOther)
}
