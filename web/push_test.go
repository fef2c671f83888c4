package web_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/web"
)

// postJSON posts body as JSON with the session, as app-install.js does.
func postJSON(t *testing.T, p *platform, path, session, body string) (int, map[string]string) {
	t.Helper()
	req, _ := http.NewRequest("POST", p.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer map[string]string
	json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer
}

func subscriptionJSON(t *testing.T, endpoint string) string {
	t.Helper()
	key, _ := ecdh.P256().GenerateKey(rand.Reader)
	secret := make([]byte, 16)
	rand.Read(secret)
	b, _ := json.Marshal(map[string]any{"naam": "Telefoon", "endpoint": endpoint, "keys": map[string]string{
		"p256dh": base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), "auth": base64.RawURLEncoding.EncodeToString(secret)}})
	return string(b)
}

var removeDevice = regexp.MustCompile(`action="(/account/meldingen/[^/"]+/verwijderen)"`)

// A user turns on push notifications for a device on /account, sees it
// listed and removes it; a subscription to a host that is no push
// service is refused with a Dutch reason.
func TestPushOptInOnAccount(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1, PushPublicKey: "BPlatformPublicKey"})
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	page := p.do(t, "GET", "/account", s, nil).body
	if !strings.Contains(page, `data-key="BPlatformPublicKey"`) || !strings.Contains(page, "U krijgt op geen enkel apparaat meldingen.") {
		t.Fatalf("account page without the opt-in: %s", page)
	}

	status, answer := postJSON(t, p, "/account/meldingen", s, subscriptionJSON(t, "https://intranet.gemeente.example/beheer"))
	if status != http.StatusBadRequest || !strings.Contains(answer["fout"], "bekende pushdienst") || strings.Contains(answer["fout"], "intranet") {
		t.Errorf("internal host: %d %v", status, answer)
	}
	if status, answer := postJSON(t, p, "/account/meldingen", s, "geen json"); status != http.StatusBadRequest || answer["fout"] == "" {
		t.Errorf("no JSON: %d %v", status, answer)
	}
	if status, _ := postJSON(t, p, "/account/meldingen", "", subscriptionJSON(t, "https://fcm.googleapis.com/fcm/send/x")); status != http.StatusUnauthorized {
		t.Errorf("without login: %d", status)
	}

	status, answer = postJSON(t, p, "/account/meldingen", s, subscriptionJSON(t, "https://fcm.googleapis.com/fcm/send/telefoon-regisseur"))
	if status != http.StatusOK || !strings.HasPrefix(answer["naar"], "/account?melding=push-aan") {
		t.Fatalf("subscribe: %d %v", status, answer)
	}
	page = p.do(t, "GET", "/account?melding=push-aan", s, nil).body
	if !strings.Contains(page, "Dit apparaat krijgt voortaan meldingen.") || !strings.Contains(page, "Telefoon (fcm.googleapis.com)") ||
		strings.Contains(page, "telefoon-regisseur") {
		t.Fatalf("account page after subscribing (the endpoint must not show): %s", page)
	}
	// Another user cannot take over this device's endpoint.
	other := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if status, answer := postJSON(t, p, "/account/meldingen", other, subscriptionJSON(t, "https://fcm.googleapis.com/fcm/send/telefoon-regisseur")); status != http.StatusConflict {
		t.Errorf("another user's endpoint: %d %v", status, answer)
	}
	m := removeDevice.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no remove button")
	}
	if r := p.do(t, "POST", m[1], other, nil); r.status != http.StatusNotFound {
		t.Errorf("another user removes the device: %d", r.status)
	}
	if r := p.do(t, "POST", m[1], s, nil); r.status != http.StatusSeeOther || !strings.Contains(r.location, "push-uit") {
		t.Fatalf("remove: %d %q", r.status, r.location)
	}
	if page := p.do(t, "GET", "/account", s, nil).body; !strings.Contains(page, "U krijgt op geen enkel apparaat meldingen.") {
		t.Error("the device is still listed")
	}
}

// Without a push key the account page says push is not offered.
func TestPushNotOffered(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1})
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if page := p.do(t, "GET", "/account", s, nil).body; !strings.Contains(page, "Dit platform verstuurt geen pushmeldingen.") || strings.Contains(page, "data-push") {
		t.Errorf("account page offers push without a key")
	}
}

// The manifest, the service worker and the offline page are public, and the
// offline page (kept in the browser's cache) shows nobody's name.
func TestInstallableApp(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1})
	fetch := func(path, session string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", p.URL+path, nil)
		if session != "" {
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := fetch("/manifest.webmanifest", "")
	var manifest struct {
		Name, ShortName, Lang, StartURL, Display, ThemeColor string
		Icons                                                []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal([]byte(body), &manifest); err != nil || resp.Header.Get("Content-Type") != "application/manifest+json" {
		t.Fatalf("manifest: %v %q", err, resp.Header.Get("Content-Type"))
	}
	sizes := map[string]bool{}
	for _, icon := range manifest.Icons {
		sizes[icon.Sizes+" "+icon.Purpose] = true
		if r, _ := fetch(icon.Src, ""); r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != icon.Type {
			t.Errorf("icon %s: %d %q", icon.Src, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
	if manifest.Lang != "nl" || manifest.Display != "standalone" || !sizes["192x192 any"] || !sizes["512x512 any"] || !sizes["512x512 maskable"] {
		t.Errorf("manifest: %+v", manifest)
	}

	resp, body = fetch("/sw.js", "")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !regexp.MustCompile(`"vios-shell-[0-9a-f]{16}"`).MatchString(body) {
		t.Errorf("service worker: %q %.200s", resp.Header.Get("Content-Type"), body)
	}

	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	u, _, err := p.db.Accounts.FindCredentials(context.Background(), "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	resp, body = fetch("/offline", s)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Geen verbinding") || strings.Contains(body, u.Name) || strings.Contains(body, "/uitloggen") {
		t.Errorf("offline page for a logged-in browser: %d %s", resp.StatusCode, body)
	}
	if _, body := fetch("/account", s); !strings.Contains(body, `<link rel="manifest" href="/manifest.webmanifest">`) {
		t.Error("the layout does not link the manifest")
	}
}
