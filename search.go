package vios

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Finding a pupil or signal: the search box of the casework (a name with an
// optional date of birth, or a case code) and the filters of the signals
// list. Names are matched only after the store opened them for a reader who
// may see them (AccessOf); nothing here sees a sealed value.

// PupilQuery is what a member typed in the search box.
type PupilQuery struct {
	MunicipalityID string
	// Text is a name (or part of one: every word must begin a word of the
	// name) or a case code ("C-2026-0007").
	Text string
	// BirthDate narrows a name search: YYYY-MM-DD, optional.
	BirthDate string
}

// minSearchLetters is how many letters a name search needs: fewer would
// match half the pupils one may see.
const minSearchLetters = 2

var caseCodePattern = regexp.MustCompile(`^[Cc]-\d{4}-\d{4,}$`)

// CaseCode returns the query as a case code, "" when it is no case code.
func (q PupilQuery) CaseCode() string {
	t := strings.TrimSpace(q.Text)
	if caseCodePattern.MatchString(t) {
		return strings.ToUpper(t)
	}
	return ""
}

// Validate checks the query: a case code, or a name of at least two
// letters with an optional date of birth that is a real day.
func (q *PupilQuery) Validate() error {
	q.Text = strings.Join(strings.Fields(q.Text), " ")
	q.BirthDate = strings.TrimSpace(q.BirthDate)
	var v Validation
	if q.CaseCode() != "" {
		return nil
	}
	letters := 0
	for _, r := range q.Text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	v.Check(letters >= minSearchLetters, "zoekterm", "Typ minstens twee letters van de naam, of een casuscode (C-2026-0007).")
	v.Check(!tooLong(q.Text, 200), "zoekterm", "De zoekterm mag hoogstens 200 tekens lang zijn.")
	if q.BirthDate != "" {
		_, err := time.Parse(time.DateOnly, q.BirthDate)
		v.Check(err == nil, "geboortedatum", "Geef de geboortedatum als dag, maand en jaar (2014-05-31).")
	}
	return v.Err("Zoeken kan op een naam (minstens twee letters), eventueel met geboortedatum, of op een casuscode.")
}

// foldName is a name as the search compares it: lower case, without
// accents, one space between words ("Sanne de Vriës" → "sanne de vries").
func foldName(s string) string {
	return accents.Replace(strings.ToLower(strings.Join(strings.Fields(s), " ")))
}

// accents maps the accented letters of names written in the Netherlands to
// their plain letter (a table, so the domain needs no Unicode tables).
var accents = strings.NewReplacer(
	"á", "a", "à", "a", "ä", "a", "â", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ë", "e", "ê", "e",
	"í", "i", "ì", "i", "ï", "i", "î", "i",
	"ó", "o", "ò", "o", "ö", "o", "ô", "o", "õ", "o", "ø", "o",
	"ú", "u", "ù", "u", "ü", "u", "û", "u",
	"ý", "y", "ÿ", "y", "ç", "c", "ñ", "n", "ş", "s", "ğ", "g", "ı", "i")

// NameMatches reports whether the pupil's name (as the reader sees it)
// matches the typed text: every typed word begins a word of the name, so
// "san vr" finds "Sanne de Vries". Case and accents do not count. It is
// the matching the search-as-you-type of the quick signal can share.
func NameMatches(name, text string) bool {
	words := strings.Fields(foldName(name))
	typed := strings.Fields(foldName(text))
	if len(typed) == 0 {
		return false
	}
	for _, t := range typed {
		found := false
		for _, w := range words {
			if strings.HasPrefix(w, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// PupilSearch is what a search found, as the reader may see it.
type PupilSearch struct {
	// Pupils are those found by name: each only where the reader sees
	// them by name.
	Pupils []FoundPupil
	// More: more pupils matched than are shown; the member types more.
	More bool
	// Case is the case a case code found, with its pupils as the reader
	// sees them (name or pseudonym) and their routes; nil otherwise.
	Case *Case
}

// FoundPupil is one pupil found by name with the signals and cases about
// them in which the reader sees them by name; the signals and cases show
// only this pupil, the cases with this pupil's route.
type FoundPupil struct {
	Pupil   Pupil
	Signals []*Signal
	Cases   []*Case
}

// ReadFilters reads the filters of a signals list (the web's query and
// the API's use the same keys: status, fenomeen, school, vanaf, totEnMet)
// into f
// and checks them against the municipality's lists; every problem is added
// to v under its key.
func (f *SignalFilter) ReadFilters(get func(string) string, choices SignalChoices, v *Validation) {
	f.Status, f.Phenomenon = get("status"), get("fenomeen")
	v.Check(f.Status == "" || inList(SignalStatuses, f.Status), "status", "Kies een bestaande status.")
	if f.Phenomenon != "" {
		known := false
		for _, p := range choices.Phenomena {
			known = known || p.Code == f.Phenomenon
		}
		v.Check(known, "fenomeen", "Kies een fenomeen uit de lijst van de gemeente.")
	}
	f.ReadSchoolAndPeriod(get, choices.Schools, v)
}

// ReadSchoolAndPeriod reads the school (one of schools, unless nil) and
// the period (vanaf, totEnMet: days, both included) of a signals list
// into f.
func (f *SignalFilter) ReadSchoolAndPeriod(get func(string) string, schools map[string]bool, v *Validation) {
	f.SchoolID = get("school")
	v.Check(f.SchoolID == "" || schools == nil || schools[f.SchoolID], "school", "Kies een school van de gemeente.")
	f.From = filterDay(get("vanaf"), "vanaf", v)
	f.To = filterDay(get("totEnMet"), "totEnMet", v)
	v.Check(f.From.IsZero() || f.To.IsZero() || !f.To.Before(f.From), "totEnMet",
		"De periode eindigt niet voor zij begint: kies een einddatum op of na de begindatum.")
}

// filterDay reads a day of a filter (YYYY-MM-DD); zero when empty or wrong
// (then the mistake is in v).
func filterDay(s, field string, v *Validation) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, Amsterdam)
	if err != nil {
		v.Add(field, "Geef een datum als jaar-maand-dag (2026-03-01).")
		return time.Time{}
	}
	return Date(d)
}
