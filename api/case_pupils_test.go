package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// A case of a signal about two pupils
// holds both (`leerlingen`), each referral names its pupil, and what
// another organisation entered about a pupil shows as a difference.
func TestCaseOfSeveralPupils(t *testing.T) {
	f := newCaseworkFixture(t)
	body := f.signalBody()
	body["niveau"] = "groep"
	body["leerlingen"] = []map[string]any{{"naam": "Sam de Vries", "geboortedatum": birthDate(), "school": f.orgs["school"], "klas": "2B"},
		{"naam": "Lisa de Vries", "geboortedatum": birthDate(), "school": f.orgs["school"], "klas": "1A"}}
	res := f.send(t, f.handler["school"], "POST", "/api/v1/signalen", body)
	want(t, res, http.StatusCreated)
	s := decode[signaal](t, res)
	c := f.openCase(t, s)
	type pupils struct {
		Leerling     leerling
		Leerlingen   []leerling
		Verwijzingen []struct{ Tafel, Leerling string }
	}
	res = f.send(t, f.handler["partner"], "GET", "/api/v1/casussen/"+c.ID, nil)
	want(t, res, http.StatusOK)
	got := decode[pupils](t, res)
	var names []string
	for _, p := range got.Leerlingen {
		if p.Naam != nil {
			names = append(names, *p.Naam)
		}
	}
	slices.Sort(names)
	if strings.Join(names, ", ") != "Lisa de Vries, Sam de Vries" || got.Leerling.ID != got.Leerlingen[0].ID {
		t.Fatalf("the case holds %v (leerling %+v)", names, got.Leerling)
	}
	lisa := got.Leerlingen[0].ID
	if *got.Leerlingen[0].Naam != "Lisa de Vries" {
		lisa = got.Leerlingen[1].ID
	}
	target := "/api/v1/casussen/" + c.ID + "/verwijzingen"
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", target, map[string]any{"tafel": "halt"}), http.StatusBadRequest, target)
	p.wantParams(t, "leerling")
	res = f.send(t, f.handler["partner"], "POST", target, map[string]any{"tafel": "halt", "leerling": lisa})
	want(t, res, http.StatusCreated)
	if r := decode[struct{ Leerling string }](t, res); r.Leerling != lisa {
		t.Errorf("the referral is of %q, want Lisa", r.Leerling)
	}

	// The police enters Sam again, in another class: the school's class
	// stays, and the school reads the difference.
	body = f.signalBody()
	body["leerlingen"] = []map[string]any{{"naam": "Sam de Vries", "geboortedatum": birthDate(), "school": f.orgs["school"], "klas": "3C"}}
	want(t, f.send(t, f.handler["partner"], "POST", "/api/v1/signalen", body), http.StatusCreated)
	res = f.send(t, f.handler["school"], "GET", "/api/v1/signalen/"+s.ID, nil)
	want(t, res, http.StatusOK)
	type differences struct {
		Leerlingen []struct {
			Naam, Klas  *string
			Verschillen []string
		}
	}
	for _, p := range decode[differences](t, res).Leerlingen {
		if *p.Naam == "Sam de Vries" && (*p.Klas != "2B" || len(p.Verschillen) != 1 || !strings.HasSuffix(p.Verschillen[0], " noteerde klas 3C")) {
			t.Errorf("Sam: class %q, differences %q", *p.Klas, p.Verschillen)
		}
	}
}
