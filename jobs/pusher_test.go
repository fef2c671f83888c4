package jobs

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/jobs/pushtest"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/notify"
)

// An alert reaches the phone of a member of the alert group end to end:
// queued with the mail in the alert's transaction, encrypted for the
// device, signed with the platform's VAPID key, decrypted by the push
// service, and it carries nothing about anyone. A device whose push
// service answers 410 is removed.
func TestPushEndToEnd(t *testing.T) {
	ctx := context.Background()
	w, vapid, service := newPushWorld(t)
	db, users, as := w.db, w.users, w.as

	// The police member's phone, and an old laptop whose subscription expired.
	subscribe := func(path, name string) *vios.PushSubscription {
		endpoint, p256dh, auth := service.Device(path)
		s := &vios.PushSubscription{UserID: users[vios.RolePartner].ID, Name: name, Endpoint: endpoint, P256dh: p256dh, Auth: auth}
		if err := db.Accounts.AddPushSubscription(as(vios.RolePartner), s); err != nil {
			t.Fatalf("subscribe %s: %v", name, err)
		}
		return s
	}
	phone := subscribe("/push/telefoon-wijkagent", "Telefoon")
	subscribe("/gone/laptop-wijkagent", "Oude laptop")

	const text = "Vechtpartij bij de tramhalte; Sem de Wit dreigt via Snapchat."
	alert := &vios.Alert{MunicipalityID: w.arnhem.ID, NetworkID: w.group.ID, Text: text, EscalateAfter: 5}
	if err := db.Alerts.RaiseAlert(as(vios.RoleSchool), alert); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Logs.PendingPush(ctx); err != nil || n != 2 {
		t.Fatalf("queued pushes: %d %v, want 2 (both devices of the police member)", n, err)
	}

	p := &Pusher{Store: db.Logs, Keys: VAPID{PublicKey: vapid.PublicKey, PrivateKey: vapid.PrivateKey, Subscriber: "noreply@vios.example"},
		Hosts: db.PushHosts, Client: service.Server.Client(), Logger: slog.New(slog.DiscardHandler)}
	sent, failed, err := p.SendPending(ctx)
	if err != nil || sent != 1 || failed != 1 {
		t.Fatalf("pass: sent %d, failed %d, %v; want 1 and 1 (the expired laptop)", sent, failed, err)
	}

	got := service.Payloads("/push/telefoon-wijkagent")
	if len(got) != 1 {
		t.Fatalf("the phone got %d pushes, want 1", len(got))
	}
	var push notify.Push
	if err := json.Unmarshal([]byte(got[0]), &push); err != nil {
		t.Fatalf("payload %q: %v", got[0], err)
	}
	if want := notify.AlertRaisedPush("arnhem", alert.ID); push != want {
		t.Errorf("payload %+v, want %+v", push, want)
	}
	if push.Body != "Er is een nieuwe alert voor uw school." {
		t.Errorf("body %q", push.Body)
	}
	// Content-free: no name, no address, no free text, no code, no network.
	for _, personal := range []string{"Sem", "Wit", "tramhalte", text, alert.Code, w.group.Name,
		users[vios.RolePartner].Email, users[vios.RolePartner].Name, users[vios.RoleSchool].Name, users[vios.RoleSchool].Email} {
		if personal != "" && strings.Contains(got[0], personal) {
			t.Errorf("payload %q carries %q", got[0], personal)
		}
	}

	// The expired laptop is gone, with what was queued for it; the phone stays.
	list, err := db.Accounts.ListPushSubscriptions(ctx, users[vios.RolePartner].ID)
	if err != nil || len(list) != 1 || list[0].ID != phone.ID || list[0].LastUsedAt == nil {
		t.Fatalf("devices after the pass: %+v %v; want the phone only, marked reached", list, err)
	}
	if n, err := db.Logs.PendingPush(ctx); err != nil || n != 0 {
		t.Errorf("queue after the pass: %d %v", n, err)
	}

	// The mail went in the same transaction, as before.
	mails, err := db.Accounts.ListMail(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	mailed := false
	for _, m := range mails {
		mailed = mailed || m.Recipient == users[vios.RolePartner].Email
	}
	if !mailed {
		t.Error("no alert mail to the police member")
	}
	if sent, failed, err := p.SendPending(ctx); sent+failed != 0 || err != nil {
		t.Errorf("second pass: %d %d %v", sent, failed, err)
	}
}

// A push service that fails is tried again later; the notice is not lost.
func TestPushRetriedAfterFailure(t *testing.T) {
	ctx := context.Background()
	w, vapid, service := newPushWorld(t)
	db, u := w.db, w.users[vios.RolePartner]
	endpoint, p256dh, auth := service.Device("/push/later")
	if err := db.Accounts.AddPushSubscription(vios.NewContextWithActor(ctx, &vios.Actor{User: u}),
		&vios.PushSubscription{UserID: u.ID, Name: "Telefoon", Endpoint: endpoint, P256dh: p256dh, Auth: auth}); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.QueuePush(ctx, u.Email, notify.ActionAssignedPush("arnhem", "actie-1")); err != nil {
		t.Fatal(err)
	}
	// The push service is down: the client cannot reach it.
	down := &Pusher{Store: db.Logs, Keys: VAPID{PublicKey: vapid.PublicKey, PrivateKey: vapid.PrivateKey, Subscriber: "noreply@vios.example"},
		Hosts: db.PushHosts, Logger: slog.New(slog.DiscardHandler)} // default client: does not trust the test certificate
	if sent, failed, _ := down.SendPending(ctx); sent != 0 || failed != 1 {
		t.Fatalf("while down: sent %d failed %d", sent, failed)
	}
	up := &Pusher{Store: db.Logs, Keys: down.Keys, Hosts: db.PushHosts, Client: service.Server.Client(), Logger: slog.New(slog.DiscardHandler)}
	if sent, _, _ := up.SendPending(ctx); sent != 0 {
		t.Fatalf("retried before its wait: %d", sent)
	}
	w.now = w.now.Add(2 * time.Minute)
	if sent, failed, err := up.SendPending(ctx); sent != 1 || failed != 0 || err != nil {
		t.Fatalf("after the wait: sent %d failed %d %v", sent, failed, err)
	}
	if got := service.Payloads("/push/later"); len(got) != 1 || !strings.Contains(got[0], "U heeft een nieuw actiepunt.") {
		t.Errorf("payloads %q", got)
	}
}

// newPushWorld is the alert world with the platform's VAPID keys made in a
// temporary data folder and an in-process push service the store accepts.
func newPushWorld(t *testing.T) (*alertWorld, keys.VAPIDKeys, *pushtest.Service) {
	t.Helper()
	w := newAlertWorld(t)
	vapid, created, err := keys.LoadOrCreateVAPID(filepath.Join(t.TempDir(), keys.VAPIDFileName))
	if err != nil || !created {
		t.Fatalf("vapid keys: %v %v", created, err)
	}
	service := pushtest.New(t, vapid.PublicKey)
	host, _ := url.Parse(service.Server.URL)
	w.db.PushHosts = []string{host.Host}
	return w, vapid, service
}
