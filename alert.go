package vios

import (
	"context"
	"strings"
	"time"
)

// Alert is an acute alert raised to an alert group (network kind
// alertgroep): schools, police, enforcement and street coaches of an area.
// Every current fixed member of the group receives it live and by mail (a
// link only: no content, no personal data in the mail) and acknowledges
// it; without every acknowledgement within EscalateAfter minutes it goes to
// the deputies of those who did not answer and to the regisseur.
type Alert struct {
	ID             string
	MunicipalityID string
	NetworkID      string
	NetworkName    string
	// Audience is whom the alert went to: "" the alert group NetworkID, or
	// a group derived at raise time (AudienceSchoolNetwork, AudienceNeighbourhood),
	// whose alert belongs to the network of the sender's school.
	Audience      string
	Code          string // "A-2026-0003"
	RaisedByID    string
	RaisedByName  string
	RaisedByOrgID string
	// Text is short and sealed: it may name pupils.
	Text          string
	Phenomenon    string
	RaisedAt      time.Time
	EscalateAfter int // minutes
	EscalatedAt   *time.Time
	ClosedAt      *time.Time
	Summary       string // sealed
	SignalID      string // the signal it became when closed
	Recipients    []AlertRecipient
	UpdatedAt     time.Time
}

// AlertRecipient is one person an alert went to.
type AlertRecipient struct {
	UserID         string
	Name           string
	Organisation   string
	Escalated      bool // added by escalation: a deputy or the regisseur
	AcknowledgedAt *time.Time
}

// DefaultEscalateAfter is the minutes before an alert escalates.
const DefaultEscalateAfter = 10

// Validate checks a new alert.
func (a *Alert) Validate() error {
	var v Validation
	a.Text = strings.TrimSpace(a.Text)
	v.Check(a.NetworkID != "" || a.Audience != "", "alertgroep", "Kies de alertgroep.")
	v.Check(a.Audience == "" || a.Audience == AudienceSchoolNetwork || a.Audience == AudienceNeighbourhood, "alertgroep", "Kies de alertgroep.")
	v.Check(a.Text != "", "tekst", "Beschrijf kort wat er aan de hand is.")
	v.Check(!tooLong(a.Text, 500), "tekst", "Een alert is kort: hoogstens 500 tekens.")
	if a.EscalateAfter == 0 {
		a.EscalateAfter = DefaultEscalateAfter
	}
	v.Check(a.EscalateAfter >= 1 && a.EscalateAfter <= 240, "escalatie", "Escaleer na 1 tot 240 minuten.")
	return v.Err("Het alert is niet verstuurd.")
}

// Unacknowledged returns the recipients who have not acknowledged.
func (a *Alert) Unacknowledged() []AlertRecipient {
	var list []AlertRecipient
	for _, r := range a.Recipients {
		if r.AcknowledgedAt == nil {
			list = append(list, r)
		}
	}
	return list
}

// Recipient returns the user's place among the recipients, nil if none.
func (a *Alert) Recipient(userID string) *AlertRecipient {
	for i := range a.Recipients {
		if a.Recipients[i].UserID == userID {
			return &a.Recipients[i]
		}
	}
	return nil
}

// AlertFilter selects alerts.
type AlertFilter struct {
	MunicipalityID string
	NetworkID      string
	OpenOnly       bool
	// RecipientID: only alerts to this user (or raised by them).
	RecipientID string
	Since       time.Time // changed at or after
	Limit       int
}

// AlertService keeps acute alerts: raised to a group of recipients, each of
// whom acknowledges it, and closed into a signal. The actor comes from the
// context.
type AlertService interface {
	RaiseAlert(ctx context.Context, a *Alert) error
	FindAlert(ctx context.Context, municipalityID, id string) (*Alert, error)
	ListAlerts(ctx context.Context, f AlertFilter) ([]*Alert, error)
	AcknowledgeAlert(ctx context.Context, municipalityID, id string) error
	// CloseAlert closes the alert with a summary and makes it a signal.
	CloseAlert(ctx context.Context, municipalityID, id, summary string) (*Signal, error)
	// AlertAudiences returns the groups derived for the actor, each with
	// whom it reaches now; none for who works for no school.
	AlertAudiences(ctx context.Context, municipalityID string) ([]AlertAudience, error)
}

// Groups derived at raise time, for a member of a school: no one has to
// build them first.
const (
	// AudienceSchoolNetwork: the current fixed members of the network of
	// the sender's school (its kernteam, else another network it is in).
	AudienceSchoolNetwork = "netwerk-school"
	// AudienceNeighbourhood: everyone with a role in the municipality at a
	// school or partner in the school's neighbourhood, and the sociale
	// kaart's contact persons for it who have an account there.
	AudienceNeighbourhood = "wijk"
)

// AlertAudience is a derived group as the sender sees it before sending:
// how many it reaches and at which organisations, never who.
type AlertAudience struct {
	Code          string // AudienceSchoolNetwork or AudienceNeighbourhood
	Label         string // "Het netwerk van mijn school (Kernteam X)"
	NetworkID     string // the network the alert belongs to
	Count         int
	Organisations []string
}

// AudienceLabel is the Dutch name of an alert's audience: its group's name
// for an alert group.
func (a *Alert) AudienceLabel() string {
	switch a.Audience {
	case AudienceSchoolNetwork:
		return "Netwerk van de school (" + a.NetworkName + ")"
	case AudienceNeighbourhood:
		return "Scholen en partners in de wijk"
	}
	return a.NetworkName
}
