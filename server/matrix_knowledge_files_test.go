package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// freshKnowledgeFile adds a document to the fixture's knowledge item of
// Arnhem (openbaar) or Den Haag (eigen), as its regisseur, and returns
// its id: fresh for every case, since an allowed case removes it.
func (f *fixture) freshKnowledgeFile(t *testing.T, arnhem bool) string {
	t.Helper()
	ctx := context.Background()
	slug := map[bool]string{true: "arnhem", false: "den-haag"}[arnhem]
	regisseur := mustUser(t, f, "regisseur@"+slug+".demo.example")
	a, err := f.db.Attachments.AddAttachment(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), regisseur.Memberships[0].MunicipalityID,
		vios.OwnerKnowledge, f.records["kennisbank"][arnhem], "convenant.pdf", strings.NewReader("%PDF-1.7\n% convenant\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// The documents of knowledge-bank items: downloaded by who reads the item
// (Arnhem's openbaar item: anyone, without login; Den Haag's eigen item:
// nobody of Arnhem), added and removed by the item's writers.
var knowledgeFilesMatrix = map[string]rule{
	"GET /kennisbank/{id}/bijlagen/{bijlage}":              {allow: func(c matrixCase) bool { return c.ownRecord }, record: "kennisbank"},
	"POST /kennisbank/{id}/bijlagen":                       {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank"},
	"POST /kennisbank/{id}/bijlagen/{bijlage}/verwijderen": {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV), record: "kennisbank"},
}

func init() {
	for key, r := range knowledgeFilesMatrix {
		matrix[key] = r
	}
}
