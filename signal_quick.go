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
