package vios

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Custom-support requests (maatwerkaanvragen, Rotterdam): a school asks the
// municipality for a measure with a budget; the regisseur grants it, grants
// part of it or refuses it, with a motivation; the school reports progress
// and, once the measure is carried out, the amount spent. Amounts are whole
// euro cents (int64): money is never a float. Title, description,
// motivation and reports may name people and are sealed.

// Statuses of a request, in the order they happen.
const (
	CustomSubmitted = "ingediend"
	CustomGranted   = "toegekend"
	CustomPartly    = "deels-toegekend"
	CustomRefused   = "afgewezen"
	CustomDone      = "uitgevoerd"
)

// CustomStatuses lists them with their Dutch labels.
var CustomStatuses = []Label{
	{CustomSubmitted, "Ingediend"},
	{CustomGranted, "Toegekend"},
	{CustomPartly, "Deels toegekend"},
	{CustomRefused, "Afgewezen"},
	{CustomDone, "Uitgevoerd"},
}

// CustomDecisions are the outcomes the regisseur chooses from.
var CustomDecisions = CustomStatuses[1:4]

// Kinds of report on a granted request.
const (
	ReportProgress = "voortgang"
	ReportDone     = "uitgevoerd"
)

// CustomReportKinds lists them with their Dutch labels.
var CustomReportKinds = []Label{{ReportProgress, "Voortgang"}, {ReportDone, "Uitgevoerd"}}

func CustomStatusLabel(code string) string { return labelOf(CustomStatuses, code) }

// MaxCustomCents bounds an amount: one million euros is far beyond any
// school measure, so more is a typing error.
const MaxCustomCents int64 = 100_000_000

// maxCustomText bounds a description, motivation or report.
const maxCustomText = 5000

// CustomRequest is one request of a school.
type CustomRequest struct {
	ID             string
	MunicipalityID string
	SchoolID       string
	SchoolName     string
	Title          string // sealed
	Description    string // sealed
	Theme          string // a code of DefaultPhenomena
	RequestedCents int64
	PlannedFrom    time.Time // a date
	PlannedUntil   time.Time // a date
	Status         string
	SubmittedAt    time.Time
	DecidedAt      *time.Time
	GrantedCents   int64
	Motivation     string // sealed
	CompletedAt    *time.Time
	SpentCents     int64
	Reports        []CustomReport
}

// Open reports whether the request waits for a decision.
func (c *CustomRequest) Open() bool { return c.Status == CustomSubmitted }

// Running reports whether the school may report on the request: granted
// (wholly or partly) and not yet carried out.
func (c *CustomRequest) Running() bool { return c.Status == CustomGranted || c.Status == CustomPartly }

// Year is the year the request was submitted in, for the overview.
func (c *CustomRequest) Year() int { return c.SubmittedAt.In(Amsterdam).Year() }

// CustomReport is one report of the school on a granted request.
type CustomReport struct {
	Kind       string
	Text       string // sealed
	SpentCents int64  // ReportDone only
	At         time.Time
}

// CustomDecision is the regisseur's decision on a request.
type CustomDecision struct {
	Outcome      string
	GrantedCents int64 // toegekend: the amount requested; afgewezen: 0
	Motivation   string
}

// checkAmount checks a whole amount of cents: not negative, not absurd.
func checkAmount(v *Validation, field, what string, cents int64, positive bool) {
	switch {
	case cents < 0:
		v.Add(field, "Het %s kan niet negatief zijn.", what)
	case positive && cents == 0:
		v.Add(field, "Vul het %s in, groter dan € 0.", what)
	case cents > MaxCustomCents:
		v.Add(field, "Het %s is hoogstens %s.", what, Euros(MaxCustomCents))
	}
}

// Validate checks a new request and reports every problem at once.
func (c *CustomRequest) Validate() error {
	var v Validation
	c.Title, c.Description = strings.TrimSpace(c.Title), strings.TrimSpace(c.Description)
	v.Check(c.SchoolID != "", "school", "Kies de school die de aanvraag doet.")
	v.Check(c.Title != "", "titel", "Vul een titel in.")
	v.Check(!tooLong(c.Title, maxShort), "titel", "De titel heeft hoogstens %d tekens.", maxShort)
	v.Check(c.Description != "", "omschrijving", "Beschrijf de maatregel.")
	v.Check(!tooLong(c.Description, maxCustomText), "omschrijving", "De omschrijving heeft hoogstens %d tekens.", maxCustomText)
	v.Check(inList(DefaultPhenomena, c.Theme), "thema", "Kies het thema uit de lijst.")
	checkAmount(&v, "bedrag", "aangevraagde bedrag", c.RequestedCents, true)
	v.Check(!c.PlannedFrom.IsZero(), "vanaf", "Vul de begindatum van de geplande periode in.")
	v.Check(!c.PlannedUntil.IsZero(), "tot", "Vul de einddatum van de geplande periode in.")
	if !c.PlannedFrom.IsZero() && !c.PlannedUntil.IsZero() {
		v.Check(!c.PlannedUntil.Before(c.PlannedFrom), "tot", "De einddatum ligt niet voor de begindatum.")
		v.Check(!c.PlannedUntil.After(c.PlannedFrom.AddDate(3, 0, 0)), "tot", "De geplande periode is hoogstens drie jaar.")
	}
	return v.Err("De aanvraag is niet volledig of niet juist.")
}

// Validate checks a decision on a request of requested cents.
func (d *CustomDecision) Validate(requested int64) error {
	var v Validation
	d.Motivation = strings.TrimSpace(d.Motivation)
	v.Check(inList(CustomDecisions, d.Outcome), "besluit", "Kies toegekend, deels toegekend of afgewezen.")
	switch d.Outcome {
	case CustomGranted:
		d.GrantedCents = requested
	case CustomRefused:
		d.GrantedCents = 0
	case CustomPartly:
		checkAmount(&v, "toegekendBedrag", "toegekende bedrag", d.GrantedCents, true)
		v.Check(d.GrantedCents <= requested, "toegekendBedrag", "Het toegekende bedrag is hoogstens het aangevraagde bedrag (%s).", Euros(requested))
		v.Check(d.GrantedCents != requested, "toegekendBedrag", "Kies toegekend als u het hele bedrag toekent.")
	}
	v.Check(d.Motivation != "", "motivering", "Motiveer het besluit.")
	v.Check(!tooLong(d.Motivation, maxCustomText), "motivering", "De motivering heeft hoogstens %d tekens.", maxCustomText)
	return v.Err("Het besluit is niet volledig of niet juist.")
}

// Validate checks a report on a request of granted cents.
func (r *CustomReport) Validate(granted int64) error {
	var v Validation
	r.Text = strings.TrimSpace(r.Text)
	v.Check(inList(CustomReportKinds, r.Kind), "soort", "Kies voortgang of uitgevoerd.")
	v.Check(r.Text != "", "verslag", "Schrijf een kort verslag.")
	v.Check(!tooLong(r.Text, maxCustomText), "verslag", "Het verslag heeft hoogstens %d tekens.", maxCustomText)
	if r.Kind == ReportDone {
		checkAmount(&v, "besteed", "bestede bedrag", r.SpentCents, false)
		v.Check(r.SpentCents <= granted, "besteed", "Het bestede bedrag is hoogstens het toegekende bedrag (%s).", Euros(granted))
	} else {
		r.SpentCents = 0
	}
	return v.Err("Het verslag is niet volledig of niet juist.")
}

// Euros writes cents the Dutch way: € 12.500,50.
func Euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "." + whole[i:]
	}
	return sign + "€ " + whole + "," + strconv.FormatInt(cents%100+100, 10)[1:]
}

// ParseEuros reads an amount typed in euros ("12500", "12.500,50",
// "€ 1250,5") as cents; ok is false for anything else.
func ParseEuros(s string) (cents int64, ok bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.ReplaceAll(s, ".", "")
	whole, frac, hasFrac := strings.Cut(s, ",")
	if whole == "" || len(frac) > 2 || hasFrac && frac == "" || len(whole) > 12 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	frac = (frac + "00")[:2]
	f, _ := strconv.ParseInt(frac, 10, 64)
	return n*100 + f, true
}

// CustomTotals sums one school's requests of one year.
type CustomTotals struct {
	SchoolID, SchoolName string
	Year                 int
	Requests             int
	RequestedCents       int64
	GrantedCents         int64
	SpentCents           int64
}

// SumCustom sums requests per school and year, newest year first, then
// by school name.
func SumCustom(list []*CustomRequest) []CustomTotals {
	index := map[[2]string]int{}
	var out []CustomTotals
	for _, c := range list {
		key := [2]string{c.SchoolID, strconv.Itoa(c.Year())}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, CustomTotals{SchoolID: c.SchoolID, SchoolName: c.SchoolName, Year: c.Year()})
		}
		t := &out[i]
		t.Requests++
		t.RequestedCents += c.RequestedCents
		t.GrantedCents += c.GrantedCents
		t.SpentCents += c.SpentCents
	}
	sortTotals(out)
	return out
}

// CustomFilter narrows a list: SchoolID "" is every school, for the
// municipality's staff.
type CustomFilter struct {
	MunicipalityID string
	SchoolID       string
}

// CustomRequestService keeps the custom-support requests.
type CustomRequestService interface {
	// ListCustomRequests returns the requests the actor may read, newest first.
	ListCustomRequests(ctx context.Context, f CustomFilter) ([]*CustomRequest, error)
	// FindCustomRequest returns one request with its reports.
	FindCustomRequest(ctx context.Context, id string) (*CustomRequest, error)
	// SubmitCustomRequest files a school's request and tells the regisseurs.
	SubmitCustomRequest(ctx context.Context, c *CustomRequest) error
	// DecideCustomRequest records the regisseur's decision (once) and tells the school.
	DecideCustomRequest(ctx context.Context, id string, d CustomDecision) error
	// ReportCustomRequest records the school's progress or completion.
	ReportCustomRequest(ctx context.Context, id string, r CustomReport) error
}

// sortTotals orders the overview: newest year first, then by school.
func sortTotals(list []CustomTotals) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Year != list[j].Year {
			return list[i].Year > list[j].Year
		}
		return list[i].SchoolName < list[j].SchoolName
	})
}
