package e2e

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// A school employee adds a passkey and logs in with it instead of a code.
// WebAuthn refuses IP addresses as relying party, so this platform is
// reached as localhost; the authenticator is Chromium's virtual one.
func TestPasskeyAsSecondFactor(t *testing.T) {
	requireBrowser(t)
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, _ := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem.ID, Kind: vios.OrgSchool})
	u := &vios.User{Email: "mentor@school.example", Name: "Mila Mentor",
		Memberships: []vios.Membership{{MunicipalityID: arnhem.ID, OrganisationID: schools[0].ID, Role: vios.RoleSchool}}}
	if err := db.Accounts.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	secret, _, _, _ := auth.NewTOTP(u.Email)
	db.Accounts.SetTOTP(ctx, u.ID, secret, nil)

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	base := "http://localhost:" + strings.Split(ln.Addr().String(), ":")[1]
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		server.Options{BaseURL: base, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)

	tb := openTab(t, base)
	tb.call("virtual authenticator", func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
			Options: &webauthn.VirtualAuthenticatorOptions{Protocol: webauthn.AuthenticatorProtocolCtap2,
				Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
				IsUserVerified: true, AutomaticPresenceSimulation: true}})
		return err
	})

	// First login with the app's code, then add a passkey.
	tb.open("/inloggen", 200)
	tb.submitLogin(u.Email, loginTestPassword)
	tb.do("type the code", chromedp.SendKeys(chromedp.CSS("#code"), auth.TOTPCode(secret, time.Now())))
	tb.follow(chromedp.Search(`//button[normalize-space()="Bevestigen"]`))
	if tb.path() != "/vandaag" {
		t.Fatalf("after the code: %s", tb.path())
	}
	tb.open("/account", 200)
	tb.checkAccessibility()
	tb.do("name the passkey", chromedp.SetValue(chromedp.CSS("#passkey-naam"), "Werktelefoon"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Passkey toevoegen"]`)))
	waitThroughNavigation(tb, "the passkey is added", `location.search.includes("passkey-toegevoegd") && !!document.getElementById("passkeys")`)
	if got := tb.text("#passkeys"); !strings.Contains(got, "Werktelefoon") {
		t.Errorf("passkeys listed: %q", got)
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))

	// Next login: password, then the passkey instead of a code.
	tb.open("/inloggen", 200)
	tb.submitLogin(u.Email, loginTestPassword)
	tb.checkAccessibility()
	tb.do("use the passkey", chromedp.Click(chromedp.Search(`//button[normalize-space()="Inloggen met passkey"]`)))
	waitThroughNavigation(tb, "logged in with the passkey", `location.pathname === "/vandaag"`)
	tb.open("/account", 200)
	if got := tb.text("#naam"); got != "Mila Mentor" {
		t.Errorf("logged in as %q", got)
	}

	// This is her own phone: she marks it, and the next login is one touch
	// of the passkey, without the password.
	tb.follow(chromedp.Search(`//button[normalize-space()="Dit is mijn eigen apparaat"]`))
	if got := tb.text("#eigen-apparaat"); !strings.Contains(got, "gemarkeerd als uw eigen apparaat") {
		t.Fatalf("after marking the device: %q", got)
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))
	tb.open("/inloggen", 200)
	tb.checkAccessibility()
	tb.do("one touch", chromedp.Click(chromedp.CSS("#apparaat-inloggen")))
	waitThroughNavigation(tb, "logged in on the own device", `location.pathname === "/vandaag"`)
	tb.open("/account", 200)
	if got := tb.text("#naam"); got != "Mila Mentor" {
		t.Errorf("logged in on the own device as %q", got)
	}
}

// waitThroughNavigation polls a condition across page loads (a script
// navigates when a ceremony ends), failing after ten seconds.
func waitThroughNavigation(tb *tab, what, condition string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](condition))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	status, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`(document.getElementById("passkey-status") || {}).textContent || location.href`))
	tb.t.Fatalf("%s: not reached; the page shows %q", what, status)
}
