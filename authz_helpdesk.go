package vios

// Who may use the help desk (hulploket). The desk is the municipality's
// OTSV role; the regisseur reads along. A school account files requests for
// its own school, a partner account for any school of the municipality it
// works in; both read and rate only their own organisation's requests.
// Another municipality sees nothing.

const (
	// ActionFileHelpRequest: file a request (Resource.MunicipalityID,
	// Resource.SchoolID the school it is about).
	ActionFileHelpRequest Action = "hulpvraag-indienen"
	// ActionViewHelpRequest: read a request (Resource.ReporterOrgID, the
	// requesting organisation).
	ActionViewHelpRequest Action = "hulpvraag-bekijken"
	// ActionHandleHelpRequest: triage, assign, intake, advice, support, close.
	ActionHandleHelpRequest Action = "hulpvraag-behandelen"
	// ActionRateHelpRequest: rate the help (Resource.ReporterOrgID).
	ActionRateHelpRequest Action = "hulpvraag-beoordelen"
	// ActionViewHelpDesk: the municipality's overview of its desk.
	ActionViewHelpDesk Action = "hulploket-overzicht"
)

// helpDeskReaders read every request of the municipality.
var helpDeskReaders = []string{RoleOTSV, RoleRegisseur}

// decideHelpDesk is decide for the actions above.
func decideHelpDesk(a *Actor, action Action, r Resource) error {
	m := r.MunicipalityID
	if m == "" {
		return forbidden()
	}
	switch action {
	case ActionFileHelpRequest:
		// Without a school yet (a form sent empty) the role decides, and
		// the missing school is the input's problem.
		if a.HasRole(RolePartner, m) || a.schoolAccountOf(m, r.SchoolID) || (r.SchoolID == "" && a.HasRole(RoleSchool, m)) {
			return nil
		}
	case ActionViewHelpRequest:
		for _, role := range helpDeskReaders {
			if a.HasRole(role, m) {
				return nil
			}
		}
		if a.requesterOf(m, r.ReporterOrgID) {
			return nil
		}
	case ActionHandleHelpRequest:
		if a.HasRole(RoleOTSV, m) {
			return nil
		}
	case ActionRateHelpRequest:
		if a.requesterOf(m, r.ReporterOrgID) {
			return nil
		}
	case ActionViewHelpDesk:
		for _, role := range helpDeskReaders {
			if a.HasRole(role, m) {
				return nil
			}
		}
	}
	return forbidden()
}

// requesterOf reports whether the actor files requests for the
// organisation: its school or partner account.
func (a *Actor) requesterOf(municipalityID, org string) bool {
	return a.schoolAccountOf(municipalityID, org) || a.partnerAccountOf(municipalityID, org)
}
