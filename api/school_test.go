package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type schoolPage struct {
	Items []struct {
		ID            string `json:"id"`
		Naam          string `json:"naam"`
		Brin          string `json:"brin"`
		Gemeente      string `json:"gemeente"`
		GemeenteNaam  string `json:"gemeenteNaam"`
		EigenGemeente bool   `json:"eigenGemeente"`
	} `json:"items"`
	Pagina int `json:"pagina"`
	Links  struct {
		Self struct{ Href string }
		Prev *struct{ Href string }
		Next *struct{ Href string }
	} `json:"_links"`
}

// A school of another municipality is found by name, place or BRIN, with
// the caller's own municipality's schools first; the pages link on with
// the same search; a signal can then name the school by its id.
func TestSchoolSearchOverTheBorder(t *testing.T) {
	f := newNetFixture(t)
	amsterdam, err := f.db.Organisations.FindMunicipalityBySlug(t.Context(), "amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	schools, err := f.db.Organisations.ListOrganisations(t.Context(), vios.OrganisationFilter{MunicipalityID: amsterdam.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 3 {
		t.Fatalf("Amsterdam's schools: %d %v", len(schools), err)
	}
	h := f.handler["partner"]

	res := f.send(t, h, "GET", "/api/v1/scholen?zoek="+strings.ToLower(schools[0].BRIN), nil)
	want(t, res, http.StatusOK)
	byBRIN := decode[schoolPage](t, res)
	if len(byBRIN.Items) != 1 || byBRIN.Items[0].ID != schools[0].ID || byBRIN.Items[0].Gemeente != "amsterdam" || byBRIN.Items[0].EigenGemeente {
		t.Fatalf("by BRIN: %+v", byBRIN)
	}

	first := decode[schoolPage](t, f.send(t, h, "GET", "/api/v1/scholen?zoek=amsterdam&paginaGrootte=2", nil))
	if len(first.Items) != 2 || first.Links.Next == nil || first.Links.Prev != nil || first.Pagina != 1 {
		t.Fatalf("page 1: %+v", first)
	}
	next := f.send(t, h, "GET", first.Links.Next.Href, nil)
	want(t, next, http.StatusOK)
	second := decode[schoolPage](t, next)
	if second.Pagina != 2 || second.Links.Prev == nil || len(second.Items) == 0 || second.Items[0].ID == first.Items[0].ID ||
		second.Items[0].GemeenteNaam != "Amsterdam" {
		t.Errorf("page 2: %+v", second)
	}

	// The partner works in Arnhem: Arnhem's schools come first, marked.
	word := url.QueryEscape(strings.Fields(f.schoolName(t))[0])
	mixed := decode[schoolPage](t, f.send(t, h, "GET", "/api/v1/scholen?zoek="+word+"&paginaGrootte=50", nil))
	if len(mixed.Items) == 0 || !mixed.Items[0].EigenGemeente || mixed.Items[0].Gemeente != "arnhem" {
		t.Errorf("own first: %+v", mixed.Items)
	}
}

// schoolName is the name of the fixture's Arnhem school.
func (f *netFixture) schoolName(t *testing.T) string {
	t.Helper()
	list, err := f.db.Organisations.ListOrganisations(t.Context(), vios.OrganisationFilter{MunicipalityID: f.arnhem.ID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range list {
		if o.ID == f.orgs["school"] {
			return o.Name
		}
	}
	t.Fatal("fixture school not found")
	return ""
}

// Bad searches are refused with every mistake named at once; without a
// token there is nothing.
func TestSchoolSearchRefusesBadQueries(t *testing.T) {
	f := newNetFixture(t)
	h := f.handler["school"]
	for target, fields := range map[string][]string{
		"/api/v1/scholen":                                 {"zoek"},
		"/api/v1/scholen?zoek=ab&pagina=0":                {"pagina", "zoek"},
		"/api/v1/scholen?zoek=school&paginaGrootte=51":    {"paginaGrootte"},
		"/api/v1/scholen?zoek=school&pagina=x&leerling=1": {"leerling", "pagina"},
	} {
		res := f.send(t, h, "GET", target, nil)
		want(t, res, http.StatusBadRequest)
		decode[problem](t, res).wantParams(t, fields...)
	}
	if res := sendRaw(t, f.api, "GET", "/api/v1/scholen?zoek=school", "", nil); res.status != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.status)
	}
}

// failingSchools fails the search, like a database that is down.
type failingSchools struct{ vios.OrganisationService }

func (failingSchools) SearchSchools(context.Context, vios.SchoolSearch) ([]vios.SchoolMatch, bool, error) {
	return nil, false, errDown
}

// schoolGETRequests are the search's requests for
// TestResponsesFitTheDocument, each with the status it must get.
func schoolGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	services := f.db.Services()
	services.Organisations = failingSchools{f.db.Organisations}
	g := newGetMatrix(t, f, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	const target = "/api/v1/scholen?zoek=school"
	for _, r := range []struct {
		h      http.Handler
		target string
		status int
	}{
		{g.reader, target, 200}, {g.reader, target + "&paginaGrootte=1&pagina=2", 200}, {g.api, target, 401}, {g.writer, target, 403},
		{g.failing, target, 500}, {g.noService, target, 500}, {g.reader, target + "&onbekend=1", 400}, {g.reader, "/api/v1/scholen", 400},
	} {
		g.add(r.h, r.target, r.status)
	}
	return g.list
}
