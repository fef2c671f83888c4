package server_test

// The school search at the border: a school's identity is public
// reference data, so every logged-in user searches with a token; the
// signal form's search is for those who may enter signals in the
// municipality in its path, like the form itself.
var schoolSearchMatrix = map[string]rule{
	"GET /api/v1/scholen":              {allow: loggedIn, token: true},
	"GET /signalen/{gemeente}/scholen": {allow: networkMembers},
}

func init() {
	for key, r := range schoolSearchMatrix {
		matrix[key] = r
	}
}
