package store_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

func pushKeys(t *testing.T) (p256dh, auth string) {
	t.Helper()
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	return base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(secret)
}

// A device is refused for another user's endpoint, for a host that is no
// known push service (the server would POST there), for plain http and for
// another user's account; a refusal changes nothing.
func TestPushSubscriptionBadInput(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	police, _, err := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	school, _, err := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	asPolice, asSchool := asUser(police), asUser(school)
	p256dh, auth := pushKeys(t)
	const endpoint = "https://fcm.googleapis.com/fcm/send/apparaat-wijkagent"
	phone := &vios.PushSubscription{UserID: police.ID, Name: "Telefoon", Endpoint: endpoint, P256dh: p256dh, Auth: auth}
	if err := db.Accounts.AddPushSubscription(asPolice, phone); err != nil {
		t.Fatal(err)
	}
	// The same endpoint again for the same user renews it.
	again := &vios.PushSubscription{UserID: police.ID, Name: "Werktelefoon", Endpoint: endpoint, P256dh: p256dh, Auth: auth}
	if err := db.Accounts.AddPushSubscription(asPolice, again); err != nil || again.ID != phone.ID {
		t.Fatalf("renew: %v, id %q want %q", err, again.ID, phone.ID)
	}

	for _, c := range []struct {
		name string
		ctx  context.Context
		s    vios.PushSubscription
		code string
	}{
		{"another user's endpoint", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: endpoint, P256dh: p256dh, Auth: auth}, vios.ECONFLICT},
		{"no push service", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "https://intranet.gemeente.example/admin", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"an address inside", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "https://169.254.169.254/latest", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"a look-alike host", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "https://fcm.googleapis.com.evil.example/x", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"plain http", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "http://fcm.googleapis.com/fcm/send/x", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"another port", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "https://fcm.googleapis.com:8443/fcm/send/x", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"broken keys", asSchool, vios.PushSubscription{UserID: school.ID, Name: "Laptop", Endpoint: "https://web.push.apple.com/abc", P256dh: "abc", Auth: "def"}, vios.EINVALID},
		{"no name", asSchool, vios.PushSubscription{UserID: school.ID, Name: " ", Endpoint: "https://web.push.apple.com/abc", P256dh: p256dh, Auth: auth}, vios.EINVALID},
		{"for someone else", asSchool, vios.PushSubscription{UserID: police.ID, Name: "Laptop", Endpoint: "https://web.push.apple.com/abc", P256dh: p256dh, Auth: auth}, vios.EFORBIDDEN},
	} {
		s := c.s
		if err := db.Accounts.AddPushSubscription(c.ctx, &s); vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		} else if msg := vios.ErrorMessage(err); msg == "" || containsAny(msg, s.Endpoint, "intranet", "169.254") {
			t.Errorf("%s: message %q", c.name, msg)
		}
	}
	for user, want := range map[string]int{police.ID: 1, school.ID: 0} {
		if list, err := db.Accounts.ListPushSubscriptions(ctx, user); err != nil || len(list) != want {
			t.Errorf("devices of %s: %d %v, want %d", user, len(list), err, want)
		}
	}
	list, _ := db.Accounts.ListPushSubscriptions(ctx, police.ID)
	if list[0].Name != "Werktelefoon" || list[0].Service() != "fcm.googleapis.com" {
		t.Errorf("renewed device: %q %q", list[0].Name, list[0].Service())
	}

	// Apple and Windows push services are known by their domain.
	for _, e := range []string{"https://web.push.apple.com/QGx", "https://db5p.notify.windows.com/w/?token=x", "https://updates.push.services.mozilla.com/wpush/v2/x"} {
		p256dh, auth := pushKeys(t)
		if err := db.Accounts.AddPushSubscription(asSchool, &vios.PushSubscription{UserID: school.ID, Name: "Apparaat", Endpoint: e, P256dh: p256dh, Auth: auth}); err != nil {
			t.Errorf("%s: %v", e, err)
		}
	}

	// Removing: only one's own device.
	if err := db.Accounts.RemovePushSubscription(asSchool, school.ID, phone.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("remove another user's device: %v", err)
	}
	if err := db.Accounts.RemovePushSubscription(asPolice, police.ID, phone.ID); err != nil {
		t.Errorf("remove own device: %v", err)
	}
	if list, _ := db.Accounts.ListPushSubscriptions(ctx, police.ID); len(list) != 0 {
		t.Errorf("after removal: %d devices", len(list))
	}
}

func containsAny(s string, parts ...string) bool {
	return slices.ContainsFunc(parts, func(p string) bool { return p != "" && strings.Contains(s, p) })
}
