package web

import (
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The national contact point, open to anyone without an account: how to
// begin (the models, the main elements and the municipalities on the
// platform as examples, all read from the platform's own data), the
// meetlat as a self-check that is scored on the page and stored nowhere,
// and the start request, which carries the self-check along only when the
// visitor sends it.

func (h *Handler) startRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/starten", Public: true, Handler: h.startPage},
		{Method: "GET", Pattern: "/starten/zelftest", Public: true, Handler: h.selfCheckForm},
		{Method: "POST", Pattern: "/starten/zelftest", Public: true, Handler: h.selfCheckResult},
		{Method: "GET", Pattern: "/starten/vraag", Public: true, Handler: h.startRequestForm},
		{Method: "POST", Pattern: "/starten/vraag", Public: true, Handler: h.submitStartRequest},
	}
}

// startModel is one of the report's models with the municipalities on the
// platform that follow it and the elements of its namesake's approach.
type startModel struct {
	vios.Label
	Elements       []string
	Municipalities []string
}

// startPageView is /starten.
type startPageView struct {
	Models     []startModel
	Elements   []vios.Label
	Approaches []*vios.Approach
}

func (h *Handler) startPage(w http.ResponseWriter, r *http.Request) {
	list, err := h.Approaches.ListApproaches(r.Context(), vios.ApproachFilter{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	view := startPageView{Elements: vios.Elements[:vios.CoreElementCount], Approaches: list}
	for _, m := range vios.Models {
		if m.Code == "eigen" {
			continue
		}
		model := startModel{Label: m}
		for _, a := range list {
			if a.Model != m.Code {
				continue
			}
			model.Municipalities = append(model.Municipalities, a.Municipality.Name)
			if a.Municipality.Slug == m.Code {
				for _, e := range a.Elements {
					model.Elements = append(model.Elements, vios.ElementLabel(e.Code))
				}
			}
		}
		view.Models = append(view.Models, model)
	}
	h.render(w, r, http.StatusOK, "starten", page{Title: "Starten met een aanpak", Current: "starten", Data: view})
}

// selfCheckView is the self-check: the questions, and after sending the
// profile and the start request form carrying the scores.
type selfCheckView struct {
	Groups  []meetlatGroup
	Scale   []vios.Label
	Scored  bool
	Profile vios.MeetlatProfile
	Request startRequestView
	formOutcome
}

// selfCheckGroups are the municipality's meetlat questions by group, with
// the scores given so far.
func selfCheckGroups(m *vios.Meetlat) []meetlatGroup {
	var groups []meetlatGroup
	for _, g := range vios.MeetlatGroups {
		group := meetlatGroup{Label: g.Label}
		for _, q := range m.Questions() {
			if q.Group != g.Code {
				continue
			}
			v := meetlatQuestionView{MeetlatQuestion: q}
			if s := m.Score(q.Code); s > 0 {
				v.Score = strconv.Itoa(s)
			}
			group.Questions = append(group.Questions, v)
		}
		groups = append(groups, group)
	}
	return groups
}

func (h *Handler) selfCheckForm(w http.ResponseWriter, r *http.Request) {
	m := &vios.Meetlat{}
	h.render(w, r, http.StatusOK, "starten-zelftest", page{Title: "Zelftest – Starten", Current: "starten",
		Data: selfCheckView{Groups: selfCheckGroups(m), Scale: vios.MeetlatScale, formOutcome: blankForm()}})
}

// selfCheckResult scores the answers and shows the profile, as the
// meetlat does, without saving anything; the start request form below
// carries the scores in hidden fields.
func (h *Handler) selfCheckResult(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxStartForm)
	if !h.parseForm(w, r) {
		return
	}
	m := &vios.Meetlat{}
	var v vios.Validation
	vios.ReadMeetlatAnswers(func(key string) string {
		if key == "toelichting" || len(key) > 12 && key[:12] == "toelichting-" {
			return "" // the self-check asks scores only
		}
		return formValue(r, key)
	}, m, true, &v)
	view := selfCheckView{Groups: selfCheckGroups(m), Scale: vios.MeetlatScale, formOutcome: blankForm()}
	if err := v.Err("Geef elke vraag een score; dan ziet u het resultaat."); err != nil {
		view.formOutcome = formFailure(err, meetlatAnchors(m))
		h.render(w, r, http.StatusBadRequest, "starten-zelftest", page{Title: "Zelftest – Starten", Current: "starten", Data: view})
		return
	}
	view.Scored, view.Profile = true, vios.ComputeMeetlatProfile(m, nil)
	view.Request = startRequestView{Request: &vios.StartRequest{OrganisationKind: "gemeente", SelfCheck: scoresOf(m)},
		OrganisationKinds: vios.StartOrganisationKinds, Retention: vios.StartRetentionMonths, formOutcome: blankForm()}
	h.render(w, r, http.StatusOK, "starten-zelftest", page{Title: "Resultaat zelftest – Starten", Current: "starten", Data: view})
}

// scoresOf is the self-check's scores by question code.
func scoresOf(m *vios.Meetlat) map[string]int {
	out := map[string]int{}
	for code, a := range m.Answers {
		if a.Score > 0 {
			out[code] = a.Score
		}
	}
	return out
}
