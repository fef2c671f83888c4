package vios

import (
	"fmt"
	"strings"
	"time"
)

// Signal is a concern a member brings in: about a pupil, a group, a school
// or a neighbourhood. It belongs to the network it was entered in, whose
// data-sharing clause decides who sees the pupils' names.
type Signal struct {
	ID             string
	MunicipalityID string
	NetworkID      string
	NetworkName    string
	// Code is a short reference without personal data ("S-2026-0042").
	Code                    string
	OccurredOn              time.Time // a date, not in the future
	ReporterUserID          string
	ReporterName            string
	ReportingOrganisationID string
	ReportingOrganisation   string
	Phenomenon              string
	Level                   string
	SchoolIDs               []string // several for a conflict between schools
	SchoolNames             []string
	Neighbourhood           string
	Urgency                 string
	// Description is sealed in the database: it may name people.
	Description string
	Status      string
	// Pupils: on entry the pupils as typed; on reading as the reader may see
	// them (Access).
	Pupils []Pupil
	// AgendaItemID is the meeting item the signal was put on, if any.
	AgendaItemID string
	// CaseID is the case made of the signal, if any.
	CaseID string
	// AlertID is the acute alert the signal came from, if any.
	AlertID string
	// FormKey is the one-time key of the form the signal was entered
	// with: the same key sent again returns the first signal instead of
	// storing a second (a draft resent after a lost connection).
	FormKey   string
	Access    PupilAccess
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Levels of a signal.
const (
	LevelPupil         = "leerling"
	LevelGroup         = "groep"
	LevelSchool        = "school"
	LevelNeighbourhood = "wijk"
)

// SignalLevels lists them with their Dutch labels.
var SignalLevels = []Label{{LevelPupil, "Leerling"}, {LevelGroup, "Groep"}, {LevelSchool, "School"}, {LevelNeighbourhood, "Wijk"}}

// Urgencies of a signal.
const (
	UrgencyLow    = "laag"
	UrgencyNormal = "normaal"
	UrgencyHigh   = "hoog"
	UrgencyAcute  = "acuut"
)

// SignalUrgencies lists them with their Dutch labels.
var SignalUrgencies = []Label{{UrgencyLow, "Laag"}, {UrgencyNormal, "Normaal"}, {UrgencyHigh, "Hoog"}, {UrgencyAcute, "Acuut"}}

// Statuses of a signal.
const (
	SignalNew      = "nieuw"
	SignalOnAgenda = "geagendeerd"
	SignalHandled  = "afgehandeld" // handled directly, outside a meeting
	SignalCase     = "casus"       // became a case
)

// SignalStatuses lists them with their Dutch labels.
var SignalStatuses = []Label{{SignalNew, "Nieuw"}, {SignalOnAgenda, "Op de agenda"}, {SignalHandled, "Direct afgehandeld"}, {SignalCase, "Casus"}}

func SignalLevelLabel(code string) string   { return labelOf(SignalLevels, code) }
func SignalUrgencyLabel(code string) string { return labelOf(SignalUrgencies, code) }
func SignalStatusLabel(code string) string  { return labelOf(SignalStatuses, code) }

// SignalChoices are the municipality's lists a signal names codes and ids
// from. Schools nil: not checked (the municipality is not known yet).
type SignalChoices struct {
	Phenomena []Phenomenon
	Schools   map[string]bool
	// OtherSchools are the schools of other municipalities: a pupil may
	// go to school there (border.go). The signal's own schools stay the
	// municipality's.
	OtherSchools map[string]bool
}

// schoolOutside is the message for a school that is not one of the
// municipality's.
const schoolOutside = "Kies een school van de gemeente van het netwerk."

// pupilSchoolUnknown is the message for a pupil's school that is no school
// of any municipality.
const pupilSchoolUnknown = "Kies de school van de leerling uit de lijst."

// Validate checks a signal as entered, on day (the date may not lie after
// it), against the municipality's lists: every problem at once, each named
// as the API names it, with its place in a list (scholen[0],
// leerlingen[1].naam).
func (s *Signal) Validate(day time.Time, choices SignalChoices) error {
	phenomena := choices.Phenomena
	var v Validation
	s.Description = strings.TrimSpace(s.Description)
	s.Neighbourhood = strings.TrimSpace(s.Neighbourhood)
	v.Check(s.NetworkID != "", "netwerk", "Kies het netwerk waarin u het signaal inbrengt.")
	s.checkCompletable(&v, day, phenomena, true)
	v.Check(inList(SignalLevels, s.Level), "niveau", "Kies het niveau: leerling, groep, school of wijk.")
	v.Check(!tooLong(s.Neighbourhood, 100), "wijk", "De wijk mag hoogstens 100 tekens lang zijn.")
	v.Check(len(s.SchoolIDs) <= 20, "scholen", "Kies hoogstens 20 scholen.")
	v.Check(s.Level != LevelPupil || len(s.Pupils) > 0, "leerlingen", "Een signaal over een leerling noemt de leerling.")
	v.Check(len(s.Pupils) <= 30, "leerlingen", "Noem hoogstens 30 leerlingen.")
	v.Check(ValidFormKey(s.FormKey), "formulier", "Laad het formulier opnieuw en verstuur het nog eens.")
	for i, id := range s.SchoolIDs {
		v.Check(choices.Schools == nil || choices.Schools[id], fmt.Sprintf("scholen[%d]", i), schoolOutside)
	}
	for i := range s.Pupils {
		p := &s.Pupils[i]
		prefix := fmt.Sprintf("leerlingen[%d]", i)
		if p.ID != "" {
			// Chosen from the suggestions: the store checks the actor may
			// name it; its fields are not entered again.
			v.Check(ValidID(p.ID), prefix+".id", "Kies de leerling uit de suggesties.")
			continue
		}
		p.checkInto(&v, prefix, day)
		v.Check(choices.Schools == nil || p.SchoolID == "" || choices.Schools[p.SchoolID] || choices.OtherSchools[p.SchoolID],
			prefix+".school", pupilSchoolUnknown)
	}
	return v.Err("Het signaal is niet volledig of niet juist; er is niets opgeslagen.")
}

// Resource is the authorization resource of the signal.
func (s *Signal) Resource() Resource { return Resource{MunicipalityID: s.MunicipalityID} }

// SignalFilter selects signals: one municipality, optionally one network,
// status, phenomenon, school (of the signal or of one of its pupils) and
// period (From to To, both days included, on the day the signal
// happened), newest first.
type SignalFilter struct {
	MunicipalityID string
	NetworkID      string
	Status         string
	Phenomenon     string
	SchoolID       string
	From, To       time.Time
	PupilID        string
	Limit          int
	Cursor         *Cursor // the page beside it; nil for the first page
	// Count asks for the list's total on its first page, up to TotalCap.
	Count bool
}

// Filtered reports whether the list is narrowed by one of the filters a
// member chooses on the list.
func (f SignalFilter) Filtered() bool {
	return f.NetworkID != "" || f.Status != "" || f.Phenomenon != "" || f.SchoolID != "" || !f.From.IsZero() || !f.To.IsZero()
}

// MatchNotice is the content-free notice two reporters get when they both
// have a concern about the same pupil (as the Verwijsindex does): it names
// the other organisation and its contact, never the pupil or the concern.
type MatchNotice struct {
	ID             string
	MunicipalityID string
	SignalID       string // the reader's own signal
	OtherSignalID  string
	OtherOrg       string
	OtherContact   string // name and e-mail address of the other reporter
	// OtherMunicipality is the other signal's municipality when the match
	// crossed the border under both municipalities' clauses (border.go);
	// the two reporters may then discuss the pupil by name.
	OtherMunicipality string
	CreatedAt         time.Time
}
