package vios

import (
	"strconv"
	"strings"
	"time"
)

// Networks are the standing groups of an approach: a core team per school,
// a signals meeting, overarching meetings, a steering group and so on. They
// meet as fixed members (one per home organisation) with named deputies,
// because the report finds cooperation works when partners know each other
// and fails when organisations send someone new each time.

// Kinds of network.
const (
	NetworkKernteam      = "kernteam"
	NetworkSignalering   = "signaleringsoverleg"
	NetworkOverkoepelend = "overkoepelend"
	NetworkWijk          = "wijkoverleg"
	NetworkStuurgroep    = "stuurgroep"
	NetworkLoket         = "loketteam"
	NetworkAlertgroep    = "alertgroep"
)

// NetworkKinds lists the kinds with their Dutch labels.
var NetworkKinds = []Label{
	{NetworkKernteam, "Kernteam (per school)"},
	{NetworkSignalering, "Signaleringsoverleg"},
	{NetworkOverkoepelend, "Overkoepelend schoolveiligheidsoverleg"},
	{NetworkWijk, "Wijkoverleg"},
	{NetworkStuurgroep, "Stuurgroep / regiegroep"},
	{NetworkLoket, "Team van het loket"},
	{NetworkAlertgroep, "Alertgroep"},
}

// NetworkLevels are the tiers of an overarching meeting (Delft).
var NetworkLevels = []Label{
	{"operationeel", "Operationeel"},
	{"tactisch", "Tactisch"},
	{"strategisch", "Strategisch"},
}

func NetworkKindLabel(code string) string  { return labelOf(NetworkKinds, code) }
func NetworkLevelLabel(code string) string { return labelOf(NetworkLevels, code) }

// Positions of a member in a network.
const (
	PositionMember = "lid"             // the fixed member of a home organisation
	PositionDeputy = "plaatsvervanger" // named deputy of a fixed member
)

// Functions a member can hold besides membership.
const (
	FunctionChair     = "voorzitter"
	FunctionSecretary = "secretaris"
)

var memberPositions = []Label{{PositionMember, "Vast lid"}, {PositionDeputy, "Plaatsvervanger"}}
var memberFunctions = []Label{{"", "Geen"}, {FunctionChair, "Voorzitter"}, {FunctionSecretary, "Secretaris"}}

func PositionLabel(code string) string { return labelOf(memberPositions, code) }
func FunctionLabel(code string) string { return labelOf(memberFunctions, code) }

// Cadence is how often a network meets: every N weeks, or N times a year,
// or neither (on call).
type Cadence struct {
	EveryWeeks   int
	TimesPerYear int
}

// PerYear returns the number of meetings a year the cadence asks for.
func (c Cadence) PerYear() float64 {
	switch {
	case c.EveryWeeks > 0:
		return 52.0 / float64(c.EveryWeeks)
	case c.TimesPerYear > 0:
		return float64(c.TimesPerYear)
	}
	return 0
}

// Interval returns the time between two meetings of the cadence, or 0.
func (c Cadence) Interval() time.Duration {
	switch {
	case c.EveryWeeks > 0:
		return time.Duration(c.EveryWeeks) * 7 * 24 * time.Hour
	case c.TimesPerYear > 0:
		return time.Duration(float64(365*24*time.Hour) / float64(c.TimesPerYear)).Truncate(24 * time.Hour)
	}
	return 0
}

// String describes the cadence in Dutch.
func (c Cadence) String() string {
	switch {
	case c.EveryWeeks == 1:
		return "elke week"
	case c.EveryWeeks > 1:
		return "elke " + strconv.Itoa(c.EveryWeeks) + " weken"
	case c.TimesPerYear == 1:
		return "één keer per jaar"
	case c.TimesPerYear > 1:
		return strconv.Itoa(c.TimesPerYear) + " keer per jaar"
	}
	return "op afroep"
}

func (c Cadence) validate(v *Validation) {
	v.Check(c.EveryWeeks >= 0 && c.EveryWeeks <= 52, "elkeWeken", "Kies om de hoeveel weken het overleg is: 1 tot en met 52.")
	v.Check(c.TimesPerYear >= 0 && c.TimesPerYear <= 52, "keerPerJaar", "Kies hoe vaak per jaar het overleg is: 1 tot en met 52.")
	v.Check(c.EveryWeeks == 0 || c.TimesPerYear == 0, "keerPerJaar", "Kies óf om de hoeveel weken, óf hoe vaak per jaar, niet allebei.")
}

// Network is a standing group of an approach.
type Network struct {
	ID             string
	MunicipalityID string
	Kind           string
	Name           string
	Level          string // overarching meetings only
	Neighbourhood  string
	Description    string
	SchoolIDs      []string // the schools the network is for
	Cadence        Cadence
	// AgendaDaysAhead: the agenda is published this many days before a
	// meeting; ProposalDaysAhead: members propose items until this many
	// days before.
	AgendaDaysAhead   int
	ProposalDaysAhead int
	// ClauseID is the data-sharing clause of a covenant that governs what
	// members see of pupils; "" when none does.
	ClauseID  string
	CreatedAt time.Time
	UpdatedAt time.Time

	// Filled by FindNetwork: every member, past ones included.
	Members []NetworkMember
}

// Default agenda deadlines, in days before a meeting.
const (
	DefaultAgendaDaysAhead   = 5
	DefaultProposalDaysAhead = 7
)

// Validate checks every field and reports all problems at once.
func (n *Network) Validate() error {
	var v Validation
	n.Name = strings.TrimSpace(n.Name)
	n.Neighbourhood = strings.TrimSpace(n.Neighbourhood)
	n.Description = strings.TrimSpace(n.Description)
	v.Check(inList(NetworkKinds, n.Kind), "soort", "Kies de soort netwerk.")
	v.Check(n.Name != "", "naam", "Vul de naam van het netwerk in.")
	v.Check(!tooLong(n.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(!tooLong(n.Neighbourhood, maxName), "wijk", "De wijk mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(!tooLong(n.Description, maxText), "omschrijving", "De omschrijving mag hoogstens %d tekens lang zijn.", maxText)
	if n.Kind == NetworkOverkoepelend {
		v.Check(inList(NetworkLevels, n.Level), "niveau", "Kies het niveau: operationeel, tactisch of strategisch.")
	} else {
		v.Check(n.Level == "", "niveau", "Alleen een overkoepelend overleg heeft een niveau.")
	}
	if n.Kind == NetworkKernteam {
		v.Check(len(n.SchoolIDs) == 1, "scholen", "Een kernteam hoort bij precies één school.")
	}
	n.Cadence.validate(&v)
	v.Check(n.AgendaDaysAhead >= 0 && n.AgendaDaysAhead <= 30, "agendaDagenVooraf", "De agenda gaat 0 tot 30 dagen vooraf uit.")
	v.Check(n.ProposalDaysAhead >= n.AgendaDaysAhead && n.ProposalDaysAhead <= 60, "voorstelDagenVooraf",
		"Agendapunten voorstellen kan tot uiterlijk de dag dat de agenda uitgaat: kies minstens %d en hoogstens 60 dagen.", n.AgendaDaysAhead)
	return v.Err("De gegevens van het netwerk zijn niet volledig of niet juist.")
}

// NetworkMember is a person's membership of a network, dated so that
// history stays true: a member who left stays in the minutes they attended.
type NetworkMember struct {
	ID               string
	NetworkID        string
	UserID           string
	UserName         string
	OrganisationID   string
	OrganisationName string
	Position         string
	DeputyForID      string // a deputy's fixed member
	Function         string // chair, secretary or ""
	JoinedOn         time.Time
	LeftOn           *time.Time
}

// ActiveOn reports whether the membership runs on day.
func (m *NetworkMember) ActiveOn(day time.Time) bool {
	return !m.JoinedOn.After(day) && (m.LeftOn == nil || m.LeftOn.After(day))
}

// Validate checks the fields of a new membership.
func (m *NetworkMember) Validate() error {
	var v Validation
	v.Check(m.UserID != "", "gebruiker", "Kies de persoon.")
	v.Check(m.OrganisationID != "", "organisatie", "Kies de organisatie die deze persoon vertegenwoordigt.")
	v.Check(inList(memberPositions, m.Position), "positie", "Kies vast lid of plaatsvervanger.")
	v.Check(inList(memberFunctions, m.Function), "functie", "Kies voorzitter, secretaris of geen functie.")
	if m.Position == PositionDeputy {
		v.Check(m.DeputyForID != "", "vervangtLid", "Kies het vaste lid dat deze persoon vervangt.")
		v.Check(m.Function == "", "functie", "Een plaatsvervanger is geen voorzitter of secretaris.")
	} else {
		v.Check(m.DeputyForID == "", "vervangtLid", "Alleen een plaatsvervanger vervangt een vast lid.")
	}
	v.Check(!m.JoinedOn.IsZero(), "lidVanaf", "Vul de datum in waarop het lidmaatschap ingaat.")
	return v.Err("Het lidmaatschap is niet volledig of niet juist.")
}

// NetworkFilter narrows a list of networks.
type NetworkFilter struct {
	MunicipalityID string
	Kind           string
	// MemberUserID: only networks this user is an active member of.
	MemberUserID string
}

// ActiveMember returns the user's current membership of the network, or nil.
func (n *Network) ActiveMember(userID string, day time.Time) *NetworkMember {
	for i := range n.Members {
		if m := &n.Members[i]; m.UserID == userID && m.ActiveOn(day) {
			return m
		}
	}
	return nil
}

// Chair returns the current chair, or nil.
func (n *Network) Chair(day time.Time) *NetworkMember {
	for i := range n.Members {
		if m := &n.Members[i]; m.Function == FunctionChair && m.ActiveOn(day) {
			return m
		}
	}
	return nil
}

// PlaceOf returns the user's current place in the network for Authorize:
// FunctionChair, FunctionSecretary, PositionMember (fixed member or deputy),
// or "" when the user is no member on day.
func (n *Network) PlaceOf(userID string, day time.Time) string {
	place := ""
	for i := range n.Members {
		m := &n.Members[i]
		if m.UserID != userID || !m.ActiveOn(day) {
			continue
		}
		switch {
		case m.Function == FunctionChair:
			return FunctionChair
		case m.Function == FunctionSecretary:
			place = FunctionSecretary
		case place == "":
			place = PositionMember
		}
	}
	return place
}

// Resource returns the authorization resource of the network for the actor.
func (n *Network) Resource(a *Actor, day time.Time) Resource {
	r := Resource{MunicipalityID: n.MunicipalityID}
	if a != nil && a.User != nil {
		r.InNetwork = n.PlaceOf(a.User.ID, day)
	}
	return r
}

// staffRoles are the municipality's own roles that name no organisation:
// they may represent a municipal team or an external coordinator
// organisation in a network.
var staffRoles = []string{RoleRegisseur, RoleCoordinator, RoleOTSV}

// MayRepresent reports whether the user may take a seat in a network of the
// municipality for the organisation, and act for it there: a school or a
// partner only through a role at that very organisation; a municipal team or
// an external coordinator organisation also through a role of the
// municipality's own staff (regisseur, coordinator, OTSV). A chair cannot
// seat a youth worker "for the school": the seat would carry the school's
// right to the names it entered.
func MayRepresent(u *User, municipalityID string, o *Organisation) bool {
	if u == nil || o == nil || o.MunicipalityID != municipalityID || u.Disabled {
		return false
	}
	for _, m := range u.Memberships {
		if m.MunicipalityID != municipalityID {
			continue
		}
		if m.OrganisationID == o.ID {
			return true
		}
		if (o.Kind == OrgMunicipal || o.Kind == OrgCoordinator) && m.OrganisationID == "" && slicesContains(staffRoles, m.Role) {
			return true
		}
	}
	return false
}
