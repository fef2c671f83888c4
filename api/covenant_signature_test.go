package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// confirmAll has each party confirm its signature: the school and the
// police through the API, the team through the store as a user with a
// role there; who is not of a party is refused first.
func (f *covFixture) confirmAll(t *testing.T, c convenant) convenant {
	t.Helper()
	confirm := func(i int) string {
		return "/api/v1/convenanten/" + c.ID + "/partijen/" + c.Partijen[i].ID + "/_bevestigen"
	}
	decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", confirm(0), nil), http.StatusForbidden, confirm(0))
	decodeProblem(t, f.send(t, f.handler["partner"], "POST", confirm(0), nil), http.StatusForbidden, confirm(0))
	for _, who := range []string{"andere-school", "regisseur-den-haag"} {
		wantUnseen(t, f.send(t, f.handler[who], "POST", confirm(0), nil), confirm(0))
	}
	want(t, f.send(t, f.handler["school"], "POST", confirm(0), nil), http.StatusOK)
	want(t, f.send(t, f.handler["partner"], "POST", confirm(1), nil), http.StatusOK)
	decodeProblem(t, f.send(t, f.handler["partner"], "POST", confirm(1), nil), http.StatusConflict, confirm(1))
	team := &vios.User{ID: "teamlid", Memberships: []vios.Membership{{MunicipalityID: f.arnhem.ID, OrganisationID: f.orgs["team"],
		Role: vios.RoleCoordinator}}}
	if err := f.db.Covenants.ConfirmSignature(vios.NewContextWithActor(context.Background(), &vios.Actor{User: team}), f.arnhem.ID,
		c.ID, c.Partijen[2].ID); err != nil {
		t.Fatal(err)
	}
	return decode[convenant](t, f.send(t, f.handler["regisseur"], "GET", "/api/v1/convenanten/"+c.ID, nil))
}

// A party declines with a reason; the reason is required, checked before
// anything changes, and shown by no answer.
func TestPartyDeclinesItsSignature(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	decline := "/api/v1/convenanten/" + c.ID + "/partijen/" + c.Partijen[1].ID + "/_weigeren"
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", decline, map[string]any{}), http.StatusBadRequest, decline)
	if len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "reden" {
		t.Errorf("a decline without a reason: %+v", p.InvalidParams)
	}
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "POST", decline, map[string]any{"reden": "x"}), decline)
	decodeProblem(t, f.send(t, f.handler["school"], "POST", decline, map[string]any{"reden": "x"}), http.StatusForbidden, decline)
	res := f.send(t, f.handler["partner"], "POST", decline, map[string]any{"reden": "De teamchef, J. Jansen, tekent niet."})
	want(t, res, http.StatusOK)
	got := decode[convenant](t, res)
	if got.Partijen[1].Status != vios.PartyDeclined || got.Partijen[1].GetekendOp != nil || strings.Contains(string(res.body), "Jansen") {
		t.Errorf("after declining: %+v", got.Partijen[1])
	}
}
