package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

// The meetlat: the yearly self-assessment of the municipality's approach
// (/meetlat/{gemeente}) and the lighter one of a school
// (/meetlat/{gemeente}/scholen/{school}). Per year a form with the
// evidence beside each question, and a one-page profile (print view and
// tagged PDF, print.go). Who may read or fill in is the store's decision
// (vios.AuthorizeMeetlat); a reader without access hears 404.

func (h *Handler) meetlatRoutes() []httpx.Route {
	routes := []httpx.Route{
		{Method: "GET", Pattern: "/meetlat/{gemeente}", Handler: h.meetlatOverview},
		{Method: "GET", Pattern: "/meetlat/{gemeente}/{jaar}", Handler: h.meetlatForm},
		{Method: "POST", Pattern: "/meetlat/{gemeente}/{jaar}", Handler: h.meetlatSave},
		{Method: "GET", Pattern: "/meetlat/{gemeente}/scholen/{school}", Handler: h.meetlatOverview},
		{Method: "GET", Pattern: "/meetlat/{gemeente}/scholen/{school}/{jaar}", Handler: h.meetlatForm},
		{Method: "POST", Pattern: "/meetlat/{gemeente}/scholen/{school}/{jaar}", Handler: h.meetlatSave},
	}
	routes = append(routes, h.printRoutes("/meetlat/{gemeente}/profiel/{jaar}", "/meetlat/{gemeente}/profiel/{jaar}/meetlat.pdf", h.meetlatProfile)...)
	return append(routes, h.printRoutes("/meetlat/{gemeente}/scholen/{school}/profiel/{jaar}",
		"/meetlat/{gemeente}/scholen/{school}/profiel/{jaar}/meetlat.pdf", h.meetlatProfile)...)
}

// meetlatSubject is whose meetlat a page is about.
type meetlatSubject struct {
	Municipality *vios.Municipality
	SchoolID     string
	Base         string // the overview's path
}

// meetlatSubjectOf reads the subject from the path.
func (h *Handler) meetlatSubjectOf(w http.ResponseWriter, r *http.Request) (*vios.Actor, *meetlatSubject, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	s := &meetlatSubject{Municipality: m, SchoolID: r.PathValue("school"), Base: "/meetlat/" + m.Slug}
	if s.SchoolID != "" {
		s.Base += "/scholen/" + url.PathEscape(s.SchoolID)
	}
	return actor, s, true
}

// year is the path's year; one that is not a year is not found.
func (h *Handler) meetlatYear(w http.ResponseWriter, r *http.Request) (int, bool) {
	year, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil || !vios.MeetlatYearOK(year, h.now()) {
		h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound))
		return 0, false
	}
	return year, true
}

// Path is the path of the subject's meetlat of the year.
func (s *meetlatSubject) Path(year int) string { return s.Base + "/" + strconv.Itoa(year) }

// ProfilePath is the path of the profile of the year.
func (s *meetlatSubject) ProfilePath(year int) string {
	return s.Base + "/profiel/" + strconv.Itoa(year)
}

// scoreText is a score as a page shows it: the number and its label.
func scoreText(n int) string {
	if n == 0 {
		return "–"
	}
	return strconv.Itoa(n) + " – " + vios.MeetlatScoreLabel(n)
}

// subjectName is how a page names the subject.
func subjectName(s *meetlatSubject, m *vios.Meetlat) string {
	if s.SchoolID != "" {
		return m.SchoolName
	}
	return "gemeente " + s.Municipality.Name
}

type meetlatOverviewView struct {
	Subject *meetlatSubject
	Name    string
	Year    int
	Current *vios.Meetlat
	Years   []*vios.Meetlat
	Rows    []meetlatRow
	Schools []*vios.Organisation
}

// meetlatRow is one question of the yearly comparison.
type meetlatRow struct {
	Question vios.MeetlatQuestion
	Scores   []string
}

func (h *Handler) meetlatOverview(w http.ResponseWriter, r *http.Request) {
	actor, s, ok := h.meetlatSubjectOf(w, r)
	if !ok {
		return
	}
	m := s.Municipality
	// A school's staff asking for the municipality's meetlat are sent to
	// their own school's, as the dashboard narrows to their school.
	if s.SchoolID == "" && !actor.HasRole(vios.RoleRegisseur, m.ID) && actor.User != nil {
		for _, ms := range actor.User.Memberships {
			if ms.Role == vios.RoleSchool && ms.MunicipalityID == m.ID && ms.OrganisationID != "" {
				http.Redirect(w, r, s.Base+"/scholen/"+url.PathEscape(ms.OrganisationID), http.StatusSeeOther)
				return
			}
		}
	}
	ctx := r.Context()
	year := h.now().Year()
	current, err := h.Meetlat.Meetlat(ctx, m.ID, s.SchoolID, year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	years, err := h.Meetlat.Meetlats(ctx, m.ID, s.SchoolID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	view := meetlatOverviewView{Subject: s, Name: subjectName(s, current), Year: year, Current: current, Years: years}
	for _, q := range current.Questions() {
		row := meetlatRow{Question: q}
		for _, y := range years {
			row.Scores = append(row.Scores, scoreText(y.Score(q.Code)))
		}
		view.Rows = append(view.Rows, row)
	}
	if s.SchoolID == "" {
		if view.Schools, err = h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool}); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "meetlat", page{Title: "Meetlat " + view.Name, Current: "statistieken", Data: view})
}

type meetlatFormView struct {
	Subject *meetlatSubject
	Name    string
	Meetlat *vios.Meetlat
	Groups  []meetlatGroup
	Scale   []vios.Label
	MayEdit bool
	Notice  string
	formOutcome
}

type meetlatGroup struct {
	Label     string
	Questions []meetlatQuestionView
}

type meetlatQuestionView struct {
	vios.MeetlatQuestion
	Evidence   string
	Score      string
	Reflection string
}

func (h *Handler) meetlatForm(w http.ResponseWriter, r *http.Request) {
	_, s, ok := h.meetlatSubjectOf(w, r)
	if !ok {
		return
	}
	year, ok := h.meetlatYear(w, r)
	if !ok {
		return
	}
	m, err := h.Meetlat.Meetlat(r.Context(), s.Municipality.ID, s.SchoolID, year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	notice := map[string]string{
		"opgeslagen": "De meetlat is als concept opgeslagen. U kunt later verder.",
		"afgerond":   "De meetlat is afgerond. Bekijk hieronder het profiel en de vergelijking met eerdere jaren.",
	}[r.URL.Query().Get("melding")]
	h.renderMeetlatForm(w, r, http.StatusOK, s, m, notice, blankForm())
}

func (h *Handler) renderMeetlatForm(w http.ResponseWriter, r *http.Request, status int, s *meetlatSubject, m *vios.Meetlat, notice string, o formOutcome) {
	evidence, err := h.Meetlat.MeetlatEvidence(r.Context(), s.Municipality.ID, s.SchoolID, m.Year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	actor := vios.ActorFromContext(r.Context())
	view := meetlatFormView{Subject: s, Name: subjectName(s, m), Meetlat: m, Scale: vios.MeetlatScale, Notice: notice, formOutcome: o,
		MayEdit: !m.Completed() && vios.AuthorizeMeetlat(actor, s.Municipality.ID, s.SchoolID, true) == nil}
	for _, g := range vios.MeetlatGroups {
		group := meetlatGroup{Label: g.Label}
		for _, q := range m.Questions() {
			if q.Group != g.Code {
				continue
			}
			a := m.Answers[q.Code]
			v := meetlatQuestionView{MeetlatQuestion: q, Evidence: evidence[q.Code], Reflection: a.Reflection}
			if a.Score > 0 {
				v.Score = strconv.Itoa(a.Score)
			}
			group.Questions = append(group.Questions, v)
		}
		if len(group.Questions) > 0 {
			view.Groups = append(view.Groups, group)
		}
	}
	h.render(w, r, status, "meetlat-form", page{Title: "Meetlat " + strconv.Itoa(m.Year) + " " + view.Name, Current: "statistieken", Data: view})
}

// meetlatAnchors point each field's problem at its form field: a score at
// its first choice.
func meetlatAnchors(m *vios.Meetlat) map[string]string {
	anchors := map[string]string{"toelichting": "toelichting"}
	for _, q := range m.Questions() {
		anchors["score-"+q.Code] = "score-" + q.Code + "-1"
		anchors["toelichting-"+q.Code] = "toelichting-" + q.Code
	}
	return anchors
}

func (h *Handler) meetlatSave(w http.ResponseWriter, r *http.Request) {
	_, s, ok := h.meetlatSubjectOf(w, r)
	if !ok {
		return
	}
	year, ok := h.meetlatYear(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	m, err := h.Meetlat.Meetlat(r.Context(), s.Municipality.ID, s.SchoolID, year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	complete := formValue(r, "afronden") == "ja"
	var v vios.Validation
	vios.ReadMeetlatAnswers(func(key string) string { return formValue(r, key) }, m, complete, &v)
	err = v.Err("De meetlat is niet opgeslagen: verbeter de gemarkeerde antwoorden.")
	if err == nil {
		err = h.Meetlat.SaveMeetlat(r.Context(), m, complete)
	}
	switch code := vios.ErrorCode(err); {
	case err == nil:
	case code == vios.EINVALID || code == vios.ECONFLICT:
		h.renderMeetlatForm(w, r, httpx.ErrorStatus(code), s, m, "", formFailure(err, meetlatAnchors(m)))
		return
	default:
		h.renderError(w, r, err)
		return
	}
	melding := "opgeslagen"
	if complete {
		melding = "afgerond"
	}
	http.Redirect(w, r, s.Path(year)+"?melding="+melding, http.StatusSeeOther)
}

// meetlatProfileView is what the one-page profile shows.
type meetlatProfileView struct {
	Name    string
	Meetlat *vios.Meetlat
	Profile vios.MeetlatProfile
	Groups  []meetlatGroup
}

func (h *Handler) meetlatProfile(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	_, s, ok := h.meetlatSubjectOf(w, r)
	if !ok {
		return nil, false
	}
	year, ok := h.meetlatYear(w, r)
	if !ok {
		return nil, false
	}
	ctx := r.Context()
	m, err := h.Meetlat.Meetlat(ctx, s.Municipality.ID, s.SchoolID, year)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	// Municipalities further along are named only beside a completed
	// meetlat: a draft's scores could be changed again and again to read
	// every other municipality's scores from the list.
	var peers map[string][]vios.MeetlatPeer
	if s.SchoolID == "" && m.Status == vios.MeetlatComplete {
		scores := map[string]int{}
		for _, q := range m.Questions() {
			if n := m.Score(q.Code); n > 0 && n <= vios.MeetlatLow {
				scores[q.Code] = n
			}
		}
		if peers, err = h.Meetlat.MeetlatPeers(ctx, s.Municipality.ID, scores); err != nil {
			h.renderError(w, r, err)
			return nil, false
		}
	}
	view := meetlatProfileView{Name: subjectName(s, m), Meetlat: m, Profile: vios.ComputeMeetlatProfile(m, peers)}
	for _, g := range vios.MeetlatGroups {
		group := meetlatGroup{Label: g.Label}
		for _, q := range m.Questions() {
			if q.Group == g.Code {
				group.Questions = append(group.Questions, meetlatQuestionView{MeetlatQuestion: q, Score: scoreText(m.Score(q.Code))})
			}
		}
		if len(group.Questions) > 0 {
			view.Groups = append(view.Groups, group)
		}
	}
	title := "Meetlat " + strconv.Itoa(year) + " " + view.Name
	doc, err := planPage("meetlat", title, view.Name, view)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	profile := s.ProfilePath(year)
	return &printJob{doc: doc, back: s.Path(year), view: profile, pdf: profile + "/meetlat.pdf", filename: "meetlat.pdf",
		links: []report.Link{{Href: s.Base, Text: "Vergelijking met eerdere jaren"}}}, true
}

func init() {
	funcs["meetlatScoreLabel"] = func(score string) string {
		n, _ := strconv.Atoi(score)
		return vios.MeetlatScoreLabel(n)
	}
}
