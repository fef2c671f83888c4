package vios

import "slices"

// Who writes a school safety plan. The school owns it: the school accounts
// of the owning school write and the ones marked by the beheerder approve;
// the accounts of the other schools a board's plan covers read it. The
// school may give a coordinator or the OTSV the right to help write it
// (never to approve); a partner whose organisation writes a section edits
// that section only. The municipality's regisseur, coordinators and OTSV
// read every plan (a plan holds no pupil data).

const (
	// ActionViewSafetyPlan: read a plan, its versions and comments.
	ActionViewSafetyPlan Action = "veiligheidsplan-bekijken"
	// ActionEditSafetyPlan: start a plan, change any section, share it,
	// give helpers the right to write.
	ActionEditSafetyPlan Action = "veiligheidsplan-wijzigen"
	// ActionEditPlanSection: change one section (PlanAccess.SectionPartner).
	ActionEditPlanSection Action = "veiligheidsplan-onderdeel"
	// ActionCommentSafetyPlan: comment on a plan one helps write.
	ActionCommentSafetyPlan Action = "veiligheidsplan-opmerking"
	// ActionApproveSafetyPlan: approve (vaststellen) a version.
	ActionApproveSafetyPlan Action = "veiligheidsplan-vaststellen"
	// ActionViewPlanOverview: the municipality's overview of plans.
	ActionViewPlanOverview Action = "veiligheidsplannen-overzicht"
	// ActionEditPlanTemplates: write the municipality's own plan templates.
	ActionEditPlanTemplates Action = "veiligheidsplan-sjablonen"
	// ActionSetPlanApprovers: mark school accounts that may approve.
	ActionSetPlanApprovers Action = "veiligheidsplan-vaststellers"
)

// PlanAccess is the part of a plan authorization looks at.
type PlanAccess struct {
	// Schools the plan covers; the first owns it.
	Schools []string
	// Helpers are user ids given the right to help write.
	Helpers []string
	// Approvers are user ids of the owner's accounts that may approve.
	Approvers []string
	// Partners are the organisations that write a section.
	Partners []string
	// SectionPartner is the partner of the section acted on, if any.
	SectionPartner string
}

func decidePlan(a *Actor, action Action, r Resource) error {
	p := r.Plan
	if r.MunicipalityID == "" || p == nil || len(p.Schools) == 0 {
		return forbidden()
	}
	m := r.MunicipalityID
	owner := a.schoolAccountOf(m, p.Schools[0])
	helper := slices.Contains(p.Helpers, a.User.ID) && (a.HasRole(RoleCoordinator, m) || a.HasRole(RoleOTSV, m))
	partner := false
	for _, org := range p.Partners {
		partner = partner || a.partnerAccountOf(m, org)
	}
	switch action {
	case ActionViewSafetyPlan:
		if owner || helper || partner || a.HasRole(RoleRegisseur, m) || a.HasRole(RoleCoordinator, m) || a.HasRole(RoleOTSV, m) {
			return nil
		}
		for _, school := range p.Schools {
			if a.schoolAccountOf(m, school) {
				return nil
			}
		}
	case ActionEditSafetyPlan:
		if owner || helper {
			return nil
		}
	case ActionEditPlanSection:
		if owner || helper || (p.SectionPartner != "" && a.partnerAccountOf(m, p.SectionPartner)) {
			return nil
		}
	case ActionCommentSafetyPlan:
		if owner || helper || partner {
			return nil
		}
	case ActionApproveSafetyPlan:
		// Only the owner's own accounts marked as approvers: never a helper
		// or a partner, whatever else they hold.
		if owner && slices.Contains(p.Approvers, a.User.ID) {
			return nil
		}
	}
	return forbidden()
}

// schoolAccountOf reports whether the actor holds the school role for the
// school in the municipality.
func (a *Actor) schoolAccountOf(municipalityID, school string) bool {
	return a.roleFor(municipalityID, school, RoleSchool)
}

func (a *Actor) partnerAccountOf(municipalityID, org string) bool {
	return a.roleFor(municipalityID, org, RolePartner)
}

func (a *Actor) roleFor(municipalityID, org, role string) bool {
	for _, m := range a.User.Memberships {
		if org != "" && m.MunicipalityID == municipalityID && m.OrganisationID == org && m.Role == role {
			return true
		}
	}
	return false
}
