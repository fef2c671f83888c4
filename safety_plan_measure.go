package vios

import (
	"context"
	"time"
)

// Measures of a safety plan are action items of the owning school's
// kernteam: they are followed up on its agenda like every other action,
// and the plan shows them with their status, owner and due date.

// PlanMeasures are a plan's measures with what adding one needs.
type PlanMeasures struct {
	// NetworkID and NetworkName: the owning school's kernteam, "" when it has none.
	NetworkID   string
	NetworkName string
	Actions     []*ActionItem
	// Owners are the kernteam's current members (and deputies), filled in
	// only for who may add a measure.
	Owners []PlanMeasureOwner
	// FromAudits are the safety audits measures came from, by action id.
	FromAudits map[string]PlanMeasureAudit
}

// PlanMeasureAudit is the safety audit whose advice a measure came from.
type PlanMeasureAudit struct {
	AuditID string
	AuditOn time.Time
}

// PlanMeasureOwner is a member of the kernteam who may own a measure.
type PlanMeasureOwner struct {
	UserID           string
	Name             string
	OrganisationName string
}

// PlanMeasureService keeps the measures of safety plans.
type PlanMeasureService interface {
	// AddPlanMeasure makes a measure an action item of the owning school's
	// kernteam; who writes the plan adds it, its owner is a current member.
	AddPlanMeasure(ctx context.Context, municipalityID, planID string, a *ActionItem) error
	// PlanMeasures returns the plan's measures, for who may read the plan.
	PlanMeasures(ctx context.Context, municipalityID, planID string) (*PlanMeasures, error)
}
