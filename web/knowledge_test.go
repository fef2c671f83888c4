package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// Without login /kennisbank lists and searches the openbaar items only, in
// Dutch with stemming, and shows one with its Markdown rendered; a shared
// or eigen item asks to log in; a bad filter gets a clear error.
func TestKnowledgePagesWithoutLogin(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	if err := demo.LoadKnowledge(ctx, db.All, db.Knowledge); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	status, body := get(t, ts.URL+"/kennisbank?zoeken=vapes")
	if status != http.StatusOK || !strings.Contains(body, "Convenant vapen en roken rond de scholen van Delft") ||
		!strings.Contains(body, "Handreiking: een leerling met een vape in de klas") {
		t.Errorf("searching for vapes: %d, want Delft's covenant and the handreiking:\n%s", status, body)
	}
	status, body = get(t, ts.URL+"/kennisbank")
	for _, hidden := range []string{"Protocol na een vechtpartij", "Belrooster bij incidenten"} {
		if status != http.StatusOK || strings.Contains(body, hidden) {
			t.Errorf("the public list shows %q (%d)", hidden, status)
		}
	}
	system := vios.NewSystemContext(ctx, "test")
	all, err := db.Knowledge.SearchKnowledge(system, vios.KnowledgeFilter{Query: "convenant vapen"})
	if err != nil || len(all) != 1 {
		t.Fatalf("Delft's covenant: %v %v", all, err)
	}
	status, body = get(t, ts.URL+"/kennisbank/"+all[0].ID)
	if status != http.StatusOK || !strings.Contains(body, "<h2>Afspraken</h2>") || !strings.Contains(body, "Gemeente Delft") {
		t.Errorf("the covenant's page: %d\n%s", status, body)
	}
	resp, err := noRedirectClient.Get(ts.URL + "/kennisbank/" + shared(t, db.Knowledge))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/inloggen" {
		t.Errorf("a shared item without login: %d %s, want to log in", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, body := get(t, ts.URL+"/kennisbank?thema=onzin"); status != http.StatusBadRequest || !strings.Contains(body, "Kies een thema uit de lijst.") {
		t.Errorf("an unknown theme: %d", status)
	}
}

var noRedirectClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// shared is the id of the demo's protocol for all municipalities.
func shared(t *testing.T, k vios.KnowledgeService) string {
	t.Helper()
	u := &vios.User{ID: "lezer", Memberships: []vios.Membership{{MunicipalityID: "elders", Role: vios.RoleSchool}}}
	list, err := k.SearchKnowledge(vios.NewContextWithActor(context.Background(), &vios.Actor{User: u}), vios.KnowledgeFilter{Kind: "protocol"})
	if err != nil || len(list) != 1 || list[0].Visibility != vios.VisibilityAll {
		t.Fatalf("the shared protocol: %v %v", list, err)
	}
	return list[0].ID
}
