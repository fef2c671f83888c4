package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type failingHelpDesk struct{ vios.HelpDeskService }

func (failingHelpDesk) ListHelpRequests(context.Context, vios.HelpRequestFilter) ([]*vios.HelpRequest, error) {
	return nil, errDown
}
func (failingHelpDesk) FindHelpRequest(context.Context, string, string) (*vios.HelpRequest, error) {
	return nil, errDown
}

// helpDeskGETRequests: the Arnhem regisseur reads the school's request,
// the regisseur of Den Haag does not.
func helpDeskGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCovFixture(t)
	h := &vios.HelpRequest{MunicipalityID: f.arnhem.ID, SchoolID: f.orgs["school"], Urgency: vios.UrgencyHigh, Theme: "vapes",
		Question: "Hoe pakken we vapen op het toilet aan?"}
	if err := f.db.HelpDesk.FileHelpRequest(f.as("school"), h); err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.HelpDesk = failingHelpDesk{f.db.HelpDesk}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	g.targets("/api/v1/hulpvragen", "/api/v1/hulpvragen/"+h.ID)
	return g.list
}

// A school files a request through the API: bad input names the field
// and stores nothing; who has no school or partner account is refused
// before the body is read; the filed request reads back with its question.
func TestHelpDeskAPI(t *testing.T) {
	f := newCovFixture(t)
	coll := "/api/v1/hulpvragen"
	request := func(k string, v any) map[string]any {
		out := map[string]any{"gemeente": "arnhem", "vraag": "Hoe pakken we vapen aan?", "school": f.orgs["school"], "urgentie": "hoog", "thema": "vapes"}
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
		{request("vraag", nil), "vraag"},
		{request("vraag", "  "), "vraag"},
		{request("school", nil), "school"},
		{request("urgentie", "morgen"), "urgentie"},
		{request("thema", "onzin"), "thema"},
		{request("gemeente", "atlantis"), "gemeente"},
		{request("school", f.otherSchool), "school"},
	} {
		if c.field == "school" && c.body["school"] == f.otherSchool {
			// Another school of Arnhem: the school account files only for its own.
			decodeProblem(t, f.send(t, f.handler["school"], "POST", coll, c.body), http.StatusForbidden, coll)
			continue
		}
		wantInvalid(t, f.send(t, f.handler["school"], "POST", coll, c.body), coll, c.field)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", coll, request("", "")), http.StatusForbidden, coll)
	if list, _ := f.db.HelpDesk.ListHelpRequests(f.as("regisseur"), vios.HelpRequestFilter{MunicipalityID: f.arnhem.ID}); len(list) != 0 {
		t.Fatalf("refused requests stored: %d", len(list))
	}
	res := f.send(t, f.handler["school"], "POST", coll, request("", ""))
	var got struct {
		ID, Status, Vraag string
	}
	if res.status != http.StatusCreated || json.Unmarshal(res.body, &got) != nil || got.Status != "ingediend" {
		t.Fatalf("filed: %d %s", res.status, res.body)
	}
	read := f.send(t, f.handler["regisseur"], "GET", coll+"/"+got.ID, nil)
	if read.status != http.StatusOK || !strings.Contains(string(read.body), "Hoe pakken we vapen aan?") {
		t.Fatalf("read back: %d %s", read.status, read.body)
	}
	if other := f.send(t, f.handler["regisseur-den-haag"], "GET", coll+"/"+got.ID, nil); other.status != http.StatusNotFound {
		t.Fatalf("Den Haag reads Arnhem's request: %d", other.status)
	}
}
