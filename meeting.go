package vios

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Meetings lead to action: an agenda published ahead, attendance, minutes
// per item, decisions and action items that are followed up until done.
// The first item of every agenda is the network's open actions, so nothing
// agreed disappears (report, Bijlagen C, D, F).

// Meeting statuses.
const (
	MeetingPlanned   = "gepland"
	MeetingPublished = "agenda-gepubliceerd"
	MeetingHeld      = "gehouden"
	MeetingCancelled = "geannuleerd"
)

var meetingStatuses = []Label{
	{MeetingPlanned, "Gepland"},
	{MeetingPublished, "Agenda verstuurd"},
	{MeetingHeld, "Gehouden"},
	{MeetingCancelled, "Geannuleerd"},
}

func MeetingStatusLabel(code string) string { return labelOf(meetingStatuses, code) }

// Meeting is one meeting of a network.
type Meeting struct {
	ID             string
	NetworkID      string
	NetworkName    string
	MunicipalityID string
	StartsAt       time.Time
	EndsAt         time.Time
	Location       string
	OnlineURL      string
	Status         string
	// LocationShielded is set when the reader is no member of the network:
	// Location then holds ShieldedMeetingText.
	LocationShielded bool
	// AgendaPublishedAt is set when the chair published the agenda.
	AgendaPublishedAt *time.Time
	// MinutesApprovedAt is set when the minutes were approved (at the next
	// meeting); approved minutes never change, corrections are added.
	MinutesApprovedAt *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time

	Items       []AgendaItem
	Attendance  []Attendance
	Corrections []MinutesCorrection
}

// MinutesApproved reports whether the minutes are final.
func (m *Meeting) MinutesApproved() bool { return m.MinutesApprovedAt != nil }

// Started reports whether the meeting has begun at now. Attendance (like a
// case's actions) is recorded from its start on, never before.
func (m *Meeting) Started(now time.Time) bool { return !now.Before(m.StartsAt) }

// Validate checks the fields of a meeting; now is the current time, since a
// new invitation for a meeting in the past makes no sense.
func (m *Meeting) Validate(now time.Time, isNew bool) error {
	var v Validation
	m.Location = strings.TrimSpace(m.Location)
	m.OnlineURL = strings.TrimSpace(m.OnlineURL)
	v.Check(!m.StartsAt.IsZero(), "begin", "Vul de datum en het begintijdstip in.")
	if !m.StartsAt.IsZero() {
		v.Check(!isNew || m.StartsAt.After(now), "begin", "Een nieuw overleg kan niet in het verleden liggen.")
		v.Check(m.EndsAt.After(m.StartsAt), "einde", "Het overleg moet eindigen na het begin.")
		v.Check(m.EndsAt.Sub(m.StartsAt) <= 12*time.Hour, "einde", "Een overleg duurt hoogstens 12 uur.")
	}
	v.Check(m.Location != "" || m.OnlineURL != "", "plaats", "Vul een plaats of een link voor online deelname in.")
	v.Check(!tooLong(m.Location, maxShort), "plaats", "De plaats mag hoogstens %d tekens lang zijn.", maxShort)
	if m.OnlineURL != "" {
		u, err := url.Parse(m.OnlineURL)
		v.Check(err == nil && u.Scheme == "https" && u.Host != "" && !tooLong(m.OnlineURL, 500), "onlineLink",
			"Vul een volledige link in die met https:// begint.")
	}
	return v.Err("De gegevens van het overleg zijn niet volledig of niet juist.")
}

// ProposalDeadline returns the last moment members can propose items.
func (m *Meeting) ProposalDeadline(n *Network) time.Time {
	return m.StartsAt.In(Amsterdam).AddDate(0, 0, -n.ProposalDaysAhead)
}

// AgendaDue returns when the agenda should go out.
func (m *Meeting) AgendaDue(n *Network) time.Time {
	return m.StartsAt.In(Amsterdam).AddDate(0, 0, -n.AgendaDaysAhead)
}

// SeriesPlan asks for a series of meetings from a cadence.
type SeriesPlan struct {
	First    Meeting // start, end, place of the first meeting
	Count    int
	Interval time.Duration
}

// MaxSeries is the most meetings planned at once.
const MaxSeries = 52

// Meetings returns the meetings of the series, validated against now.
func (p SeriesPlan) Meetings(now time.Time) ([]*Meeting, error) {
	var v Validation
	v.Check(p.Count >= 1 && p.Count <= MaxSeries, "aantal", "Plan 1 tot %d overleggen tegelijk.", MaxSeries)
	v.Check(p.Count == 1 || p.Interval >= 24*time.Hour, "regelmaat", "Kies een regelmaat: het netwerk heeft er geen, of vul om de hoeveel weken in.")
	if err := v.Err("De reeks overleggen is niet volledig of niet juist."); err != nil {
		return nil, err
	}
	first := p.First
	if err := first.Validate(now, true); err != nil {
		return nil, err
	}
	list := make([]*Meeting, p.Count)
	length := first.EndsAt.Sub(first.StartsAt)
	for i := range list {
		m := first
		// Calendar days in Amsterdam, so a meeting keeps its local hour
		// across a change of summer time (AddDate on a UTC time would not).
		days := int(p.Interval/(24*time.Hour)) * i
		m.StartsAt = first.StartsAt.In(Amsterdam).AddDate(0, 0, days).UTC()
		m.EndsAt = m.StartsAt.Add(length)
		list[i] = &m
	}
	return list, nil
}

// Kinds of agenda item.
const (
	ItemTrend    = "trend"
	ItemCase     = "casus"
	ItemStanding = "vast"
	ItemRound    = "ronde"
	ItemGuest    = "gast"
)

// AgendaItemKinds lists the kinds with their Dutch labels.
var AgendaItemKinds = []Label{
	{ItemTrend, "Trend of thema"},
	{ItemCase, "Casus"},
	{ItemStanding, "Vast agendapunt"},
	{ItemRound, "Ronde langs de partners"},
	{ItemGuest, "Gastspreker of expert"},
}

func AgendaItemKindLabel(code string) string { return labelOf(AgendaItemKinds, code) }

// Agenda item statuses.
const (
	ItemProposed = "voorgesteld"
	ItemAccepted = "opgenomen"
	ItemRejected = "niet-opgenomen"
)

var itemStatuses = []Label{{ItemProposed, "Voorgesteld"}, {ItemAccepted, "Op de agenda"}, {ItemRejected, "Niet opgenomen"}}

func AgendaItemStatusLabel(code string) string { return labelOf(itemStatuses, code) }

// AgendaItem is one item of a meeting's agenda, with its minutes.
type AgendaItem struct {
	ID             string
	MeetingID      string
	Position       int
	Kind           string
	Title          string
	Description    string
	Status         string
	ProposedByID   string
	ProposedByName string
	Phenomena      []string
	Minutes        string
	Decisions      string
	UpdatedAt      time.Time
	// Shielded is set when the reader is no member of the network: Title,
	// Description, Minutes and Decisions then hold ShieldedMeetingText.
	Shielded bool
}

// Texts the store shows in place of a sealed free text the reader may not
// read (DATA-PROTECTION.md): neutral, so nothing of the text shows.
const (
	// ShieldedMeetingText stands for a text of a meeting (an agenda item,
	// the place, an action agreed there) to someone outside its network.
	ShieldedMeetingText = "(afgeschermd: alleen voor de leden van het netwerk)"
	// ShieldedCaseText stands for a text about a case (an action of the
	// case) to someone who sees its pupils by pseudonym only.
	ShieldedCaseText = "(afgeschermd: alleen voor wie namen mag zien)"
)

// Validate checks an item as proposed or edited.
func (i *AgendaItem) Validate() error {
	var v Validation
	i.Title = strings.TrimSpace(i.Title)
	i.Description = strings.TrimSpace(i.Description)
	v.Check(inList(AgendaItemKinds, i.Kind), "soort", "Kies de soort agendapunt.")
	v.Check(i.Title != "", "titel", "Vul de titel van het agendapunt in.")
	v.Check(!tooLong(i.Title, maxShort), "titel", "De titel mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(!tooLong(i.Description, maxText), "toelichting", "De toelichting mag hoogstens %d tekens lang zijn.", maxText)
	v.Check(len(i.Phenomena) <= 10, "fenomenen", "Kies hoogstens 10 fenomenen.")
	return v.Err("Het agendapunt is niet volledig of niet juist.")
}

// Attendance statuses.
const (
	AttendancePresent  = "aanwezig"
	AttendanceExcused  = "afgemeld"
	AttendanceAbsent   = "afwezig"
	AttendanceReplaced = "vervangen"
)

// AttendanceStatuses lists them with their Dutch labels.
var AttendanceStatuses = []Label{
	{AttendancePresent, "Aanwezig"},
	{AttendanceExcused, "Afwezig met bericht"},
	{AttendanceAbsent, "Afwezig"},
	{AttendanceReplaced, "Vervangen door plaatsvervanger"},
}

func AttendanceStatusLabel(code string) string { return labelOf(AttendanceStatuses, code) }

// Attendance is whether a fixed member was at a meeting, and who came in
// their place for their organisation.
type Attendance struct {
	MemberID         string
	UserID           string
	UserName         string
	OrganisationID   string
	OrganisationName string
	Status           string
	DeputyUserID     string
	DeputyName       string
}

// MinutesCorrection is added to approved minutes; the minutes themselves
// never change after approval.
type MinutesCorrection struct {
	ID         string
	MeetingID  string
	ItemID     string
	AuthorID   string
	AuthorName string
	Text       string
	CreatedAt  time.Time
}

// Action statuses.
const (
	ActionOpen       = "open"
	ActionInProgress = "bezig"
	ActionDone       = "gereed"
	ActionCancelled  = "vervallen"
)

// ActionStatuses lists them with their Dutch labels.
var ActionStatuses = []Label{
	{ActionOpen, "Open"},
	{ActionInProgress, "In uitvoering"},
	{ActionDone, "Gereed"},
	{ActionCancelled, "Vervallen"},
}

func ActionStatusLabel(code string) string { return labelOf(ActionStatuses, code) }

// ActionItem is an agreement made in a meeting: what, who, by when.
type ActionItem struct {
	ID             string
	MunicipalityID string
	NetworkID      string
	NetworkName    string
	MeetingID      string
	ItemID         string
	// CaseID is the case the action was agreed for, if any.
	CaseID string
	// PlanID and PlanTitle: the safety plan the action is a measure of, if any.
	PlanID    string
	PlanTitle string
	Title     string
	// Shielded is set when the reader may not read the title: it then
	// holds ShieldedCaseText or ShieldedMeetingText.
	Shielded              bool
	OwnerUserID           string
	OwnerName             string
	OwnerOrganisationID   string
	OwnerOrganisationName string
	DueOn                 time.Time // a date
	Status                string
	CancelReason          string
	DoneAt                *time.Time
	CreatedAt             time.Time
	UpdatedAt             time.Time
	Notes                 []ActionNote
}

// ActionNote is a progress note on an action.
type ActionNote struct {
	ID         string
	AuthorID   string
	AuthorName string
	Text       string
	Status     string // the status set with the note, if any
	CreatedAt  time.Time
}

// Closed reports whether the action needs no more follow-up.
func (a *ActionItem) Closed() bool { return a.Status == ActionDone || a.Status == ActionCancelled }

// Overdue reports whether the action is open past its due date on day.
func (a *ActionItem) Overdue(day time.Time) bool {
	return !a.Closed() && a.DueOn.Before(Date(day))
}

// Validate checks a new action against the meeting it was agreed in.
func (a *ActionItem) Validate(meetingDay time.Time) error {
	var v Validation
	a.Title = strings.TrimSpace(a.Title)
	v.Check(a.Title != "", "wat", "Beschrijf wat er moet gebeuren.")
	v.Check(!tooLong(a.Title, maxShort), "wat", "De beschrijving mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(a.OwnerUserID != "", "eigenaar", "Kies wie het actiepunt uitvoert.")
	v.Check(!a.DueOn.IsZero(), "deadline", "Vul de datum in waarop het klaar moet zijn.")
	if !a.DueOn.IsZero() {
		v.Check(!a.DueOn.Before(Date(meetingDay)), "deadline", "De deadline kan niet vóór het overleg liggen.")
	}
	return v.Err("Het actiepunt is niet volledig of niet juist.")
}

// CheckTransition reports whether status may follow the action's current
// one, with the reason a cancellation needs.
func (a *ActionItem) CheckTransition(status, reason string) error {
	var v Validation
	v.Check(inList(ActionStatuses, status), "status", "Kies een bestaande status.")
	v.Check(!a.Closed() || status == a.Status, "status", "Dit actiepunt is al afgesloten.")
	v.Check(status != ActionCancelled || strings.TrimSpace(reason) != "", "reden", "Geef de reden waarom het actiepunt vervalt.")
	v.Check(!tooLong(reason, maxText), "reden", "De reden mag hoogstens %d tekens lang zijn.", maxText)
	return v.Err("De status kan zo niet worden gewijzigd.")
}

// ActionFilter narrows a list of actions.
type ActionFilter struct {
	MunicipalityID string
	NetworkID      string
	MeetingID      string // agreed in this meeting
	OwnerUserID    string
	OpenOnly       bool
	OverdueOn      *time.Time // only actions overdue on this day
	// OpenAt: only actions agreed before this moment and not closed by
	// then: the first agenda item of a meeting, as it stood.
	OpenAt *time.Time
	Limit  int
}

// Phenomenon is a theme meetings and signals are tagged with: the national
// list, extended per municipality.
type Phenomenon struct {
	Code           string
	Label          string
	MunicipalityID string // "" for the national list
}

// DefaultPhenomena is the national list (DOMAIN.md; report section 3.2).
var DefaultPhenomena = []Label{
	{"vapes", "Vapes"},
	{"wapens", "Wapens en messen"},
	{"bedreiging-online", "Bedreiging via sociale media"},
	{"vernederingsfilmpjes", "Vernederingsfilmpjes"},
	{"straatcultuur", "Straatcultuur"},
	{"ronselen", "Ronselen en ondermijnende criminaliteit"},
	{"sextortion", "Sextortion"},
	{"groepsdruk", "Groepsdruk"},
	{"verslaving", "Verslaving"},
	{"vuurwerk", "Vuurwerk"},
	{"vechtpartijen", "Vechtpartijen"},
	{"diefstal", "Diefstal"},
	{"verzuim", "Verzuim en spijbelen"},
	{"discriminatie", "Discriminatie"},
	{"radicalisering", "Radicalisering"},
	{"influencers", "Invloed van influencers"},
	{"lvb", "Leerlingen met een licht verstandelijke beperking"},
	{"pesten", "Pesten"}, // added by migration 00027
}

// Validate checks a phenomenon a municipality adds.
func (p *Phenomenon) Validate() error {
	var v Validation
	p.Label = strings.TrimSpace(p.Label)
	v.Check(p.Label != "", "naam", "Vul de naam van het fenomeen in.")
	v.Check(!tooLong(p.Label, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	return v.Err("Het fenomeen is niet volledig of niet juist.")
}

// MeetingFilter narrows a list of meetings.
type MeetingFilter struct {
	MunicipalityID string
	NetworkID      string
	From, To       *time.Time // StartsAt in [From, To)
	// AttendeeUserID: only meetings of networks this user is a member of.
	AttendeeUserID string
	Limit          int
	// WithDetails loads each meeting's items and attendance too (for the
	// figures and the year review).
	WithDetails bool
}

// AgendaOrder is the chair's decision on one proposed or accepted item.
type AgendaOrder struct {
	ItemID string
	Status string // ItemAccepted or ItemRejected
}

// NetworkService keeps networks, meetings, agendas, minutes and actions.
// Every method works within one municipality and writes its audit record
// in the same transaction as the change.
type NetworkService interface {
	CreateNetwork(ctx context.Context, n *Network) error
	// UpdateNetwork changes the fields (not the members) if the network was
	// not changed since basedOn; ECONFLICT otherwise.
	UpdateNetwork(ctx context.Context, n *Network, basedOn time.Time) error
	// FindNetwork returns the network with all its members, past ones too.
	FindNetwork(ctx context.Context, municipalityID, id string) (*Network, error)
	ListNetworks(ctx context.Context, f NetworkFilter) ([]*Network, error)
	// AddNetworkMember adds a member: one fixed member per organisation, a
	// deputy only for a current fixed member, one chair and one secretary.
	AddNetworkMember(ctx context.Context, municipalityID string, m *NetworkMember) error
	// AddNetworkMembers adds several members at once, all or nothing: a
	// row breaking a rule refuses every row, its fields named "rij<n>.<field>"
	// (n from 1); a nil row is an empty line, skipped.
	AddNetworkMembers(ctx context.Context, municipalityID, networkID string, list []*NetworkMember) error
	// EndNetworkMembership dates the end of a membership (and of its deputies').
	EndNetworkMembership(ctx context.Context, municipalityID, networkID, memberID string, on time.Time) error

	// PlanMeetings stores the meetings and queues an invitation (.ics) to
	// every current member.
	PlanMeetings(ctx context.Context, municipalityID, networkID string, plan SeriesPlan) ([]*Meeting, error)
	// FindMeeting returns the meeting with items, attendance and corrections.
	FindMeeting(ctx context.Context, municipalityID, id string) (*Meeting, error)
	ListMeetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error)
	// RescheduleMeeting moves or cancels a meeting (status MeetingCancelled)
	// if unchanged since basedOn; members are told by mail.
	RescheduleMeeting(ctx context.Context, m *Meeting, basedOn time.Time) error

	// ProposeItem adds an item: a member's proposal before the deadline, or
	// an item of whoever runs the meeting, accepted at once.
	ProposeItem(ctx context.Context, municipalityID string, item *AgendaItem) error
	// OrderAgenda sets the order and the status of the items.
	OrderAgenda(ctx context.Context, municipalityID, meetingID string, order []AgendaOrder, basedOn time.Time) error
	// PublishAgenda publishes the agenda and queues a notice to every member.
	PublishAgenda(ctx context.Context, municipalityID, meetingID string) error
	// RecordAttendance replaces the attendance of the meeting.
	RecordAttendance(ctx context.Context, municipalityID, meetingID string, list []Attendance) error
	// SaveItemMinutes stores minutes and decisions of an item if unchanged
	// since basedOn; ECONFLICT otherwise, and EINVALID once approved.
	SaveItemMinutes(ctx context.Context, municipalityID string, item *AgendaItem, basedOn time.Time) error
	// ApproveMinutes makes the minutes final; they never change after.
	ApproveMinutes(ctx context.Context, municipalityID, meetingID string) error
	// AddCorrection adds a correction to approved minutes.
	AddCorrection(ctx context.Context, municipalityID string, c *MinutesCorrection) error

	// CreateAction stores an action agreed in a meeting.
	CreateAction(ctx context.Context, a *ActionItem) error
	FindAction(ctx context.Context, municipalityID, id string) (*ActionItem, error)
	ListActions(ctx context.Context, f ActionFilter) ([]*ActionItem, error)
	// UpdateAction sets status and adds a progress note, if unchanged since
	// basedOn.
	UpdateAction(ctx context.Context, municipalityID, id string, status, note string, basedOn time.Time) error

	// ListPhenomena returns the national list and the municipality's own.
	ListPhenomena(ctx context.Context, municipalityID string) ([]Phenomenon, error)
	AddPhenomenon(ctx context.Context, p *Phenomenon) error

	// CalendarFeedMeetings returns the meetings of the personal calendar
	// feed with tokenHash, from since on, and per meeting the link to it.
	CalendarFeedMeetings(ctx context.Context, tokenHash string, since time.Time) ([]*Meeting, map[string]string, error)
}
