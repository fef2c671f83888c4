package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

type meRequest struct {
	h      http.Handler
	target string
	status int
}

// getMatrix collects GET requests with the status each must get, for
// TestResponsesFitTheDocument: together they meet every documented
// response of the operations.
type getMatrix struct {
	list                                              []meRequest
	api, reader, writer, failing, noService, outsider http.Handler
}

// newGetMatrix reads as the regisseur (with a token for reading, or only
// for writing), also through failing, whose service fails, and noService,
// which lacks it; outsider is someone who sees none of the records.
func newGetMatrix(t *testing.T, f *netFixture, failing, noService vios.Services, outsider string) *getMatrix {
	t.Helper()
	token := f.token(t, "regisseur", "lezen")
	return &getMatrix{api: f.api, reader: withBearer(f.api, token), writer: withBearer(f.api, f.token(t, "regisseur", "schrijven")),
		failing: withBearer(newHandler(failing), token), noService: withBearer(newHandler(noService), token), outsider: withBearer(f.api, f.token(t, outsider, "lezen"))}
}

func (g *getMatrix) add(h http.Handler, target string, status int) {
	g.list = append(g.list, meRequest{h: h, target: target, status: status})
}

// targets adds for each target: read (200), without a token (401), with a
// token only for writing (403), a failing and a missing service (500), an
// unknown query key (400); for a record's address also the outsider (404),
// an id that exists nowhere (404) and one that is no id (400).
func (g *getMatrix) targets(targets ...string) {
	for _, target := range targets {
		g.add(g.reader, target, 200)
		g.add(g.api, target, 401)
		g.add(g.writer, target, 403)
		g.add(g.failing, target, 500)
		g.add(g.noService, target, 500)
		g.add(g.reader, target+"?onbekend=1", 400)
		if id := uuidSegment.FindString(target); id != "" {
			g.add(g.outsider, target, 404)
			g.add(g.reader, strings.Replace(target, id, "/00000000-0000-4000-8000-000000000000", 1), 404)
			g.add(g.reader, strings.Replace(target, id, "/niet-een-uuid", 1), 400)
		}
	}
}

func TestResponsesFitTheDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	prefix := serverPrefix(t, doc)
	h, setups := newAPI(t)
	failing := newHandler(vios.Services{Approaches: failingService{}})

	type request struct {
		h            http.Handler
		target, path string // path is the documented path
		status       int
	}
	var requests []request
	add := func(h http.Handler, target, path string, status int) {
		requests = append(requests, request{h: h, target: target, path: path, status: status})
	}
	add(h, "/api/v1/aanpakken", "/aanpakken", 200)
	add(h, "/api/v1/aanpakken?model=rotterdam&fase=plan", "/aanpakken", 200)
	add(h, "/api/v1/aanpakken?fase=klaar&foo=1", "/aanpakken", 400)
	add(h, "/api/v1/aanpakken?fase=plan&fase=plan", "/aanpakken", 400)
	add(failing, "/api/v1/aanpakken", "/aanpakken", 500)
	for _, s := range setups {
		add(h, "/api/v1/aanpakken/"+s.Approach.ID, "/aanpakken/{id}", 200)
	}
	add(h, "/api/v1/aanpakken/niet-een-uuid", "/aanpakken/{id}", 400)
	add(h, "/api/v1/aanpakken/"+setups[0].Approach.ID+"?x=1", "/aanpakken/{id}", 400)
	add(h, "/api/v1/aanpakken/00000000-0000-4000-8000-000000000000", "/aanpakken/{id}", 404)
	add(failing, "/api/v1/aanpakken/00000000-0000-4000-8000-000000000000", "/aanpakken/{id}", 500)
	add(h, "/api/v1/openapi.json", "/openapi.json", 200)
	for _, r := range meRequests(t) {
		add(r.h, r.target, "/ik", r.status)
	}
	networkRequests, reader := networkGETRequests(t)
	for _, r := range networkRequests {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range safetyPlanGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range covenantGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range caseworkGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range append(append(append(append(append(append(attachmentGETRequests(t), transferGETRequests(t)...), threadGETRequests(t)...), statisticsGETRequests(t)...), protocolGETRequests(t)...), trendGETRequests(t)...), knowledgeGETRequests(t)...) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range trainingGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range meetlatGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range auditGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range newsletterGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range startGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range customGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range helpDeskGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}
	for _, r := range schoolGETRequests(t) {
		add(r.h, r.target, doc.pathOf(t, r.target), r.status)
	}

	// Every documented value of every query parameter is accepted, with a
	// token where the operation needs one.
	for name, item := range obj(doc["paths"]) {
		h := h
		if get(item, "get", "security") != nil {
			h = reader
		}
		ps, _ := get(item, "get", "parameters").([]any)
		for _, p := range ps {
			p, _ := doc.deref(p)
			if p["in"] != "query" {
				continue
			}
			schema, err := doc.flatten(p["schema"])
			if err != nil {
				t.Fatal(err)
			}
			enum, _ := schema["enum"].([]any) // a date or an id has none
			for _, v := range enum {
				add(h, prefix+name+"?"+url.Values{p["name"].(string): {v.(string)}}.Encode(), name, 200)
			}
		}
	}

	met := map[string]bool{}
	for _, r := range requests {
		t.Run(fmt.Sprintf("%d %s", r.status, r.target), func(t *testing.T) {
			res := do(t, r.h, "GET", r.target)
			if res.status != r.status {
				t.Fatalf("status %d, want %d: %s", res.status, r.status, res.body)
			}
			code := strconv.Itoa(r.status)
			resp, err := doc.deref(get(doc, "paths", r.path, "get", "responses", code))
			if err != nil || resp == nil {
				t.Fatalf("GET %s has no documented %s response (%v)", r.path, code, err)
			}
			met[r.path+" "+code] = true
			for name, hdr := range obj(resp["headers"]) {
				hdr, _ := doc.deref(hdr)
				if hdr["required"] == true && res.header.Get(name) == "" {
					t.Errorf("header %s is documented as required but missing", name)
				}
				if hs, _ := doc.flatten(hdr["schema"]); res.header.Get(name) != "" {
					if errs := doc.schemaErrors(hs, res.header.Get(name), name); len(errs) > 0 {
						t.Errorf("header: %v", errs)
					}
				}
			}
			ct := res.header.Get("Content-Type")
			media := obj(get(resp, "content", ct))
			if media == nil {
				t.Fatalf("Content-Type %q is not documented for %s; documented: %v", ct, code, obj(resp["content"]))
			}
			if get(media, "schema", "format") == "binary" {
				return // a file (an attachment's content), not JSON
			}
			var body any
			if err := json.Unmarshal(res.body, &body); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			for _, e := range doc.schemaErrors(media["schema"], body, "body") {
				t.Error(e)
			}
		})
	}
	for path, item := range obj(doc["paths"]) {
		for code := range obj(get(item, "get", "responses")) {
			if !met[path+" "+code] {
				t.Errorf("GET %s %s is documented but no request here gets it", path, code)
			}
		}
	}
}

// failingNetworks fails every read, like a database that is down.
type failingNetworks struct{ vios.NetworkService }

func (failingNetworks) FindNetwork(context.Context, string, string) (*vios.Network, error) {
	return nil, errDown
}
func (failingNetworks) ListNetworks(context.Context, vios.NetworkFilter) ([]*vios.Network, error) {
	return nil, errDown
}
func (failingNetworks) FindMeeting(context.Context, string, string) (*vios.Meeting, error) {
	return nil, errDown
}
func (failingNetworks) FindAction(context.Context, string, string) (*vios.ActionItem, error) {
	return nil, errDown
}
func (failingNetworks) ListActions(context.Context, vios.ActionFilter) ([]*vios.ActionItem, error) {
	return nil, errDown
}

// networkGETRequests returns GET requests to the network routes with the
// status each must get, for TestResponsesFitTheDocument: together they meet
// every documented response of these operations. It returns the API with
// the regisseur's token too.
func networkGETRequests(t *testing.T) ([]meRequest, http.Handler) {
	t.Helper()
	j := newJourney(t)
	j.hold(t)
	j.act(t)
	services := j.db.Services()
	services.Networks = failingNetworks{}
	g := newGetMatrix(t, j.netFixture, services, vios.Services{Approaches: j.db.Approaches, Identity: j.db.Accounts, Now: j.db.Time}, "otsv")
	reader, outsider, add := g.reader, g.outsider, g.add
	member := withBearer(j.api, j.token(t, "school", "lezen"))
	targets := []string{"/api/v1/netwerken/" + j.network.ID, "/api/v1/netwerken/" + j.network.ID + "/overleggen",
		"/api/v1/overleggen/" + j.meeting.ID, "/api/v1/actiepunten/" + j.action.ID, "/api/v1/netwerken", "/api/v1/actiepunten"}
	g.targets(targets...)
	for _, target := range targets {
		add(member, target, 200)
	}
	add(outsider, "/api/v1/netwerken", 200)
	add(member, "/api/v1/actiepunten?netwerk="+j.network.ID+"&open=true&eigenaar=ik", 200)
	add(reader, "/api/v1/actiepunten?open=ja", 400)
	add(reader, "/api/v1/netwerken/"+j.network.ID+"/overleggen?vanaf=2026-01-01&tot=2027-01-01", 200)
	return g.list, reader
}

// failingCasework fails every read, like a database that is down.
type failingCasework struct{ *store.All }

func (failingCasework) FindSignal(context.Context, string, string) (*vios.Signal, error) {
	return nil, errDown
}
func (failingCasework) ListSignals(context.Context, vios.SignalFilter) ([]*vios.Signal, vios.Page, error) {
	return nil, vios.Page{}, errDown
}
func (failingCasework) FindCase(context.Context, string, string) (*vios.Case, error) {
	return nil, errDown
}
func (failingCasework) ListCases(context.Context, vios.CaseFilter) ([]*vios.Case, vios.Page, error) {
	return nil, vios.Page{}, errDown
}
func (failingCasework) FindAlert(context.Context, string, string) (*vios.Alert, error) {
	return nil, errDown
}
func (failingCasework) ListAlerts(context.Context, vios.AlertFilter) ([]*vios.Alert, error) {
	return nil, errDown
}

// caseworkGETRequests returns GET requests to the casework routes with the
// status each must get, for TestResponsesFitTheDocument.
func caseworkGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCaseworkFixture(t)
	s := f.enter(t)
	c := f.openCase(t, s)
	a := f.raise(t, f.alertGroup(t, "school", "partner"), "school")
	services := f.db.Services()
	services.Casework, services.Alerts = failingCasework{f.db.All}, failingCasework{f.db.All}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Networks: f.db.Networks, Now: f.db.Time}, "regisseur-den-haag")
	reader, outsider, add := g.reader, g.outsider, g.add
	member := withBearer(f.api, f.token(t, "jongerenwerk", "lezen"))
	g.targets("/api/v1/signalen/"+s.ID, "/api/v1/casussen/"+c.ID, "/api/v1/alerts/"+a.ID, "/api/v1/signalen", "/api/v1/casussen", "/api/v1/alerts")
	for _, list := range []string{"/api/v1/signalen", "/api/v1/casussen", "/api/v1/alerts"} {
		add(outsider, list, 200)
	}
	add(member, "/api/v1/signalen/"+s.ID, 200)
	add(member, "/api/v1/casussen/"+c.ID, 200)
	add(member, "/api/v1/signalen?gemeente=arnhem&netwerk="+f.kernteam.ID+"&status=nieuw&fenomeen=wapens&paginaGrootte=10", 200)
	add(member, "/api/v1/casussen?gemeente=arnhem&netwerk="+f.kernteam.ID+"&status=open&paginaGrootte=10", 200)
	add(outsider, "/api/v1/signalen?gemeente=arnhem", 403)
	add(outsider, "/api/v1/casussen?gemeente=arnhem", 403)
	add(reader, "/api/v1/casussen?status=klaar", 400)
	return g.list
}

// A failing or missing service of the network and casework routes answers
// 500 without showing the internal error.
func TestRecordInternalErrorsDoNotLeak(t *testing.T) {
	networks, _ := networkGETRequests(t)
	for name, requests := range map[string][]meRequest{"network": networks, "casework": caseworkGETRequests(t)} {
		for _, r := range requests {
			if r.status != http.StatusInternalServerError {
				continue
			}
			res := do(t, r.h, "GET", r.target)
			decodeProblem(t, res, http.StatusInternalServerError, r.target)
			for _, secret := range []string{"geheim", "10.0.0.7", name + " service"} {
				if bytes.Contains(res.body, []byte(secret)) {
					t.Errorf("%s: the problem shows the internal error: %s", r.target, res.body)
				}
			}
		}
	}
}

// failingCovenants fails every covenant read, like a database that is down.
type failingCovenants struct{ *store.All }

func (failingCovenants) ListCovenants(context.Context, string) ([]*vios.Covenant, error) {
	return nil, errDown
}
func (failingCovenants) FindCovenant(context.Context, string, string) (*vios.Covenant, error) {
	return nil, errDown
}
func (failingCovenants) ListActivities(context.Context, string) ([]*vios.ProcessingActivity, error) {
	return nil, errDown
}
func (failingCovenants) WorkAgenda(context.Context, string, int) (*vios.WorkAgenda, error) {
	return nil, errDown
}

// covenantGETRequests returns GET requests to the covenant routes with the
// status each must get, for TestResponsesFitTheDocument.
func covenantGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCovFixture(t)
	c := f.create(t)
	services := f.db.Services()
	services.Covenants, services.Logbook, services.WorkAgenda = failingCovenants{f.db.All}, failingCovenants{f.db.All}, failingCovenants{f.db.All}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "andere-school")
	reader, outsider, add := g.reader, g.outsider, g.add
	party := withBearer(f.api, f.token(t, "school", "lezen"))
	records := []string{"/api/v1/convenanten/" + c.ID, "/api/v1/convenanten/" + c.ID + "/naleving", "/api/v1/deelafspraken/" + c.Deelafspraken[0].ID}
	g.targets(append(records, "/api/v1/convenanten", "/api/v1/verwerkingsactiviteiten", "/api/v1/werkagendas")...)
	for _, target := range records {
		add(party, target, 200)
	}
	add(outsider, "/api/v1/convenanten", 200)
	add(party, "/api/v1/verwerkingsactiviteiten", 403)
	add(reader, "/api/v1/convenanten?status=klaar", 400)
	add(reader, "/api/v1/werkagendas?jaar=1999", 400)
	add(reader, "/api/v1/werkagendas?gemeente=den-haag", 403)
	add(party, "/api/v1/werkagendas?gemeente=arnhem", 200)
	return g.list
}
