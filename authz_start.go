package vios

// Who handles the national contact point: the landelijk role, which holds
// no municipality. Submitting a start request needs no login and no
// decision; reading and handling the requests and keeping the advisers
// is the landelijk role's alone: no municipality's account sees another
// organisation's request.

// ActionHandleStartRequest: list, read, assign, advise and close start
// requests, and keep the advisers.
const ActionHandleStartRequest Action = "startvraag-behandelen"

// decideStart is decide for the action above, for a logged-in user.
func decideStart(a *Actor) error {
	if a.HasRole(RoleLandelijk, "") {
		return nil
	}
	return forbidden()
}
