package vios

// Who may read and write trainings. Every logged-in account reads the
// catalogue and its results. The landelijk role writes entries for the whole
// platform (Resource.MunicipalityID ""), a municipality's regisseur, OTSV
// and beheerder write its entries. A session at a school is recorded and
// seen by the municipality's regisseur and OTSV, and by the school's own
// accounts (Resource.SchoolID).

const (
	// ActionEditTraining: add an entry to the catalogue.
	ActionEditTraining Action = "training-wijzigen"
	// ActionTrainingSessions: see and record a municipality's (or a
	// school's) training sessions.
	ActionTrainingSessions Action = "trainingssessies"
)

// trainingWriters write a municipality's catalogue entries.
var trainingWriters = []string{RoleRegisseur, RoleBeheerder, RoleOTSV}

// trainingSessionStaff see and record every session of the municipality.
var trainingSessionStaff = []string{RoleRegisseur, RoleOTSV}

// decideTraining is decide for the actions above, for a logged-in user.
func decideTraining(a *Actor, action Action, r Resource) error {
	switch action {
	case ActionEditTraining:
		if r.MunicipalityID == "" {
			if a.HasRole(RoleLandelijk, "") {
				return nil
			}
			return forbidden()
		}
		for _, role := range trainingWriters {
			if a.HasRole(role, r.MunicipalityID) {
				return nil
			}
		}
	case ActionTrainingSessions:
		if r.MunicipalityID == "" {
			return forbidden()
		}
		for _, role := range trainingSessionStaff {
			if a.HasRole(role, r.MunicipalityID) {
				return nil
			}
		}
		// A school account: its own school's sessions (SchoolID "" asks
		// for the list, which the store narrows to the school).
		for _, m := range a.User.Memberships {
			if m.Role == RoleSchool && m.MunicipalityID == r.MunicipalityID && m.OrganisationID != "" &&
				(r.SchoolID == "" || r.SchoolID == m.OrganisationID) {
				return nil
			}
		}
	}
	return forbidden()
}

// SchoolOf returns the school the actor works at in the municipality when
// their only way to the trainings is a school account ("" otherwise: they
// see every school's sessions, or none).
func SchoolOf(a *Actor, municipalityID string) string {
	for _, role := range trainingSessionStaff {
		if a.HasRole(role, municipalityID) {
			return ""
		}
	}
	if a == nil || a.User == nil {
		return ""
	}
	for _, m := range a.User.Memberships {
		if m.Role == RoleSchool && m.MunicipalityID == municipalityID {
			return m.OrganisationID
		}
	}
	return ""
}
