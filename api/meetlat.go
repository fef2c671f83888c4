package api

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The meetlat as data: /api/v1/meetlatten (the subject's meetlats, all
// years) and /api/v1/meetlatten/{jaar} (one, with the evidence; PUT saves
// the answers or completes it). The subject is the municipality `gemeente`
// or, with `school`, that school; access as on the pages
// (vios.AuthorizeMeetlat): who may not, hears 404.

func (h *Handler) meetlatRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/meetlatten", Handler: h.requireToken("lezen", h.listMeetlats)},
		{Method: "GET", Pattern: Prefix + "/meetlatten/{jaar}", Handler: h.requireToken("lezen", h.getMeetlat)},
		{Method: "PUT", Pattern: Prefix + "/meetlatten/{jaar}", Handler: h.requireToken("schrijven", h.putMeetlat)},
	}
}

const meetlatInvalid = "De meetlat is niet opgeslagen: verbeter de genoemde velden."

type meetlatAnswerJSON struct {
	Vraag       string `json:"vraag"`
	Onderdeel   string `json:"onderdeel"`
	Titel       string `json:"titel"`
	Score       *int   `json:"score"`
	ScoreLabel  string `json:"scoreLabel,omitempty"`
	Toelichting string `json:"toelichting"`
	Bewijs      string `json:"bewijs,omitempty"`
}

type meetlatJSON struct {
	Gemeente     string              `json:"gemeente"`
	School       string              `json:"school,omitempty"`
	SchoolNaam   string              `json:"schoolNaam,omitempty"`
	Jaar         int                 `json:"jaar"`
	Versie       string              `json:"versie"`
	Status       string              `json:"status"`
	Opgeslagen   bool                `json:"opgeslagen"`
	BijgewerktOp *time.Time          `json:"bijgewerktOp,omitempty"`
	AfgerondOp   *time.Time          `json:"afgerondOp,omitempty"`
	Toelichting  string              `json:"toelichting"`
	Antwoorden   []meetlatAnswerJSON `json:"antwoorden"`
}

func toMeetlatJSON(m *vios.Meetlat, slug string, evidence map[string]string) meetlatJSON {
	out := meetlatJSON{Gemeente: slug, School: m.SchoolID, SchoolNaam: m.SchoolName, Jaar: m.Year, Versie: m.Version, Status: m.Status,
		Opgeslagen: m.ID != "", Toelichting: m.Reflection, Antwoorden: []meetlatAnswerJSON{}}
	if m.ID != "" {
		out.BijgewerktOp = utcPtr(&m.UpdatedAt)
	}
	if m.Completed() {
		out.AfgerondOp = utcPtr(&m.CompletedAt)
	}
	for _, q := range m.Questions() {
		a := m.Answers[q.Code]
		j := meetlatAnswerJSON{Vraag: q.Code, Onderdeel: q.Group, Titel: q.Title, Toelichting: a.Reflection, Bewijs: evidence[q.Code]}
		if a.Score > 0 {
			score := a.Score
			j.Score, j.ScoreLabel = &score, vios.MeetlatScoreLabel(score)
		}
		out.Antwoorden = append(out.Antwoorden, j)
	}
	return out
}

// meetlatSubject reads gemeente (required) and school from the query; an
// unknown municipality is 404.
func (h *Handler) meetlatSubject(w http.ResponseWriter, r *http.Request) (*vios.Municipality, string, bool) {
	if h.Meetlat == nil || h.Organisations == nil {
		h.writeError(w, r, vios.Errorf(vios.EINTERNAL, "no meetlat service"))
		return nil, "", false
	}
	var v vios.Validation
	q := r.URL.Query()
	v.Check(q.Get("gemeente") != "", "gemeente", "Noem de gemeente (haar korte naam, zoals in /aanpakken).")
	if !h.queryOK(w, r, &v, "gemeente", "school") {
		return nil, "", false
	}
	m, err := h.Organisations.FindMunicipalityBySlug(r.Context(), q.Get("gemeente"))
	if err != nil {
		h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound))
		return nil, "", false
	}
	return m, q.Get("school"), true
}

// meetlatYear is the path's year; another value is 404.
func (h *Handler) meetlatYear(w http.ResponseWriter, r *http.Request) (int, bool) {
	year, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil || !vios.MeetlatYearOK(year, h.Now()) {
		h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound))
		return 0, false
	}
	return year, true
}

// listMeetlats: GET /api/v1/meetlatten — the subject's meetlats, oldest
// year first, without the evidence.
func (h *Handler) listMeetlats(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	m, school, ok := h.meetlatSubject(w, r)
	if !ok {
		return
	}
	list, err := h.Meetlat.Meetlats(r.Context(), m.ID, school)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := []meetlatJSON{}
	for _, ml := range list {
		out = append(out, toMeetlatJSON(ml, m.Slug, nil))
	}
	writeJSON(w, http.StatusOK, out)
}

// getMeetlat: GET /api/v1/meetlatten/{jaar} — the meetlat of the year
// with the evidence beside each question (a blank one when none was saved).
func (h *Handler) getMeetlat(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	if m, school, year, ok := h.meetlatOfYear(w, r); ok {
		h.writeMeetlat(w, r, m, school, year, http.StatusOK)
	}
}

// meetlatOfYear reads the subject from the query and the year from the path.
func (h *Handler) meetlatOfYear(w http.ResponseWriter, r *http.Request) (*vios.Municipality, string, int, bool) {
	m, school, ok := h.meetlatSubject(w, r)
	if !ok {
		return nil, "", 0, false
	}
	year, ok := h.meetlatYear(w, r)
	return m, school, year, ok
}

func (h *Handler) writeMeetlat(w http.ResponseWriter, r *http.Request, m *vios.Municipality, school string, year, status int) {
	ml, err := h.Meetlat.Meetlat(r.Context(), m.ID, school, year)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	evidence, err := h.Meetlat.MeetlatEvidence(r.Context(), m.ID, school, year)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, status, toMeetlatJSON(ml, m.Slug, evidence))
}

// putMeetlat: PUT /api/v1/meetlatten/{jaar} — the answers as a whole
// (antwoorden: vraag, score 1–4 or null, toelichting; toelichting overall),
// saved as a draft, or with afronden true completed. A score off the scale,
// an unknown question or, to complete, a question without a score is a 400
// naming every such field; nothing is stored then.
func (h *Handler) putMeetlat(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	m, school, year, ok := h.meetlatOfYear(w, r)
	if !ok {
		return
	}
	ml, err := h.Meetlat.Meetlat(r.Context(), m.ID, school, year)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var complete bool
	if !h.decode(w, r, meetlatInvalid, func(b *body) error {
		b.require("antwoorden")
		b.boolean("afronden", &complete)
		if b.str("toelichting", &ml.Reflection) && utf8.RuneCountInString(ml.Reflection) > vios.MeetlatOverallMax {
			b.fail("toelichting", "Houd de algemene toelichting onder %d tekens.", vios.MeetlatOverallMax)
		}
		known := map[string]bool{}
		for _, q := range ml.Questions() {
			known[q.Code] = true
		}
		ml.Answers = map[string]vios.MeetlatAnswer{}
		list, _ := b.objects("antwoorden")
		for _, a := range list {
			var code string
			var answer vios.MeetlatAnswer
			a.require("vraag")
			if a.str("vraag", &code) && !known[code] {
				a.fail("vraag", "De meetlat kent geen vraag ‘%s’.", code)
			}
			if a.integer("score", &answer.Score) && (answer.Score < 1 || answer.Score > len(vios.MeetlatScale)) {
				a.fail("score", "Geef een score van 1 tot en met %d (of null).", len(vios.MeetlatScale))
			}
			if a.str("toelichting", &answer.Reflection) && utf8.RuneCountInString(answer.Reflection) > vios.MeetlatReflectionMax {
				a.fail("toelichting", "Houd de toelichting onder %d tekens.", vios.MeetlatReflectionMax)
			}
			ml.Answers[code] = answer
		}
		if complete && !b.isBad("antwoorden") {
			for _, q := range ml.Questions() {
				if ml.Answers[q.Code].Score == 0 {
					b.fail("antwoorden", "Geef elke vraag een score voordat u de meetlat afrondt; ‘%s’ heeft er geen.", q.Title)
					break
				}
			}
		}
		return nil
	}, nil) {
		return
	}
	if err := h.Meetlat.SaveMeetlat(r.Context(), ml, complete); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeMeetlat(w, r, m, school, year, http.StatusOK)
}
