package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// The kernteam's thread through the API: bad input is refused and stores
// nothing, a non-member learns nothing, and the police's message naming a
// pupil reaches youth work with the pseudonym.
func TestThreadThroughTheAPI(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	target := "/api/v1/netwerken/" + f.kernteam.ID + "/berichten"
	for name, c := range map[string]struct {
		who    string
		body   any
		status int
	}{
		"empty":      {"partner", map[string]any{"tekst": "  "}, http.StatusBadRequest},
		"too long":   {"partner", map[string]any{"tekst": strings.Repeat("x", vios.MaxMessageLength+1)}, http.StatusBadRequest},
		"no text":    {"partner", map[string]any{}, http.StatusBadRequest},
		"bad reply":  {"partner", map[string]any{"tekst": "Ja", "antwoordOp": "geen-id"}, http.StatusBadRequest},
		"no member":  {"regisseur", map[string]any{"tekst": "Hallo"}, http.StatusNotFound},
		"no text 2":  {"regisseur", map[string]any{}, http.StatusNotFound},
		"other city": {"regisseur-den-haag", map[string]any{"tekst": "Hallo"}, http.StatusNotFound},
	} {
		h := f.handler[c.who]
		if h == nil {
			h = withBearer(f.api, f.token(t, c.who, "lezen", "schrijven"))
		}
		if res := f.send(t, h, "POST", target, c.body); res.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, res.status, c.status, res.body)
		}
	}
	res := f.send(t, f.handler["school"], "GET", target, nil)
	if res.status != http.StatusOK || strings.Contains(string(res.body), `"id"`) {
		t.Fatalf("after refusals: %d %s", res.status, res.body)
	}
	res = f.send(t, f.handler["partner"], "POST", target, map[string]any{"tekst": "Vechtpartij bij de tramhalte; sam de vries was erbij."})
	if res.status != http.StatusCreated || !strings.Contains(string(res.body), "Sam de Vries") {
		t.Fatalf("post: %d %s", res.status, res.body)
	}
	res = f.send(t, f.handler["jongerenwerk"], "GET", target, nil)
	body := string(res.body)
	if res.status != http.StatusOK || strings.Contains(body, "Vries") || !strings.Contains(body, s.Leerlingen[0].Code) ||
		!strings.Contains(body, `"niveau":"pseudoniem"`) || strings.Contains(body, s.Leerlingen[0].ID) {
		t.Errorf("youth work reads: %d %s", res.status, body)
	}
	if res := f.send(t, f.handler["partner"], "GET", target, nil); !strings.Contains(string(res.body), `"leerling":"`+s.Leerlingen[0].ID) {
		t.Errorf("the police does not get the pupil it sees by name: %s", res.body)
	}
}

// threadGETRequests are the thread reads with every answer they document.
func threadGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCaseworkFixture(t)
	c := f.openCase(t, f.enter(t))
	services := f.db.Services()
	services.Threads = failingThreads{f.db.Networks}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts,
		Networks: f.db.Networks, Now: f.db.Time, Records: f.db}, "regisseur-den-haag")
	g.reader = withBearer(f.api, f.token(t, "school", "lezen"))
	g.failing = withBearer(newHandler(services), f.token(t, "school", "lezen"))
	g.noService = withBearer(newHandler(vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Networks: f.db.Networks,
		Now: f.db.Time, Records: f.db}), f.token(t, "school", "lezen"))
	g.writer = withBearer(f.api, f.token(t, "school", "schrijven"))
	g.targets("/api/v1/netwerken/"+f.kernteam.ID+"/berichten", "/api/v1/casussen/"+c.ID+"/berichten")
	return g.list
}

type failingThreads struct{ *store.Networks }

func (failingThreads) Thread(context.Context, string, string, string) (*vios.Thread, error) {
	return nil, errDown
}
