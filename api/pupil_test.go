package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios/demo"
)

// Searching by name goes by POST only and finds a pupil only for those
// who see them by name somewhere.
func TestSearchPupils(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	const target = "/api/v1/leerlingen/_zoek"
	type found struct {
		leerling
		Gemeente string
		Signalen []struct{ ID, Code string }
		Casussen []struct{ ID, Code string }
		Toegang  toegang
	}
	search := func(who, name, born string) []found {
		t.Helper()
		res := f.send(t, f.handler[who], "POST", target, map[string]any{"naam": name, "geboortedatum": born})
		want(t, res, http.StatusOK)
		return decode[lijst[found]](t, res).Items
	}
	got := search("partner", "sam  de vries", birthDate())
	if len(got) != 1 || got[0].Naam == nil || *got[0].Naam != "Sam de Vries" || got[0].Code != s.Leerlingen[0].Code || got[0].Gemeente != "arnhem" {
		t.Fatalf("the police finds %+v", got)
	}
	if len(got[0].Signalen) != 1 || got[0].Signalen[0].ID != s.ID || len(got[0].Casussen) != 0 ||
		got[0].Toegang.Niveau != "naam" || !strings.Contains(got[0].Toegang.Reden, demo.DemoCovenantTitle) {
		t.Errorf("where the pupil appears: %+v", got[0])
	}
	if got := search("partner", "Sam de Vries", "2001-01-01"); len(got) != 0 {
		t.Errorf("another date of birth finds %+v", got)
	}
	// The youth worker sees the pupil by pseudonym only: a search by name
	// finds nothing, so it cannot tell who is discussed.
	if got := search("jongerenwerk", "Sam de Vries", birthDate()); len(got) != 0 {
		t.Errorf("the youth worker finds %+v", got)
	}
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", target, map[string]any{"naam": "Sam de Vries", "gemeente": "atlantis"}),
		http.StatusBadRequest, target)
	p.wantParams(t, "geboortedatum", "gemeente")
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", target,
		map[string]any{"gemeente": "arnhem", "naam": "Sam de Vries", "geboortedatum": birthDate()}), http.StatusForbidden, target)
	// There is no way to ask by name in a URL.
	decodeProblem(t, do(t, f.handler["partner"], "GET", "/api/v1/leerlingen?naam=Sam"), http.StatusNotFound, "/api/v1/leerlingen")
	res := do(t, f.handler["partner"], "GET", target)
	decodeProblem(t, res, http.StatusMethodNotAllowed, target)
}
