package vios

import (
	"context"
	"strings"
	"time"
)

// The school safety plan (veiligheidsplan) as a living document: written
// in sections from a template or from another school's shared plan, with
// versions, comments of those helping, and approval (vaststelling) by the
// school's director or board. A plan is owned by one school; a board's plan
// is owned by one of the board's schools and covers the others (the
// platform has no board organisation).

// Plan statuses.
const (
	PlanDraft    = "concept"
	PlanApproved = "vastgesteld"
	// In the municipality's overview only.
	PlanNone    = "geen"
	PlanOverdue = "herziening-te-laat"
)

var planStatuses = []Label{{PlanNone, "Geen plan"}, {PlanDraft, "Concept"}, {PlanApproved, "Vastgesteld"}, {PlanOverdue, "Herziening te laat"}}

func PlanStatusLabel(code string) string { return labelOf(planStatuses, code) }

// Sharing of a plan as an example for other schools.
const (
	PlanSharedNot          = ""
	PlanSharedMunicipality = "gemeente"
	PlanSharedNational     = "landelijk"
)

// SafetyPlan is one school's (or board's) safety plan.
type SafetyPlan struct {
	ID             string
	MunicipalityID string
	// OwnerOrgID is the school that owns the plan; its school accounts write it.
	OwnerOrgID string
	OwnerName  string
	// Schools are the schools the plan covers, the owner first.
	Schools         []string
	Title           string
	Status          string
	Version         int
	ApprovedVersion int
	ApprovedBy      string // the name of who approved it
	ApprovedAt      *time.Time
	Shared          string
	BasedOn         string
	ReviewOn        time.Time // a date: when the plan is reviewed (PDCA)
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Sections []PlanSection
	// Helpers are the users (coordinator, OTSV) the school lets help write.
	Helpers []string
	// Approvers are the owner school's accounts that may approve.
	Approvers []string
}

// PlanSection is one part of the plan, in Markdown.
type PlanSection struct {
	ID        string
	Title     string
	Questions string // guiding questions, one per line
	Body      string // Markdown
	// PartnerOrgID is the partner organisation that writes this section.
	PartnerOrgID string
	ReviewOn     *time.Time
}

// PlanVersion is the plan as it was saved once.
type PlanVersion struct {
	Version   int
	Summary   string
	Approved  bool
	ChangedBy string
	ChangedAt time.Time
	Sections  []PlanSection
}

// PlanComment is a remark of someone helping, on a section or the plan.
type PlanComment struct {
	ID         string
	SectionID  string
	AuthorName string
	Text       string
	CreatedAt  time.Time
}

// PlanOverviewRow is one school in the municipality's overview. Each
// fact is a field of its own, so later facts get a column of their own.
type PlanOverviewRow struct {
	SchoolID   string
	SchoolName string
	PlanID     string
	Status     string // PlanNone, PlanDraft, PlanApproved or PlanOverdue
	ApprovedAt *time.Time
	ReviewOn   *time.Time
	// AgeDays: days since the plan was last approved (or created).
	AgeDays int
	// LastEvaluation: when one of the school's incident protocols was last
	// evaluated after an incident.
	LastEvaluation *time.Time
	// Missing are the labels of the legal requirements the school does not
	// meet; filled by whoever shows the overview, from the checklists.
	Missing []string
}

// SharedPlan is a plan another school shared, to start from.
type SharedPlan struct {
	ID             string
	MunicipalityID string
	Title          string
	SchoolName     string // empty for a national example: no names cross
	National       bool
}

// Overdue reports whether the plan's review date passed.
func (p *SafetyPlan) Overdue(day time.Time) bool { return p.ReviewOn.Before(Date(day)) }

// OverviewStatus is the plan's status in the municipality's overview.
func (p *SafetyPlan) OverviewStatus(day time.Time) string {
	if p.Overdue(day) {
		return PlanOverdue
	}
	return p.Status
}

// Resource is the plan's authorization resource; section narrows it to
// the section's partner.
func (p *SafetyPlan) Resource(section *PlanSection) Resource {
	acc := &PlanAccess{Schools: p.Schools, Helpers: p.Helpers, Approvers: p.Approvers}
	for _, s := range p.Sections {
		if s.PartnerOrgID != "" {
			acc.Partners = append(acc.Partners, s.PartnerOrgID)
		}
	}
	if section != nil {
		acc.SectionPartner = section.PartnerOrgID
	}
	return Resource{MunicipalityID: p.MunicipalityID, Plan: acc}
}

// Section returns the plan's section with id, or nil.
func (p *SafetyPlan) Section(id string) *PlanSection {
	for i := range p.Sections {
		if p.Sections[i].ID == id {
			return &p.Sections[i]
		}
	}
	return nil
}

const maxSection = maxText * 10

// Validate checks a new plan.
func (p *SafetyPlan) Validate() error {
	var v Validation
	p.Title = strings.TrimSpace(p.Title)
	v.Check(p.Title != "", "titel", "Vul de titel van het plan in.")
	v.Check(!tooLong(p.Title, maxShort), "titel", "De titel mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(p.OwnerOrgID != "", "school", "Kies de school die het plan opstelt.")
	v.Check(!p.ReviewOn.IsZero(), "herzienOp", "Kies de datum waarop het plan wordt herzien.")
	return v.Err("Het veiligheidsplan is niet volledig of niet juist.")
}

// ValidateSectionText checks a section's text.
func ValidateSectionText(body string) error {
	if tooLong(body, maxSection) {
		return Invalid("tekst", "De tekst van een onderdeel mag hoogstens 20000 tekens lang zijn.", "Het onderdeel is niet opgeslagen.")
	}
	return nil
}

// SafetyPlanService keeps the schools' safety plans.
type SafetyPlanService interface {
	// ListSafetyPlans returns the plans of the municipality the actor may read.
	ListSafetyPlans(ctx context.Context, municipalityID string) ([]*SafetyPlan, error)
	FindSafetyPlan(ctx context.Context, municipalityID, id string) (*SafetyPlan, error)
	// CreateSafetyPlan starts a plan from a template (template code) or
	// from a shared plan (copyOf, a plan id of any municipality).
	CreateSafetyPlan(ctx context.Context, p *SafetyPlan, template, copyOf string) error
	// UpdatePlanSection saves a section's text as a new version, if the
	// plan is still at version basedOn.
	UpdatePlanSection(ctx context.Context, municipalityID, planID, sectionID, body string, basedOn int) error
	PlanVersions(ctx context.Context, municipalityID, planID string) ([]PlanVersion, error)
	AddPlanComment(ctx context.Context, municipalityID, planID string, c *PlanComment) error
	PlanComments(ctx context.Context, municipalityID, planID string) ([]PlanComment, error)
	// ApproveSafetyPlan approves the current version, which must be seen
	// (the version the approver read; ECONFLICT when the plan changed
	// since); the approved version is frozen.
	ApproveSafetyPlan(ctx context.Context, municipalityID, planID string, seen int) error
	// ReviseSafetyPlan starts the next draft from the approved version.
	ReviseSafetyPlan(ctx context.Context, municipalityID, planID string) error
	// AssignPlanSection lets a partner organisation of the school's
	// networks write a section ("" gives it back to the school).
	AssignPlanSection(ctx context.Context, municipalityID, planID, sectionID, partnerOrgID string) error
	// SetPlanHelper gives or takes a user's right to help write the plan.
	SetPlanHelper(ctx context.Context, municipalityID, planID, userID string, helps bool) error
	// SetPlanApprover marks a school account as one that may approve.
	SetPlanApprover(ctx context.Context, municipalityID, schoolID, userID string, may bool) error
	// SharePlan shares the plan within the municipality or nationally; the
	// national example needs noNames: the sharer confirms it names nobody.
	SharePlan(ctx context.Context, municipalityID, planID, scope string, noNames bool) error
	// SharedPlans lists the plans the actor's school may start from.
	SharedPlans(ctx context.Context, municipalityID string) ([]SharedPlan, error)
	// PlanOverview gives every school of the municipality with its plan's status.
	PlanOverview(ctx context.Context, municipalityID string) ([]PlanOverviewRow, error)
	// SetPlanReviewDates sets the plan's review date and its sections'
	// (a section without one in sections keeps none).
	SetPlanReviewDates(ctx context.Context, municipalityID, planID string, reviewOn time.Time, sections map[string]time.Time) error
	PlanMeasureService
	PlanTemplateService
}

// StatusLabel is the Dutch label of the plan's own status.
func (p *SafetyPlan) StatusLabel() string { return PlanStatusLabel(p.Status) }

// StatusLabel is the Dutch label of the school's plan status.
func (r PlanOverviewRow) StatusLabel() string { return PlanStatusLabel(r.Status) }
