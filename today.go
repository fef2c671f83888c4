package vios

import (
	"context"
	"time"
)

// The start page ("Vandaag") where every login lands: per municipality what
// the user can act on today. It names no pupil: signals, cases and
// referrals show by their codes, so opening the page reads no pupil data.

// VisitGap is how long a visit to the start page lasts: opened again within
// it, the page still counts the new signals from the visit before, so a
// reload does not make them vanish.
const VisitGap = 30 * time.Minute

// TodayLimit is the most lines each block of the start page shows; the
// block links to its full list.
const TodayLimit = 10

// Today is what one user can act on in one municipality.
type Today struct {
	MunicipalityID string
	// Since is the previous visit: the signals listed came in after it.
	// Zero on the first visit, when the signals of the last week are shown.
	Since time.Time
	// Actions are my open action items (meeting and case actions), the
	// earliest deadline first; overdue ones say so (ActionItem.Overdue).
	Actions []*ActionItem
	// Reviews are the open cases I hold direction on whose review day has
	// come, the longest overdue first.
	Reviews []*TodayCase
	// Signals are the signals of my networks entered since Since, as far
	// as I may see them, newest first.
	Signals []*TodaySignal
	// Meetings are the next meetings of my networks (four weeks ahead).
	Meetings []*TodayMeeting
	// Alerts are the open alerts sent to me that I have not acknowledged.
	Alerts []*Alert
	// Referrals are the referrals of cases I direct, or of networks I chair
	// or keep the minutes of, still waiting on a table or sent back.
	Referrals []*TodayReferral
}

// Empty reports whether there is nothing to act on.
func (t *Today) Empty() bool {
	return len(t.Actions)+len(t.Reviews)+len(t.Signals)+len(t.Meetings)+len(t.Alerts)+len(t.Referrals) == 0
}

// TodaySignal is a new signal as the start page shows it: no pupils, no
// description.
type TodaySignal struct {
	ID, Code, NetworkName string
	Phenomenon            string // its label
	SchoolNames           []string
	OccurredOn            time.Time
	Urgency               string
	CreatedAt             time.Time
}

// TodayCase is a case whose review is due.
type TodayCase struct {
	ID, Code, NetworkName string
	NextReviewOn          time.Time
}

// TodayMeeting is a coming meeting with the state of its agenda.
type TodayMeeting struct {
	ID, NetworkName string
	StartsAt        time.Time
	EndsAt          time.Time
	// ProposalDeadline is the last moment to propose an item.
	ProposalDeadline time.Time
	// AgendaSentAt is when the agenda went out, nil before.
	AgendaSentAt *time.Time
	// MayRun: I chair or keep the minutes, so sending the agenda is mine.
	MayRun bool
}

// ProposalsOpen reports whether items can still be proposed at now.
func (m *TodayMeeting) ProposalsOpen(now time.Time) bool {
	return m.AgendaSentAt == nil && now.Before(m.ProposalDeadline)
}

// TodayReferral is a referral waiting on a table or sent back.
type TodayReferral struct {
	ID, CaseID, CaseCode string
	Table, Status        string
	// Since is when it started waiting (the waiting list), or was made.
	Since time.Time
}

// TodayService gives the start page. The actor comes from the context.
type TodayService interface {
	// Today returns what the actor can act on in the municipality, in one
	// transaction that also records this visit (for the next visit's new
	// signals). An actor without a role there gets ENOTFOUND.
	Today(ctx context.Context, municipalityID string) (*Today, error)
}
