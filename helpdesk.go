package vios

import (
	"context"
	"strings"
	"time"
)

// The municipal help desk (hulploket, Bijlage G of the report): a school or
// partner asks a question, the municipality's OTSV desk triages it, assigns
// a desk member, does the intake, records analysis and advice, agrees
// support (hours, and who gives it) and closes it; the requester rates the
// help. The free texts may name a person and are sealed; a request about a
// pupil links the signal (SignalID), whose pupils stay behind the signal's
// own clause rules: the request never carries a pupil's name itself.

// Statuses of a help request, in the order the desk goes through them.
const (
	HelpFiled    = "ingediend"
	HelpAssigned = "toegewezen"
	HelpIntake   = "intake"
	HelpAdvice   = "advies"
	HelpSupport  = "ondersteuning"
	HelpClosed   = "gesloten"
)

// HelpStatuses lists them with their Dutch labels.
var HelpStatuses = []Label{
	{HelpFiled, "Ingediend"}, {HelpAssigned, "In behandeling (toegewezen)"}, {HelpIntake, "Intake gedaan"},
	{HelpAdvice, "Advies gegeven"}, {HelpSupport, "Ondersteuning afgesproken"}, {HelpClosed, "Gesloten"},
}

func HelpStatusLabel(code string) string { return labelOf(HelpStatuses, code) }

// helpNext says which statuses a step may lead to from each status: the
// desk goes forward one step at a time; after advice it may close without
// support. Assigning again keeps the status (AssigneeUserID only).
var helpNext = map[string][]string{
	HelpFiled:    {HelpAssigned},
	HelpAssigned: {HelpIntake},
	HelpIntake:   {HelpAdvice},
	HelpAdvice:   {HelpSupport, HelpClosed},
	HelpSupport:  {HelpClosed},
}

// Bounds of the free texts and the agreed support.
const (
	maxHelpText  = 5000
	maxHelpHours = 1000
)

// HelpRequest is one question to the help desk.
type HelpRequest struct {
	ID               string
	MunicipalityID   string
	Code             string // "H-2026-0007": a reference without personal data
	RequesterUserID  string
	RequesterOrgID   string
	RequesterOrgName string
	SchoolID         string
	SchoolName       string
	Theme            string // a code of DefaultPhenomena, or ""
	Urgency          string // a code of SignalUrgencies
	Status           string
	// SignalID and AlertID: the signal or alert the request was started
	// from, if any (the requester may see it; readers of the request open
	// it only under the signal's rules).
	SignalID, AlertID string

	// Sealed free texts.
	Question, Intake, Analysis, Advice, SupportBy, RatingComment string

	AssigneeUserID string
	AssigneeName   string
	SupportHours   int
	Rating         int // 1–5, 0: not rated

	// NoNameConfirmed: the requester confirms that a question that looks
	// as if it names someone names no pupil (a pupil is linked by signal).
	NoNameConfirmed bool

	FiledAt                                                      time.Time
	AssignedAt, IntakeAt, AdviceAt, SupportAt, ClosedAt, RatedAt *time.Time
}

// FirstAction is when the desk first acted on the request (assigned it).
func (h *HelpRequest) FirstAction() *time.Time { return h.AssignedAt }

// Waiting is the time from filing to the first action, or to now while
// nobody acted yet.
func (h *HelpRequest) Waiting(now time.Time) time.Duration {
	if h.AssignedAt != nil {
		return h.AssignedAt.Sub(h.FiledAt)
	}
	return now.Sub(h.FiledAt)
}

// Open reports whether the request is not closed.
func (h *HelpRequest) Open() bool { return h.Status != HelpClosed }

// Validate checks a new request and reports every problem at once.
func (h *HelpRequest) Validate() error {
	var v Validation
	h.Question = strings.TrimSpace(h.Question)
	v.Check(h.Question != "", "vraag", "Vul uw vraag in.")
	v.Check(!tooLong(h.Question, maxHelpText), "vraag", "De vraag heeft hoogstens %d tekens.", maxHelpText)
	v.Check(h.SchoolID != "", "school", "Kies de school waar de vraag over gaat.")
	v.Check(inList(SignalUrgencies, h.Urgency), "urgentie", "Kies de urgentie: laag, normaal, hoog of acuut.")
	v.Check(h.Theme == "" || inList(DefaultPhenomena, h.Theme), "thema", "Kies het thema uit de lijst.")
	if !h.NoNameConfirmed && MayNameSomeone(h.Question) {
		v.Add("geenNaam", "De vraag lijkt een naam te bevatten. Noem geen leerling bij naam: start de vraag vanuit het signaal over de leerling, of bevestig dat de vraag niemand noemt.")
	}
	return v.Err("De hulpvraag is niet volledig of niet juist.")
}

// HelpStep is one step of the desk: To is the status it leads to, or ""
// to (re)assign only. Only the fields of the step are read.
type HelpStep struct {
	To             string
	AssigneeUserID string // HelpAssigned, or "" with To ""
	Intake         string // HelpIntake
	Analysis       string // HelpAdvice
	Advice         string // HelpAdvice
	SupportHours   int    // HelpSupport
	SupportBy      string // HelpSupport: who gives it
}

// Apply checks the step against the request's status and its fields, and
// records it at now. A step that does not follow the status is ECONFLICT;
// missing fields are EINVALID. Nothing changes on an error.
func (h *HelpRequest) Apply(s HelpStep, now time.Time) error {
	if !h.Open() {
		return Errorf(ECONFLICT, "Deze hulpvraag is gesloten: er kan niets meer aan veranderen.")
	}
	if s.To != "" && !slicesContains(helpNext[h.Status], s.To) {
		return Errorf(ECONFLICT, "Deze stap past niet bij de status ‘%s’ van de hulpvraag.", HelpStatusLabel(h.Status))
	}
	var v Validation
	s.Intake, s.Analysis, s.Advice, s.SupportBy = strings.TrimSpace(s.Intake), strings.TrimSpace(s.Analysis), strings.TrimSpace(s.Advice), strings.TrimSpace(s.SupportBy)
	switch s.To {
	case "", HelpAssigned:
		v.Check(s.AssigneeUserID != "", "behandelaar", "Kies de medewerker van het loket die de vraag behandelt.")
	case HelpIntake:
		v.Check(s.Intake != "", "intake", "Vul het verslag van de intake in.")
	case HelpAdvice:
		v.Check(s.Analysis != "", "analyse", "Vul de analyse in.")
		v.Check(s.Advice != "", "advies", "Vul het advies in.")
	case HelpSupport:
		v.Check(s.SupportHours > 0 && s.SupportHours <= maxHelpHours, "uren", "Vul het aantal uren ondersteuning in (1 tot %d).", maxHelpHours)
		v.Check(s.SupportBy != "", "door", "Vul in wie de ondersteuning geeft.")
	}
	for field, text := range map[string]string{"intake": s.Intake, "analyse": s.Analysis, "advies": s.Advice, "door": s.SupportBy} {
		v.Check(!tooLong(text, maxHelpText), field, "Deze tekst heeft hoogstens %d tekens.", maxHelpText)
	}
	if err := v.Err("De stap is niet volledig of niet juist."); err != nil {
		return err
	}
	at := now
	switch s.To {
	case "", HelpAssigned:
		h.AssigneeUserID = s.AssigneeUserID
		if s.To == HelpAssigned {
			h.AssignedAt = &at
		}
	case HelpIntake:
		h.Intake, h.IntakeAt = s.Intake, &at
	case HelpAdvice:
		h.Analysis, h.Advice, h.AdviceAt = s.Analysis, s.Advice, &at
	case HelpSupport:
		h.SupportHours, h.SupportBy, h.SupportAt = s.SupportHours, s.SupportBy, &at
	case HelpClosed:
		h.ClosedAt = &at
	}
	if s.To != "" {
		h.Status = s.To
	}
	return nil
}

// Rate records the requester's rating of a closed request, once.
func (h *HelpRequest) Rate(rating int, comment string, now time.Time) error {
	if h.Open() {
		return Errorf(ECONFLICT, "U kunt de hulp pas beoordelen als de hulpvraag gesloten is.")
	}
	if h.RatedAt != nil {
		return Errorf(ECONFLICT, "Deze hulpvraag is al beoordeeld.")
	}
	var v Validation
	comment = strings.TrimSpace(comment)
	v.Check(rating >= 1 && rating <= 5, "cijfer", "Kies een waardering van 1 tot en met 5.")
	v.Check(!tooLong(comment, maxText), "toelichting", "De toelichting heeft hoogstens %d tekens.", maxText)
	if err := v.Err("De beoordeling is niet volledig of niet juist."); err != nil {
		return err
	}
	at := now
	h.Rating, h.RatingComment, h.RatedAt = rating, comment, &at
	return nil
}

// HelpRequestFilter narrows a list of one municipality's requests.
type HelpRequestFilter struct {
	MunicipalityID string
	Status         string // "" all, "open" the open ones, or a status
}

// HelpDeskMember is a desk member's load: open requests and agreed hours.
type HelpDeskMember struct {
	UserID, Name string
	Open, Hours  int
}

// HelpCount is a number of requests per school or theme.
type HelpCount struct {
	Label        string
	Open, Closed int
}

// HelpDeskOverview is the municipality's view of its help desk.
type HelpDeskOverview struct {
	Total, Open, Rated int
	// AverageWaitHours: filed to first action, over the requests acted on.
	AverageWaitHours float64
	AverageRating    float64
	Members          []HelpDeskMember
	PerSchool        []HelpCount
	PerTheme         []HelpCount
}

// HelpDeskService keeps the help desk. Every method authorizes itself.
type HelpDeskService interface {
	// FileHelpRequest files a request of the actor's organisation.
	FileHelpRequest(ctx context.Context, h *HelpRequest) error
	// FindHelpRequest returns a request the actor may read.
	FindHelpRequest(ctx context.Context, municipalityID, id string) (*HelpRequest, error)
	// ListHelpRequests lists what the actor may read: the desk and the
	// regisseur every request, a requester its organisation's.
	ListHelpRequests(ctx context.Context, f HelpRequestFilter) ([]*HelpRequest, error)
	// StepHelpRequest records a step of the desk.
	StepHelpRequest(ctx context.Context, municipalityID, id string, s HelpStep) (*HelpRequest, error)
	// RateHelpRequest records the requester's rating of a closed request.
	RateHelpRequest(ctx context.Context, municipalityID, id string, rating int, comment string) (*HelpRequest, error)
	// HelpDeskOverview counts the municipality's requests.
	HelpDeskOverview(ctx context.Context, municipalityID string) (*HelpDeskOverview, error)
	// HelpDeskMembers lists the desk's members (Code: user id).
	HelpDeskMembers(ctx context.Context, municipalityID string) ([]Label, error)
}
