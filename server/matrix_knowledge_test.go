package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// knowledgeRecords gives Arnhem an openbaar item of the knowledge bank and
// Den Haag an eigen one: every Arnhem role reads Arnhem's (anyone does),
// none reads Den Haag's.
func (f *fixture) knowledgeRecords(t *testing.T) {
	t.Helper()
	f.setRecord("kennisbank", true, f.freshKnowledge(t, true))
	f.setRecord("kennisbank", false, f.freshKnowledge(t, false))
	f.setRecord("kennisbanktitel", true, "Openbare handreiking van Arnhem")
	f.setRecord("kennisbanktitel", false, "Eigen protocol van Den Haag")
}

// freshKnowledge adds Arnhem's openbaar item (arnhem) or Den Haag's eigen
// one and returns its id.
func (f *fixture) freshKnowledge(t *testing.T, arnhem bool) string {
	t.Helper()
	ctx := context.Background()
	k := &vios.KnowledgeItem{Kind: "handreiking", Visibility: vios.VisibilityPublic, Title: "Openbare handreiking van Arnhem",
		Body: "Wat te doen bij vapen op school."}
	slug := "arnhem"
	if !arnhem {
		slug, k.Kind, k.Visibility, k.Title = "den-haag", "protocol", vios.VisibilityOwn, "Eigen protocol van Den Haag"
	}
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	k.MunicipalityID = m.ID
	if err := f.db.Knowledge.SaveKnowledge(vios.NewSystemContext(ctx, "testopzet"), k); err != nil {
		t.Fatal(err)
	}
	return k.ID
}

// The knowledge bank with a token: what the user reads (hides: never Den
// Haag's eigen item), writing for the municipality's writers. Kept here
// and added to the matrix so that the knowledge bank's rules read together.
var knowledgeAPIMatrix = map[string]rule{
	"GET /api/v1/kennisbank":                  {allow: loggedIn, token: true, hides: "kennisbanktitel"},
	"GET /api/v1/kennisbank/{id}":             {allow: ownRecordOnly, record: "kennisbank", token: true},
	"POST /api/v1/kennisbank":                 {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), token: true},
	"PUT /api/v1/kennisbank/{id}":             {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank", token: true},
	"POST /api/v1/kennisbank/{id}/_intrekken": {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank-vers", token: true},
}

func init() {
	for key, r := range knowledgeAPIMatrix {
		matrix[key] = r
	}
}
