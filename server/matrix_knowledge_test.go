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
