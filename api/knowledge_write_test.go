package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// The regisseur writes, changes and withdraws a knowledge-bank item
// through the API as on the web: every kind of bad input is a problem
// naming the field and stores nothing; who may not write is refused
// before the body is read; the regisseur of Den Haag neither reads nor
// changes Arnhem's eigen item.
func TestKnowledgeWriteAPI(t *testing.T) {
	f := newCovFixture(t)
	regisseur, coll := f.handler["regisseur"], "/api/v1/kennisbank"
	item := func(k string, v any) map[string]any {
		out := map[string]any{"gemeente": "arnhem", "soort": "handreiking", "zichtbaarheid": "eigen", "titel": "Vapen op school",
			"tekst": "Wat de mentor doet.", "themas": []string{"vapes"}, "schoolTypen": []string{"vo"}}
		if k != "" {
			out[k] = v
		}
		if v == nil {
			delete(out, k)
		}
		return out
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{item("gemeente", nil), "gemeente"},
		{item("gemeente", "atlantis"), "gemeente"},
		{item("soort", "roman"), "soort"},
		{item("zichtbaarheid", "iedereen"), "zichtbaarheid"},
		{item("titel", nil), "titel"},
		{item("titel", "   "), "titel"},
		{item("titel", strings.Repeat("x", 201)), "titel"},
		{item("tekst", strings.Repeat("x", 50001)), "tekst"},
		{item("themas", []string{"onzin"}), "themas"},
		{item("themas", "vapes"), "themas"},
		{item("schoolTypen", []string{"universiteit"}), "schoolTypen"},
		{item("geenNaam", "ja"), "geenNaam"},
		{item("prioriteit", "hoog"), "prioriteit"},
		{map[string]any{"gemeente": "arnhem", "soort": "handreiking", "zichtbaarheid": "openbaar", "titel": "Gesprek",
			"tekst": "Bel de leerling Jan de Vries."}, "geenNaam"},
	} {
		wantInvalid(t, f.send(t, regisseur, "POST", coll, c.body), coll, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["school"], "POST", coll, item("", nil)), http.StatusForbidden, coll)
	decodeProblem(t, f.send(t, f.handler["partner"], "POST", coll, item("", nil)), http.StatusForbidden, coll)
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", coll, item("", nil)), http.StatusForbidden, coll)
	f.wantWriteRefused(t, withBearer(f.api, f.token(t, "regisseur", "lezen")), "POST", coll, item("", nil))
	if list, _ := f.db.Knowledge.SearchKnowledge(f.as("regisseur"), vios.KnowledgeFilter{}); len(list) != 0 {
		t.Fatalf("refused items stored: %d", len(list))
	}

	res := f.send(t, regisseur, "POST", coll, item("", nil))
	want(t, res, http.StatusCreated)
	var made struct {
		ID    string `json:"id"`
		Titel string `json:"titel"`
		Tekst string `json:"tekst"`
	}
	if err := json.Unmarshal(res.body, &made); err != nil {
		t.Fatal(err)
	}
	target := coll + "/" + made.ID
	if made.Tekst != "Wat de mentor doet." || res.header.Get("Location") != target {
		t.Fatalf("created: %+v %s", made, res.header.Get("Location"))
	}
	want(t, f.send(t, regisseur, "GET", target, nil), http.StatusOK)
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "GET", target, nil), target)
	if res := f.send(t, f.handler["regisseur-den-haag"], "GET", coll+"?zoeken=vapen", nil); strings.Contains(string(res.body), "Vapen op school") {
		t.Errorf("Den Haag finds Arnhem's eigen item: %s", res.body)
	}
	if res := f.send(t, f.handler["school"], "GET", coll, nil); !strings.Contains(string(res.body), "Vapen op school") {
		t.Errorf("the school of Arnhem does not read its municipality's eigen item: %s", res.body)
	}

	change := item("gemeente", nil)
	change["titel"] = "Vapen in de klas"
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{item("", nil), "gemeente"}, // an item keeps its municipality
		{map[string]any{"soort": "handreiking"}, "titel"},
	} {
		wantInvalid(t, f.send(t, regisseur, "PUT", target, c.body), target, c.field)
	}
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "PUT", target, change), target)
	decodeProblem(t, f.send(t, f.handler["school"], "PUT", target, change), http.StatusForbidden, target)
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "POST", target+"/_intrekken", nil), target+"/_intrekken")
	decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_intrekken", nil), http.StatusForbidden, target+"/_intrekken")
	malformed := coll + "/geen-id/_intrekken"
	decodeProblem(t, f.send(t, regisseur, "POST", malformed, nil), http.StatusBadRequest, malformed)
	if k, err := f.db.Knowledge.FindKnowledge(f.as("regisseur"), made.ID); err != nil || k.Title != "Vapen op school" || k.Withdrawn() {
		t.Fatalf("the item after the refused changes: %+v %v", k, err)
	}

	res = f.send(t, regisseur, "PUT", target, change)
	want(t, res, http.StatusOK)
	if !strings.Contains(string(res.body), "Vapen in de klas") {
		t.Errorf("changed: %s", res.body)
	}
	if res := f.send(t, regisseur, "POST", target+"/_intrekken", nil); res.status != http.StatusOK || !strings.Contains(string(res.body), "ingetrokkenOp") {
		t.Errorf("withdrawn: %d %s", res.status, res.body)
	}
	decodeProblem(t, f.send(t, regisseur, "POST", target+"/_intrekken", nil), http.StatusNotFound, target+"/_intrekken")
	decodeProblem(t, f.send(t, regisseur, "PUT", target, change), http.StatusNotFound, target)
	if res := f.send(t, f.handler["school"], "GET", coll, nil); strings.Contains(string(res.body), "Vapen") {
		t.Errorf("a withdrawn item is listed: %s", res.body)
	}
}
