package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// The OTSV starts an audit and records findings through the API: a school
// outside the municipality, an item outside the template and an unknown
// finding are problems naming the field and save nothing; a completed
// audit answers 409; the school reads its audit, Den Haag does not.
func TestAuditAPI(t *testing.T) {
	f := newCovFixture(t)
	otsv, coll := f.handler["otsv"], "/api/v1/audits"
	start := map[string]any{"gemeente": "arnhem", "school": f.orgs["school"], "sjabloon": "standaard", "datum": "2026-11-02"}
	elsewhere := map[string]any{"gemeente": "arnhem", "school": f.orgs["politie"], "sjabloon": "standaard", "datum": "2026-11-02"}
	wantInvalid(t, f.send(t, otsv, "POST", coll, elsewhere), coll, "school")
	decodeProblem(t, f.send(t, f.handler["school"], "POST", coll, start), http.StatusForbidden, coll)
	res := f.send(t, otsv, "POST", coll, start)
	want(t, res, http.StatusCreated)
	var a struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Punten []struct {
			Punt      string `json:"punt"`
			Bevinding string `json:"bevinding"`
			Advies    string `json:"advies"`
		} `json:"punten"`
	}
	if err := json.Unmarshal(res.body, &a); err != nil || len(a.Punten) != len(vios.DefaultAuditTemplate().Items) {
		t.Fatalf("the new audit: %s %v", res.body, err)
	}
	target := coll + "/" + a.ID
	findings := target + "/bevindingen"
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"bevindingen": []any{map[string]any{"punt": "gebouw-1", "bevinding": "ontbreekt", "advies": "Licht"}, map[string]any{"punt": "zwembad-1", "bevinding": "in-orde"}}}, "punt"},
		{map[string]any{"bevindingen": []any{map[string]any{"punt": "gebouw-1", "bevinding": "prima"}}}, "bevinding-gebouw-1"},
	} {
		wantInvalid(t, f.send(t, otsv, "PUT", findings, c.body), findings, c.field)
	}
	if res := f.send(t, otsv, "GET", target, nil); strings.Contains(string(res.body), "ontbreekt") {
		t.Errorf("bad findings were saved: %s", res.body)
	}
	decodeProblem(t, f.send(t, f.handler["school"], "PUT", findings, map[string]any{"bevindingen": []any{}}), http.StatusForbidden, findings)
	var all []any
	for _, p := range a.Punten {
		all = append(all, map[string]any{"punt": p.Punt, "bevinding": "in-orde"})
	}
	want(t, f.send(t, otsv, "PUT", findings, map[string]any{"bevindingen": all, "advies": "Ga zo door."}), http.StatusOK)
	want(t, f.send(t, otsv, "POST", target+"/_afronden", nil), http.StatusOK)
	decodeProblem(t, f.send(t, otsv, "PUT", findings, map[string]any{"bevindingen": all}), http.StatusConflict, findings)
	if res := f.send(t, f.handler["school"], "GET", target, nil); res.status != 200 || !strings.Contains(string(res.body), `"afgerond"`) || !strings.Contains(string(res.body), "Ga zo door.") {
		t.Errorf("the school reads its audit: %d %s", res.status, res.body)
	}
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "GET", target, nil), target)
	wantUnseen(t, f.send(t, f.handler["partner"], "GET", target, nil), target)
}
