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
	Code           string // "A-2026-0003"
	RaisedByID     string
	RaisedByName   string
	RaisedByOrgID  string
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
	v.Check(a.NetworkID != "", "alertgroep", "Kies de alertgroep.")
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
}
