package vios

// Who may read and write the knowledge bank. Its writers are a
// municipality's regisseur, beheerder and OTSV. An item of the own
// municipality is read by every account with a role there, an item for all
// municipalities by every logged-in account of the platform, an openbaar
// item by anyone, without login.

const (
	// ActionViewKnowledge: read an item (Resource.MunicipalityID, the
	// municipality that shares it; Resource.Visibility).
	ActionViewKnowledge Action = "kennisbank-bekijken"
	// ActionEditKnowledge: write, change or withdraw the municipality's items.
	ActionEditKnowledge Action = "kennisbank-wijzigen"
)

// knowledgeWriters write a municipality's items.
var knowledgeWriters = []string{RoleRegisseur, RoleBeheerder, RoleOTSV}

// publicKnowledge reports the one read that needs no login: an openbaar item.
func publicKnowledge(action Action, r Resource) bool {
	return action == ActionViewKnowledge && r.Visibility == VisibilityPublic
}

// decideKnowledge is decide for the actions above, for a logged-in user.
func decideKnowledge(a *Actor, action Action, r Resource) error {
	switch action {
	case ActionViewKnowledge:
		switch r.Visibility {
		case VisibilityPublic, VisibilityAll:
			return nil
		case VisibilityOwn:
			for _, m := range a.User.Memberships {
				if r.MunicipalityID != "" && m.MunicipalityID == r.MunicipalityID {
					return nil
				}
			}
		}
	case ActionEditKnowledge:
		for _, role := range knowledgeWriters {
			if r.MunicipalityID != "" && a.HasRole(role, r.MunicipalityID) {
				return nil
			}
		}
	}
	return forbidden()
}
