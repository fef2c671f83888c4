package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/api"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// newAPI returns the API on a fresh database (SQLite, or PostgreSQL when
// VIOS_TEST_DATABASE_URL is set) holding the demo data, and the demo setups
// as stored, with their ids filled in.
func newAPI(t *testing.T) (http.Handler, []vios.MunicipalitySetup) {
	t.Helper()
	db := storetest.Open(t)
	setups := demo.Setups()
	for i := range setups {
		if err := db.Organisations.SetUpMunicipality(vios.NewSystemContext(t.Context(), "testopzet"), &setups[i]); err != nil {
			t.Fatalf("set up %s: %v", setups[i].Municipality.Name, err)
		}
	}
	return newHandler(vios.Services{Approaches: db.Approaches, Now: db.Time}), setups
}

// newHandler returns the API on services, logging nowhere.
func newHandler(services vios.Services) *api.Handler {
	return api.New(services, slog.New(slog.DiscardHandler))
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request and checks what every API response carries: the
// API-Version header with the platform version.
func do(t *testing.T, h http.Handler, method, target string) response {
	t.Helper()
	return serve(t, h, httptest.NewRequest(method, target, nil))
}

// serve sends req to h and checks the API-Version header of the answer.
func serve(t *testing.T, h http.Handler, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if got := res.header.Get("API-Version"); got != vios.Version {
		t.Errorf("%s %s: API-Version = %q, want %q", req.Method, req.URL, got, vios.Version)
	}
	return res
}

// aanpak is an approach as a client decodes it.
type aanpak struct {
	ID                   string
	Gemeente             string
	GemeenteCode         string
	SoortGemeente        string
	DeelnemendeGemeenten []string
	Naam                 string
	Model                string
	Samenvatting         string
	Elementen            []struct {
		Code        string
		Naam        string
		Status      string
		Toelichting string
	}
	Bereik struct {
		Omschrijving string
		Schooltypen  []struct {
			Schooltype    string
			Status        string
			AantalScholen int
		}
	}
	Fase struct {
		Fase        string
		Startdatum  *string
		Toelichting string
		Ambitie     string
	}
	GewijzigdOp string
	Links       struct {
		Self      struct{ Href string }
		Webpagina struct{ Href string }
	} `json:"_links"`
}

type problem struct {
	Type          string `json:"type"`
	Title         string `json:"title"`
	Status        int    `json:"status"`
	Detail        string `json:"detail"`
	Instance      string `json:"instance"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalidParams"`
}

func (p problem) paramNames() []string {
	var names []string
	for _, ip := range p.InvalidParams {
		names = append(names, ip.Name)
	}
	slices.Sort(names)
	return names
}

// wantParams checks that the problem names exactly these invalid
// parameters, in sorted order.
func (p problem) wantParams(t *testing.T, names ...string) {
	t.Helper()
	if got := p.paramNames(); !slices.Equal(got, names) {
		t.Errorf("invalidParams %v, want %v", got, names)
	}
}

// list fetches the approach list at target, expecting 200.
func list(t *testing.T, h http.Handler, target string) []aanpak {
	t.Helper()
	res := do(t, h, "GET", target)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200: %s", target, res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s: Content-Type %q, want application/json", target, ct)
	}
	var body struct {
		Items []aanpak `json:"items"`
	}
	decodeStrict(t, res.body, &body)
	if body.Items == nil {
		t.Fatalf("GET %s: items is missing or null, want a list: %s", target, res.body)
	}
	return body.Items
}

// decodeStrict decodes JSON, failing on fields v does not know.
func decodeStrict(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
}

// decodeProblem checks that res is a problem document with status and
// returns it.
func decodeProblem(t *testing.T, res response, status int, instance string) problem {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p problem
	decodeStrict(t, res.body, &p)
	if p.Status != status || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Errorf("problem %+v: want status %d with type, title and detail", p, status)
	}
	if p.Instance != instance {
		t.Errorf("problem instance %q, want %q", p.Instance, instance)
	}
	return p
}

func gemeenten(items []aanpak) []string {
	return pluck(items, func(a aanpak) string { return a.Gemeente })
}

// pluck returns one string of each item, in order; nil for no items.
func pluck[T any](items []T, of func(T) string) []string {
	var out []string
	for _, item := range items {
		out = append(out, of(item))
	}
	return out
}

func TestListShowsEveryApproach(t *testing.T) {
	h, setups := newAPI(t)
	items := list(t, h, "/api/v1/aanpakken")
	if len(items) != 12 {
		t.Fatalf("%d approaches, want the 12 of the demo data: %v", len(items), gemeenten(items))
	}
	// Setups are in alphabetical order by name; the list is sorted by name too.
	var want []string
	for _, s := range setups {
		want = append(want, s.Municipality.Name)
	}
	if got := gemeenten(items); !slices.Equal(got, want) {
		t.Errorf("order = %v, want by name %v", got, want)
	}

	for i, a := range items {
		s := setups[i]
		t.Run(s.Municipality.Slug, func(t *testing.T) {
			m, ap := s.Municipality, s.Approach
			if a.ID != ap.ID || a.GemeenteCode != m.Slug || a.SoortGemeente != m.Kind ||
				a.Naam != ap.Name || a.Model != ap.Model || a.Samenvatting != ap.Summary {
				t.Errorf("got %s %s %s %s %s, want %s %s %s %s %s", a.ID, a.GemeenteCode, a.SoortGemeente, a.Naam, a.Model,
					ap.ID, m.Slug, m.Kind, ap.Name, ap.Model)
			}
			if !slices.Equal(a.DeelnemendeGemeenten, m.Members) || a.DeelnemendeGemeenten == nil {
				t.Errorf("deelnemendeGemeenten = %#v, want %#v (never null)", a.DeelnemendeGemeenten, m.Members)
			}
			if len(a.Elementen) != len(ap.Elements) {
				t.Fatalf("%d elementen, want %d", len(a.Elementen), len(ap.Elements))
			}
			for j, e := range ap.Elements {
				got := a.Elementen[j]
				if got.Code != e.Code || got.Status != e.Status || got.Toelichting != e.Note || got.Naam != vios.ElementLabel(e.Code) {
					t.Errorf("element %d = %+v, want %+v named %q", j, got, e, vios.ElementLabel(e.Code))
				}
			}
			if a.Bereik.Omschrijving != ap.Reach.Description || len(a.Bereik.Schooltypen) != len(ap.Reach.SchoolTypes) {
				t.Fatalf("bereik = %+v, want %+v", a.Bereik, ap.Reach)
			}
			for j, r := range ap.Reach.SchoolTypes {
				got := a.Bereik.Schooltypen[j]
				if got.Schooltype != r.SchoolType || got.Status != r.Status || got.AantalScholen != r.SchoolCount {
					t.Errorf("schooltype %d = %+v, want %+v", j, got, r)
				}
			}
			if a.Fase.Fase != ap.Phase.Phase || a.Fase.Toelichting != ap.Phase.Remark || a.Fase.Ambitie != ap.Phase.Ambition {
				t.Errorf("fase = %+v, want %+v", a.Fase, ap.Phase)
			}
			switch d := ap.Phase.StartDate; {
			case d == nil && a.Fase.Startdatum != nil:
				t.Errorf("startdatum = %q, want null", *a.Fase.Startdatum)
			case d != nil && (a.Fase.Startdatum == nil || *a.Fase.Startdatum != d.Format(time.DateOnly)):
				t.Errorf("startdatum = %v, want %s", a.Fase.Startdatum, d.Format(time.DateOnly))
			}
			if want := "/api/v1/aanpakken/" + ap.ID; a.Links.Self.Href != want {
				t.Errorf("_links.self = %q, want %q", a.Links.Self.Href, want)
			}
			if want := "/aanpakken/" + m.Slug; a.Links.Webpagina.Href != want {
				t.Errorf("_links.webpagina = %q, want %q", a.Links.Webpagina.Href, want)
			}
		})
	}
}

func TestListFieldsAsDocumented(t *testing.T) {
	h, _ := newAPI(t)
	res := do(t, h, "GET", "/api/v1/aanpakken")
	var body struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	decodeStrict(t, res.body, &body)
	want := []string{"_links", "bereik", "deelnemendeGemeenten", "elementen", "fase", "gemeente", "gemeenteCode",
		"gewijzigdOp", "id", "model", "naam", "samenvatting", "soortGemeente"}
	for _, item := range body.Items {
		var keys []string
		for k, v := range item {
			keys = append(keys, k)
			if string(v) == "null" {
				t.Errorf("%s: %s is null", item["gemeente"], k)
			}
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("%s: fields %v, want %v", item["gemeente"], keys, want)
		}
	}
}

func TestDates(t *testing.T) {
	h, _ := newAPI(t)
	byName := map[string]aanpak{}
	for _, a := range list(t, h, "/api/v1/aanpakken") {
		byName[a.Gemeente] = a
		if !strings.HasSuffix(a.GewijzigdOp, "Z") {
			t.Errorf("%s: gewijzigdOp %q is not in UTC (no Z)", a.Gemeente, a.GewijzigdOp)
		}
		if ts, err := time.Parse(time.RFC3339, a.GewijzigdOp); err != nil || ts.IsZero() || ts.After(storetest.Now().Add(time.Minute)) {
			t.Errorf("%s: gewijzigdOp %q is not a recent ISO 8601 date-time (%v)", a.Gemeente, a.GewijzigdOp, err)
		}
	}
	if d := byName["Arnhem"].Fase.Startdatum; d == nil || *d != "2021-03-01" {
		t.Errorf("Arnhem startdatum = %v, want 2021-03-01", d)
	}
	if d := byName["Amsterdam"].Fase.Startdatum; d != nil {
		t.Errorf("Amsterdam startdatum = %q, want null (unknown)", *d)
	}
}

func TestListFilters(t *testing.T) {
	h, setups := newAPI(t)
	tests := []struct {
		query  string
		filter vios.ApproachFilter
		want   []string
	}{
		{"element=otsv", vios.ApproachFilter{Element: "otsv"}, []string{"Amsterdam", "Zwolle"}},
		{"model=delft", vios.ApproachFilter{Model: "delft"}, []string{"Delft"}},
		{"schoolType=po&fase=uitvoering", vios.ApproachFilter{SchoolType: "po", Phase: "uitvoering"}, []string{"Arnhem", "Parkstad"}},
		{"fase=plan", vios.ApproachFilter{Phase: "plan"}, []string{"Groningen"}},
		{"schoolType=po", vios.ApproachFilter{SchoolType: "po"}, []string{"Arnhem", "Groningen", "Parkstad"}},
		{"element=kernteam&model=arnhem&schoolType=vo&fase=uitvoering",
			vios.ApproachFilter{Element: "kernteam", Model: "arnhem", SchoolType: "vo", Phase: "uitvoering"}, nil},
		{"model=rotterdam&fase=plan", vios.ApproachFilter{Model: "rotterdam", Phase: "plan"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			// The reference: the domain's own filter over the demo data.
			var ref []string
			for _, s := range setups {
				if tt.filter.Match(&s.Approach) {
					ref = append(ref, s.Municipality.Name)
				}
			}
			got := gemeenten(list(t, h, "/api/v1/aanpakken?"+tt.query))
			if !slices.Equal(got, ref) {
				t.Errorf("got %v, want %v (the demo data)", got, ref)
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v (the report)", got, tt.want)
			}
		})
	}

	t.Run("no match is an empty list", func(t *testing.T) {
		res := do(t, h, "GET", "/api/v1/aanpakken?model=rotterdam&fase=plan")
		if got := strings.TrimSpace(string(res.body)); got != `{"items":[]}` {
			t.Errorf("body = %s, want {\"items\":[]}", got)
		}
	})
}

func TestBadInput(t *testing.T) {
	h, setups := newAPI(t)
	self := "/api/v1/aanpakken/" + setups[0].Approach.ID
	tests := []struct {
		name, target, instance string
		invalid                []string
	}{
		{"unknown value and unknown key at once", "/api/v1/aanpakken?fase=klaar&foo=1", "/api/v1/aanpakken", []string{"fase", "foo"}},
		{"every filter wrong", "/api/v1/aanpakken?element=x&model=y&schoolType=z&fase=w", "/api/v1/aanpakken",
			[]string{"element", "fase", "model", "schoolType"}},
		{"repeated key", "/api/v1/aanpakken?fase=plan&fase=plan", "/api/v1/aanpakken", []string{"fase"}},
		{"query keys are case-sensitive", "/api/v1/aanpakken?schooltype=po", "/api/v1/aanpakken", []string{"schooltype"}},
		{"filter values are case-sensitive", "/api/v1/aanpakken?model=Delft", "/api/v1/aanpakken", []string{"model"}},
		{"one approach takes no query", self + "?fase=plan", self, []string{"fase"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, do(t, h, "GET", tt.target), http.StatusBadRequest, tt.instance)
			p.wantParams(t, tt.invalid...)
			for _, ip := range p.InvalidParams {
				if ip.Reason == "" {
					t.Errorf("invalidParam %s has no reason", ip.Name)
				}
			}
		})
	}
}

func TestGetByIDReturnsTheListedItem(t *testing.T) {
	h, _ := newAPI(t)
	res := do(t, h, "GET", "/api/v1/aanpakken")
	var listed struct {
		Items []json.RawMessage `json:"items"`
	}
	decodeStrict(t, res.body, &listed)
	if len(listed.Items) == 0 {
		t.Fatal("no approaches listed")
	}
	for _, raw := range listed.Items {
		var a aanpak
		decodeStrict(t, raw, &a)
		t.Run(a.Gemeente, func(t *testing.T) {
			one := do(t, h, "GET", a.Links.Self.Href)
			if one.status != http.StatusOK {
				t.Fatalf("GET %s: status %d: %s", a.Links.Self.Href, one.status, one.body)
			}
			if ct := one.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			var got, want any
			json.Unmarshal(one.body, &got)
			json.Unmarshal(raw, &want)
			if !jsonEqual(got, want) {
				t.Errorf("GET %s =\n%s\nwant the listed item\n%s", a.Links.Self.Href, one.body, raw)
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestErrors(t *testing.T) {
	h, setups := newAPI(t)
	self := "/api/v1/aanpakken/" + setups[0].Approach.ID
	tests := []struct {
		name, method, target string
		status               int
	}{
		{"malformed id", "GET", "/api/v1/aanpakken/niet-een-uuid", http.StatusBadRequest},
		{"unknown id", "GET", "/api/v1/aanpakken/00000000-0000-4000-8000-000000000000", http.StatusNotFound},
		{"trailing slash on the list", "GET", "/api/v1/aanpakken/", http.StatusNotFound},
		{"trailing slash on one approach", "GET", self + "/", http.StatusNotFound},
		{"POST on the list", "POST", "/api/v1/aanpakken", http.StatusMethodNotAllowed},
		{"DELETE on one approach", "DELETE", self, http.StatusMethodNotAllowed},
		{"PUT on the document", "PUT", "/api/v1/openapi.json", http.StatusMethodNotAllowed},
		{"unknown path", "GET", "/api/v1/nope", http.StatusNotFound},
		{"POST on an unknown path", "POST", "/api/v1/nope", http.StatusNotFound},
		{"other major version", "GET", "/api/v2/aanpakken", http.StatusNotFound},
		{"English resource name", "GET", "/api/v1/approaches", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, h, tt.method, tt.target)
			if loc := res.header.Get("Location"); loc != "" {
				t.Errorf("redirects to %s; want a problem, not a redirect", loc)
			}
			decodeProblem(t, res, tt.status, tt.target)
		})
	}
}

// failingService fails every call, like a database that is down.
type failingService struct{ vios.ApproachService }

var errDown = errors.New("dial tcp 10.0.0.7:5432: connection refused (password=geheim)")

func (failingService) ListApproaches(context.Context, vios.ApproachFilter) ([]*vios.Approach, error) {
	return nil, errDown
}

func (failingService) FindApproachByID(context.Context, string) (*vios.Approach, error) {
	return nil, errDown
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	h := newHandler(vios.Services{Approaches: failingService{}})
	for _, target := range []string{"/api/v1/aanpakken", "/api/v1/aanpakken/00000000-0000-4000-8000-000000000000"} {
		t.Run(target, func(t *testing.T) {
			res := do(t, h, "GET", target)
			decodeProblem(t, res, http.StatusInternalServerError, target)
			if bytes.Contains(res.body, []byte("geheim")) || bytes.Contains(res.body, []byte("10.0.0.7")) {
				t.Errorf("the problem shows the internal error: %s", res.body)
			}
		})
	}
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	h, _ := newAPI(t)
	res := do(t, h, "GET", "/api/v1/openapi.json")
	if res.status != http.StatusOK {
		t.Fatalf("status %d, want 200", res.status)
	}
	if got := res.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if !bytes.Equal(res.body, api.OpenAPIDocument()) {
		t.Error("the served document differs from the embedded one")
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(res.body, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Version != vios.Version || len(doc.Paths) == 0 {
		t.Errorf("openapi %q, info.version %q, %d paths: want an OpenAPI 3 document of version %s with paths",
			doc.OpenAPI, doc.Info.Version, len(doc.Paths), vios.Version)
	}
}
