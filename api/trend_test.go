package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// The regisseur reads and decides the trend job's proposals through the
// API; no one else sees them. The national view is open data.
func TestTrendsAndOpenData(t *testing.T) {
	f := newNetFixture(t)
	f.loadNetworks(t)
	ctx := t.Context()
	over := &vios.Network{MunicipalityID: f.arnhem.ID, Kind: vios.NetworkOverkoepelend, Level: "operationeel", Name: "Overkoepelend overleg",
		AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if err := f.db.Networks.CreateNetwork(f.as("regisseur"), over); err != nil {
		t.Fatal(err)
	}
	first := vios.Date(f.db.Now()).AddDate(0, 0, 14).Add(9 * time.Hour)
	if _, err := f.db.Networks.PlanMeetings(f.as("regisseur"), f.arnhem.ID, over.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: first, EndsAt: first.Add(time.Hour), Location: "Stadhuis"}}); err != nil {
		t.Fatal(err)
	}
	schools, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhem.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 3 {
		t.Fatalf("schools: %v", err)
	}
	start, _ := vios.TrendWindow(f.db.Now(), 4)
	var list []store.SchoolSignals
	for _, s := range schools[:3] {
		list = append(list, store.SchoolSignals{SchoolID: s.ID, Phenomenon: "vapes",
			Days: []time.Time{start.AddDate(0, 0, 1), start.AddDate(0, 0, 8), start.AddDate(0, 0, 15)}})
	}
	if err := f.db.Casework.LoadSchoolSignals(ctx, f.arnhem.ID, f.demoKernteam(t).ID, f.users["school"].ID, f.orgs["school"], list); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.Casework.DetectTrends(ctx); err != nil || n != 1 {
		t.Fatalf("detect: %d, %v", n, err)
	}

	res := f.send(t, f.handler["regisseur"], "GET", "/api/v1/trends", nil)
	want(t, res, 200)
	trends := decode[[]map[string]any](t, res)
	if len(trends) != 1 || trends[0]["fenomeen"] != "vapes" || trends[0]["status"] != "open" || trends[0]["gemeente"] != "arnhem" {
		t.Fatalf("trends: %v", trends)
	}
	id := trends[0]["id"].(string)
	if got := decode[[]map[string]any](t, f.send(t, f.handler["school"], "GET", "/api/v1/trends", nil)); len(got) != 0 {
		t.Errorf("a school reads trends: %v", got)
	}
	want(t, f.send(t, f.handler["school"], "POST", "/api/v1/trends/"+id+"/_opnemen", nil), 403)
	want(t, f.send(t, f.handler["regisseur-den-haag"], "POST", "/api/v1/trends/"+id+"/_afwijzen", nil), 404)
	want(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/trends/not-an-id/_opnemen", nil), 404)
	want(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/trends/"+id+"/_opnemen?overleg=1", nil), 400)
	res = f.send(t, f.handler["regisseur"], "POST", "/api/v1/trends/"+id+"/_opnemen", nil)
	want(t, res, 200)
	if got := decode[map[string]any](t, res); got["status"] != "geagendeerd" || got["overleg"] == nil {
		t.Errorf("accepted: %v", got)
	}
	want(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/trends/"+id+"/_afwijzen", nil), 409)

	// Open data: no token, any origin, cacheable; Arnhem's 9 vapes signals
	// are below 10 and suppressed.
	res = f.send(t, f.api, "GET", "/api/v1/open/landelijk", nil)
	want(t, res, 200)
	if res.header.Get("Access-Control-Allow-Origin") != "*" || res.header.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("headers %v", res.header)
	}
	view := decode[map[string]any](t, res)
	var arnhem map[string]any
	for _, row := range view["gemeenten"].([]any) {
		if row.(map[string]any)["gemeente"] == "Arnhem" {
			arnhem = row.(map[string]any)
		}
	}
	vapes := arnhem["signalen"].(map[string]any)["Vapes"].(map[string]any)
	if vapes["onderdrukt"] != true || vapes["aantal"] != nil {
		t.Errorf("Arnhem's vapes: %v", vapes)
	}
	// Only closed quarters are open: the running one moves with every
	// signal.
	today := vios.Date(f.db.Now())
	running := fmt.Sprintf("%d-K%d", today.Year(), (int(today.Month())-1)/3+1)
	if view["kwartaal"] == running {
		t.Errorf("the open data shows the running quarter %v", view["kwartaal"])
	}
	want(t, f.send(t, f.api, "GET", "/api/v1/open/landelijk?kwartaal="+running, nil), 400)
	want(t, f.send(t, f.api, "GET", "/api/v1/open/landelijk?kwartaal=2027-K5", nil), 400)
	want(t, f.send(t, f.api, "GET", "/api/v1/open/landelijk?onbekend=1", nil), 400)
}

// failingTrends fails every trend and national read, like a database that
// is down.
type failingTrends struct{ *store.All }

func (failingTrends) TrendProposals(context.Context, string) ([]*vios.TrendProposal, error) {
	return nil, errDown
}
func (failingTrends) NationalView(context.Context, string) (*vios.NationalView, error) {
	return nil, errDown
}

// trendGETRequests returns GET requests to the trend and open data routes
// with the status each must get, for TestResponsesFitTheDocument.
func trendGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	services := f.db.Services()
	services.Trends, services.National = failingTrends{f.db.All}, failingTrends{f.db.All}
	g := newGetMatrix(t, f, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "school")
	g.targets("/api/v1/trends")
	g.add(g.api, "/api/v1/open/landelijk", 200)
	g.add(g.api, "/api/v1/open/landelijk?kwartaal=2026-K4", 200)
	g.add(g.api, "/api/v1/open/landelijk?kwartaal=1999-K1", 400)
	g.add(g.failing, "/api/v1/open/landelijk", 500)
	g.add(g.noService, "/api/v1/open/landelijk", 500)
	return g.list
}
