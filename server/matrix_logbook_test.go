package server_test

import "github.com/vios-platform/vios"

// The register of processing activities is public: every activity URI in
// the processing log resolves to a page (and JSON) anyone may read, of the
// platform's defaults and of a municipality's own activities alike.
var logbookPublicMatrix = map[string]rule{
	"GET /verwerkingsactiviteiten/{id}": {allow: anyone, record: "verwerkingsactiviteit"},
}

func init() {
	for key, r := range logbookPublicMatrix {
		matrix[key] = r
	}
}

// activityKey is the key of a default activity, the record of the public
// route for every case (the register has nothing to hide).
var activityKey = vios.ActivityKey(vios.ActivityAccounts.URI)
