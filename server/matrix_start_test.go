package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// startRecords gives the matrix two start requests: they belong to no
// municipality, so "own" and "other" are two requests the landelijk role
// handles alike, and nobody else reaches either.
func (f *fixture) startRecords(t *testing.T) {
	t.Helper()
	for _, own := range []bool{true, false} {
		s := &vios.StartRequest{Organisation: "Gemeente Zwolle", OrganisationKind: "gemeente", MunicipalityName: "Zwolle",
			ContactName: "Fatima Bakker", Email: "f.bakker@zwolle.example", Question: "Hoe beginnen wij met een kernteam?"}
		if err := f.db.Start.SubmitStartRequest(context.Background(), s, "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		f.setRecord("startvraag", own, s.ID)
	}
}

// landelijkOnly: the national contact point's handling.
func landelijkOnly(c matrixCase) bool { return c.role == vios.RoleLandelijk }

// The national contact point: /starten, its self-check and the start
// request are open to anyone (the API's POST too, without a token); the
// requests and the advisers are the landelijk role's alone.
var startMatrix = map[string]rule{
	"GET /starten":                             {allow: anyone},
	"GET /starten/zelftest":                    {allow: anyone},
	"POST /starten/zelftest":                   {allow: anyone},
	"GET /starten/vraag":                       {allow: anyone},
	"POST /starten/vraag":                      {allow: anyone},
	"GET /startvragen":                         {allow: landelijkOnly},
	"GET /startvragen/adviseurs":               {allow: landelijkOnly},
	"POST /startvragen/adviseurs":              {allow: landelijkOnly},
	"GET /startvragen/{id}":                    {allow: landelijkOnly, record: "startvraag"},
	"POST /startvragen/{id}/toewijzen":         {allow: landelijkOnly, record: "startvraag"},
	"POST /startvragen/{id}/advies":            {allow: landelijkOnly, record: "startvraag"},
	"POST /startvragen/{id}/sluiten":           {allow: landelijkOnly, record: "startvraag"},
	"POST /api/v1/startvragen":                 {allow: anyone},
	"GET /api/v1/startvragen":                  {allow: landelijkOnly, token: true},
	"GET /api/v1/startvragen/{id}":             {allow: landelijkOnly, record: "startvraag", token: true},
	"POST /api/v1/startvragen/{id}/_toewijzen": {allow: landelijkOnly, record: "startvraag", token: true},
	"POST /api/v1/startvragen/{id}/_advies":    {allow: landelijkOnly, record: "startvraag", token: true},
	"POST /api/v1/startvragen/{id}/_sluiten":   {allow: landelijkOnly, record: "startvraag", token: true},
}

func init() {
	for key, r := range startMatrix {
		matrix[key] = r
	}
}
