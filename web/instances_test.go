package web_test

import (
	"bufio"
	"context"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// listenForAlerts wakes hub whenever an alert changes through any instance
// (LISTEN/NOTIFY), as `vios serve` does, and returns once it listens; the
// listener stops before the database closes.
func listenForAlerts(t *testing.T, db *store.DB, hub *web.AlertHub) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done, ready := make(chan struct{}), make(chan struct{})
	var once sync.Once
	go func() {
		defer close(done)
		db.ListenAlerts(ctx, func() { once.Do(func() { close(ready) }); hub.Notify() }, func(err error) { t.Logf("listener: %v", err) })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("the alert listener did not start")
	}
}

// Three instances over one PostgreSQL database, as three `vios serve`
// behind a load balancer, each with its own pools, alert hub and listener:
// a user logged in on one is served by the others, and a change to an
// alert made through one reaches a live stream on another. The streams
// poll once an hour here, so only the notification can bring the news.
func TestInstancesShareSessionsAndLiveAlerts(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	dbA := storetest.OpenDSN(t, dsn)
	if _, err := demo.Load(context.Background(), dbA.Organisations); err != nil {
		t.Fatal(err)
	}
	options := func(hub *web.AlertHub) server.Options {
		return server.Options{Demo: true, HashConcurrency: 1, AlertHub: hub, AlertPoll: time.Hour}
	}
	hubA := web.NewAlertHub()
	listenForAlerts(t, dbA, hubA)
	a, group, s := alertPlatformWith(t, newPlatformOn(t, dbA, server.Options{Demo: true, HashConcurrency: 1}), options(hubA))
	instance := func() *platform {
		db := storetest.OpenDSN(t, dsn)
		hub := web.NewAlertHub()
		listenForAlerts(t, db, hub)
		srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), options(hub))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		t.Cleanup(hub.Close) // before ts.Close: it waits for the open streams
		return &platform{Server: ts, db: db, srv: srv, arnhemID: a.arnhemID}
	}
	b, c := instance(), instance()

	// Logged in on A, served by B and C; logged out on B, out on C too.
	for name, p := range map[string]*platform{"B": b, "C": c} {
		if r := p.do(t, "GET", "/alerts/arnhem", s["partner"], nil); r.status != 200 || !strings.Contains(r.body, "Acute alerts in") {
			t.Errorf("instance %s does not know the session of A: %d", name, r.status)
		}
	}
	if r := b.do(t, "POST", "/uitloggen", s["coordinator"], url.Values{}); r.status != 303 {
		t.Fatalf("log out on B: %d", r.status)
	}
	if r := c.do(t, "GET", "/alerts/arnhem", s["coordinator"], nil); r.status == 200 {
		t.Error("a session ended on B still serves on C")
	}

	// The police's live stream on C, subscribed before anything happens.
	live := openStream(t, c, s["partner"], true)
	stop := time.AfterFunc(time.Minute, func() { live.Body.Close() }) // never hang the suite
	defer stop.Stop()
	lr := bufio.NewReader(live.Body)
	if line, err := lr.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream on C: %q %v", line, err)
	}
	// Raised through A.
	sent := a.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {group.ID}, "tekst": {webAlertText}})
	if sent.status != 303 {
		t.Fatalf("raise on A: %d", sent.status)
	}
	e, ok := nextEvent(lr)
	if !ok || e.data["code"] != firstAlertCode() || e.data["voorMij"] != true || e.data["gezien"] != 0.0 {
		t.Fatalf("the alert raised on A on C's stream: %v %+v", ok, e)
	}
	// Acknowledged through B: C's stream hears of it only by notification.
	page := strings.TrimSuffix(sent.location, "?melding=verstuurd")
	if r := b.do(t, "POST", page+"/gezien", s["partner"], url.Values{}); r.status != 303 {
		t.Fatalf("acknowledge on B: %d", r.status)
	}
	e, ok = nextEvent(lr)
	if !ok || e.data["gezien"] != 1.0 || e.data["voorMij"] != false {
		t.Fatalf("the acknowledgement on B on C's stream: %v %+v", ok, e)
	}
}
