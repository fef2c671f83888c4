package vios

// Who may read and change incident protocols and the legal checklist.
// A school's protocol and checklist are the school's: its staff write them.
// Partners in the school's networks read its protocols (they must know what
// to do); the municipality's regisseur, coordinators and the OTSV read all
// of them, and the regisseur and coordinators write the municipality's
// default protocols. Nobody outside the municipality reads any.

const (
	// ActionViewProtocol: read an incident protocol and its card
	// (Resource.SchoolID, "" for the default; Resource.SchoolPartners).
	ActionViewProtocol Action = "incidentprotocol-bekijken"
	// ActionEditProtocol: write a protocol, evaluate it after an incident.
	ActionEditProtocol Action = "incidentprotocol-wijzigen"
	// ActionViewChecklist: read the legal checklist of a school
	// (Resource.SchoolID), or of every school ("").
	ActionViewChecklist Action = "wettelijke-eisen-bekijken"
	// ActionEditChecklist: state the school's facts.
	ActionEditChecklist Action = "wettelijke-eisen-wijzigen"
)

// protocolStaff read every protocol and checklist of their municipality.
var protocolStaff = []string{RoleRegisseur, RoleCoordinator, RoleOTSV}

// decideProtocol is decide for the actions above; r.MunicipalityID is set.
func decideProtocol(a *Actor, action Action, r Resource) error {
	staff := false
	for _, role := range protocolStaff {
		staff = staff || a.HasRole(role, r.MunicipalityID)
	}
	ofSchool := r.SchoolID != "" && a.schoolAccountOf(r.MunicipalityID, r.SchoolID)
	switch action {
	case ActionViewProtocol:
		if staff || ofSchool {
			return nil
		}
		if r.SchoolID == "" && (a.HasRole(RoleSchool, r.MunicipalityID) || a.HasRole(RolePartner, r.MunicipalityID)) {
			return nil
		}
		// As a partner of an organisation at the school's tables: not as
		// another school that shares a table, nor through a partner role
		// held for some other organisation.
		for _, org := range r.SchoolPartners {
			if a.partnerAccountOf(r.MunicipalityID, org) {
				return nil
			}
		}
	case ActionEditProtocol:
		if r.SchoolID == "" && (a.HasRole(RoleRegisseur, r.MunicipalityID) || a.HasRole(RoleCoordinator, r.MunicipalityID)) {
			return nil
		}
		if ofSchool {
			return nil
		}
	case ActionViewChecklist:
		if staff || ofSchool {
			return nil
		}
	case ActionEditChecklist:
		if ofSchool {
			return nil
		}
	}
	return forbidden()
}
