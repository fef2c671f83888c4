package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The training catalogue through the API: the demo's training with twelve
// answers shows its result, the one with four shows none of its means (no
// small-cell figure, whatever the filter); a filter finds what works for a
// theme and school type; bad input names every field and stores nothing;
// a school account writes nothing; the landelijk role writes for the
// platform, the regisseur for Arnhem, not for Den Haag.
// trainingGETRequests are the reads of the catalogue for
// TestResponsesFitTheDocument. Every logged-in account reads every
// training, so there is no outsider's 404.
func trainingGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	tr := &vios.Training{Kind: "workshop", Title: "Vapes", Provider: "GGD", Themes: []string{"vapes"}}
	if err := f.db.Trainings.CreateTraining(vios.NewSystemContext(t.Context(), "test"), tr); err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.Trainings = failingTrainings{f.db.Trainings}
	g := newGetMatrix(t, f, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	one := "/api/v1/trainingen/" + tr.ID
	for _, target := range []string{"/api/v1/trainingen", one} {
		g.add(g.reader, target, http.StatusOK)
		g.add(g.api, target, http.StatusUnauthorized)
		g.add(g.writer, target, http.StatusForbidden)
		g.add(g.failing, target, http.StatusInternalServerError)
		g.add(g.noService, target, http.StatusInternalServerError)
		g.add(g.reader, target+"?onbekend=1", http.StatusBadRequest)
	}
	g.add(g.outsider, one, http.StatusOK)
	g.add(g.reader, "/api/v1/trainingen/00000000-0000-4000-8000-000000000000", http.StatusNotFound)
	g.add(g.reader, "/api/v1/trainingen/geen-id", http.StatusBadRequest)
	g.add(g.reader, "/api/v1/trainingen?thema=vapes&schoolType=vo", http.StatusOK)
	return g.list
}

// failingTrainings is the catalogue whose reads fail.
type failingTrainings struct{ vios.TrainingService }

func (failingTrainings) ListTrainings(context.Context, vios.TrainingFilter) ([]*vios.Training, error) {
	return nil, errors.New("database down")
}
func (failingTrainings) FindTraining(context.Context, string) (*vios.Training, error) {
	return nil, errors.New("database down")
}

func TestTrainingAPI(t *testing.T) {
	f := newNetFixture(t)
	f.addAccount(t, "landelijk", "landelijk@demo.example")
	if err := demo.LoadTrainings(t.Context(), f.db.All, f.db.Trainings, f.db.Now()); err != nil {
		t.Fatal(err)
	}
	coll := "/api/v1/trainingen"
	type training struct {
		ID        string  `json:"id"`
		Titel     string  `json:"titel"`
		Gemeente  *string `json:"gemeente"`
		Resultaat map[string]any
	}
	list := func(query string) []training {
		t.Helper()
		res := f.send(t, f.handler["school"], "GET", coll+query, nil)
		want(t, res, http.StatusOK)
		var out struct{ Items []training }
		if err := json.Unmarshal(res.body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Items
	}
	all := list("")
	if len(all) != 4 || all[0].Titel != "Weerbaar tegen groepsdruk" || all[0].Resultaat["getoond"] != true || all[0].Resultaat["gemiddeldCijfer"] == nil {
		t.Fatalf("the catalogue: %+v", all)
	}
	for _, tr := range list("?thema=wapens&schoolType=vo") {
		if tr.Resultaat["getoond"] != false || tr.Resultaat["gemiddeldCijfer"] != nil || tr.Resultaat["scoreVooraf"] != nil {
			t.Errorf("a training with four answers shows: %+v", tr.Resultaat)
		}
	}
	if got := list("?thema=groepsdruk&schoolType=vo"); len(got) != 1 || got[0].Gemeente != nil {
		t.Errorf("groepsdruk in het vo: %+v", got)
	}
	wantInvalid(t, f.send(t, f.handler["school"], "GET", coll+"?thema=onzin", nil), coll, "thema")

	body := func(k string, v any) map[string]any {
		out := map[string]any{"gemeente": "arnhem", "soort": "workshop", "titel": "Vuurwerk en veiligheid", "aanbieder": "Brandweer",
			"themas": []string{"vuurwerk"}, "schoolTypen": []string{"po"}}
		if v == nil {
			delete(out, k)
		} else if k != "" {
			out[k] = v
		}
		return out
	}
	regisseur := f.handler["regisseur"]
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{body("soort", "lezing"), "soort"},
		{body("titel", nil), "titel"},
		{body("themas", []string{"onzin"}), "themas"},
		{body("schoolTypen", []string{"hbo"}), "schoolTypen"},
		{body("stellingen", []string{"Een", "Twee"}), "stellingen"},
		{body("gemeente", "atlantis"), "gemeente"},
		{body("beschrijving", "Gegeven door trainer Jan de Vries."), "geenNaam"},
	} {
		wantInvalid(t, f.send(t, regisseur, "POST", coll, c.body), coll, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["school"], "POST", coll, body("", "")), http.StatusForbidden, coll)
	decodeProblem(t, f.send(t, regisseur, "POST", coll, body("gemeente", "den-haag")), http.StatusForbidden, coll)
	decodeProblem(t, f.send(t, regisseur, "POST", coll, body("gemeente", nil)), http.StatusForbidden, coll)
	if n := len(list("")); n != 4 {
		t.Fatalf("refused trainings stored: %d", n)
	}
	res := f.send(t, regisseur, "POST", coll, body("", ""))
	want(t, res, http.StatusCreated)
	if !strings.Contains(string(res.body), `"gemeente":"arnhem"`) || !strings.Contains(string(res.body), vios.DefaultTrainingStatements[0]) {
		t.Errorf("created: %s", res.body)
	}
	res = f.send(t, f.handler["landelijk"], "POST", coll, body("gemeente", nil))
	want(t, res, http.StatusCreated)
	var made training
	if err := json.Unmarshal(res.body, &made); err != nil || made.Gemeente != nil {
		t.Fatalf("the platform's training: %s", res.body)
	}
	want(t, f.send(t, f.handler["regisseur-den-haag"], "GET", coll+"/"+made.ID, nil), http.StatusOK)
	decodeProblem(t, f.send(t, regisseur, "GET", coll+"/geen-id", nil), http.StatusBadRequest, coll+"/geen-id")
}
