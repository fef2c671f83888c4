package vios

import (
	"strings"
	"time"
)

// Case is a signal about one or more pupils (siblings, two friends, a
// group) that partners agreed to work on: one plan with actions per
// partner (action items), an owner who holds direction (regiehouder),
// review dates, and per pupil the route of referrals to other tables.
type Case struct {
	ID             string
	MunicipalityID string
	NetworkID      string
	NetworkName    string
	Code           string // "C-2026-0007", no personal data
	SignalID       string
	// Pupils are every pupil of the signal, as the reader may see them, in
	// the signal's order.
	Pupils []Pupil
	// OwnerUserID holds direction; a member of the network.
	OwnerUserID  string
	OwnerName    string
	OwnerOrgID   string
	OwnerOrgName string
	// ReportingOrganisationID is the organisation of the signal: it sees the
	// names it brought in.
	ReportingOrganisationID string
	// Plan is sealed in the database: it speaks about the pupil.
	Plan string
	// ReviewEveryDays: the owner is asked every so many days what happened
	// since; NextReviewOn is the next such day.
	ReviewEveryDays int
	NextReviewOn    time.Time
	Status          string
	Outcome         string
	CloseReason     string
	ClosedAt        *time.Time
	// MeetingID is where the case was agreed: its plan actions are action
	// items of that meeting.
	MeetingID string
	Actions   []*ActionItem
	Referrals []Referral
	Notes     []CaseNote
	Access    PupilAccess
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Case statuses.
const (
	CaseOpen   = "open"
	CaseClosed = "gesloten"
)

// CaseStatuses lists them with their Dutch labels.
var CaseStatuses = []Label{{CaseOpen, "Open"}, {CaseClosed, "Gesloten"}}

// Case outcomes, required to close.
var CaseOutcomes = []Label{
	{"opgelost", "Zorg weggenomen"},
	{"overgedragen", "Overgedragen aan een andere tafel"},
	{"verhuisd", "Leerling verhuisd of van school"},
	{"geen-grond", "Geen grond voor verdere aanpak"},
	{"anders", "Anders"},
}

func CaseStatusLabel(code string) string  { return labelOf(CaseStatuses, code) }
func CaseOutcomeLabel(code string) string { return labelOf(CaseOutcomes, code) }

// DefaultReviewDays is how often a case owner is asked for news.
const DefaultReviewDays = 28

// Referral returns the case's referral with id, nil when it has none.
func (c *Case) Referral(id string) *Referral {
	for i := range c.Referrals {
		if c.Referrals[i].ID == id {
			return &c.Referrals[i]
		}
	}
	return nil
}

// Validate checks a new or changed case.
func (c *Case) Validate() error {
	var v Validation
	c.Plan = strings.TrimSpace(c.Plan)
	v.Check(c.SignalID != "", "signaal", "Een casus komt voort uit een signaal.")
	v.Check(c.OwnerUserID != "", "regiehouder", "Kies wie de regie houdt.")
	v.Check(c.Plan != "", "plan", "Beschrijf het plan: wat is afgesproken.")
	v.Check(!tooLong(c.Plan, maxText*2), "plan", "Het plan mag hoogstens %d tekens lang zijn.", maxText*2)
	if c.ReviewEveryDays == 0 {
		c.ReviewEveryDays = DefaultReviewDays
	}
	v.Check(c.ReviewEveryDays >= 7 && c.ReviewEveryDays <= 182, "evaluatie", "Evalueer elke 7 tot 182 dagen.")
	return v.Err("De casus is niet volledig of niet juist; er is niets opgeslagen.")
}

// ValidateClose checks the closing of a case: outcome and reason.
func ValidateClose(outcome, reason string) error {
	var v Validation
	v.Check(inList(CaseOutcomes, outcome), "uitkomst", "Kies de uitkomst van de casus.")
	v.Check(strings.TrimSpace(reason) != "", "reden", "Geef de reden om de casus te sluiten.")
	v.Check(!tooLong(reason, maxText), "reden", "De reden mag hoogstens %d tekens lang zijn.", maxText)
	return v.Err("De casus is niet gesloten: vul uitkomst en reden in.")
}

// CaseNote is news on a case: the owner's answer to "what happened since?"
// or any member's update. The text is sealed.
type CaseNote struct {
	ID         string
	CaseID     string
	AuthorID   string
	AuthorName string
	Text       string
	CreatedAt  time.Time
}

// Referral is one step of a pupil's route: a referral of one pupil of the
// case to another table.
type Referral struct {
	ID             string
	MunicipalityID string
	CaseID         string
	// PupilID is the pupil of the case who is referred; "" only for
	// referrals made before cases held their pupils, whose case had no pupil.
	PupilID      string
	Table        string // a code of ReferralTables
	Status       string
	WaitingSince *time.Time
	Outcome      string
	Note         string
	CreatedByID  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	History      []ReferralEvent
}

// ReferralEvent is a status change of a referral.
type ReferralEvent struct {
	Status   string
	At       time.Time
	ByUserID string
	ByName   string
	Note     string
}

// The tables a pupil can be referred to.
var ReferralTables = []Label{
	{"zorgteam-mdo", "Zorgteam van de school / MDO"},
	{"veilig-thuis", "Veilig Thuis"},
	{"persoonsgerichte-aanpak", "Persoonsgerichte aanpak (gemeente)"},
	{"zorg-en-veiligheidshuis", "Zorg- en Veiligheidshuis"},
	{"sociaal-wijkteam", "Sociaal wijkteam"},
	{"jeugdzorg", "Jeugdzorg"},
	{"leerplicht", "Leerplicht"},
	{"halt", "Halt"},
	{"politie", "Politie"},
}

// Referral statuses, in the order a route usually takes.
const (
	ReferralRequested = "aangevraagd"
	ReferralAccepted  = "geaccepteerd"
	ReferralWaiting   = "wachtlijst"
	ReferralStarted   = "gestart"
	ReferralReturned  = "teruggestuurd" // the table sent the pupil back
	ReferralClosed    = "afgesloten"
)

// ReferralStatuses lists them with their Dutch labels.
var ReferralStatuses = []Label{
	{ReferralRequested, "Aangevraagd"}, {ReferralAccepted, "Geaccepteerd"}, {ReferralWaiting, "Op de wachtlijst"},
	{ReferralStarted, "Gestart"}, {ReferralReturned, "Teruggestuurd"}, {ReferralClosed, "Afgesloten"},
}

func ReferralTableLabel(code string) string  { return labelOf(ReferralTables, code) }
func ReferralStatusLabel(code string) string { return labelOf(ReferralStatuses, code) }

// PupilIDs returns the ids of the case's pupils.
func (c *Case) PupilIDs() []string {
	ids := make([]string, len(c.Pupils))
	for i, p := range c.Pupils {
		ids[i] = p.ID
	}
	return ids
}

// PupilRoute is one pupil of a case with the referrals of its own route.
type PupilRoute struct {
	Pupil     Pupil
	Referrals []Referral
	Warning   string // RouteWarning of the referrals
}

// Routes returns each pupil's route, in the order of the pupils; referrals
// of no pupil of the case (none are made any more) come last, under an
// empty pupil.
func (c *Case) Routes() []PupilRoute {
	out := make([]PupilRoute, len(c.Pupils))
	at := map[string]int{}
	for i, p := range c.Pupils {
		out[i].Pupil = p
		at[p.ID] = i
	}
	var loose []Referral
	for _, r := range c.Referrals {
		if i, ok := at[r.PupilID]; ok {
			out[i].Referrals = append(out[i].Referrals, r)
		} else {
			loose = append(loose, r)
		}
	}
	if len(loose) > 0 {
		out = append(out, PupilRoute{Referrals: loose})
	}
	for i := range out {
		out[i].Warning = RouteWarning(out[i].Referrals)
	}
	return out
}

// RouteWarnings returns the worries about the routes of the case: one per
// pupil whose route worries, naming the pupil as the reader sees them when
// the case has several.
func (c *Case) RouteWarnings() []string {
	var out []string
	routes := c.Routes()
	for _, r := range routes {
		if r.Warning == "" {
			continue
		}
		if len(routes) > 1 && r.Pupil.ID != "" {
			out = append(out, r.Pupil.Display()+": "+r.Warning)
		} else {
			out = append(out, r.Warning)
		}
	}
	return out
}

// ValidateReferral checks a new referral's table.
func (r *Referral) Validate() error {
	var v Validation
	r.Note = strings.TrimSpace(r.Note)
	v.Check(inList(ReferralTables, r.Table), "tafel", "Kies een bestaande tafel om naar te verwijzen.")
	v.Check(!tooLong(r.Note, maxText), "toelichting", "De toelichting mag hoogstens %d tekens lang zijn.", maxText)
	return v.Err("De verwijzing is niet opgeslagen.")
}

// ValidateReferralStatus checks a status change: a closed referral needs
// an outcome; a closed or returned one does not change again.
func ValidateReferralStatus(from, to, outcome string) error {
	var v Validation
	v.Check(inList(ReferralStatuses, to) && to != ReferralRequested, "status", "Kies een nieuwe status.")
	v.Check(from != ReferralClosed && from != ReferralReturned, "status", "Een afgesloten of teruggestuurde verwijzing verandert niet meer; verwijs opnieuw.")
	v.Check(to != ReferralClosed || strings.TrimSpace(outcome) != "", "uitkomst", "Geef de uitkomst bij het afsluiten.")
	return v.Err("De status van de verwijzing is niet gewijzigd.")
}

// RouteWarning returns, in Dutch, why the pupil's route worries: referred
// to several tables without any accepting, or sent back ("doorschuiven");
// "" when the route is fine.
func RouteWarning(referrals []Referral) string {
	pending, returned, accepted := 0, 0, 0
	for _, r := range referrals {
		switch r.Status {
		case ReferralRequested:
			pending++
		case ReferralReturned:
			returned++
		case ReferralAccepted, ReferralWaiting, ReferralStarted:
			accepted++
		}
	}
	switch {
	case returned > 0 && accepted == 0:
		return "De leerling is teruggestuurd door een tafel en nergens geaccepteerd: de leerling wordt doorgeschoven."
	case pending+returned >= 2 && accepted == 0:
		return "De leerling is naar meerdere tafels verwezen zonder dat één tafel de leerling accepteerde."
	}
	return ""
}

// CaseFilter selects cases of one municipality.
type CaseFilter struct {
	MunicipalityID string
	NetworkID      string
	Status         string
	PupilID        string
	Limit          int
	Cursor         *Cursor // the page beside it; nil for the first page
	// Count asks for the list's total on its first page, up to TotalCap.
	Count bool
}
