package server_test

import "github.com/vios-platform/vios"

// meetlatMatrix holds the meetlat's routes of the authorization matrix,
// kept apart so the matrix's file stays small; init adds them to matrix.
var meetlatMatrix = map[string]rule{
	// The meetlat, as the dashboard (docs/ACCESS.md): the municipality's
	// for the regisseur (a school's staff are sent on to their school's);
	// a school's for its own accounts, read by the regisseur. {jaar} is
	// this year.
	"GET /meetlat/{gemeente}":                                             {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool)},
	"GET /meetlat/{gemeente}/{jaar}":                                      {allow: inOwn(vios.RoleRegisseur)},
	"POST /meetlat/{gemeente}/{jaar}":                                     {allow: inOwn(vios.RoleRegisseur)},
	"GET /meetlat/{gemeente}/profiel/{jaar}":                              {allow: inOwn(vios.RoleRegisseur)},
	"GET /meetlat/{gemeente}/profiel/{jaar}/meetlat.pdf":                  {allow: inOwn(vios.RoleRegisseur)},
	"GET /meetlat/{gemeente}/scholen/{school}":                            {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), record: "schoolvaneisen"},
	"GET /meetlat/{gemeente}/scholen/{school}/{jaar}":                     {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), record: "schoolvaneisen"},
	"POST /meetlat/{gemeente}/scholen/{school}/{jaar}":                    {allow: inOwn(vios.RoleSchool), record: "schoolvaneisen"},
	"GET /meetlat/{gemeente}/scholen/{school}/profiel/{jaar}":             {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), record: "schoolvaneisen"},
	"GET /meetlat/{gemeente}/scholen/{school}/profiel/{jaar}/meetlat.pdf": {allow: inOwn(vios.RoleRegisseur, vios.RoleSchool), record: "schoolvaneisen"},
	// The API names the municipality in the query (gemeente, required): the
	// matrix asks without it, so every token hears 400; who may read which
	// meetlat is tested in api.TestMeetlatAnswers, the API's response table
	// and server.TestInsiderMeetlat.
	"GET /api/v1/meetlatten":        {allow: loggedIn, token: true},
	"GET /api/v1/meetlatten/{jaar}": {allow: loggedIn, token: true},
	"PUT /api/v1/meetlatten/{jaar}": {allow: loggedIn, token: true},
}

func init() {
	for key, r := range meetlatMatrix {
		matrix[key] = r
	}
}
