package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/api"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// netFixture is the API on a database with the demo data and the demo
// accounts of Arnhem and Den Haag, with a token per account.
type netFixture struct {
	db      *store.DB
	api     *api.Handler
	doc     openAPI
	arnhem  *vios.Municipality
	users   map[string]*vios.User   // "regisseur", "school", … of Arnhem; "regisseur-den-haag"
	orgs    map[string]string       // "school", "politie", "team": organisation ids in Arnhem
	handler map[string]http.Handler // who → the API with a token (lezen and schrijven)
}

var netAccounts = map[string]string{
	"regisseur":          "regisseur@arnhem.demo.example",
	"school":             "school@arnhem.demo.example",
	"partner":            "partner@arnhem.demo.example",
	"coordinator":        "coordinator@arnhem.demo.example",
	"otsv":               "otsv@arnhem.demo.example",
	"regisseur-den-haag": "regisseur@den-haag.demo.example",
}

func newNetFixture(t *testing.T) *netFixture {
	t.Helper()
	ctx := t.Context()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	h := newHandler(db.Services())
	f := &netFixture{db: db, api: h, doc: loadOpenAPI(t), users: map[string]*vios.User{}, orgs: map[string]string{},
		handler: map[string]http.Handler{}}
	var err error
	if f.arnhem, err = db.Organisations.FindMunicipalityBySlug(ctx, "arnhem"); err != nil {
		t.Fatal(err)
	}
	for who, email := range netAccounts {
		f.addAccount(t, who, email)
	}
	f.orgs["school"] = f.users["school"].Memberships[0].OrganisationID
	f.orgs["politie"] = f.users["partner"].Memberships[0].OrganisationID
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhem.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if f.orgs["team"] == "" && (o.Kind == vios.OrgMunicipal || o.Kind == vios.OrgCoordinator) {
			f.orgs["team"] = o.ID
		}
	}
	if f.orgs["school"] == "" || f.orgs["politie"] == "" || f.orgs["team"] == "" {
		t.Fatalf("demo organisations missing: %v", f.orgs)
	}
	return f
}

// addAccount signs who in by the account of email, with a token for
// reading and writing.
func (f *netFixture) addAccount(t *testing.T, who, email string) {
	t.Helper()
	u, _, err := f.db.Accounts.FindCredentials(t.Context(), email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	f.users[who] = u
	f.handler[who] = withBearer(f.api, f.token(t, who, "lezen", "schrijven"))
}

// loadNetworks adds the demo networks.
func (f *netFixture) loadNetworks(t *testing.T) {
	t.Helper()
	if err := demo.LoadNetworks(t.Context(), f.db.All, f.db.Now()); err != nil {
		t.Fatal(err)
	}
}

// demoKernteam returns the kernteam of the demo networks in Arnhem.
func (f *netFixture) demoKernteam(t *testing.T) *vios.Network {
	t.Helper()
	nets, err := f.db.Networks.ListNetworks(t.Context(), vios.NetworkFilter{MunicipalityID: f.arnhem.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("no demo kernteam in Arnhem: %v", err)
	}
	return nets[0]
}

// token makes a personal access token for who with scopes.
func (f *netFixture) token(t *testing.T, who string, scopes ...string) string {
	t.Helper()
	return newToken(t, f.db, f.users[who].ID, scopes...)
}

// newToken makes a personal access token for the user with scopes.
func newToken(tb testing.TB, db *store.DB, userID string, scopes ...string) string {
	tb.Helper()
	raw, _ := auth.NewToken()
	token := "vios_" + raw
	if err := db.Accounts.CreateAccessToken(tb.Context(), &vios.AccessToken{UserID: userID, Name: "test", Scopes: scopes,
		ExpiresAt: storetest.Now().AddDate(1, 0, 0)}, auth.HashToken(token)); err != nil {
		tb.Fatal(err)
	}
	return token
}

// as is a context acting as who: the store authorizes every change.
func (f *netFixture) as(who string) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: f.users[who]})
}

// addMember adds who to the network through the store, from today.
func (f *netFixture) addMember(t *testing.T, networkID, who, org, position, function, deputyFor string) *vios.NetworkMember {
	t.Helper()
	m := &vios.NetworkMember{NetworkID: networkID, UserID: f.users[who].ID, OrganisationID: f.orgs[org], Position: position,
		Function: function, DeputyForID: deputyFor, JoinedOn: vios.Date(storetest.Now())}
	if err := f.db.Networks.AddNetworkMember(f.as("regisseur"), f.arnhem.ID, m); err != nil {
		t.Fatalf("add %s: %v", who, err)
	}
	return m
}

// send sends one request with a JSON body (nil: none) and checks the answer
// against the OpenAPI document: the status must be documented for the
// operation, with its media type and schema.
func (f *netFixture) send(t *testing.T, h http.Handler, method, target string, body any) response {
	t.Helper()
	contentType := ""
	if body != nil {
		contentType = "application/json"
	}
	res := serve(t, h, newRequest(t, method, target, contentType, body))
	f.checkDocumented(t, method, target, res)
	return res
}

// sendRaw sends a request with the content type given, without checking
// the answer against the document.
func sendRaw(t *testing.T, h http.Handler, method, target, contentType string, body any) response {
	t.Helper()
	return serve(t, h, newRequest(t, method, target, contentType, body))
}

// newRequest makes a request with body (nil: none; a string as it is;
// anything else as JSON) and, unless empty, the Content-Type header.
func newRequest(t *testing.T, method, target, contentType string, body any) *http.Request {
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case string:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, target, bytes.NewReader(data))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// day is the date of today (on the test clock) moved by years, months and
// days, as the API writes a date.
func day(years, months, days int) string {
	return vios.Date(storetest.Now()).AddDate(years, months, days).Format(time.DateOnly)
}

// checkDocumented checks res against the document's response for the
// operation of method and target.
func (f *netFixture) checkDocumented(t *testing.T, method, target string, res response) {
	t.Helper()
	path := f.doc.pathOf(t, target)
	code := strconv.Itoa(res.status)
	resp, err := f.doc.deref(get(f.doc, "paths", path, strings.ToLower(method), "responses", code))
	if err != nil || resp == nil {
		t.Errorf("%s %s: status %d is not documented for %s %s (%v): %s", method, target, res.status, method, path, err, res.body)
		return
	}
	for name, hdr := range obj(resp["headers"]) {
		hdr, _ := f.doc.deref(hdr)
		if hdr["required"] == true && res.header.Get(name) == "" {
			t.Errorf("%s %s: header %s is documented as required but missing", method, target, name)
		}
	}
	ct := res.header.Get("Content-Type")
	media := obj(get(resp, "content", ct))
	if media == nil {
		t.Errorf("%s %s: Content-Type %q is not documented for %s", method, target, ct, code)
		return
	}
	var body any
	if err := json.Unmarshal(res.body, &body); err != nil {
		t.Errorf("%s %s: body is not JSON: %v", method, target, err)
		return
	}
	for _, e := range f.doc.schemaErrors(media["schema"], body, method+" "+path) {
		t.Error(e)
	}
}

// want checks the status of res.
func want(t *testing.T, res response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.body)
	}
}

func decode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(res.body, &v); err != nil {
		t.Fatalf("decode %s: %v", res.body, err)
	}
	return v
}

// wantWriteRefused checks that a write through reader, whose token lacks the
// scope "schrijven", is refused as such, and without a token as unknown.
func (f *netFixture) wantWriteRefused(t *testing.T, reader http.Handler, method, target string, body any) {
	t.Helper()
	res := f.send(t, reader, method, target, body)
	decodeProblem(t, res, http.StatusForbidden, target)
	if !strings.Contains(res.header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Errorf("%s %s: WWW-Authenticate %q", method, target, res.header.Get("WWW-Authenticate"))
	}
	decodeProblem(t, f.send(t, f.api, method, target, body), http.StatusUnauthorized, target)
}

// wantUnseen checks that res is a 404 problem that does not hint at access:
// what one may not see does not exist.
func wantUnseen(t *testing.T, res response, target string) {
	t.Helper()
	if p := decodeProblem(t, res, http.StatusNotFound, target); strings.Contains(p.Detail, "toegang") {
		t.Errorf("%s: the 404 hints at access: %q", target, p.Detail)
	}
}

// created checks that res answers a create with 201, the new record and its
// address in collection as Location, and returns the record.
func created[T any](t *testing.T, res response, collection string) T {
	t.Helper()
	want(t, res, http.StatusCreated)
	if loc, id := res.header.Get("Location"), decode[struct{ ID string }](t, res).ID; loc != collection+"/"+id {
		t.Errorf("Location %q, want %s/%s", loc, collection, id)
	}
	return decode[T](t, res)
}

// cwFixture is the API on the demo database with the demo casework of
// Arnhem: the kernteam of the demo school (the school chairs it, the
// police and the youth worker are members) is governed by the clause of
// the demo covenant, which gives the police names and youth work none.
type cwFixture struct {
	*netFixture
	kernteam      *vios.Network
	denHaagSchool string
}

func newCaseworkFixture(t *testing.T) *cwFixture {
	t.Helper()
	ctx := t.Context()
	f := &cwFixture{netFixture: newNetFixture(t)}
	f.loadNetworks(t)
	if err := demo.LoadCasework(ctx, f.db.All, f.db.Now()); err != nil {
		t.Fatal(err)
	}
	f.kernteam = f.demoKernteam(t)
	f.addAccount(t, "jongerenwerk", "jongerenwerk@arnhem.demo.example")
	denHaag, err := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	if err != nil {
		t.Fatal(err)
	}
	schools, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: denHaag.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) == 0 {
		t.Fatalf("no school in Den Haag: %v", err)
	}
	f.denHaagSchool = schools[0].ID
	return f
}

// covFixture is the API on the demo database with the demo networks, a
// privacy officer of Arnhem and an employee of a school of Arnhem that is
// no party ("andere-school").
type covFixture struct {
	*netFixture
	kernteam    *vios.Network
	otherSchool string // organisation id
	activity    *vios.ProcessingActivity
}

func newCovFixture(t *testing.T) *covFixture {
	t.Helper()
	ctx := t.Context()
	f := &covFixture{netFixture: newNetFixture(t)}
	f.loadNetworks(t)
	f.kernteam = f.demoKernteam(t)
	f.addAccount(t, "fg", "fg@arnhem.demo.example")

	schools, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhem.ID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range schools {
		if o.ID != f.orgs["school"] && f.otherSchool == "" {
			f.otherSchool = o.ID
		}
	}
	if f.otherSchool == "" {
		t.Fatal("Arnhem has one school in the demo; the test needs two")
	}
	other := &vios.User{Email: "mentor@andere-school.example", Name: "Mentor Andere School", Memberships: []vios.Membership{
		{Role: vios.RoleSchool, MunicipalityID: f.arnhem.ID, OrganisationID: f.otherSchool}}}
	if err := f.db.Accounts.CreateUser(ctx, other, ""); err != nil {
		t.Fatal(err)
	}
	f.addAccount(t, "andere-school", other.Email)
	f.orgs["andere-school"] = f.otherSchool

	activities, err := f.db.Logs.ListActivities(ctx, f.arnhem.ID)
	if err != nil || len(activities) == 0 {
		t.Fatalf("no processing activities: %v", err)
	}
	f.activity = activities[0]
	return f
}
