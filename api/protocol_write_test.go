package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// protocolFixture: the demo networks, and a teamleider of the school on
// the sociale kaart.
func protocolFixture(t *testing.T) (*covFixture, *vios.Person) {
	t.Helper()
	f := newCovFixture(t)
	person := &vios.Person{OrganisationID: f.orgs["school"], Name: "Tara Teamleider", Function: "teamleider", Phone: "026 123 45 67"}
	if err := f.db.Approaches.AddPerson(f.as("regisseur"), f.arnhem.ID, person); err != nil {
		t.Fatal(err)
	}
	return f, person
}

// wantInvalid checks a 400 problem naming field.
func wantInvalid(t *testing.T, res response, target, field string) {
	t.Helper()
	p := decodeProblem(t, res, http.StatusBadRequest, target)
	for _, ip := range p.InvalidParams {
		if ip.Name == field {
			return
		}
	}
	t.Errorf("%s: no error at %s: %+v", target, field, p.InvalidParams)
}

// A school writes its protocol through the API as in the web: every kind
// of bad input is refused with the field named and nothing stored; only
// the school changes its protocol, the regisseur the defaults.
func TestProtocolWriteAPI(t *testing.T) {
	f, person := protocolFixture(t)
	school, coll := f.handler["school"], "/api/v1/incidentprotocollen"
	step := map[string]any{"wie": "Teamleider", "wat": "Haalt de leerling uit de klas.", "bellen": "wijkagent", "contact": person.ID}
	protocol := func(k string, v any) map[string]any {
		out := map[string]any{"gemeente": "arnhem", "school": f.orgs["school"], "fenomeen": "wapens", "stappen": []any{step}}
		if k != "" {
			out[k] = v
		}
		if v == nil {
			delete(out, k)
		}
		return out
	}
	many := make([]any, vios.MaxProtocolSteps+1)
	for i := range many {
		many[i] = step
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{protocol("fenomeen", nil), "fenomeen"},
		{protocol("gemeente", "atlantis"), "gemeente"},
		{protocol("fenomeen", "onbekend"), "fenomeen"},
		{protocol("school", "geen-id"), "school"},
		{protocol("stappen", []any{}), "stappen"},
		{protocol("stappen", "bel 112"), "stappen"},
		{protocol("stappen", []any{map[string]any{"wat": "Belt."}}), "stappen[0].wie"},
		{protocol("stappen", []any{map[string]any{"wie": "Conciërge", "wat": "Belt.", "bellen": "brandweer"}}), "stappen"},
		{protocol("stappen", []any{map[string]any{"wie": "Conciërge", "wat": "Belt.", "contact": "00000000-0000-4000-8000-000000000000"}}), "stappen"},
		{protocol("stappen", []any{map[string]any{"wie": "Conciërge", "wat": "Belt.", "wanneer": "nu"}}), "stappen[0].wanneer"},
		{protocol("stappen", many), "stappen"},
		{protocol("prioriteit", "hoog"), "prioriteit"},
	} {
		wantInvalid(t, f.send(t, school, "POST", coll, c.body), coll, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["partner"], "POST", coll, protocol("", nil)), http.StatusForbidden, coll)
	decodeProblem(t, f.send(t, f.handler["andere-school"], "POST", coll, protocol("", nil)), http.StatusForbidden, coll)
	if list, _ := f.db.Protocols.ListProtocols(f.as("regisseur"), f.arnhem.ID, f.orgs["school"]); len(list) != 0 {
		t.Fatalf("refused protocols stored: %d", len(list))
	}
	f.wantWriteRefused(t, withBearer(f.api, f.token(t, "school", "lezen")), "POST", coll, protocol("", nil))

	type stap struct {
		Wie, Wat string
		Contact  *struct{ Naam, Telefoon string }
	}
	type protocolJSON struct {
		ID         string
		Stappen    []stap
		Evaluaties []struct {
			ID            string
			GeevalueerdOp *string
			Gevolgd       *string
			GoedGegaan    string
		}
	}
	made := created[protocolJSON](t, f.send(t, school, "POST", coll, protocol("", nil)), coll)
	if len(made.Stappen) != 1 || made.Stappen[0].Contact == nil || made.Stappen[0].Contact.Naam != person.Name {
		t.Errorf("new protocol: %+v", made)
	}
	wantInvalid(t, f.send(t, school, "POST", coll, protocol("", nil)), coll, "fenomeen")

	// Changing the steps: the school; the partner reads but does not write,
	// another municipality finds nothing.
	path := coll + "/" + made.ID
	steps := map[string]any{"stappen": []any{
		map[string]any{"wie": "Wie het ziet", "wat": "Breng iedereen in veiligheid.", "bellen": "112"},
		step,
	}}
	decodeProblem(t, f.send(t, f.handler["partner"], "PUT", path, steps), http.StatusForbidden, path)
	decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", path, steps), http.StatusForbidden, path)
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "PUT", path, steps), path)
	wantInvalid(t, f.send(t, school, "PUT", path, map[string]any{}), path, "stappen")
	wantInvalid(t, f.send(t, school, "PUT", path, map[string]any{"stappen": []any{map[string]any{"wie": "", "wat": "x"}}}), path, "stappen")
	wantInvalid(t, f.send(t, school, "PUT", path, map[string]any{"stappen": []any{step}, "fenomeen": "vechtpartijen"}), path, "fenomeen")
	if got := decode[protocolJSON](t, f.send(t, school, "GET", path, nil)); len(got.Stappen) != 1 {
		t.Errorf("refused changes stored: %+v", got)
	}
	res := f.send(t, school, "PUT", path, steps)
	want(t, res, http.StatusOK)
	if got := decode[protocolJSON](t, res); len(got.Stappen) != 2 || got.Stappen[0].Wie != "Wie het ziet" || got.Stappen[1].Contact.Telefoon != person.Phone {
		t.Errorf("changed protocol: %+v", got)
	}

	// The municipality's default: the regisseur writes it, the school not;
	// without steps a school's protocol starts from it.
	def := map[string]any{"gemeente": "arnhem", "fenomeen": "vechtpartijen", "stappen": []any{map[string]any{"wie": "School", "wat": "Bel de jeugdboa.", "bellen": "boa"}}}
	decodeProblem(t, f.send(t, school, "POST", coll, def), http.StatusForbidden, coll)
	created[protocolJSON](t, f.send(t, f.handler["regisseur"], "POST", coll, def), coll)
	fromDefault := created[protocolJSON](t, f.send(t, school, "POST", coll, map[string]any{"gemeente": "arnhem", "school": f.orgs["school"], "fenomeen": "vechtpartijen"}), coll)
	if len(fromDefault.Stappen) != 1 || fromDefault.Stappen[0].Wat != "Bel de jeugdboa." {
		t.Errorf("from the default: %+v", fromDefault)
	}

	// The evaluation after an incident: a knife signal asks the school.
	signal := &vios.Signal{MunicipalityID: f.arnhem.ID, NetworkID: f.kernteam.ID, OccurredOn: f.db.Now(), Phenomenon: "wapens",
		Level: vios.LevelSchool, SchoolIDs: []string{f.orgs["school"]}, Description: "Wapen op school"}
	if _, err := f.db.Casework.CreateSignal(f.as("school"), signal); err != nil {
		t.Fatal(err)
	}
	asked := decode[protocolJSON](t, f.send(t, school, "GET", path, nil))
	if len(asked.Evaluaties) != 1 || asked.Evaluaties[0].GeevalueerdOp != nil {
		t.Fatalf("evaluation request: %+v", asked.Evaluaties)
	}
	eval := path + "/evaluaties/" + asked.Evaluaties[0].ID
	answer := map[string]any{"gevolgd": "deels", "goedGegaan": "De wijkagent was er snel.", "verbeteren": "Eerder de ouders bellen."}
	decodeProblem(t, f.send(t, f.handler["partner"], "PUT", eval, answer), http.StatusForbidden, eval)
	wantInvalid(t, f.send(t, school, "PUT", eval, map[string]any{"gevolgd": "misschien", "goedGegaan": "x"}), eval, "gevolgd")
	wantInvalid(t, f.send(t, school, "PUT", eval, map[string]any{"gevolgd": "ja"}), eval, "goedGegaan")
	wantInvalid(t, f.send(t, school, "PUT", eval, map[string]any{"gevolgd": "ja", "goedGegaan": 3}), eval, "goedGegaan")
	other := coll + "/" + fromDefault.ID + "/evaluaties/" + asked.Evaluaties[0].ID
	wantUnseen(t, f.send(t, school, "PUT", other, answer), other)
	if got := decode[protocolJSON](t, f.send(t, school, "GET", path, nil)); got.Evaluaties[0].GeevalueerdOp != nil {
		t.Fatalf("a refused evaluation stored: %+v", got.Evaluaties)
	}
	res = f.send(t, school, "PUT", eval, answer)
	want(t, res, http.StatusOK)
	if got := decode[protocolJSON](t, res); got.Evaluaties[0].GeevalueerdOp == nil || got.Evaluaties[0].GoedGegaan != "De wijkagent was er snel." {
		t.Errorf("evaluated: %+v", got.Evaluaties)
	}
	decodeProblem(t, f.send(t, school, "PUT", eval, answer), http.StatusConflict, eval)
}

// The school states its legal facts through the API: every fact given
// (null where it has none), people of the school only, no measurement in
// the future; the regisseur reads but does not write, a partner sees nothing.
func TestLegalFactsWriteAPI(t *testing.T) {
	f, person := protocolFixture(t)
	school := f.handler["school"]
	path := "/api/v1/scholen/" + f.orgs["school"] + "/wettelijke-eisen"
	police := &vios.Person{OrganisationID: f.orgs["politie"], Name: "Wim Wijkagent", Function: "wijkagent"}
	if err := f.db.Approaches.AddPerson(f.as("regisseur"), f.arnhem.ID, police); err != nil {
		t.Fatal(err)
	}
	facts := func(k string, v any) map[string]any {
		out := map[string]any{"instrument": "Monitor Sociale Veiligheid", "gemetenOp": day(0, -2, 0),
			"aanspreekpuntPesten": person.ID, "coordinatorPesten": person.ID, "incidentenregistratie": true}
		if k != "" {
			out[k] = v
		}
		if v == "weg" {
			delete(out, k)
		}
		return out
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{facts("aanspreekpuntPesten", "weg"), "aanspreekpuntPesten"},
		{facts("incidentenregistratie", nil), "incidentenregistratie"},
		{facts("incidentenregistratie", "ja"), "incidentenregistratie"},
		{facts("gemetenOp", day(0, 0, 1)), "gemetenOp"},
		{facts("gemetenOp", "1-9-2026"), "gemetenOp"},
		{facts("instrument", nil), "instrument"},
		{facts("aanspreekpuntPesten", police.ID), "aanspreekpuntPesten"},
		{facts("coordinatorPesten", "Piet"), "coordinatorPesten"},
		{facts("instrument", strings.Repeat("x", 300)), "instrument"},
		{facts("anders", true), "anders"},
	} {
		wantInvalid(t, f.send(t, school, "PUT", path, c.body), path, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", path, facts("", nil)), http.StatusForbidden, path)
	wantUnseen(t, f.send(t, f.handler["partner"], "PUT", path, facts("", nil)), path)
	wantUnseen(t, f.send(t, f.handler["andere-school"], "PUT", path, facts("", nil)), path)
	type checklist struct {
		Ontbreekt int
		Gegevens  struct {
			Instrument, GemetenOp, AanspreekpuntPesten *string
			Incidentenregistratie                      bool
		}
	}
	if got := decode[checklist](t, f.send(t, school, "GET", path, nil)); got.Ontbreekt != len(vios.Requirements) || got.Gegevens.Instrument != nil {
		t.Fatalf("refused facts stored: %+v", got)
	}
	res := f.send(t, school, "PUT", path, facts("", nil))
	want(t, res, http.StatusOK)
	got := decode[checklist](t, res)
	// Only the safety policy is missing: no approved plan.
	if got.Ontbreekt != 1 || got.Gegevens.AanspreekpuntPesten == nil || *got.Gegevens.AanspreekpuntPesten != person.ID || !got.Gegevens.Incidentenregistratie {
		t.Errorf("stated facts: %+v", got)
	}
	// Null takes a fact back.
	res = f.send(t, school, "PUT", path, facts("coordinatorPesten", nil))
	want(t, res, http.StatusOK)
	if got := decode[checklist](t, res); got.Ontbreekt != 2 {
		t.Errorf("without a coordinator: %+v", got)
	}
}
