package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type failingStart struct{ vios.StartService }

func (failingStart) StartRequests(context.Context, string) ([]*vios.StartRequest, error) {
	return nil, errDown
}
func (failingStart) StartRequest(context.Context, string) (*vios.StartRequest, error) {
	return nil, errDown
}

func startBody(field string, value any) map[string]any {
	out := map[string]any{"organisatie": "Gemeente Zwolle", "soortOrganisatie": "gemeente", "gemeente": "Zwolle",
		"naam": "Fatima Bakker", "email": "f.bakker@zwolle.example", "vraag": "Hoe beginnen wij?", "zelftest": map[string]int{"regie": 2}}
	if field != "" {
		out[field] = value
	}
	if value == nil {
		delete(out, field)
	}
	return out
}

// startFixture is the API with the landelijk account, one submitted
// request and one adviser.
func startFixture(t *testing.T) (*covFixture, *vios.StartRequest, *vios.Adviser) {
	t.Helper()
	f := newCovFixture(t)
	f.addAccount(t, "landelijk", "landelijk@demo.example")
	s := &vios.StartRequest{Organisation: "Gemeente Zwolle", OrganisationKind: "gemeente", MunicipalityName: "Zwolle",
		ContactName: "Fatima Bakker", Email: "f.bakker@zwolle.example", Question: "Hoe beginnen wij?"}
	if err := f.db.Start.SubmitStartRequest(context.Background(), s, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	a := &vios.Adviser{Name: "Karin de Wit", Province: "overijssel", Experience: "Kwartiermaker in drie gemeenten"}
	if err := f.db.Start.SaveAdviser(f.as("landelijk"), a); err != nil {
		t.Fatal(err)
	}
	return f, s, a
}

// startGETRequests: the landelijk role reads; a regisseur is refused.
func startGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f, s, _ := startFixture(t)
	services := f.db.Services()
	services.Start = failingStart{f.db.Start}
	failing := withBearer(newHandler(services), f.token(t, "landelijk", "lezen"))
	noService := withBearer(newHandler(vios.Services{Identity: f.db.Accounts, Now: f.db.Time}), f.token(t, "landelijk", "lezen"))
	reader := withBearer(f.api, f.token(t, "landelijk", "lezen"))
	var list []meRequest
	for _, target := range []string{"/api/v1/startvragen", "/api/v1/startvragen/" + s.ID} {
		list = append(list, []meRequest{{reader, target, 200}, {f.api, target, 401}, {f.handler["regisseur"], target, 403},
			{withBearer(f.api, f.token(t, "landelijk", "schrijven")), target, 403}, {failing, target, 500}, {noService, target, 500},
			{reader, target + "?onbekend=1", 400}}...)
	}
	return append(list, meRequest{reader, "/api/v1/startvragen?status=nieuw", 200}, meRequest{reader, "/api/v1/startvragen?status=onzin", 400},
		meRequest{reader, "/api/v1/startvragen/00000000-0000-4000-8000-000000000000", 404}, meRequest{reader, "/api/v1/startvragen/geen-id", 400})
}

// A start request through the API: anyone sends one, bad input is named
// per field and saves nothing; the landelijk role assigns, advises and
// closes, a regisseur cannot; a closed request does not change.
func TestStartRequestsAPI(t *testing.T) {
	f, _, adviser := startFixture(t)
	coll := "/api/v1/startvragen"
	for field, value := range map[string]any{"email": "geen-adres", "vraag": strings.Repeat("x", 4001), "zelftest": map[string]int{"regie": 7},
		"soortOrganisatie": "vereniging", "naam": nil, "spam": "ja"} {
		wantInvalid(t, f.send(t, f.api, "POST", coll, startBody(field, value)), coll, field)
	}
	// What once went into the confirmation mail is one line each.
	for field, value := range map[string]string{"organisatie": "Gemeente Zwolle\n\nKlik hier", "gemeente": "Zwolle\r\nx", "naam": "Fatima\u2028Bakker"} {
		p := decodeProblem(t, f.send(t, f.api, "POST", coll, startBody(field, value)), http.StatusBadRequest, coll)
		if len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != field || !strings.Contains(p.InvalidParams[0].Reason, "op één regel") {
			t.Errorf("%s on two lines: %+v", field, p.InvalidParams)
		}
	}
	landelijk := f.handler["landelijk"]
	count := func() int {
		list, err := f.db.Start.StartRequests(f.as("landelijk"), "")
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d requests after bad input, want the fixture's 1", n)
	}
	res := f.send(t, f.api, "POST", coll, startBody("", nil))
	want(t, res, http.StatusCreated)
	var made struct{ ID, Status string }
	if err := json.Unmarshal(res.body, &made); err != nil || made.Status != "nieuw" || strings.Contains(string(res.body), "Bakker") {
		t.Fatalf("created: %s %v", res.body, err)
	}
	target := coll + "/" + made.ID
	for _, op := range []struct {
		path string
		body any
	}{{"/_toewijzen", map[string]any{"adviseur": adviser.ID}}, {"/_advies", map[string]any{"advies": "Begin klein."}}, {"/_sluiten", nil}} {
		decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", target+op.path, op.body), http.StatusForbidden, target+op.path)
	}
	wantInvalid(t, f.send(t, landelijk, "POST", target+"/_toewijzen", map[string]any{"adviseur": "iemand"}), target+"/_toewijzen", "adviseur")
	want(t, f.send(t, landelijk, "POST", target+"/_toewijzen", map[string]any{"adviseur": adviser.ID}), http.StatusOK)
	wantInvalid(t, f.send(t, landelijk, "POST", target+"/_advies", map[string]any{"advies": ""}), target+"/_advies", "advies")
	res = f.send(t, landelijk, "POST", target+"/_advies", map[string]any{"advies": "Begin klein.", "kwartiermaker": adviser.ID})
	want(t, res, http.StatusOK)
	if !strings.Contains(string(res.body), `"kwartiermaker":{"id":"`+adviser.ID) || !strings.Contains(string(res.body), `"status":"geadviseerd"`) {
		t.Errorf("advised: %s", res.body)
	}
	want(t, f.send(t, landelijk, "POST", target+"/_sluiten", nil), http.StatusOK)
	decodeProblem(t, f.send(t, landelijk, "POST", target+"/_advies", map[string]any{"advies": "Nog iets."}), http.StatusConflict, target+"/_advies")
	if n := count(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}

	// Over the hourly cap of all senders together: 429 for a new address too.
	for i := count(); i < vios.StartRequestsPerHourTotal; i++ {
		s := &vios.StartRequest{Organisation: "School", OrganisationKind: "school", MunicipalityName: "Zwolle", ContactName: "A",
			Email: "a@school.example", Question: "Hoe?"}
		if err := f.db.Start.SubmitStartRequest(context.Background(), s, fmt.Sprintf("198.51.100.%d", i/4)); err != nil {
			t.Fatal(err)
		}
	}
	p := decodeProblem(t, f.send(t, f.api, "POST", coll, startBody("", nil)), http.StatusTooManyRequests, coll)
	if !strings.Contains(p.Detail, "zo veel startvragen") {
		t.Errorf("over the cap: %+v", p)
	}
}
