package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// alertPlatform serves Arnhem's demo with an alert group (the school chairs
// it; the police and youth work are members) and the live-alert hub, on a
// server with short read and write timeouts: a stream must outlive them.
// It returns the platform, the group and a session per demo account.
func alertPlatform(t *testing.T, hub *web.AlertHub) (*platform, *vios.Network, map[string]string) {
	t.Helper()
	return alertPlatformWith(t, newPlatform(t, true), server.Options{Demo: true, HashConcurrency: 1, AlertHub: hub})
}

// alertPlatformWith is alertPlatform on p's database with the server's options.
func alertPlatformWith(t *testing.T, p *platform, options server.Options) (*platform, *vios.Network, map[string]string) {
	t.Helper()
	ctx := context.Background()
	db := p.db
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	users := map[string]*vios.User{}
	for _, who := range []string{"regisseur", "school", "partner", "jongerenwerk", "coordinator", "otsv"} {
		u, _, err := db.Accounts.FindCredentials(ctx, who+"@arnhem.demo.example")
		if err != nil {
			t.Fatal(err)
		}
		users[who] = u
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: users["regisseur"]})
	group := &vios.Network{MunicipalityID: p.arnhemID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep Presikhaaf", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(as, group); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"school", "partner", "jongerenwerk"} {
		m := &vios.NetworkMember{NetworkID: group.ID, UserID: users[who].ID, OrganisationID: users[who].Memberships[0].OrganisationID,
			Position: vios.PositionMember, JoinedOn: vios.Date(db.Now()).AddDate(0, 0, -7)}
		if who == "school" {
			m.Function = vios.FunctionChair
		}
		if err := db.Networks.AddNetworkMember(as, p.arnhemID, m); err != nil {
			t.Fatal(err)
		}
	}
	// The same database behind a server with the hub and short timeouts.
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), options)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout, ts.Config.WriteTimeout = 2*time.Second, 2*time.Second
	ts.Config.IdleTimeout = time.Minute // not ReadTimeout's: the client reuses its connections
	ts.Start()
	t.Cleanup(ts.Close)
	// Log in on the first server: hashing a password under the race
	// detector can take longer than the short timeouts. Sessions live in the
	// database, so they hold on both.
	first := p
	p = &platform{Server: ts, db: db, arnhemID: p.arnhemID}
	sessions := map[string]string{}
	for who := range users {
		res := first.login(t, who+"@arnhem.demo.example", testPassword)
		if res.cookie == nil {
			t.Fatalf("login %s: %d", who, res.status)
		}
		sessions[who] = res.cookie.Value
	}
	return p, group, sessions
}

// firstAlertCode is the code of this year's first alert of a municipality.
func firstAlertCode() string { return fmt.Sprintf("A-%d-0001", vios.Date(storetest.Now()).Year()) }

const webAlertText = "Groep jongeren met stokken bij het winkelcentrum, leerling Noah roept anderen op."

func TestAlertPages(t *testing.T) {
	p, group, s := alertPlatform(t, web.NewAlertHub())
	list := p.do(t, "GET", "/alerts/arnhem", s["school"], nil)
	if list.status != 200 || !strings.Contains(list.body, `<option value="`+group.ID+`"`) || !strings.Contains(list.body, "U heeft geen alerts") {
		t.Fatalf("list page: %d\n%s", list.status, list.body)
	}
	// Every page of a logged-in user listens for alerts; a visitor's not.
	if !strings.Contains(list.body, `<script src="/static/alerts.js" defer>`) || !strings.Contains(list.body, `id="alert-banner" aria-live="assertive"`) {
		t.Error("the page does not listen for live alerts")
	}
	if public := p.do(t, "GET", "/aanpakken", "", nil); strings.Contains(public.body, "alerts.js") || strings.Contains(public.body, "alert-banner") {
		t.Error("a visitor's page listens for alerts")
	}
	if js := p.do(t, "GET", "/static/alerts.js", "", nil); js.status != 200 || !strings.Contains(js.body, `new EventSource("/alerts/stroom")`) {
		t.Errorf("alerts.js: %d", js.status)
	}
	// Without text the form comes back with the reason beside the field.
	bad := p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {group.ID}, "tekst": {""}, "escalatie": {"tien"}})
	if bad.status != 400 || !strings.Contains(bad.body, `id="escalatie-fout"`) {
		t.Errorf("an alert without minutes as a number: %d", bad.status)
	}
	bad = p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {group.ID}, "tekst": {""}})
	if bad.status != 400 || !strings.Contains(bad.body, `id="tekst-fout"`) || !strings.Contains(bad.body, "Beschrijf kort") {
		t.Errorf("an alert without text: %d", bad.status)
	}
	sent := p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {group.ID}, "tekst": {webAlertText},
		"fenomeen": {"vechtpartijen"}, "escalatie": {"5"}})
	if sent.status != 303 || !strings.HasSuffix(sent.location, "?melding=verstuurd") {
		t.Fatalf("raise: %d %s\n%s", sent.status, sent.location, sent.body)
	}
	page := strings.TrimSuffix(sent.location, "?melding=verstuurd")
	id := page[strings.LastIndex(page, "/")+1:]
	own := p.do(t, "GET", sent.location, s["school"], nil)
	for _, want := range []string{"Het alert " + firstAlertCode() + " is verstuurd", webAlertText, "0 van de 2 ontvangers", "Nog niet gezien",
		"Vechtpartijen", "Alert afsluiten", `data-stand="0/2/1/0"`} {
		if !strings.Contains(own.body, want) {
			t.Errorf("the sender's page lacks %q", want)
		}
	}
	if strings.Contains(own.body, `/gezien"`) {
		t.Error("the sender is offered to acknowledge")
	}

	// The police acknowledges; youth work not yet. Youth work may not close it.
	police := p.do(t, "GET", page, s["partner"], nil)
	if !strings.Contains(police.body, webAlertText) || !strings.Contains(police.body, `action="/alerts/arnhem/`+id+`/gezien"`) || strings.Contains(police.body, "Alert afsluiten") {
		t.Errorf("the police's page: %d", police.status)
	}
	// From the alert the police asks the help desk; the form names the
	// alert by its code and its text stays on the alert.
	ask := "/hulploket/arnhem/nieuw?alert=" + id
	if !strings.Contains(police.body, `href="`+ask+`"`) {
		t.Errorf("the police's alert page has no way to the help desk")
	}
	if form := p.do(t, "GET", ask, s["partner"], nil); form.status != 200 || !strings.Contains(form.body, "gekoppeld aan alert "+firstAlertCode()) ||
		strings.Contains(form.body, webAlertText) {
		t.Errorf("the help desk form from the alert: %d", form.status)
	}
	if r := p.do(t, "POST", page+"/gezien", s["partner"], url.Values{}); r.status != 303 {
		t.Errorf("acknowledge: %d", r.status)
	}
	if r := p.do(t, "POST", page+"/afsluiten", s["jongerenwerk"], url.Values{"samenvatting": {"Klaar."}}); r.status != 403 {
		t.Errorf("youth work closes: %d", r.status)
	}
	own = p.do(t, "GET", page, s["school"], nil)
	if !strings.Contains(own.body, "1 van de 2 ontvangers") || !strings.Contains(own.body, "Gezien om") {
		t.Errorf("the sender does not see the acknowledgement")
	}

	// Who is outside the group sees nothing of it.
	for who, want := range map[string]int{"coordinator": 404, "otsv": 403} {
		if r := p.do(t, "GET", page, s[who], nil); r.status != want || strings.Contains(r.body, "stokken") {
			t.Errorf("%s: %d, want %d", who, r.status, want)
		}
	}

	// Closing needs a summary; then it is a signal.
	if r := p.do(t, "POST", page+"/afsluiten", s["school"], url.Values{"samenvatting": {" "}}); r.status != 400 || !strings.Contains(r.body, "Vat samen wat er is gebeurd en afgesproken.") {
		t.Errorf("close without summary: %d", r.status)
	}
	if r := p.do(t, "POST", page+"/afsluiten", s["school"], url.Values{"samenvatting": {"Wijkagent ter plaatse; groep uiteengegaan."}}); r.status != 303 {
		t.Fatalf("close: %d %s", r.status, r.body)
	}
	closed := p.do(t, "GET", page, s["school"], nil)
	if !strings.Contains(closed.body, "Afgesloten op") || !strings.Contains(closed.body, `id="naar-signaal"`) || strings.Contains(closed.body, "Alert afsluiten") {
		t.Errorf("closed page lacks the closure or the signal")
	}
	list = p.do(t, "GET", "/alerts/arnhem", s["partner"], nil)
	if !strings.Contains(list.body, firstAlertCode()) || !strings.Contains(list.body, "Afgesloten") {
		t.Errorf("the police's list lacks the closed alert")
	}
}

// event is one server-sent event.
type event struct {
	name string
	data map[string]any
}

// nextEvent reads the next event of the stream, skipping comments and the
// retry field; ok is false when the stream ended.
func nextEvent(r *bufio.Reader) (e event, ok bool) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return e, false
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			e.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data)
		case line == "" && e.name != "":
			return e, true
		}
	}
}

func openStream(t *testing.T, p *platform, session string, live bool) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", p.URL+"/alerts/stroom", nil)
	if live {
		req.Header.Set("Accept", "text/event-stream")
	}
	if session != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestAlertStream(t *testing.T) {
	hub := web.NewAlertHub()
	p, group, s := alertPlatform(t, hub)
	if resp := openStream(t, p, "", true); resp.StatusCode != 401 {
		t.Errorf("stream without login: %d", resp.StatusCode)
	}
	sent := p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {group.ID}, "tekst": {webAlertText}})
	if sent.status != 303 {
		t.Fatalf("raise: %d", sent.status)
	}
	page := strings.TrimSuffix(sent.location, "?melding=verstuurd")

	// A plain request gets the alerts of the moment and ends: the police
	// has one to acknowledge; the event names no text and no people.
	resp := openStream(t, p, s["partner"], false)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("content type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	e, ok := nextEvent(r)
	if !ok || e.name != "alert" || e.data["code"] != firstAlertCode() || e.data["adres"] != page || e.data["voorMij"] != true ||
		e.data["ontvangers"] != 2.0 || e.data["gezien"] != 0.0 {
		t.Fatalf("first event: %v %+v", ok, e)
	}
	if _, more := nextEvent(r); more {
		t.Error("a plain request got a second event")
	}
	// Coordinators outside the group hear nothing.
	if _, ok := nextEvent(bufio.NewReader(openStream(t, p, s["coordinator"], false).Body)); ok {
		t.Error("a non-member got an event")
	}

	// The sender's live stream: the alert at once, then the police's
	// acknowledgement, also after the server's timeouts have passed.
	live := openStream(t, p, s["school"], true)
	lr := bufio.NewReader(live.Body)
	e, ok = nextEvent(lr)
	if !ok || e.data["verstuurd"] != true || e.data["voorMij"] != false || e.data["stand"] != "0/2/1/0" {
		t.Fatalf("the sender's first event: %v %+v", ok, e)
	}
	time.Sleep(2500 * time.Millisecond) // past the read and write timeouts
	if r := p.do(t, "POST", page+"/gezien", s["partner"], url.Values{}); r.status != 303 {
		t.Fatalf("acknowledge: %d", r.status)
	}
	e, ok = nextEvent(lr)
	if !ok || e.data["gezien"] != 1.0 || e.data["stand"] != "1/2/1/0" {
		t.Fatalf("after the acknowledgement: %v %+v", ok, e)
	}
	for _, v := range e.data {
		if str, _ := v.(string); strings.Contains(str, "stokken") || strings.Contains(str, "Demo") {
			t.Errorf("the event carries content: %v", e.data)
		}
	}
	// Shutting down ends the stream.
	hub.Close()
	if _, ok := nextEvent(lr); ok {
		t.Error("the stream went on after the hub closed")
	}
}
