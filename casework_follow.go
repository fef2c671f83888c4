package vios

import (
	"context"
	"fmt"
	"time"
)

// ReviewEscalateDays is how long a review question may go unanswered
// before it goes on: after this many days past the review day to the
// chair of the case's network, after twice as many to the regisseur.
const ReviewEscalateDays = 7

// Review escalation steps, as recorded per case: none, the owner was
// asked, the chair was told, the regisseur was told.
const (
	ReviewStepNone = iota
	ReviewStepOwner
	ReviewStepChair
	ReviewStepRegisseur
)

// WaitingDays returns how many days the referral has been on the waiting
// list on today; -1 when it is not on it.
func (r *Referral) WaitingDays(today time.Time) int {
	if r.Status != ReferralWaiting || r.WaitingSince == nil {
		return -1
	}
	return max(0, int(Date(today).Sub(Date(*r.WaitingSince)).Hours()/24))
}

// WaitingText says, in Dutch, how long the referral has been on the
// waiting list ("3 weken op de wachtlijst"); "" when it is not on it.
func (r *Referral) WaitingText(today time.Time) string {
	days := r.WaitingDays(today)
	if days < 0 {
		return ""
	}
	return Duration(days) + " op de wachtlijst"
}

// Duration says a number of days in Dutch as people count waiting: days
// for the first two weeks, then weeks.
func Duration(days int) string {
	switch {
	case days == 0:
		return "sinds vandaag"
	case days == 1:
		return "1 dag"
	case days < 14:
		return fmt.Sprintf("%d dagen", days)
	default:
		return fmt.Sprintf("%d weken", days/7)
	}
}

// ReferralThreshold is the number of weeks a pupil may wait on a table's
// waiting list before the case owner and the regisseur are warned; the
// regisseur sets it per table. Weeks 0 means no threshold.
type ReferralThreshold struct {
	Table string
	Label string
	Weeks int
}

// ValidateThresholds checks the thresholds: known tables, 0 (none) or 1
// to 104 weeks.
func ValidateThresholds(list []ReferralThreshold) error {
	var v Validation
	for _, t := range list {
		v.Check(inList(ReferralTables, t.Table), "tafel", "Kies een bestaande tafel.")
		v.Check(t.Weeks >= 0 && t.Weeks <= 104, "drempel-"+t.Table, "Geef voor %s 1 tot 104 weken, of laat het leeg.", ReferralTableLabel(t.Table))
	}
	return v.Err("De drempels zijn niet opgeslagen.")
}

// ReferralThresholdService keeps the waiting thresholds per table.
type ReferralThresholdService interface {
	// ReferralThresholds returns every table with its threshold (0: none).
	ReferralThresholds(ctx context.Context, municipalityID string) ([]ReferralThreshold, error)
	// SetReferralThresholds replaces the thresholds; the regisseur's work.
	SetReferralThresholds(ctx context.Context, municipalityID string, list []ReferralThreshold) error
}
