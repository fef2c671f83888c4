package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
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
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	h := api.New(db.Services(), slog.New(slog.DiscardHandler))
	f := &netFixture{db: db, api: h, doc: loadOpenAPI(t), users: map[string]*vios.User{}, orgs: map[string]string{},
		handler: map[string]http.Handler{}}
	var err error
	if f.arnhem, err = db.FindMunicipalityBySlug(ctx, "arnhem"); err != nil {
		t.Fatal(err)
	}
	for who, email := range netAccounts {
		u, _, err := db.FindCredentials(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		f.users[who] = u
		f.handler[who] = withBearer(h, f.token(t, who, "lezen", "schrijven"))
	}
	f.orgs["school"] = f.users["school"].Memberships[0].OrganisationID
	f.orgs["politie"] = f.users["partner"].Memberships[0].OrganisationID
	orgs, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: f.arnhem.ID})
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

// token makes a personal access token for who with scopes.
func (f *netFixture) token(t *testing.T, who string, scopes ...string) string {
	t.Helper()
	raw, _ := auth.NewToken()
	token := "vios_" + raw
	if err := f.db.CreateAccessToken(context.Background(), &vios.AccessToken{UserID: f.users[who].ID, Name: "test", Scopes: scopes,
		ExpiresAt: storetest.Now().AddDate(1, 0, 0)}, auth.HashToken(token)); err != nil {
		t.Fatal(err)
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
	if err := f.db.AddNetworkMember(f.as("regisseur"), f.arnhem.ID, m); err != nil {
		t.Fatalf("add %s: %v", who, err)
	}
	return m
}

// pathOf returns the documented path that target (a request path under
// the API prefix, with or without query) falls under, or "" for none.
func (doc openAPI) pathOf(t *testing.T, target string) string {
	t.Helper()
	path, _, _ := strings.Cut(strings.TrimPrefix(target, api.Prefix), "?")
	for p := range obj(doc["paths"]) {
		segments := strings.Split(p, "/")
		for i, s := range segments {
			if strings.HasPrefix(s, "{") {
				segments[i] = `[^/]+`
			} else {
				segments[i] = regexp.QuoteMeta(s)
			}
		}
		if regexp.MustCompile("^" + strings.Join(segments, "/") + "$").MatchString(path) {
			return p
		}
	}
	return ""
}

var uuidSegment = regexp.MustCompile(`/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// send sends one request with a JSON body (nil: none) and checks the answer
// against the OpenAPI document: the status must be documented for the
// operation, with its media type and schema.
func (f *netFixture) send(t *testing.T, h http.Handler, method, target string, body any) response {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, target, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if got := res.header.Get("API-Version"); got != vios.Version {
		t.Errorf("%s %s: API-Version = %q, want %q", method, target, got, vios.Version)
	}
	f.checkDocumented(t, method, target, res)
	return res
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

// The shapes a client decodes.
type (
	netwerk struct {
		ID                  string
		Gemeente            string
		GemeenteNaam        string
		Soort, Naam         string
		ElkeWeken           int
		AgendaDagenVooraf   int
		VoorstelDagenVooraf int
		GewijzigdOp         string
		Leden               []struct {
			ID, Gebruiker, Naam, Organisatie, Positie string
			Functie                                   *string
			LidVanaf                                  string
			LidTot                                    *string
		}
	}
	overleg struct {
		ID, Netwerk, Status string
		Begin, Einde        string
		Agendapunten        []struct{ ID, Titel, Status, VoorgesteldDoor string }
		Aanwezigheid        []struct{ Lid, Naam, Status string }
		OpenActiepunten     []struct{ ID, Wat string }
	}
	actiepunt struct {
		ID, Wat, Eigenaar, Deadline, Status, GewijzigdOp string
		Notities                                         []struct{ Tekst string }
	}
	lijst[T any] struct{ Items []T }
)

// journey is a network of Arnhem as the API sets it up: the coordinator
// chairs it, the school and the police are fixed members; otsv has a role
// in Arnhem but is no member.
type journey struct {
	*netFixture
	network    netwerk
	members    map[string]*vios.NetworkMember
	meetings   []overleg
	meeting    overleg // the first, held
	action     actiepunt
	actionNote string
}

func newJourney(t *testing.T) *journey {
	t.Helper()
	j := &journey{netFixture: newNetFixture(t), members: map[string]*vios.NetworkMember{}}
	res := j.send(t, j.handler["regisseur"], "POST", "/api/v1/netwerken", map[string]any{
		"gemeente": "arnhem", "soort": "signaleringsoverleg", "naam": "Signaleringsoverleg Arnhem-Noord",
		"wijk": "Arnhem-Noord", "elkeWeken": 6})
	want(t, res, http.StatusCreated)
	j.network = decode[netwerk](t, res)
	if loc := res.header.Get("Location"); loc != "/api/v1/netwerken/"+j.network.ID {
		t.Errorf("Location %q", loc)
	}
	j.members["coordinator"] = j.addMember(t, j.network.ID, "coordinator", "team", vios.PositionMember, vios.FunctionChair, "")
	j.members["school"] = j.addMember(t, j.network.ID, "school", "school", vios.PositionMember, "", "")
	j.members["partner"] = j.addMember(t, j.network.ID, "partner", "politie", vios.PositionMember, "", "")

	begin := vios.Date(storetest.Now()).AddDate(0, 0, 30).Add(13 * time.Hour)
	res = j.send(t, j.handler["coordinator"], "POST", "/api/v1/netwerken/"+j.network.ID+"/overleggen", map[string]any{
		"begin": begin.Format(time.RFC3339), "einde": begin.Add(90 * time.Minute).Format(time.RFC3339),
		"plaats": "Stadhuis, kamer 3", "aantal": 3})
	want(t, res, http.StatusCreated)
	j.meetings = decode[lijst[overleg]](t, res).Items
	if len(j.meetings) != 3 {
		t.Fatalf("%d meetings planned, want 3", len(j.meetings))
	}
	j.meeting = j.meetings[0]
	return j
}

// arrive moves the store's clock to the start of the meeting: attendance is
// recorded on the day itself.
func (j *journey) arrive(m *vios.Meeting) {
	start := m.StartsAt
	j.db.Now = func() time.Time { return start }
}

// hold proposes items, sets and publishes the agenda and records the
// attendance of the first meeting.
func (j *journey) hold(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	items := "/api/v1/overleggen/" + j.meeting.ID + "/agendapunten"
	want(t, j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "trend", "titel": "Vapes bij de bushalte",
		"fenomenen": []string{"vapes"}}), http.StatusCreated)
	want(t, j.send(t, j.handler["coordinator"], "POST", items, map[string]any{"soort": "vast", "titel": "Mededelingen"}), http.StatusCreated)
	m, err := j.db.FindMeeting(ctx, j.arnhem.ID, j.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []vios.AgendaOrder
	for _, i := range m.Items {
		order = append(order, vios.AgendaOrder{ItemID: i.ID, Status: vios.ItemAccepted})
	}
	if err := j.db.OrderAgenda(j.as("regisseur"), j.arnhem.ID, m.ID, order, m.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := j.db.PublishAgenda(j.as("regisseur"), j.arnhem.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	j.arrive(m)
	res := j.send(t, j.handler["coordinator"], "PUT", "/api/v1/overleggen/"+j.meeting.ID+"/aanwezigheid", map[string]any{
		"aanwezigheid": []map[string]any{
			{"lid": j.members["coordinator"].ID, "status": "aanwezig"},
			{"lid": j.members["school"].ID, "status": "aanwezig"},
			{"lid": j.members["partner"].ID, "status": "afgemeld"},
		}})
	want(t, res, http.StatusOK)
	j.meeting = decode[overleg](t, res)
}

// act creates an action for the partner in the held meeting.
func (j *journey) act(t *testing.T) {
	t.Helper()
	res := j.send(t, j.handler["coordinator"], "POST", "/api/v1/overleggen/"+j.meeting.ID+"/actiepunten", map[string]any{
		"wat": "Met de vervoerder de bushalte bespreken", "eigenaar": j.users["partner"].ID,
		"deadline": j.meetingDay(t).AddDate(0, 0, 14).Format(time.DateOnly)})
	want(t, res, http.StatusCreated)
	j.action = decode[actiepunt](t, res)
}

func (j *journey) meetingDay(t *testing.T) time.Time {
	t.Helper()
	begin, err := time.Parse(time.RFC3339, j.meeting.Begin)
	if err != nil {
		t.Fatal(err)
	}
	return vios.Date(begin)
}

func networkIDs(items []netwerk) []string {
	return pluck(items, func(n netwerk) string { return n.ID })
}

func TestNetworkVisibility(t *testing.T) {
	j := newJourney(t)
	self := "/api/v1/netwerken/" + j.network.ID

	t.Run("who sees it in the list", func(t *testing.T) {
		for who, sees := range map[string]bool{"regisseur": true, "coordinator": true, "school": true, "partner": true,
			"otsv": false, "regisseur-den-haag": false} {
			res := j.send(t, j.handler[who], "GET", "/api/v1/netwerken", nil)
			want(t, res, http.StatusOK)
			if got := slices.Contains(networkIDs(decode[lijst[netwerk]](t, res).Items), j.network.ID); got != sees {
				t.Errorf("%s sees the network: %v, want %v", who, got, sees)
			}
		}
		res := j.send(t, j.handler["partner"], "GET", "/api/v1/netwerken?soort=kernteam", nil)
		want(t, res, http.StatusOK)
		if ids := networkIDs(decode[lijst[netwerk]](t, res).Items); slices.Contains(ids, j.network.ID) {
			t.Errorf("soort=kernteam lists the signaleringsoverleg")
		}
	})

	t.Run("a member reads it with its members", func(t *testing.T) {
		res := j.send(t, j.handler["partner"], "GET", self, nil)
		want(t, res, http.StatusOK)
		n := decode[netwerk](t, res)
		if n.Gemeente != "arnhem" || n.GemeenteNaam != "Arnhem" || n.Soort != "signaleringsoverleg" || n.ElkeWeken != 6 ||
			n.AgendaDagenVooraf != vios.DefaultAgendaDaysAhead || n.VoorstelDagenVooraf != vios.DefaultProposalDaysAhead {
			t.Errorf("network = %+v", n)
		}
		if len(n.Leden) != 3 {
			t.Fatalf("%d members, want 3: %s", len(n.Leden), res.body)
		}
		chairs := 0
		for _, l := range n.Leden {
			if l.Naam == "" || l.Organisatie == "" || l.Positie != vios.PositionMember || l.LidVanaf != vios.Date(storetest.Now()).Format(time.DateOnly) || l.LidTot != nil {
				t.Errorf("member %+v", l)
			}
			if l.Functie != nil && *l.Functie == vios.FunctionChair {
				chairs++
				if l.Gebruiker != j.users["coordinator"].ID {
					t.Errorf("chair is %s, want the coordinator", l.Naam)
				}
			}
		}
		if chairs != 1 {
			t.Errorf("%d chairs, want 1", chairs)
		}
	})

	t.Run("outside the network it does not exist", func(t *testing.T) {
		for _, who := range []string{"otsv", "regisseur-den-haag"} {
			for _, target := range []string{self, self + "/overleggen", "/api/v1/overleggen/" + j.meeting.ID} {
				p := decodeProblem(t, j.send(t, j.handler[who], "GET", target, nil), http.StatusNotFound, target)
				if strings.Contains(p.Detail, "toegang") {
					t.Errorf("%s %s: the 404 hints at access: %q", who, target, p.Detail)
				}
			}
		}
		// Not even a write says it exists.
		decodeProblem(t, j.send(t, j.handler["otsv"], "PUT", self, map[string]any{"naam": "x"}), http.StatusNotFound, self)
		decodeProblem(t, j.send(t, j.handler["regisseur-den-haag"], "POST", self+"/overleggen", map[string]any{}), http.StatusNotFound, self+"/overleggen")
	})

	t.Run("a regisseur creates networks only in their own municipality", func(t *testing.T) {
		res := j.send(t, j.handler["regisseur-den-haag"], "POST", "/api/v1/netwerken", map[string]any{
			"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep van elders"})
		decodeProblem(t, res, http.StatusForbidden, "/api/v1/netwerken")
		res = j.send(t, j.handler["school"], "POST", "/api/v1/netwerken", map[string]any{
			"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep van de school"})
		decodeProblem(t, res, http.StatusForbidden, "/api/v1/netwerken")
		// Who may create networks nowhere hears so before anything about the body.
		decodeProblem(t, j.send(t, j.handler["otsv"], "POST", "/api/v1/netwerken", nil), http.StatusForbidden, "/api/v1/netwerken")
	})

	t.Run("malformed and unknown ids", func(t *testing.T) {
		for _, target := range []string{"/api/v1/netwerken/NIET-EEN-UUID", "/api/v1/overleggen/123", "/api/v1/actiepunten/x"} {
			p := decodeProblem(t, j.send(t, j.handler["regisseur"], "GET", target, nil), http.StatusBadRequest, target)
			if got := p.paramNames(); !slices.Equal(got, []string{"id"}) {
				t.Errorf("%s: invalidParams %v, want [id]", target, got)
			}
		}
		for _, target := range []string{"/api/v1/netwerken/00000000-0000-4000-8000-000000000000",
			"/api/v1/overleggen/00000000-0000-4000-8000-000000000000", "/api/v1/actiepunten/00000000-0000-4000-8000-000000000000"} {
			decodeProblem(t, j.send(t, j.handler["regisseur"], "GET", target, nil), http.StatusNotFound, target)
		}
	})
}

func TestMeetingJourney(t *testing.T) {
	j := newJourney(t)
	network := "/api/v1/netwerken/" + j.network.ID
	meeting := "/api/v1/overleggen/" + j.meeting.ID

	t.Run("only who runs meetings plans them", func(t *testing.T) {
		begin := storetest.Now().AddDate(0, 0, 20).UTC().Truncate(time.Hour)
		res := j.send(t, j.handler["partner"], "POST", network+"/overleggen", map[string]any{
			"begin": begin.Format(time.RFC3339), "einde": begin.Add(time.Hour).Format(time.RFC3339), "plaats": "Stadhuis"})
		decodeProblem(t, res, http.StatusForbidden, network+"/overleggen")
	})

	t.Run("the series follows the network's cadence", func(t *testing.T) {
		res := j.send(t, j.handler["school"], "GET", network+"/overleggen", nil)
		want(t, res, http.StatusOK)
		list := decode[lijst[overleg]](t, res).Items
		if len(list) != 3 {
			t.Fatalf("%d meetings, want 3", len(list))
		}
		var starts []time.Time
		for _, m := range list {
			s, _ := time.Parse(time.RFC3339, m.Begin)
			starts = append(starts, s.In(vios.Amsterdam))
			if m.Status != vios.MeetingPlanned || !strings.HasSuffix(m.Begin, "Z") {
				t.Errorf("meeting %+v", m)
			}
		}
		for i := 1; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-1]).Hours() / 24; d < 41 || d > 43 || starts[i].Hour() != starts[0].Hour() {
				t.Errorf("meeting %d is %v after the previous one, at %v; want 6 weeks at the same hour", i, d, starts[i])
			}
		}
		// Filters: from the day of the second meeting, until (not including)
		// the day of the third.
		from, to := starts[1].Format(time.DateOnly), starts[2].Format(time.DateOnly)
		res = j.send(t, j.handler["school"], "GET", network+"/overleggen?vanaf="+from+"&tot="+to, nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[overleg]](t, res).Items; len(got) != 1 || got[0].ID != list[1].ID {
			t.Errorf("vanaf=%s&tot=%s gives %+v, want the second meeting", from, to, got)
		}
		p := decodeProblem(t, j.send(t, j.handler["school"], "GET", network+"/overleggen?vanaf=morgen&tot="+from+"&x=1", nil),
			http.StatusBadRequest, network+"/overleggen")
		if got := p.paramNames(); !slices.Equal(got, []string{"vanaf", "x"}) {
			t.Errorf("invalidParams %v, want [vanaf x]", got)
		}
	})

	t.Run("planning names every mistake at once", func(t *testing.T) {
		res := j.send(t, j.handler["coordinator"], "POST", network+"/overleggen", map[string]any{
			"begin": "2020-01-01T10:00:00Z", "einde": "gisteren", "aantal": 60, "onlineLink": "http://niet-veilig.example"})
		p := decodeProblem(t, res, http.StatusBadRequest, network+"/overleggen")
		if got := p.paramNames(); !slices.Equal(got, []string{"aantal", "begin", "einde", "onlineLink"}) {
			t.Errorf("invalidParams %v, want [aantal begin einde onlineLink]", got)
		}
	})

	t.Run("proposals: members see accepted items and their own", func(t *testing.T) {
		items := meeting + "/agendapunten"
		res := j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "trend", "titel": "Vapes bij de bushalte",
			"toelichting": "Sinds de herfst", "fenomenen": []string{"vapes"}})
		want(t, res, http.StatusCreated)
		if s := decode[struct{ Status string }](t, res).Status; s != vios.ItemProposed {
			t.Errorf("a member's item has status %s, want %s", s, vios.ItemProposed)
		}
		res = j.send(t, j.handler["coordinator"], "POST", items, map[string]any{"soort": "vast", "titel": "Mededelingen"})
		want(t, res, http.StatusCreated)
		if s := decode[struct{ Status string }](t, res).Status; s != vios.ItemAccepted {
			t.Errorf("the chair's item has status %s, want %s", s, vios.ItemAccepted)
		}
		p := decodeProblem(t, j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "roddel", "fenomenen": "vapes"}),
			http.StatusBadRequest, items)
		if got := p.paramNames(); !slices.Equal(got, []string{"fenomenen", "soort", "titel"}) {
			t.Errorf("invalidParams %v, want [fenomenen soort titel]", got)
		}
		decodeProblem(t, j.send(t, j.handler["otsv"], "POST", items, map[string]any{"soort": "trend", "titel": "x"}), http.StatusNotFound, items)

		titles := func(who string) []string {
			res := j.send(t, j.handler[who], "GET", meeting, nil)
			want(t, res, http.StatusOK)
			var out []string
			for _, i := range decode[overleg](t, res).Agendapunten {
				out = append(out, i.Titel)
			}
			slices.Sort(out)
			return out
		}
		for who, want := range map[string][]string{
			"coordinator": {"Mededelingen", "Vapes bij de bushalte"},
			// The regisseur is no member: the texts of the meeting are
			// for its members (P6 item 4), she sees that there are items.
			"regisseur": {vios.ShieldedMeetingText, vios.ShieldedMeetingText},
			"partner":   {"Mededelingen", "Vapes bij de bushalte"},
			"school":    {"Mededelingen"},
		} {
			if got := titles(who); !slices.Equal(got, want) {
				t.Errorf("%s sees %v, want %v", who, got, want)
			}
		}
	})

	t.Run("attendance", func(t *testing.T) {
		target := meeting + "/aanwezigheid"
		p := decodeProblem(t, j.send(t, j.handler["coordinator"], "PUT", target, map[string]any{
			"aanwezigheid": []map[string]any{{"lid": "niet-een-id", "status": "aanwezig"}}}), http.StatusBadRequest, target)
		if got := p.paramNames(); !slices.Equal(got, []string{"aanwezigheid"}) {
			t.Errorf("invalidParams %v, want [aanwezigheid]", got)
		}
		decodeProblem(t, j.send(t, j.handler["school"], "PUT", target, map[string]any{"aanwezigheid": []any{}}), http.StatusForbidden, target)

		m, err := j.db.FindMeeting(context.Background(), j.arnhem.ID, j.meeting.ID)
		if err != nil {
			t.Fatal(err)
		}
		var order []vios.AgendaOrder
		for _, i := range m.Items {
			order = append(order, vios.AgendaOrder{ItemID: i.ID, Status: vios.ItemAccepted})
		}
		if err := j.db.OrderAgenda(j.as("regisseur"), j.arnhem.ID, m.ID, order, m.UpdatedAt); err != nil {
			t.Fatal(err)
		}
		if err := j.db.PublishAgenda(j.as("regisseur"), j.arnhem.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		j.arrive(m)
		res := j.send(t, j.handler["coordinator"], "PUT", target, map[string]any{"aanwezigheid": []map[string]any{
			{"lid": j.members["coordinator"].ID, "status": "aanwezig"},
			{"lid": j.members["school"].ID, "status": "aanwezig"},
			{"lid": j.members["partner"].ID, "status": "afgemeld"},
		}})
		want(t, res, http.StatusOK)
		j.meeting = decode[overleg](t, res)
		if j.meeting.Status != vios.MeetingHeld || len(j.meeting.Aanwezigheid) != 3 {
			t.Errorf("after attendance: status %s, %d entries", j.meeting.Status, len(j.meeting.Aanwezigheid))
		}
	})

	t.Run("an invalid action names every field and saves nothing", func(t *testing.T) {
		target := meeting + "/actiepunten"
		res := j.send(t, j.handler["coordinator"], "POST", target, map[string]any{
			"wat": "Bushalte bespreken", "deadline": j.meetingDay(t).AddDate(0, 0, -1).Format(time.DateOnly)})
		p := decodeProblem(t, res, http.StatusBadRequest, target)
		if got := p.paramNames(); !slices.Equal(got, []string{"deadline", "eigenaar"}) {
			t.Errorf("invalidParams %v, want [deadline eigenaar]", got)
		}
		res = j.send(t, j.handler["coordinator"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID, nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 0 {
			t.Errorf("after a refused action the network has %d actions, want 0", len(got))
		}
		// An owner outside the network is refused by the store, also as a field.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "POST", target, map[string]any{
			"wat": "Bushalte bespreken", "eigenaar": j.users["otsv"].ID, "deadline": j.meetingDay(t).Format(time.DateOnly)}),
			http.StatusBadRequest, target)
		if got := p.paramNames(); !slices.Equal(got, []string{"eigenaar"}) {
			t.Errorf("invalidParams %v, want [eigenaar]", got)
		}
		decodeProblem(t, j.send(t, j.handler["partner"], "POST", target, map[string]any{}), http.StatusForbidden, target)
	})

	t.Run("an action is agreed and followed up", func(t *testing.T) {
		j.act(t)
		if j.action.Status != vios.ActionOpen || j.action.Eigenaar != j.users["partner"].ID {
			t.Errorf("action %+v", j.action)
		}
		self := "/api/v1/actiepunten/" + j.action.ID
		// The owner lists it as theirs; a member sees it in the network.
		res := j.send(t, j.handler["partner"], "GET", "/api/v1/actiepunten", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 1 || got[0].ID != j.action.ID {
			t.Errorf("the owner's actions: %+v", got)
		}
		res = j.send(t, j.handler["school"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID+"&open=true", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 1 {
			t.Errorf("open actions of the network: %+v", got)
		}
		res = j.send(t, j.handler["school"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID+"&eigenaar=ik", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 0 {
			t.Errorf("the school owns no action, got %+v", got)
		}
		// It stands open on the next meeting's first agenda item (the first
		// item of the meeting it was agreed in shows what stood open before).
		res = j.send(t, j.handler["school"], "GET", "/api/v1/overleggen/"+j.meetings[1].ID, nil)
		want(t, res, http.StatusOK)
		if got := decode[overleg](t, res).OpenActiepunten; len(got) != 1 || got[0].ID != j.action.ID {
			t.Errorf("openActiepunten = %+v", got)
		}
		// Outside the network it does not exist.
		decodeProblem(t, j.send(t, j.handler["otsv"], "GET", self, nil), http.StatusNotFound, self)
		decodeProblem(t, j.send(t, j.handler["regisseur-den-haag"], "GET", self, nil), http.StatusNotFound, self)
		p := decodeProblem(t, j.send(t, j.handler["otsv"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID, nil),
			http.StatusBadRequest, "/api/v1/actiepunten")
		if got := p.paramNames(); !slices.Equal(got, []string{"netwerk"}) {
			t.Errorf("invalidParams %v, want [netwerk]", got)
		}

		// The owner reports progress; a member who is not the owner may not.
		first := j.action.GewijzigdOp
		decodeProblem(t, j.send(t, j.handler["school"], "PATCH", self, map[string]any{"notitie": "x", "gewijzigdOp": first}),
			http.StatusForbidden, self)
		res = j.send(t, j.handler["partner"], "PATCH", self, map[string]any{"status": "bezig", "notitie": "Vervoerder gebeld", "gewijzigdOp": first})
		want(t, res, http.StatusOK)
		updated := decode[actiepunt](t, res)
		if updated.Status != vios.ActionInProgress || len(updated.Notities) != 1 || updated.Notities[0].Tekst != "Vervoerder gebeld" {
			t.Errorf("after the update: %+v", updated)
		}
		// A change based on what was read before that is refused.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "PATCH", self, map[string]any{"status": "gereed", "gewijzigdOp": first}),
			http.StatusConflict, self)
		if p.Detail == "" {
			t.Error("409 without detail")
		}
		res = j.send(t, j.handler["partner"], "GET", self, nil)
		want(t, res, http.StatusOK)
		if got := decode[actiepunt](t, res); got.Status != vios.ActionInProgress || got.GewijzigdOp != updated.GewijzigdOp {
			t.Errorf("after the conflict: %+v, want unchanged %+v", got, updated)
		}
		// Cancelling needs a reason: the note.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "PATCH", self, map[string]any{"status": "vervallen", "gewijzigdOp": updated.GewijzigdOp}),
			http.StatusBadRequest, self)
		if got := p.paramNames(); !slices.Equal(got, []string{"notitie"}) {
			t.Errorf("invalidParams %v, want [notitie]", got)
		}
		p = decodeProblem(t, j.send(t, j.handler["partner"], "PATCH", self, map[string]any{"status": "klaar", "onbekend": 1}),
			http.StatusBadRequest, self)
		if got := p.paramNames(); !slices.Equal(got, []string{"gewijzigdOp", "onbekend", "status"}) {
			t.Errorf("invalidParams %v, want [gewijzigdOp onbekend status]", got)
		}
		// JSON Merge Patch is the media type of PATCH; plain JSON is taken too.
		req := httptest.NewRequest("PATCH", self, strings.NewReader(`{"status":"gereed","gewijzigdOp":"`+updated.GewijzigdOp+`"}`))
		req.Header.Set("Content-Type", "application/merge-patch+json")
		rec := httptest.NewRecorder()
		j.handler["coordinator"].ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("merge-patch: status %d: %s", rec.Code, rec.Body)
		}
	})
}

func TestUpdateNetwork(t *testing.T) {
	j := newJourney(t)
	self := "/api/v1/netwerken/" + j.network.ID
	change := func(based string) map[string]any {
		return map[string]any{"soort": "signaleringsoverleg", "naam": "Signaleringsoverleg Noord", "wijk": "Noord",
			"elkeWeken": 4, "agendaDagenVooraf": 3, "voorstelDagenVooraf": 10, "gewijzigdOp": based}
	}
	first := j.network.GewijzigdOp
	decodeProblem(t, j.send(t, j.handler["partner"], "PUT", self, change(first)), http.StatusForbidden, self)
	res := j.send(t, j.handler["coordinator"], "PUT", self, change(first))
	want(t, res, http.StatusOK)
	n := decode[netwerk](t, res)
	if n.Naam != "Signaleringsoverleg Noord" || n.ElkeWeken != 4 || n.AgendaDagenVooraf != 3 || n.GewijzigdOp == first || len(n.Leden) != 3 {
		t.Errorf("after the change: %+v", n)
	}
	// Based on the old version: refused, nothing changed.
	stale := change(first)
	stale["naam"] = "Iets anders"
	decodeProblem(t, j.send(t, j.handler["regisseur"], "PUT", self, stale), http.StatusConflict, self)
	res = j.send(t, j.handler["regisseur"], "GET", self, nil)
	if got := decode[netwerk](t, res); got.Naam != "Signaleringsoverleg Noord" {
		t.Errorf("after the conflict the name is %q", got.Naam)
	}
	// Every mistake at once; PUT replaces, so the required fields must be there.
	p := decodeProblem(t, j.send(t, j.handler["coordinator"], "PUT", self, map[string]any{"soort": "klets", "naam": "",
		"elkeWeken": 2, "keerPerJaar": 4, "agendaDagenVooraf": "vijf"}), http.StatusBadRequest, self)
	if got := p.paramNames(); !slices.Equal(got, []string{"agendaDagenVooraf", "gewijzigdOp", "keerPerJaar", "naam", "soort", "voorstelDagenVooraf"}) {
		t.Errorf("invalidParams %v", got)
	}
}

func TestCreateNetworkInput(t *testing.T) {
	f := newNetFixture(t)
	h := f.handler["regisseur"]
	p := decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "atlantis", "soort": "x",
		"elkeWeken": "zes", "extra": true}), http.StatusBadRequest, "/api/v1/netwerken")
	if got := p.paramNames(); !slices.Equal(got, []string{"elkeWeken", "extra", "gemeente", "naam", "soort"}) {
		t.Errorf("invalidParams %v", got)
	}
	for _, ip := range p.InvalidParams {
		if ip.Reason == "" {
			t.Errorf("%s has no reason", ip.Name)
		}
	}
	// A kernteam needs exactly one school of the municipality.
	p = decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "kernteam",
		"naam": "Kernteam zonder school"}), http.StatusBadRequest, "/api/v1/netwerken")
	if got := p.paramNames(); !slices.Equal(got, []string{"scholen"}) {
		t.Errorf("invalidParams %v, want [scholen]", got)
	}
	res := f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "kernteam",
		"naam": "Kernteam De Linde", "scholen": []string{f.orgs["school"]}})
	want(t, res, http.StatusCreated)
	if got := decode[struct{ Scholen []string }](t, res).Scholen; !slices.Equal(got, []string{f.orgs["school"]}) {
		t.Errorf("scholen = %v", got)
	}
	// The same name again is a conflict.
	decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "stuurgroep",
		"naam": "Kernteam De Linde"}), http.StatusConflict, "/api/v1/netwerken")

	for name, tt := range map[string]struct {
		body, contentType string
		status            int
	}{
		"not JSON":         {`{"naam":`, "application/json", http.StatusBadRequest},
		"not an object":    {`["naam"]`, "application/json", http.StatusBadRequest},
		"two objects":      {`{} {}`, "application/json", http.StatusBadRequest},
		"form encoded":     {`naam=x`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		"no content type":  {`{}`, "", http.StatusUnsupportedMediaType},
		"too large a body": {`{"naam":"` + strings.Repeat("x", 1<<20) + `"}`, "application/json", http.StatusRequestEntityTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/netwerken", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
			f.checkDocumented(t, "POST", "/api/v1/netwerken", res)
			decodeProblem(t, res, tt.status, "/api/v1/netwerken")
		})
	}
}

// A token with only "lezen" reads but does not write; one with only
// "schrijven" writes but does not read.
func TestNetworkScopes(t *testing.T) {
	j := newJourney(t)
	reader := withBearer(j.api, j.token(t, "regisseur", "lezen"))
	writer := withBearer(j.api, j.token(t, "regisseur", "schrijven"))
	want(t, j.send(t, reader, "GET", "/api/v1/netwerken/"+j.network.ID, nil), http.StatusOK)
	writes := []struct {
		method, target string
		body           any
	}{
		{"POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep"}},
		{"PUT", "/api/v1/netwerken/" + j.network.ID, map[string]any{}},
		{"POST", "/api/v1/netwerken/" + j.network.ID + "/overleggen", map[string]any{}},
		{"POST", "/api/v1/overleggen/" + j.meeting.ID + "/agendapunten", map[string]any{}},
		{"PUT", "/api/v1/overleggen/" + j.meeting.ID + "/aanwezigheid", map[string]any{}},
		{"POST", "/api/v1/overleggen/" + j.meeting.ID + "/actiepunten", map[string]any{}},
		{"PATCH", "/api/v1/actiepunten/" + j.meeting.ID, map[string]any{}},
	}
	for _, w := range writes {
		res := j.send(t, reader, w.method, w.target, w.body)
		decodeProblem(t, res, http.StatusForbidden, w.target)
		if !strings.Contains(res.header.Get("WWW-Authenticate"), "insufficient_scope") {
			t.Errorf("%s %s: WWW-Authenticate %q", w.method, w.target, res.header.Get("WWW-Authenticate"))
		}
		decodeProblem(t, j.send(t, j.api, w.method, w.target, w.body), http.StatusUnauthorized, w.target)
	}
	decodeProblem(t, j.send(t, writer, "GET", "/api/v1/netwerken", nil), http.StatusForbidden, "/api/v1/netwerken")
	// Nothing was created by the refused POST.
	res := j.send(t, j.handler["regisseur"], "GET", "/api/v1/netwerken?soort=stuurgroep", nil)
	if got := decode[lijst[netwerk]](t, res).Items; len(got) != 0 {
		t.Errorf("a read-only token created %d networks", len(got))
	}
}

func TestNetworkMethodNotAllowed(t *testing.T) {
	id := "00000000-0000-4000-8000-000000000000"
	checkNotAllowed(t, newNetFixture(t), []notAllowed{
		{"DELETE", "/api/v1/netwerken", "GET, HEAD, POST"},
		{"PATCH", "/api/v1/netwerken/" + id, "GET, HEAD, PUT"},
		{"PUT", "/api/v1/netwerken/" + id + "/overleggen", "GET, HEAD, POST"},
		{"GET", "/api/v1/overleggen/" + id + "/agendapunten", "POST"},
		{"POST", "/api/v1/overleggen/" + id + "/aanwezigheid", "PUT"},
		{"DELETE", "/api/v1/actiepunten/" + id, "GET, HEAD, PATCH"},
		{"POST", "/api/v1/aanpakken", "GET, HEAD"},
		{"POST", "/api/v1/ik", "GET, HEAD"},
	})
}

// notAllowed is a request with a method its path does not take, and the
// methods the path does take.
type notAllowed struct{ method, target, allow string }

// checkNotAllowed checks that each request is answered 405 with a problem
// and the methods the path takes in Allow.
func checkNotAllowed(t *testing.T, f *netFixture, requests []notAllowed) {
	t.Helper()
	for _, tt := range requests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := do(t, f.handler["regisseur"], tt.method, tt.target)
			decodeProblem(t, res, http.StatusMethodNotAllowed, tt.target)
			if got := res.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			var body any
			json.Unmarshal(res.body, &body)
			for _, e := range f.doc.schemaErrors(map[string]any{"$ref": "#/components/schemas/Problem"}, body, "405") {
				t.Error(e)
			}
		})
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
	failing := api.New(services, slog.New(slog.DiscardHandler))
	noService := api.New(vios.Services{Approaches: j.db, Identity: j.db, Now: j.db.Time}, slog.New(slog.DiscardHandler))
	g := newGetMatrix(t, j.netFixture, failing, noService, "otsv")
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

func TestNetworkInternalErrorsDoNotLeak(t *testing.T) {
	requests, _ := networkGETRequests(t)
	for _, r := range requests {
		if r.status != http.StatusInternalServerError {
			continue
		}
		res := do(t, r.h, "GET", r.target)
		decodeProblem(t, res, http.StatusInternalServerError, r.target)
		if bytes.Contains(res.body, []byte("geheim")) || bytes.Contains(res.body, []byte("10.0.0.7")) || bytes.Contains(res.body, []byte("network service")) {
			t.Errorf("%s: the problem shows the internal error: %s", r.target, res.body)
		}
	}
}
