package vios

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The meetlat: a yearly self-assessment of a municipality's approach (and a
// lighter one of a school) against the working ingredients and the basic
// and strengthening elements of the research report (4.2), each question
// scored on a fixed scale with the evidence the platform already has shown
// beside it. The catalogue is fixed and versioned here, so a score of 2026
// and one of 2027 answer the same question; a new wording gets a new
// version. One meetlat per subject per calendar year: the municipal
// planning-and-control cycle (begroting, jaarverslag) runs per calendar
// year, and a school's meetlat is read beside its municipality's.

// ActionMeetlat: read or fill in a meetlat. Decided by AuthorizeMeetlat
// rather than the role table, since the subject (municipality or school)
// decides who may.
const ActionMeetlat Action = "meetlat"

// MeetlatNotFound answers who may not read the meetlat asked for.
const MeetlatNotFound = "Deze meetlat bestaat niet of u heeft er geen toegang toe."

// MeetlatVersion names the catalogue below; stored with each meetlat.
const MeetlatVersion = "2026-1"

// Meetlat statuses: a draft is saved and changed; a completed one is frozen.
const (
	MeetlatDraft    = "concept"
	MeetlatComplete = "afgerond"
)

// Question groups, in the order shown.
const (
	MeetlatIngredient = "ingredient"
	MeetlatBasic      = "basis"
	MeetlatStrength   = "versterkend"
)

// MeetlatGroups label the groups.
var MeetlatGroups = []Label{
	{MeetlatIngredient, "Werkzame ingrediënten"},
	{MeetlatBasic, "Basiselementen"},
	{MeetlatStrength, "Versterkende elementen"},
}

// MeetlatScale is the score scale, 1 to 4.
var MeetlatScale = []Label{
	{"1", "Nog niet aanwezig"},
	{"2", "In opbouw"},
	{"3", "Grotendeels op orde"},
	{"4", "Op orde en geborgd"},
}

// MeetlatLow is the highest score that asks for next steps.
const MeetlatLow = 2

// MeetlatQuestion is one question of the catalogue. School marks the
// questions of a school's lighter meetlat; Theme is the knowledge bank's
// theme for its next steps.
type MeetlatQuestion struct {
	Code, Group, Title, Text, Advice, Theme string
	School                                  bool
}

// MeetlatQuestions is the catalogue, version MeetlatVersion.
var MeetlatQuestions = []MeetlatQuestion{
	{Code: "regie", Group: MeetlatIngredient, Title: "Gemeentelijke regie", Theme: "regie",
		Text:   "De gemeente voert zichtbaar regie: zij stelt doelen, brengt de partners bij elkaar en bewaakt de voortgang.",
		Advice: "Leg de regierol vast bij een vaste regisseur met mandaat en bespreek de voortgang ten minste twee keer per jaar in het overstijgend overleg."},
	{Code: "domeinen", Group: MeetlatIngredient, Title: "Partners uit meerdere domeinen bij elkaar", Theme: "samenwerking",
		Text:   "Onderwijs, zorg, veiligheid en jeugd zitten samen aan tafel.",
		Advice: "Breng in kaart welk domein ontbreekt (bijvoorbeeld politie, jeugdhulp of leerplicht) en nodig die partner uit voor het kernteam."},
	{Code: "deelname", Group: MeetlatIngredient, Title: "Actieve deelname en bijdrage van partners", Theme: "samenwerking", School: true,
		Text:   "Partners zijn bij de overleggen, sturen een vaste vertegenwoordiger en pakken acties op.",
		Advice: "Spreek per partner een vaste vertegenwoordiger en een plaatsvervanger af, en bespreek de aanwezigheid jaarlijks met de leidinggevenden."},
	{Code: "coordinator", Group: MeetlatIngredient, Title: "Een deskundige, adviserende coördinator", Theme: "coordinator",
		Text:   "Een coördinator met kennis van school en keten adviseert scholen en partners en houdt de lijnen kort.",
		Advice: "Beschrijf de taken van de coördinator, zorg voor tijd en scholing, en laat scholen weten waarvoor zij bij de coördinator terechtkunnen."},
	{Code: "veiligheidsplan", Group: MeetlatBasic, Title: "Veiligheidsplan", Theme: "veiligheidsplan", School: true,
		Text:   "Elke school heeft een vastgesteld veiligheidsplan dat jaarlijks wordt bijgewerkt.",
		Advice: "Help scholen zonder vastgesteld plan op weg met een sjabloon en plan een vaste datum om plannen te herzien."},
	{Code: "ketenoverleg", Group: MeetlatBasic, Title: "Ketenoverleggen", Theme: "overleg", School: true,
		Text:   "Kernteams en het overstijgend overleg komen volgens hun ritme bijeen.",
		Advice: "Leg het ritme van elk overleg vast in een jaarplanning en zorg dat een gemist overleg wordt ingehaald."},
	{Code: "coordinatorfunctie", Group: MeetlatBasic, Title: "Coördinator", Theme: "coordinator",
		Text:   "Er is een coördinator aangesteld voor de scholen in de aanpak.",
		Advice: "Stel een coördinator aan (intern of via een coördinatororganisatie) en geef die een account op het platform."},
	{Code: "trainingen", Group: MeetlatStrength, Title: "Trainingen", Theme: "training", School: true,
		Text:   "Medewerkers van scholen en partners volgen trainingen over signaleren en handelen.",
		Advice: "Maak een scholingsplan: wie volgt welke training, en herhaal die voor nieuwe medewerkers."},
	{Code: "signalering", Group: MeetlatStrength, Title: "Signaleringsoverleg", Theme: "signalering", School: true,
		Text:   "Een signaleringsoverleg bespreekt zorgen vroeg, voordat zij een incident worden.",
		Advice: "Zet een signaleringsoverleg op met school, jongerenwerk en wijkagent, en bespreek daar patronen in plaats van losse incidenten."},
	{Code: "jongerenwerk", Group: MeetlatStrength, Title: "Jongerenwerk op school", Theme: "jongerenwerk", School: true,
		Text:   "Jongerenwerk is op en rond de school aanwezig en schuift aan bij het overleg.",
		Advice: "Maak afspraken met het jongerenwerk over aanwezigheid op school en deelname aan het kernteam."},
	{Code: "interne-coordinatoren", Group: MeetlatStrength, Title: "Interne veiligheidscoördinatoren", Theme: "coordinator", School: true,
		Text:   "Elke school heeft een interne veiligheidscoördinator als vast aanspreekpunt.",
		Advice: "Wijs per school een interne veiligheidscoördinator aan en breng hen jaarlijks samen."},
	{Code: "vraagbaak", Group: MeetlatStrength, Title: "Gemeentelijk team voor vragen", Theme: "vraagbaak",
		Text:   "Scholen en partners kunnen met vragen terecht bij een gemeentelijk team.",
		Advice: "Richt één loket in voor vragen van scholen en maak het bekend bij directeuren en coördinatoren."},
}

// MeetlatQuestionsFor returns the questions of a municipality's meetlat
// (school false) or of a school's lighter one.
func MeetlatQuestionsFor(school bool) []MeetlatQuestion {
	if !school {
		return MeetlatQuestions
	}
	var out []MeetlatQuestion
	for _, q := range MeetlatQuestions {
		if q.School {
			out = append(out, q)
		}
	}
	return out
}

// MeetlatQuestionByCode finds a question of the catalogue.
func MeetlatQuestionByCode(code string) (MeetlatQuestion, bool) {
	i := slices.IndexFunc(MeetlatQuestions, func(q MeetlatQuestion) bool { return q.Code == code })
	if i < 0 {
		return MeetlatQuestion{}, false
	}
	return MeetlatQuestions[i], true
}

// MeetlatScoreLabel is the Dutch label of a score, "" for none.
func MeetlatScoreLabel(score int) string {
	if score < 1 || score > len(MeetlatScale) {
		return ""
	}
	return MeetlatScale[score-1].Label
}

// MeetlatAnswer is the score of one question (0: not yet scored) and the
// reflection beside it (sealed: it may name people).
type MeetlatAnswer struct {
	Score      int
	Reflection string
}

// Meetlat is one self-assessment: of the municipality (SchoolID "") or of
// one of its schools, for one calendar year. ID "" is one not yet saved.
type Meetlat struct {
	ID             string
	MunicipalityID string
	SchoolID       string
	SchoolName     string
	Year           int
	Version        string
	Status         string
	Answers        map[string]MeetlatAnswer
	Reflection     string
	UpdatedAt      time.Time
	CompletedAt    time.Time
}

// Questions are the meetlat's questions.
func (m *Meetlat) Questions() []MeetlatQuestion { return MeetlatQuestionsFor(m.SchoolID != "") }

// Completed reports whether the meetlat is frozen.
func (m *Meetlat) Completed() bool { return m.Status == MeetlatComplete }

// Score is the score of a question, 0 when none.
func (m *Meetlat) Score(code string) int { return m.Answers[code].Score }

// MeetlatPeer is another municipality's latest completed score on a
// question: its name and score only.
type MeetlatPeer struct {
	Municipality string
	Year, Score  int
}

// MeetlatService keeps the meetlats.
type MeetlatService interface {
	// Meetlat returns the meetlat of the subject and year; a blank draft
	// (ID "") when none was saved yet.
	Meetlat(ctx context.Context, municipalityID, schoolID string, year int) (*Meetlat, error)
	// Meetlats returns the subject's meetlats, oldest year first.
	Meetlats(ctx context.Context, municipalityID, schoolID string) ([]*Meetlat, error)
	// SaveMeetlat saves the answers as a draft, or completes the meetlat
	// (every question scored); a completed one is frozen.
	SaveMeetlat(ctx context.Context, m *Meetlat, complete bool) error
	// MeetlatEvidence is, per question code, what the platform shows of it
	// for the subject in the year: counts only, never a person's name.
	MeetlatEvidence(ctx context.Context, municipalityID, schoolID string, year int) (map[string]string, error)
	// MeetlatPeers lists, per question, the other municipalities whose
	// latest completed municipal meetlat scores higher than score.
	MeetlatPeers(ctx context.Context, municipalityID string, scores map[string]int) (map[string][]MeetlatPeer, error)
}

// AuthorizeMeetlat decides whether the actor may read (write false) or
// fill in the meetlat of the municipality or, with schoolID, of that
// school. As the dashboard: the regisseur the municipality's and reads the
// schools'; a school's own accounts (role school for that organisation)
// their school's. Everyone else is refused with a Denial.
func AuthorizeMeetlat(a *Actor, municipalityID, schoolID string, write bool) error {
	if a == nil || (a.User == nil && a.System == "") {
		return Errorf(EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if a.System != "" && !write {
		return nil
	}
	regisseur := a.HasRole(RoleRegisseur, municipalityID)
	if schoolID == "" && regisseur || schoolID != "" && regisseur && !write {
		return nil
	}
	if schoolID != "" && a.User != nil {
		for _, m := range a.User.Memberships {
			if m.Role == RoleSchool && m.MunicipalityID == municipalityID && m.OrganisationID == schoolID {
				return nil
			}
		}
	}
	return &Denial{Action: ActionMeetlat, Resource: Resource{MunicipalityID: municipalityID}, err: forbidden()}
}

// MeetlatYearOK reports whether a meetlat may be kept for the year: from
// 2020 (before the platform) up to the current year.
func MeetlatYearOK(year int, today time.Time) bool {
	return year >= 2020 && year <= today.Year()
}

// ReadMeetlatAnswers reads a form or body of answers into m: per question
// score-<code> ("" or 1–4) and toelichting-<code>, and toelichting overall.
// complete asks that every question be scored. Every mistake is in v.
func ReadMeetlatAnswers(get func(string) string, m *Meetlat, complete bool, v *Validation) {
	if m.Answers == nil {
		m.Answers = map[string]MeetlatAnswer{}
	}
	for _, q := range m.Questions() {
		a := MeetlatAnswer{Reflection: strings.TrimSpace(get("toelichting-" + q.Code))}
		field := "score-" + q.Code
		if s := strings.TrimSpace(get(field)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > len(MeetlatScale) {
				v.Add(field, "Kies bij ‘%s’ een score van 1 tot en met %d.", q.Title, len(MeetlatScale))
			} else {
				a.Score = n
			}
		} else if complete {
			v.Add(field, "Geef ‘%s’ een score voordat u de meetlat afrondt.", q.Title)
		}
		m.Answers[q.Code] = a
	}
	m.Reflection = strings.TrimSpace(get("toelichting"))
}

// The bounds of the reflections, per question and overall.
const (
	MeetlatReflectionMax = 4000
	MeetlatOverallMax    = 8000
)

// CheckMeetlat checks the answers as the store stores them: only the
// subject's questions, scores on the scale, every one scored to complete,
// and reflections of a bounded length (the web and the API alike).
func CheckMeetlat(m *Meetlat, complete bool) error {
	var v Validation
	codes := map[string]bool{}
	for _, q := range m.Questions() {
		codes[q.Code] = true
		s := m.Answers[q.Code].Score
		field := "score-" + q.Code
		if s < 0 || s > len(MeetlatScale) {
			v.Add(field, "Kies bij ‘%s’ een score van 1 tot en met %d.", q.Title, len(MeetlatScale))
		} else if complete && s == 0 {
			v.Add(field, "Geef ‘%s’ een score voordat u de meetlat afrondt.", q.Title)
		}
		v.Check(utf8.RuneCountInString(m.Answers[q.Code].Reflection) <= MeetlatReflectionMax, "toelichting-"+q.Code,
			"Houd de toelichting bij ‘%s’ onder %d tekens.", q.Title, MeetlatReflectionMax)
	}
	v.Check(utf8.RuneCountInString(m.Reflection) <= MeetlatOverallMax, "toelichting", "Houd de algemene toelichting onder %d tekens.", MeetlatOverallMax)
	for code := range m.Answers {
		v.Check(codes[code], "score-"+code, "De meetlat kent geen vraag ‘%s’.", code)
	}
	return v.Err("De meetlat is niet opgeslagen: verbeter de gemarkeerde antwoorden.")
}

// MeetlatProfile is the one-page result: scores per group, the strongest
// and weakest questions, and next steps for the low ones.
type MeetlatProfile struct {
	Strongest, Weakest []MeetlatQuestion
	Steps              []MeetlatStep
}

// MeetlatStep is the advice for a low-scoring question.
type MeetlatStep struct {
	Question MeetlatQuestion
	Score    int
	Peers    []MeetlatPeer
}

// ComputeMeetlatProfile makes the profile of m; peers are the
// municipalities further along per question (nil for a school).
func ComputeMeetlatProfile(m *Meetlat, peers map[string][]MeetlatPeer) MeetlatProfile {
	var p MeetlatProfile
	best, worst := 0, len(MeetlatScale)+1
	for _, q := range m.Questions() {
		s := m.Score(q.Code)
		if s == 0 {
			continue
		}
		if s > best {
			best, p.Strongest = s, nil
		}
		if s == best {
			p.Strongest = append(p.Strongest, q)
		}
		if s < worst {
			worst, p.Weakest = s, nil
		}
		if s == worst {
			p.Weakest = append(p.Weakest, q)
		}
		if s <= MeetlatLow {
			p.Steps = append(p.Steps, MeetlatStep{Question: q, Score: s, Peers: peers[q.Code]})
		}
	}
	if best == worst {
		p.Weakest = nil // all alike: no weakest to name
	}
	return p
}
