package vios

// Who may do what with custom-support requests: a school's own accounts
// file and report on their school's requests (Resource.SchoolID); the
// municipality's regisseur decides, the regisseur and the beheerder read
// every request of the municipality. A school never decides, not even its
// own request, and never reads another school's.

const (
	// ActionViewCustom: read requests (Resource.SchoolID "" is all of the
	// municipality's, with the overview per school and year).
	ActionViewCustom Action = "maatwerk-bekijken"
	// ActionRequestCustom: file a request for the school, report on it.
	ActionRequestCustom Action = "maatwerk-aanvragen"
	// ActionDecideCustom: grant, partly grant or refuse a request.
	ActionDecideCustom Action = "maatwerk-besluiten"
)

// decideCustom is decide for the actions above, for a logged-in user.
func decideCustom(a *Actor, action Action, r Resource) error {
	if r.MunicipalityID == "" {
		return forbidden()
	}
	school := r.SchoolID != "" && a.schoolAccountOf(r.MunicipalityID, r.SchoolID)
	switch action {
	case ActionViewCustom:
		if school || a.HasRole(RoleRegisseur, r.MunicipalityID) || a.HasRole(RoleBeheerder, r.MunicipalityID) {
			return nil
		}
	case ActionRequestCustom:
		if school {
			return nil
		}
	case ActionDecideCustom:
		if a.HasRole(RoleRegisseur, r.MunicipalityID) {
			return nil
		}
	}
	return forbidden()
}

// SchoolIn returns the school where the actor holds the school role in
// the municipality, "" when none: the school a school account files for.
func (a *Actor) SchoolIn(municipalityID string) string {
	if a == nil || a.User == nil {
		return ""
	}
	for _, m := range a.User.Memberships {
		if m.Role == RoleSchool && m.MunicipalityID == municipalityID && m.OrganisationID != "" {
			return m.OrganisationID
		}
	}
	return ""
}
