package api_test

import (
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

func TestCovenantInput(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	self := "/api/v1/convenanten/" + c.ID
	tomorrow := day(0, 0, 1)
	tests := []struct {
		name   string
		method string
		change func(b map[string]any)
		want   []string
	}{
		{"without a template the texts and dates are needed", "POST", func(b map[string]any) { delete(b, "sjabloon") },
			[]string{"doelen", "einddatum", "evaluatiedatum", "titel"}},
		{"unknown template and municipality", "POST", func(b map[string]any) { b["sjabloon"] = "rotterdam"; b["gemeente"] = "atlantis" },
			// Without a template to fill them, the texts and dates are missing too.
			[]string{"doelen", "einddatum", "evaluatiedatum", "gemeente", "sjabloon", "titel"}},
		{"mistakes inside the lists are named by their place", "POST", func(b map[string]any) {
			parties := b["partijen"].([]map[string]any)
			parties[0]["status"] = "getekend" // without a date
			parties[1]["getekendOp"] = tomorrow
			parties[2]["kleur"] = "blauw"
			b["handelingsprotocol"] = []any{map[string]any{"incident": "onweer", "stappen": "Naar binnen."}, "stap"}
			b["deelafspraken"] = []map[string]any{{"doel": "Kernteam", "metNaam": "ja", "verwerkingsactiviteiten": []string{"00000000-0000-4000-8000-000000000000"},
				"ontvangers":            []map[string]any{{"soort": "politie", "categorieen": []string{"justitieel"}}},
				"bewaartermijnSignalen": 30, "bewaartermijnCasussen": 30, "bewaartermijnVerslagen": 9999}}
		}, []string{"deelafspraken[0].artikel10", "deelafspraken[0].bewaartermijnVerslagen", "deelafspraken[0].metNaam",
			"deelafspraken[0].verwerkingsactiviteiten", "handelingsprotocol[0].incident", "handelingsprotocol[1]",
			"partijen[0].getekendOp", "partijen[1].getekendOp", "partijen[2].kleur"}},
		{"an organisation is named by its id", "POST", func(b map[string]any) {
			b["partijen"] = []map[string]any{{"organisatie": "niet-een-uuid", "ondertekenaars": "x", "status": "uitgenodigd"}}
		}, []string{"partijen[0].organisatie"}},
		{"a whole covenant is sent", "PUT", func(b map[string]any) {
			for _, k := range []string{"partijen", "werkafspraken", "handelingsprotocol", "deelafspraken", "wijziging"} {
				delete(b, k)
			}
		}, []string{"deelafspraken", "handelingsprotocol", "partijen", "werkafspraken", "wijziging"}},
		{"a clause of another covenant, and an end in the future", "PUT", func(b map[string]any) {
			b["deelafspraken"].([]map[string]any)[0]["id"] = "00000000-0000-4000-8000-000000000000"
			b["beeindigdOp"] = tomorrow
			b["wijziging"] = "  "
		}, []string{"beeindigdOp", "deelafspraken[0].id", "wijziging"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, target := f.createBody(), "/api/v1/convenanten"
			if tt.method == "PUT" {
				body, target = updateBody(c, "Test"), self
			}
			tt.change(body)
			p := decodeProblem(t, f.send(t, f.handler["regisseur"], tt.method, target, body), http.StatusBadRequest, target)
			p.wantParams(t, tt.want...)
		})
	}
	// A party of another municipality is refused by the store.
	body := f.createBody()
	haag, _, err := f.db.FindCredentials(t.Context(), "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	body["partijen"].([]map[string]any)[0]["organisatie"] = haag.Memberships[0].OrganisationID
	p := decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/convenanten", body), http.StatusBadRequest, "/api/v1/convenanten")
	p.wantParams(t, "partijen")
	// Ending it, and it stays ended.
	ended := updateBody(c, "Beëindigd")
	ended["beeindigdOp"] = day(0, 0, 0)
	res := f.send(t, f.handler["regisseur"], "PUT", self, ended)
	want(t, res, http.StatusOK)
	got := decode[convenant](t, res)
	if got.Status != vios.CovenantEnded || got.BeeindigdOp == nil {
		t.Fatalf("ended: %+v", got)
	}
	reopen := updateBody(got, "Toch niet")
	delete(reopen, "beeindigdOp")
	p = decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", self, reopen), http.StatusBadRequest, self)
	p.wantParams(t, "beeindigdOp")
}
