package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
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
	// An open session is not enough to mark the device: the login must have
	// been completed by the passkey, minutes ago.
	if r := p.do(t, "POST", "/account/apparaten", s, url.Values{"apparaat-naam": {"Werktelefoon"}}); r.status != http.StatusForbidden {
		t.Errorf("marking after a password login: %d", r.status)
	}
	start := p.db.Now()
	s = passkeySession(t, p, u.ID)
	p.db.Now = func() time.Time { return start.Add(11 * time.Minute) }
	if r := p.do(t, "POST", "/account/apparaten", s, url.Values{"apparaat-naam": {"Werktelefoon"}}); r.status != http.StatusForbidden {
		t.Errorf("marking 11 minutes after the passkey login: %d", r.status)
	}
	p.db.Now = func() time.Time { return start }
	if devices, _ := p.db.Accounts.ListOwnDevices(ctx, u.ID); len(devices) != 0 {
		t.Fatal("a refused mark left a device")
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
	// The ceremony begins without a login session: nothing but its finish,
	// with a passkey that verified its user, can log in.
	begin := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...)
	if begin.status != 200 || !strings.Contains(begin.body, `"userVerification":"required"`) {
		t.Fatalf("begin: %d %s", begin.status, begin.body)
	}
	if begin.cookie != nil {
		t.Fatal("the device's begin opens a login session")
	}
	// Nothing halfway through a login for the second-factor pages to
	// complete without the password.
	for _, path := range []string{"/inloggen/tweede-factor-instellen", "/inloggen/tweede-factor"} {
		if r := p.do(t, "POST", path, "", url.Values{"geheim": {"JBSWY3DPEHPK3PXPJBSWY3DP"}, "code": {"123456"}}, onDevice...); r.status != http.StatusSeeOther || r.location != "/inloggen" {
			t.Errorf("%s after the device's begin: %d %s", path, r.status, r.location)
		}
	}
	if r := p.do(t, "POST", "/inloggen/passkey/begin", "", nil, onDevice...); r.status != http.StatusUnauthorized {
		t.Errorf("the second-factor passkey after the device's begin: %d", r.status)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/finish", "", nil, onDevice...); (r.status != http.StatusBadRequest && r.status != http.StatusUnauthorized) || r.cookie != nil {
		t.Errorf("finish without a passkey's answer: %d", r.status)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/finish", "", nil, onDevice...); r.status != http.StatusBadRequest {
		t.Errorf("finish a second time: %d", r.status)
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil); r.status != http.StatusUnauthorized {
		t.Errorf("begin without the device: %d", r.status)
	}

	// Forgetting the device stops it; only its user can forget it.
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
	if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...); r.status != http.StatusUnauthorized {
		t.Errorf("begin on a forgotten device: %d", r.status)
	}

	// Removing the last passkey forgets the device too: a passkey added
	// later does not revive it.
	device = markDevice(t, p, passkeySession(t, p, u.ID))
	onDevice = []string{"Cookie", web.DeviceCookie + "=" + device.Value}
	if err := p.db.Accounts.RemovePasskey(ctx, u.ID, "pk-telefoon"); err != nil {
		t.Fatal(err)
	}
	if devices, _ := p.db.Accounts.ListOwnDevices(ctx, u.ID); len(devices) != 0 {
		t.Error("the device outlives the last passkey")
	}
	if err := p.db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: "pk-nieuw", UserID: u.ID, Name: "nieuw", Credential: "{}"}); err != nil {
		t.Fatal(err)
	}
	if login := p.do(t, "GET", "/inloggen", "", nil, onDevice...).body; strings.Contains(login, `data-passkey="device"`) {
		t.Error("the device passkey is offered after the last passkey was removed")
	}
	if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...); r.status != http.StatusUnauthorized {
		t.Errorf("begin after the last passkey was removed: %d", r.status)
	}

	// Blocking the user, an administrator ending their sessions, and a
	// password reset forget the device.
	arnhem := p.arnhemID
	admin := vios.NewSystemContext(ctx, "testopzet")
	for what, revoke := range map[string]func() error{
		"blocked":        func() error { return p.db.Accounts.SetUserDisabled(admin, u.ID, true, arnhem) },
		"sessions ended": func() error { return p.db.Accounts.EndUserSessions(admin, u.ID, arnhem) },
		"password reset": func() error {
			_, hash := auth.NewToken()
			if err := p.db.Accounts.CreateUserToken(ctx, u.ID, hash, "wachtwoordherstel", time.Hour); err != nil {
				return err
			}
			return p.db.Accounts.UseUserToken(ctx, hash, "wachtwoordherstel", "nieuw")
		},
	} {
		if err := p.db.Accounts.SetUserDisabled(admin, u.ID, false, arnhem); err != nil {
			t.Fatal(err)
		}
		device := markDevice(t, p, passkeySession(t, p, u.ID))
		if err := revoke(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if devices, _ := p.db.Accounts.ListOwnDevices(ctx, u.ID); len(devices) != 0 {
			t.Errorf("%s: the device is still marked", what)
		}
		if r := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, "Cookie", web.DeviceCookie+"="+device.Value); r.status != http.StatusUnauthorized {
			t.Errorf("%s: begin on the device: %d", what, r.status)
		}
	}
}

// passkeySession is the cookie of a session of the user whose login was
// just completed by a passkey.
func passkeySession(t *testing.T, p *platform, userID string) string {
	t.Helper()
	ctx := context.Background()
	_, id := auth.NewToken()
	token, newID := auth.NewToken()
	if err := p.db.Accounts.CreateSession(ctx, &vios.Session{ID: id, UserID: userID}, vios.SessionPolicy{Idle: time.Hour, Absolute: time.Hour}, false); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Accounts.CompleteMFA(ctx, id, newID, "passkey"); err != nil {
		t.Fatal(err)
	}
	return token
}

// markDevice marks a device as the session's user's own, and returns its cookie.
func markDevice(t *testing.T, p *platform, session string) *http.Cookie {
	t.Helper()
	mark := p.do(t, "POST", "/account/apparaten", session, url.Values{"apparaat-naam": {"Telefoon"}})
	for _, c := range mark.cookies {
		if c.Name == web.DeviceCookie {
			return c
		}
	}
	t.Fatalf("marking: %d", mark.status)
	return nil
}
