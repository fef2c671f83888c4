package vios

import (
	"context"
	"strings"
	"unicode/utf8"
)

// The school search at the border (issue 18): a pupil may go to school in
// another municipality, so whoever enters a signal may name any school of
// the platform. Instead of a national list, one searches by a part of the
// school's name or place (its municipality) or by its BRIN. A school's
// name, type, BRIN and municipality are public reference data; the search
// shows nothing else of a school (not who works there) and nothing of any
// pupil, so every logged-in user may search.

// Limits of the school search.
const (
	MinSchoolQuery = 3  // letters typed before a search runs
	SchoolPageSize = 20 // matches a page shows unless asked otherwise
	MaxSchoolPage  = 50 // the most matches one page shows
	maxSchoolQuery = 100
	maxSchoolPages = 1000
)

// SchoolSearch is a search of the schools of every municipality.
type SchoolSearch struct {
	// Query is part of the name or of the municipality's name (case
	// insensitive), or a BRIN code.
	Query string
	// Own are the municipalities whose schools come first, marked Own.
	Own []string
	// Page counts from 1; Size is the matches per page (SchoolPageSize
	// when 0).
	Page, Size int
}

// SchoolMatch is a school the search found.
type SchoolMatch struct {
	ID               string
	Name             string
	SchoolType       string
	BRIN             string
	MunicipalityID   string
	MunicipalityName string
	Own              bool // a school of one of the search's own municipalities
}

// SchoolSearchInvalid is the message of an invalid school search.
const SchoolSearchInvalid = "De zoekvraag is ongeldig."

// Validate trims the query, fills in the defaults and checks the search.
func (s *SchoolSearch) Validate() error {
	s.Query = strings.Join(strings.Fields(s.Query), " ")
	if s.Page == 0 {
		s.Page = 1
	}
	if s.Size == 0 {
		s.Size = SchoolPageSize
	}
	var v Validation
	v.Check(utf8.RuneCountInString(strings.ReplaceAll(s.Query, " ", "")) >= MinSchoolQuery, "zoek",
		"Typ minstens %d letters van de naam of de plaats van de school, of de BRIN-code.", MinSchoolQuery)
	v.Check(!tooLong(s.Query, maxSchoolQuery), "zoek", "Hoogstens %d tekens.", maxSchoolQuery)
	v.Check(s.Page >= 1 && s.Page <= maxSchoolPages, "pagina", "Geef een paginanummer van 1 tot en met %d.", maxSchoolPages)
	v.Check(s.Size >= 1 && s.Size <= MaxSchoolPage, "paginaGrootte", "Geef het aantal per pagina: 1 tot en met %d.", MaxSchoolPage)
	return v.Err(SchoolSearchInvalid)
}

// SchoolSearchService searches the schools of every municipality.
type SchoolSearchService interface {
	// SearchSchools returns a page of the schools matching s (validated
	// here: EINVALID), the own municipalities' first, then by
	// municipality and name; more reports a next page. Only for a
	// logged-in user (EUNAUTHORIZED).
	SearchSchools(ctx context.Context, s SchoolSearch) (matches []SchoolMatch, more bool, err error)
}
