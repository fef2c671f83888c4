package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// failingStatistics fails every read of the dashboard, like a database
// that is down.
type failingStatistics struct{}

func (failingStatistics) Statistics(context.Context, vios.StatisticsFilter) (*vios.Statistics, error) {
	return nil, errDown
}

// statisticsGETRequests are the dashboard's answers: the regisseur's, a
// school's own, and every refusal — a partner, another municipality's
// regisseur, a school asking for another school — as 404.
func statisticsGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCaseworkFixture(t)
	failing := f.db.Services()
	failing.Statistics = failingStatistics{}
	g := newGetMatrix(t, f.netFixture, failing, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Networks: f.db.Networks, Now: f.db.Time}, "regisseur-den-haag")
	g.targets("/api/v1/statistieken")
	school := withBearer(f.api, f.token(t, "school", "lezen"))
	other := otherArnhemSchool(t, f)
	g.add(g.reader, "/api/v1/statistieken?gemeente=arnhem&per=week&fenomeen=wapens&vanaf=2026-01-01&totEnMet=2026-06-30", 200)
	g.add(school, "/api/v1/statistieken?school="+f.orgs["school"], 200)
	g.add(g.reader, "/api/v1/statistieken?vanaf=2020-01-01&totEnMet=2026-12-31", 400)
	g.add(g.reader, "/api/v1/statistieken?fenomeen=bestaat-niet", 400)
	g.add(g.reader, "/api/v1/statistieken?school="+f.denHaagSchool, 400)
	g.add(g.reader, "/api/v1/statistieken?per=jaar", 400)
	g.add(g.outsider, "/api/v1/statistieken?gemeente=arnhem", 404)
	g.add(g.reader, "/api/v1/statistieken?gemeente=den-haag", 404)
	g.add(g.reader, "/api/v1/statistieken?gemeente=bestaat-niet", 404)
	g.add(withBearer(f.api, f.token(t, "partner", "lezen")), "/api/v1/statistieken", 404)
	g.add(school, "/api/v1/statistieken?school="+other, 404)
	return g.list
}

// otherArnhemSchool is a school of Arnhem that is not the school account's.
func otherArnhemSchool(t *testing.T, f *cwFixture) string {
	t.Helper()
	schools, err := f.db.Organisations.ListOrganisations(t.Context(), vios.OrganisationFilter{MunicipalityID: f.arnhem.ID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range schools {
		if o.ID != f.orgs["school"] {
			return o.ID
		}
	}
	t.Fatal("Arnhem has one school only")
	return ""
}

// The regisseur sees the municipality's counts, a school only its own
// (alleenEigenScholen, and only its own school in perSchool); no answer
// holds a name of a person.
func TestStatisticsAnswers(t *testing.T) {
	f := newCaseworkFixture(t)
	f.enter(t)
	read := func(who, query string) map[string]any {
		t.Helper()
		res := do(t, withBearer(f.api, f.token(t, who, "lezen")), "GET", "/api/v1/statistieken"+query)
		if res.status != http.StatusOK {
			t.Fatalf("%s %s: %d %s", who, query, res.status, res.body)
		}
		for _, u := range f.users {
			if strings.Contains(string(res.body), u.Name) {
				t.Errorf("%s: the figures name %q", who, u.Name)
			}
		}
		var out map[string]any
		if err := json.Unmarshal(res.body, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := read("regisseur", "?gemeente=arnhem")
	if all["alleenEigenScholen"] != false || all["signalen"].(float64) < 1 {
		t.Errorf("regisseur: %v", all)
	}
	own := read("school", "")
	if own["alleenEigenScholen"] != true {
		t.Errorf("school: not narrowed to its school: %v", own)
	}
	for _, c := range own["perSchool"].([]any) {
		if c.(map[string]any)["sleutel"] != f.orgs["school"] {
			t.Errorf("school sees another school's count: %v", c)
		}
	}
}
