package server_test

import (
	"github.com/vios-platform/vios"
)

// The cases of the authorization matrix and the rules that decide them.

// who is the actor of one case: a role held in Arnhem (the "own"
// municipality), or nobody ("" = not logged in).
var matrixRoles = []string{"", vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator,
	vios.RoleOTSV, vios.RoleSchool, vios.RolePartner, vios.RoleLandelijk}

// matrixCase is one cell: the actor's role, whether the path names the
// actor's own municipality, and whether the record in the path belongs to
// the municipality in the path.
type matrixCase struct {
	role       string
	ownMuni    bool
	ownRecord  bool
	hasRecords bool
}

// rule says who may use a route.
type rule struct {
	allow func(c matrixCase) bool
	// record names the kind of record in the path ({id} and the like);
	// "" when the path has none.
	record string
	// token: an API route that takes a personal access token instead of a
	// session.
	token bool
	// pending: reachable only halfway through a login (password given,
	// second factor not yet), which no actor of the matrix is: everyone
	// is sent to the login page.
	pending bool
	// hides names a kind of fixture record whose other-municipality value
	// an allowed answer must not contain, nor any of the fixture's secrets:
	// for a route without {gemeente} whose content has a tenant dimension.
	hides string
}

func anyone(matrixCase) bool { return true }
func nobody(matrixCase) bool { return false }

// ownRecordOnly allows any logged-in actor on their own records.
func ownRecordOnly(c matrixCase) bool { return c.role != "" && c.ownRecord }
func loggedIn(c matrixCase) bool      { return c.role != "" }

// inOwn allows the roles, in their own municipality, on its own records.
func inOwn(roles ...string) func(matrixCase) bool {
	return func(c matrixCase) bool {
		if !c.ownMuni || (c.hasRecords && !c.ownRecord) {
			return false
		}
		for _, r := range roles {
			if c.role == r {
				return true
			}
		}
		return false
	}
}

// matrix maps "METHOD pattern" to its rule.
