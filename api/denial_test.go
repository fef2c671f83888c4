package api_test

import (
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

// Every refusal of an API request is in the audit trail exactly once,
// whether the API refused it itself or the store did.
func TestAPIDenialsAreRecordedOnce(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	c := f.openCase(t, s)
	denials := func() []string {
		t.Helper()
		list, err := f.db.Logs.SearchAudit(t.Context(), vios.LogFilter{MunicipalityID: f.arnhem.ID, Action: "toegang-geweigerd", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range list {
			actions = append(actions, r.Action+" "+r.ObjectType+" "+r.ObjectID)
		}
		return actions
	}
	before := len(denials())

	// The API refuses: a member of the kernteam does not manage it.
	target := "/api/v1/netwerken/" + f.kernteam.ID
	decodeProblem(t, f.send(t, f.handler["partner"], "PUT", target, map[string]any{"naam": "Anders"}), http.StatusForbidden, target)
	got := denials()
	if len(got) != before+1 || got[0] != "toegang-geweigerd:netwerk-beheren api PUT /api/v1/netwerken/{id}" {
		t.Fatalf("after the API's refusal: %q", got)
	}

	// The store refuses: the youth worker, a member who does not direct the
	// case, cannot close it; the API does not record it a second time.
	target = "/api/v1/casussen/" + c.ID + "/_sluiten"
	decodeProblem(t, f.send(t, f.handler["jongerenwerk"], "POST", target, map[string]any{"uitkomst": "opgelost",
		"reden": "Geen incidenten meer.", "gewijzigdOp": c.GewijzigdOp}), http.StatusForbidden, target)
	got = denials()
	if len(got) != before+2 || got[0] != "toegang-geweigerd:casus-regie casus "+c.ID {
		t.Fatalf("after the store's refusal: %q", got)
	}
}
