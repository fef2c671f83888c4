package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Each route answers a method it does not take with 405, a problem and the
// methods it does take in Allow.
func TestMethodNotAllowed(t *testing.T) {
	f := newNetFixture(t)
	id := "00000000-0000-4000-8000-000000000000"
	for _, tt := range []struct{ method, target, allow string }{
		{"DELETE", "/api/v1/netwerken", "GET, HEAD, POST"},
		{"PATCH", "/api/v1/netwerken/" + id, "GET, HEAD, PUT"},
		{"PUT", "/api/v1/netwerken/" + id + "/overleggen", "GET, HEAD, POST"},
		{"GET", "/api/v1/overleggen/" + id + "/agendapunten", "POST"},
		{"POST", "/api/v1/overleggen/" + id + "/aanwezigheid", "PUT"},
		{"DELETE", "/api/v1/actiepunten/" + id, "GET, HEAD, PATCH"},
		{"POST", "/api/v1/aanpakken", "GET, HEAD"},
		{"POST", "/api/v1/ik", "GET, HEAD"},
		{"DELETE", "/api/v1/signalen", "GET, HEAD, POST"},
		{"PUT", "/api/v1/signalen/" + id, "GET, HEAD"},
		{"GET", "/api/v1/signalen/" + id + "/_agenderen", "POST"},
		{"PATCH", "/api/v1/casussen/" + id, "GET, HEAD, PUT"},
		{"GET", "/api/v1/casussen/" + id + "/verwijzingen", "POST"},
		{"GET", "/api/v1/verwijzingen/" + id, "PATCH"},
		{"DELETE", "/api/v1/alerts/" + id, "GET, HEAD"},
		{"GET", "/api/v1/alerts/" + id + "/_gezien", "POST"},
		{"DELETE", "/api/v1/convenanten", "GET, HEAD, POST"},
		{"PATCH", "/api/v1/convenanten/" + id, "GET, HEAD, PUT"},
		{"POST", "/api/v1/convenanten/" + id + "/naleving", "GET, HEAD"},
		{"PUT", "/api/v1/deelafspraken/" + id, "GET, HEAD"},
		{"POST", "/api/v1/verwerkingsactiviteiten", "GET, HEAD"},
	} {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := do(t, f.handler["regisseur"], tt.method, tt.target)
			decodeProblem(t, res, http.StatusMethodNotAllowed, tt.target)
			if got := res.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			var body any
			json.Unmarshal(res.body, &body)
			for _, e := range f.doc.schemaErrors(map[string]any{"$ref": "#/components/schemas/Problem"}, body, "405") {
				t.Error(e)
			}
		})
	}
}
