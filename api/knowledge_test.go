package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type failingKnowledge struct{ vios.KnowledgeService }

func (failingKnowledge) SearchKnowledge(context.Context, vios.KnowledgeFilter) ([]*vios.KnowledgeItem, error) {
	return nil, errDown
}
func (failingKnowledge) FindKnowledge(context.Context, string) (*vios.KnowledgeItem, error) {
	return nil, errDown
}

// knowledgeGETRequests are the open knowledge bank's requests: anyone
// reads an openbaar item, nobody an eigen one through /open.
func knowledgeGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCovFixture(t)
	system := vios.NewSystemContext(context.Background(), "test")
	public := &vios.KnowledgeItem{MunicipalityID: f.arnhem.ID, Kind: "handreiking", Visibility: vios.VisibilityPublic,
		Title: "Handreiking vapen", Body: "Wat te doen bij vapes.", Themes: []string{"vapes"}}
	own := &vios.KnowledgeItem{MunicipalityID: f.arnhem.ID, Kind: "protocol", Visibility: vios.VisibilityOwn, Title: "Intern", Body: "Alleen Arnhem."}
	for _, k := range []*vios.KnowledgeItem{public, own} {
		if err := f.db.Knowledge.SaveKnowledge(system, k); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(f.db.Services())
	services := f.db.Services()
	services.Knowledge = failingKnowledge{f.db.Knowledge}
	failing := newHandler(services)
	// With a token: the Arnhem regisseur reads the eigen item, the
	// regisseur of Den Haag does not.
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	g.targets("/api/v1/kennisbank", "/api/v1/kennisbank/"+own.ID)
	g.add(g.reader, "/api/v1/kennisbank?zoeken=vapen&thema=onzin", http.StatusBadRequest)
	return append(g.list, []meRequest{
		{h, "/api/v1/open/kennisbank", http.StatusOK},
		{h, "/api/v1/open/kennisbank?zoeken=vapen&thema=vapes&soort=handreiking", http.StatusOK},
		{h, "/api/v1/open/kennisbank?thema=onzin&foo=1", http.StatusBadRequest},
		{failing, "/api/v1/open/kennisbank", http.StatusInternalServerError},
		{h, "/api/v1/open/kennisbank/" + public.ID, http.StatusOK},
		{h, "/api/v1/open/kennisbank/" + own.ID, http.StatusNotFound},
		{h, "/api/v1/open/kennisbank/" + public.ID + "?x=1", http.StatusBadRequest},
		{h, "/api/v1/open/kennisbank/niet-een-uuid", http.StatusNotFound},
		{failing, "/api/v1/open/kennisbank/" + public.ID, http.StatusInternalServerError},
	}...)
}

// The open list finds the openbaar item by a stemmed word and never the
// eigen one.
func TestOpenKnowledge(t *testing.T) {
	for _, r := range knowledgeGETRequests(t) {
		resp := do(t, r.h, "GET", r.target)
		if resp.status != r.status {
			t.Errorf("GET %s: %d, want %d", r.target, resp.status, r.status)
		}
		if r.status == http.StatusOK && strings.Contains(r.target, "/open/") && strings.Contains(string(resp.body), "Alleen Arnhem") {
			t.Errorf("GET %s shows the eigen item", r.target)
		}
		if r.status == http.StatusOK && strings.Contains(r.target, "zoeken=vapen") && !strings.Contains(string(resp.body), "Handreiking vapen") {
			t.Errorf("GET %s does not find the handreiking: %s", r.target, resp.body)
		}
	}
}
