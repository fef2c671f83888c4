package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and the school's incident protocol through the API: the partner
// who reads it (it sits at the school's tables), the regisseur and the
// coordinator who read everything in the municipality: none of them changes
// the school's steps, gives its evaluation or states its legal facts, nor
// makes a protocol in the school's name; the school itself cannot point a
// step or its anti-bullying contact at a person of another municipality.
// Afterwards the protocol, the open evaluation and the facts are as before,
// and approval of a safety plan by who helps write it stays refused.
func TestInsiderProtocolAPI(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "test")
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	protocolID, evalID, schoolID := f.records["incidentprotocol"][true], f.records["protocolevaluatie"][true], f.records["schoolvaneisen"][true]
	in := &insider{fixture: f}
	path := "/api/v1/incidentprotocollen/" + protocolID
	eval := path + "/evaluaties/" + evalID
	facts := "/api/v1/scholen/" + schoolID + "/wettelijke-eisen"
	steps := map[string]any{"stappen": []any{map[string]any{"wie": "Politie", "wat": "Wij komen niet.", "bellen": "112"}}}
	answer := map[string]any{"gevolgd": "ja", "goedGegaan": "Alles."}
	stated := map[string]any{"instrument": "Eigen lijst", "gemetenOp": nil, "aanspreekpuntPesten": nil, "coordinatorPesten": nil, "incidentenregistratie": true}
	elsewhere := f.records["persoon"][false] // a person of the other municipality
	for _, c := range []struct {
		role, method, path string
		body               any
		want               int
	}{
		{vios.RolePartner, "PUT", path, steps, 403},
		{vios.RoleRegisseur, "PUT", path, steps, 403},
		{vios.RoleCoordinator, "PUT", path, steps, 403},
		{vios.RolePartner, "PUT", eval, answer, 403},
		{vios.RoleRegisseur, "PUT", eval, answer, 403},
		{vios.RoleRegisseur, "PUT", facts, stated, 403},
		{vios.RoleCoordinator, "PUT", facts, stated, 403},
		{vios.RolePartner, "PUT", facts, stated, 404},
		{vios.RolePartner, "POST", "/api/v1/incidentprotocollen", map[string]any{"gemeente": "arnhem", "school": schoolID, "fenomeen": "vechtpartijen"}, 403},
		{vios.RoleCoordinator, "POST", "/api/v1/incidentprotocollen", map[string]any{"gemeente": "arnhem", "school": schoolID, "fenomeen": "vechtpartijen"}, 403},
		{vios.RoleSchool, "PUT", path, map[string]any{"stappen": []any{map[string]any{"wie": "Conciërge", "wat": "Belt.", "contact": elsewhere}}}, 400},
		{vios.RoleSchool, "PUT", facts, map[string]any{"instrument": nil, "gemetenOp": nil, "aanspreekpuntPesten": elsewhere, "coordinatorPesten": nil, "incidentenregistratie": true}, 400},
	} {
		if got, body := in.api(t, f.tokens[c.role], c.method, c.path, c.body); got != c.want {
			t.Errorf("%s %s %s: %d, want %d: %s", c.role, c.method, c.path, got, c.want, body)
		}
	}
	asSchool := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, "school@arnhem.demo.example")})
	p, err := f.db.Protocols.FindProtocol(asSchool, arnhem.ID, protocolID)
	if err != nil || len(p.Steps) != 1 || p.Steps[0].Who != "Teamleider" || len(p.Evaluations) != 1 || p.Evaluations[0].EvaluatedAt != nil {
		t.Errorf("the protocol after the attempts: %+v %v", p, err)
	}
	if list, _ := f.db.Protocols.ListProtocols(sys, arnhem.ID, schoolID); len(list) != 1 {
		t.Errorf("protocols of the school after the attempts: %d", len(list))
	}
	if c, err := f.db.Protocols.Checklist(sys, arnhem.ID, schoolID); err != nil || c.Facts.UpdatedAt != nil {
		t.Errorf("the legal facts after the attempts: %+v %v", c, err)
	}
}

func mustUser(t *testing.T, f *fixture, email string) *vios.User {
	t.Helper()
	u, _, err := f.db.Accounts.FindCredentials(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
