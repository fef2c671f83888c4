package vios

// Who may read and write the trend newsletter. The municipality's
// regisseur drafts, edits, previews and sends it; every account with a role
// in the municipality reads the sent newsletters (the archive). The
// national role has no municipality and reads none.

const (
	// ActionReadNewsletters: read the municipality's sent newsletters
	// (Resource.MunicipalityID).
	ActionReadNewsletters Action = "nieuwsbrieven-lezen"
	// ActionEditNewsletter: read drafts, edit and send the municipality's
	// newsletters.
	ActionEditNewsletter Action = "nieuwsbrief-wijzigen"
)

// decideNewsletter is decide for the actions above, for a logged-in user.
func decideNewsletter(a *Actor, action Action, r Resource) error {
	if r.MunicipalityID == "" {
		return forbidden()
	}
	switch action {
	case ActionReadNewsletters:
		for _, m := range a.User.Memberships {
			if m.MunicipalityID == r.MunicipalityID {
				return nil
			}
		}
	case ActionEditNewsletter:
		if a.HasRole(RoleRegisseur, r.MunicipalityID) {
			return nil
		}
	}
	return forbidden()
}
