package vios

// Who reads and writes safety audits. The municipality's regisseur and
// OTSV hold audits (the auditors); with the beheerder they also write the
// municipality's own checklist templates. The school's accounts read the
// audits of their own school and respond to them; other schools and
// partners read none.

const (
	// ActionViewAudit: read an audit (Resource.MunicipalityID, SchoolID).
	ActionViewAudit Action = "audit-bekijken"
	// ActionEditAudit: start an audit, record findings and advice, complete
	// it and turn advice into action items and measures.
	ActionEditAudit Action = "audit-wijzigen"
	// ActionRespondAudit: the school's reaction to its audit.
	ActionRespondAudit Action = "audit-reageren"
	// ActionEditAuditTemplates: read and write the municipality's templates.
	ActionEditAuditTemplates Action = "audit-sjablonen"
)

// auditors hold audits; templateWriters write the templates.
var (
	auditors             = []string{RoleRegisseur, RoleOTSV}
	auditTemplateWriters = []string{RoleRegisseur, RoleBeheerder, RoleOTSV}
)

// hasAnyRole reports whether the actor holds one of roles in the municipality.
func (a *Actor) hasAnyRole(municipalityID string, roles []string) bool {
	for _, role := range roles {
		if municipalityID != "" && a.HasRole(role, municipalityID) {
			return true
		}
	}
	return false
}

// decideAudit is decide for the actions above, for a logged-in user.
func decideAudit(a *Actor, action Action, r Resource) error {
	m := r.MunicipalityID
	switch action {
	case ActionViewAudit:
		if a.hasAnyRole(m, auditors) || (r.SchoolID != "" && a.schoolAccountOf(m, r.SchoolID)) {
			return nil
		}
	case ActionEditAudit:
		if a.hasAnyRole(m, auditors) {
			return nil
		}
	case ActionRespondAudit:
		if r.SchoolID != "" && a.schoolAccountOf(m, r.SchoolID) {
			return nil
		}
	case ActionEditAuditTemplates:
		if a.hasAnyRole(m, auditTemplateWriters) {
			return nil
		}
	}
	return forbidden()
}
