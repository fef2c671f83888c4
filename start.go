package vios

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// The national contact point (/starten): schools and municipalities that
// want to begin with an integrated approach send a start request; the
// landelijk role assigns an adviser, records advice with a suggested
// kwartiermaker from its list of advisers, and closes the request. The
// requester needs no account. Contact details, question, advice and the
// self-check carried along may name people and are sealed; a request
// closed more than StartRetentionMonths ago is erased by the retention job.

// Statuses of a start request, in their order.
const (
	StartNew      = "nieuw"
	StartAssigned = "toegewezen"
	StartAdvised  = "geadviseerd"
	StartClosed   = "gesloten"
)

// StartStatuses label them.
var StartStatuses = []Label{
	{StartNew, "Nieuw"},
	{StartAssigned, "Adviseur toegewezen"},
	{StartAdvised, "Advies gegeven"},
	{StartClosed, "Gesloten"},
}

// StartOrganisationKinds are who may ask.
var StartOrganisationKinds = []Label{
	{"gemeente", "Gemeente"},
	{"school", "School"},
	{"schoolbestuur", "Schoolbestuur"},
	{"partner", "Samenwerkingspartner"},
}

// Provinces are the regions of the advisers.
var Provinces = []Label{
	{"groningen", "Groningen"}, {"friesland", "Fryslân"}, {"drenthe", "Drenthe"}, {"overijssel", "Overijssel"},
	{"flevoland", "Flevoland"}, {"gelderland", "Gelderland"}, {"utrecht", "Utrecht"}, {"noord-holland", "Noord-Holland"},
	{"zuid-holland", "Zuid-Holland"}, {"zeeland", "Zeeland"}, {"noord-brabant", "Noord-Brabant"}, {"limburg", "Limburg"},
}

func StartStatusLabel(code string) string           { return labelOf(StartStatuses, code) }
func StartOrganisationKindLabel(code string) string { return labelOf(StartOrganisationKinds, code) }
func ProvinceLabel(code string) string              { return labelOf(Provinces, code) }

// StartRetentionMonths is how long a closed request is kept: long enough
// to answer a follow-up question, no longer (docs/DATA-PROTECTION.md).
const StartRetentionMonths = 12

// StartRequestsPerHour is how many requests one address may send in an
// hour: a person asks once or twice, a script many times.
const StartRequestsPerHour = 5

// StartRequestsPerHourTotal is how many requests the platform takes in an
// hour from all senders together: far above what the contact point gets,
// a ceiling for a script that spreads itself over many addresses.
const StartRequestsPerHourTotal = 200

// The bounds of a request's texts.
const (
	maxStartQuestion = 4000
	maxStartAdvice   = 8000
)

// StartRequest is one request to the national contact point.
type StartRequest struct {
	ID               string
	Organisation     string
	OrganisationKind string
	MunicipalityName string
	// Sealed: who asks and what.
	ContactName string
	Email       string
	Question    string
	// SelfCheck holds the scores of the meetlat self-check done before
	// asking (question code → 1–4); nil when none was carried along.
	SelfCheck map[string]int

	Status          string
	AdviserID       string
	AdviserName     string
	AdviserProvince string
	Advice          string // sealed
	KwartiermakerID string // the suggested kwartiermaker, from the advisers
	Kwartiermaker   *Adviser
	CreatedAt       time.Time
	AssignedAt      *time.Time
	AdvisedAt       *time.Time
	ClosedAt        *time.Time

	// Trap is the honeypot field of the public form: hidden from people,
	// filled in by scripts.
	Trap string
}

// Validate checks what a requester sends and reports every problem at once.
func (s *StartRequest) Validate() error {
	var v Validation
	s.Organisation, s.MunicipalityName = strings.TrimSpace(s.Organisation), strings.TrimSpace(s.MunicipalityName)
	s.ContactName, s.Question = strings.TrimSpace(s.ContactName), strings.TrimSpace(s.Question)
	s.Email = strings.ToLower(strings.TrimSpace(s.Email))
	v.Check(s.Trap == "", "website", "Dit veld moet leeg blijven. Laat het leeg en verstuur de vraag opnieuw.")
	v.Check(s.Organisation != "", "organisatie", "Vul de naam van uw organisatie in.")
	v.Check(!tooLong(s.Organisation, maxShort), "organisatie", "De naam van de organisatie heeft hoogstens %d tekens.", maxShort)
	v.Check(SingleLine(s.Organisation), "organisatie", "Schrijf de naam van de organisatie op één regel, zonder regeleinden of stuurtekens.")
	v.Check(inList(StartOrganisationKinds, s.OrganisationKind), "soortOrganisatie", "Kies de soort organisatie: gemeente, school, schoolbestuur of samenwerkingspartner.")
	v.Check(s.MunicipalityName != "", "gemeente", "Vul de naam van de gemeente in.")
	v.Check(!tooLong(s.MunicipalityName, maxShort), "gemeente", "De naam van de gemeente heeft hoogstens %d tekens.", maxShort)
	v.Check(SingleLine(s.MunicipalityName), "gemeente", "Schrijf de naam van de gemeente op één regel, zonder regeleinden of stuurtekens.")
	v.Check(s.ContactName != "", "naam", "Vul uw naam in.")
	v.Check(!tooLong(s.ContactName, maxName), "naam", "Uw naam heeft hoogstens %d tekens.", maxName)
	v.Check(SingleLine(s.ContactName), "naam", "Schrijf uw naam op één regel, zonder regeleinden of stuurtekens.")
	addr, err := mail.ParseAddress(s.Email)
	switch {
	case s.Email == "":
		v.Add("email", "Vul uw e-mailadres in: daar sturen we het advies naartoe.")
	case err != nil || addr.Address != s.Email || tooLong(s.Email, 254):
		v.Add("email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
	}
	v.Check(s.Question != "", "vraag", "Vul uw vraag in.")
	v.Check(!tooLong(s.Question, maxStartQuestion), "vraag", "Uw vraag heeft hoogstens %d tekens.", maxStartQuestion)
	for code, score := range s.SelfCheck {
		_, ok := MeetlatQuestionByCode(code)
		v.Check(ok && score >= 1 && score <= len(MeetlatScale), "zelftest", "De zelftest bij de vraag is niet leesbaar: doe de zelftest opnieuw.")
	}
	return v.Err("Uw startvraag is niet verstuurd: verbeter de gemarkeerde velden.")
}

// SelfCheckMeetlat is the carried self-check as a municipality's meetlat,
// to score it with the meetlat's profile.
func (s *StartRequest) SelfCheckMeetlat() *Meetlat {
	m := &Meetlat{Answers: map[string]MeetlatAnswer{}}
	for code, score := range s.SelfCheck {
		m.Answers[code] = MeetlatAnswer{Score: score}
	}
	return m
}

// CheckStartAdvice checks the advice before it is recorded.
func CheckStartAdvice(advice string) error {
	var v Validation
	advice = strings.TrimSpace(advice)
	v.Check(advice != "", "advies", "Vul het advies in.")
	v.Check(!tooLong(advice, maxStartAdvice), "advies", "Het advies heeft hoogstens %d tekens.", maxStartAdvice)
	return v.Err("Het advies is niet vastgelegd.")
}

// Adviser is one of the advisers the landelijk role keeps: who advises
// requesters and can be suggested as kwartiermaker.
type Adviser struct {
	ID         string
	Name       string
	Province   string
	Experience string
}

// Validate checks an adviser.
func (a *Adviser) Validate() error {
	var v Validation
	a.Name, a.Experience = strings.TrimSpace(a.Name), strings.TrimSpace(a.Experience)
	v.Check(a.Name != "", "naam", "Vul de naam van de adviseur in.")
	v.Check(!tooLong(a.Name, maxName), "naam", "De naam heeft hoogstens %d tekens.", maxName)
	v.Check(inList(Provinces, a.Province), "regio", "Kies de provincie van de adviseur.")
	v.Check(a.Experience != "", "ervaring", "Beschrijf de ervaring van de adviseur.")
	v.Check(!tooLong(a.Experience, maxText), "ervaring", "De ervaring heeft hoogstens %d tekens.", maxText)
	return v.Err("De adviseur is niet opgeslagen.")
}

// StartService keeps the start requests and the advisers. Submitting needs
// no login; everything else is the landelijk role's.
type StartService interface {
	// SubmitStartRequest saves a request and queues its confirmation mail.
	// address is the sender's network address: at most
	// StartRequestsPerHour from one address (an IPv6 address counts with
	// its /64) and StartRequestsPerHourTotal from all together (ETOOMANY
	// beyond); the store keeps only a keyed hash of it, for a day.
	SubmitStartRequest(ctx context.Context, s *StartRequest, address string) error
	// StartRequests lists the requests, newest first; status "" is all.
	StartRequests(ctx context.Context, status string) ([]*StartRequest, error)
	// StartRequest returns one request with its sealed texts opened.
	StartRequest(ctx context.Context, id string) (*StartRequest, error)
	// AssignStartRequest gives an open request to an adviser.
	AssignStartRequest(ctx context.Context, id, adviserID string) error
	// AdviseStartRequest records the advice and the suggested kwartiermaker
	// ("" for none) and mails the advice to the requester.
	AdviseStartRequest(ctx context.Context, id, advice, kwartiermakerID string) error
	// CloseStartRequest closes a request; retention erases it later.
	CloseStartRequest(ctx context.Context, id string) error
	// Advisers lists the advisers by name.
	Advisers(ctx context.Context) ([]*Adviser, error)
	// SaveAdviser adds (ID "") or changes an adviser.
	SaveAdviser(ctx context.Context, a *Adviser) error
}

// StartStatusKnown reports whether code is a status of a start request.
func StartStatusKnown(code string) bool { return inList(StartStatuses, code) }
