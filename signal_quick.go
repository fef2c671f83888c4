package vios

import (
	"regexp"
	"strings"
	"time"
)

// The quick signal: what happened, the phenomenon and the school or
// neighbourhood, optionally pupils; everything else follows from the day
// and the reporter's place and can be completed later.

// Defaults fills what a signal may leave out: the date (today), normal
// urgency, and the level from what the signal names — a pupil, else a
// school, else a neighbourhood.
func (s *Signal) Defaults(day time.Time) {
	if s.OccurredOn.IsZero() {
		s.OccurredOn = Date(day)
	}
	if s.Urgency == "" {
		s.Urgency = UrgencyNormal
	}
	if s.Level == "" {
		switch {
		case len(s.Pupils) > 0:
			s.Level = LevelPupil
		case len(s.SchoolIDs) > 0:
			s.Level = LevelSchool
		default:
			s.Level = LevelNeighbourhood
		}
	}
}

// QuickDefaults fills the defaults of a signal entered without a network
// (the store chooses it from the reporter's place) and checks its place:
// a school or a neighbourhood, one of the three required fields of a quick
// signal.
func (s *Signal) QuickDefaults(day time.Time) error {
	s.Defaults(day)
	var v Validation
	v.Check(len(s.SchoolIDs) > 0 || strings.TrimSpace(s.Neighbourhood) != "", "scholen", "Kies de school of vul de wijk in waar het speelt.")
	return v.Err("Het signaal is niet volledig of niet juist; er is niets opgeslagen.")
}

var formKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ValidFormKey reports whether key looks like a form's one-time key: random
// letters and digits, no personal data.
func ValidFormKey(key string) bool { return key == "" || formKeyPattern.MatchString(key) }

// ValidateCompletion checks what completing an open signal changes: its
// date, phenomenon, urgency and (when withDescription: the one completing
// it sees it) its description; the network is the store's to check.
func (s *Signal) ValidateCompletion(day time.Time, phenomena []Phenomenon, withDescription bool) error {
	var v Validation
	s.checkCompletable(&v, day, phenomena, withDescription)
	return v.Err("Het signaal is niet aangevuld; controleer de gemarkeerde velden.")
}

// checkCompletable checks the fields a signal is entered and completed
// with: the date (not in the future, at most two years old), a phenomenon
// of the list, the urgency (normal when left out) and the description.
func (s *Signal) checkCompletable(v *Validation, day time.Time, phenomena []Phenomenon, withDescription bool) {
	switch {
	case s.OccurredOn.IsZero():
		v.Add("datum", "Vul de datum van het signaal in.")
	case Date(s.OccurredOn).After(Date(day)):
		v.Add("datum", "De datum van een signaal ligt niet in de toekomst.")
	case Date(s.OccurredOn).Before(Date(day).AddDate(-2, 0, 0)):
		v.Add("datum", "Een signaal is hoogstens twee jaar oud.")
	}
	known := false
	for _, p := range phenomena {
		known = known || p.Code == s.Phenomenon
	}
	v.Check(s.Phenomenon != "", "fenomeen", "Kies het fenomeen.")
	v.Check(s.Phenomenon == "" || known, "fenomeen", "Kies een fenomeen uit de lijst.")
	if s.Urgency == "" {
		s.Urgency = UrgencyNormal
	}
	v.Check(inList(SignalUrgencies, s.Urgency), "urgentie", "Kies de urgentie.")
	if withDescription {
		s.Description = strings.TrimSpace(s.Description)
		v.Check(s.Description != "", "omschrijving", "Beschrijf wat er speelt.")
		v.Check(!tooLong(s.Description, maxText), "omschrijving", "De omschrijving mag hoogstens %d tekens lang zijn.", maxText)
	}
}
