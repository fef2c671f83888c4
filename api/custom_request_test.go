package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

// A school files a request through the API, the regisseur grants part of
// it, the school reports completion: bad input names the field and stores
// nothing, a school never decides, another school does not see it.
func init() {
	codeSchemas["MaatwerkStatus"] = vios.CustomStatuses
	codeSchemas["MaatwerkBesluitCode"] = vios.CustomDecisions
	codeSchemas["MaatwerkVerslagSoort"] = vios.CustomReportKinds
}

func TestCustomRequestAPI(t *testing.T) {
	f := newCovFixture(t)
	school, coll := f.handler["school"], "/api/v1/maatwerkaanvragen"
	request := func(k string, v any) map[string]any {
		out := map[string]any{"gemeente": "arnhem", "titel": "Straatcoaches in de pauzes", "omschrijving": "Twee coaches, drie maanden.",
			"thema": "vapes", "aangevraagdInCenten": 1250000, "periodeVan": "2027-04-01", "periodeTot": "2027-06-30"}
		if v == nil {
			delete(out, k)
		} else if k != "" {
			out[k] = v
		}
		return out
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{request("titel", nil), "titel"},
		{request("titel", " "), "titel"},
		{request("aangevraagdInCenten", nil), "aangevraagdInCenten"},
		{request("aangevraagdInCenten", -100), "aangevraagdInCenten"},
		{request("aangevraagdInCenten", 100_000_001), "aangevraagdInCenten"},
		{request("aangevraagdInCenten", 12.5), "aangevraagdInCenten"},
		{request("periodeTot", "2027-03-01"), "periodeTot"},
		{request("thema", "onzin"), "thema"},
		{request("gemeente", "atlantis"), "gemeente"},
		{request("school", f.otherSchool), "school"},
	} {
		wantInvalid(t, f.send(t, school, "POST", coll, c.body), coll, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", coll, request("", nil)), http.StatusForbidden, coll)
	if list, _ := f.db.CustomRequests.ListCustomRequests(f.as("regisseur"), vios.CustomFilter{MunicipalityID: f.arnhem.ID}); len(list) != 0 {
		t.Fatalf("bad input stored %d requests", len(list))
	}

	made := created[struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}](t, f.send(t, school, "POST", coll, request("", nil)), coll)
	one := coll + "/" + made.ID
	wantUnseen(t, f.send(t, f.handler["andere-school"], "GET", one, nil), one)
	wantUnseen(t, f.send(t, f.handler["regisseur-den-haag"], "GET", one, nil), one)

	decide := one + "/_besluiten"
	decodeProblem(t, f.send(t, school, "POST", decide, map[string]any{"besluit": "toegekend", "motivering": "Zelf goedgekeurd."}),
		http.StatusForbidden, decide)
	wantInvalid(t, f.send(t, f.handler["regisseur"], "POST", decide,
		map[string]any{"besluit": "deels-toegekend", "toegekendInCenten": 2000000, "motivering": "Te veel."}), decide, "toegekendInCenten")
	res := f.send(t, f.handler["regisseur"], "POST", decide,
		map[string]any{"besluit": "deels-toegekend", "toegekendInCenten": 800000, "motivering": "Eén coach."})
	want(t, res, http.StatusOK)
	if got := decode[struct {
		Status    string `json:"status"`
		Toegekend int64  `json:"toegekendInCenten"`
	}](t, res); got.Status != vios.CustomPartly || got.Toegekend != 800000 {
		t.Fatalf("after the decision: %+v", got)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", decide,
		map[string]any{"besluit": "afgewezen", "motivering": "Toch niet."}), http.StatusConflict, decide)

	report := one + "/_verslag"
	res = f.send(t, school, "POST", report, map[string]any{"soort": "uitgevoerd", "verslag": "Afgerond.", "besteedInCenten": 790000})
	want(t, res, http.StatusOK)
	if got := decode[struct {
		Status    string `json:"status"`
		Besteed   int64  `json:"besteedInCenten"`
		Verslagen []any  `json:"verslagen"`
	}](t, res); got.Status != vios.CustomDone || got.Besteed != 790000 || len(got.Verslagen) != 1 {
		t.Fatalf("after completion: %+v", got)
	}
	list := decode[struct {
		Items []struct{ ID string } `json:"items"`
	}](t, f.send(t, f.handler["andere-school"], "GET", coll, nil))
	if len(list.Items) != 0 {
		t.Fatalf("another school lists the request: %+v", list)
	}
}

// failingCustom fails every read, like a database that is down.
type failingCustom struct{ vios.CustomRequestService }

func (failingCustom) ListCustomRequests(context.Context, vios.CustomFilter) ([]*vios.CustomRequest, error) {
	return nil, errDown
}
func (failingCustom) FindCustomRequest(context.Context, string) (*vios.CustomRequest, error) {
	return nil, errDown
}

// customGETRequests reads a request of the demo school as the regisseur,
// for TestResponsesFitTheDocument; the regisseur of Den Haag is the outsider.
func customGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCovFixture(t)
	day := f.db.Now()
	c := &vios.CustomRequest{MunicipalityID: f.arnhem.ID, SchoolID: f.orgs["school"], Title: "Straatcoaches", Description: "In de pauzes.",
		Theme: "vapes", RequestedCents: 500000, PlannedFrom: day, PlannedUntil: day.AddDate(0, 3, 0)}
	if err := f.db.CustomRequests.SubmitCustomRequest(f.as("school"), c); err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.CustomRequests = failingCustom{f.db.CustomRequests}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	g.targets("/api/v1/maatwerkaanvragen", "/api/v1/maatwerkaanvragen/"+c.ID)
	return g.list
}
