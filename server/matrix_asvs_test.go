package server_test

// Routes of the ASVS work (docs/ASVS.md 6.5.2): new recovery codes for
// one's own account, made with the app's current code.
var asvsMatrix = map[string]rule{
	"POST /account/herstelcodes": {allow: loggedIn},
}

func init() {
	for key, r := range asvsMatrix {
		matrix[key] = r
	}
}
