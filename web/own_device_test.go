package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/web"
)

// A user marks the device in hand as their own on /account: a long-lived,
// HttpOnly cookie with a random id, listed with "vergeten". On that device
// the login page starts with the passkey (which must verify its user);
// forgetting the device or removing the passkey stops it.
func TestOwnDeviceOffersThePasskey(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1, BaseURL: "https://vios.gemeente.example"})
	ctx := context.Background()
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	u, _, err := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}

	// Without a passkey the account page asks for one first.
	if page := p.do(t, "GET", "/account", s, nil).body; !strings.Contains(page, "Voeg eerst een passkey toe") {
		t.Error("the account page offers the device mark without a passkey")
	}
	if err := p.db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: "pk-telefoon", UserID: u.ID, Name: "telefoon", Credential: "{}"}); err != nil {
		t.Fatal(err)
	}
	if page := p.do(t, "GET", "/account", s, nil).body; !strings.Contains(page, "Dit is mijn eigen apparaat") {
		t.Fatal("the account page does not offer the device mark")
	}
	mark := p.do(t, "POST", "/account/apparaten", s, url.Values{"apparaat-naam": {"Werktelefoon"}})
	var device *http.Cookie
	for _, c := range mark.cookies {
		if c.Name == web.DeviceCookie {
			device = c
		}
	}
	if mark.status != http.StatusSeeOther || device == nil || !device.HttpOnly || !device.Secure || device.MaxAge < 300*24*3600 {
		t.Fatalf("marking: %d, cookie %+v", mark.status, device)
	}
	if strings.Contains(device.Value, u.ID) || strings.Contains(device.Value, "regisseur") {
		t.Error("the device cookie carries who it is")
	}
	onDevice := []string{"Cookie", web.DeviceCookie + "=" + device.Value}
	page := p.do(t, "GET", "/account", s, nil, onDevice...).body
	if !strings.Contains(page, "Werktelefoon (dit apparaat)") || !strings.Contains(page, "vergeten") {
		t.Error("the account page does not list this device")
	}

	// The login page on the device starts with the passkey; elsewhere not.
	if login := p.do(t, "GET", "/inloggen", "", nil, onDevice...).body; !strings.Contains(login, `data-passkey="device"`) {
		t.Error("the login page on the own device does not offer the passkey")
	}
	if login := p.do(t, "GET", "/inloggen", "", nil).body; strings.Contains(login, `data-passkey="device"`) {
		t.Error("the login page offers the device passkey without the device")
	}
	if login := p.do(t, "GET", "/inloggen", "", nil, "Cookie", web.DeviceCookie+"=geraden").body; strings.Contains(login, `data-passkey="device"`) {
		t.Error("a guessed device id counts")
	}
	// The ceremony begins with a login session that only the passkey can
	// complete, and asks the passkey to verify its user.
	begin := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...)
	if begin.status != 200 || begin.cookie == nil || !strings.Contains(begin.body, `"userVerification":"required"`) {
		t.Fatalf("begin: %d %s", begin.status, begin.body)
	}
	if r := p.do(t, "GET", "/vandaag", begin.cookie.Value, nil); r.status != http.StatusSeeOther || r.location != "/inloggen" {
		t.Errorf("the half-done login opens Vandaag: %d %s", r.status, r.location)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/finish", begin.cookie.Value, nil, onDevice...); r.status != http.StatusBadRequest && r.status != http.StatusUnauthorized {
		t.Errorf("finish without a passkey's answer: %d", r.status)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil); r.status != http.StatusUnauthorized {
		t.Errorf("begin without the device: %d", r.status)
	}

	// Removing the passkey stops it; so does forgetting the device.
	if err := p.db.Accounts.RemovePasskey(ctx, u.ID, "pk-telefoon"); err != nil {
		t.Fatal(err)
	}
	if login := p.do(t, "GET", "/inloggen", "", nil, onDevice...).body; strings.Contains(login, `data-passkey="device"`) {
		t.Error("the device passkey is offered without a passkey")
	}
	devices, err := p.db.Accounts.ListOwnDevices(ctx, u.ID)
	if err != nil || len(devices) != 1 {
		t.Fatalf("devices: %d %v", len(devices), err)
	}
	other := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "POST", "/account/apparaten/"+devices[0].IDHash[:16]+"/vergeten", other, nil); r.status != http.StatusNotFound {
		t.Errorf("another user forgets the device: %d", r.status)
	}
	forget := p.do(t, "POST", "/account/apparaten/"+devices[0].IDHash[:16]+"/vergeten", s, nil, onDevice...)
	if forget.status != http.StatusSeeOther || forget.location != "/account?melding=apparaat-vergeten" {
		t.Fatalf("forget: %d %s", forget.status, forget.location)
	}
	if devices, _ := p.db.Accounts.ListOwnDevices(ctx, u.ID); len(devices) != 0 {
		t.Error("the device is still marked")
	}
	if err := p.db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: "pk-nieuw", UserID: u.ID, Name: "nieuw", Credential: "{}"}); err != nil {
		t.Fatal(err)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...); r.status != http.StatusUnauthorized {
		t.Errorf("begin on a forgotten device: %d", r.status)
	}
}
