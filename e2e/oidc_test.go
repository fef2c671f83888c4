package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"log/slog"
	"net"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// A municipal employee logs in through their organisation's identity
// provider (a mock OpenID Connect provider here) and lands on their account.
func TestSingleSignOnInTheBrowser(t *testing.T) {
	requireBrowser(t)
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	idp, err := mockoidc.NewServer(key)
	if err != nil {
		t.Fatal(err)
	}
	idpLn, _ := net.Listen("tcp", "127.0.0.1:0")
	if err := idp.Start(idpLn, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })
	idp.QueueUser(&mockoidc.MockUser{Subject: "kc-42", Email: "p.regie@arnhem.example", EmailVerified: true, Groups: []string{"vios-regie"}})

	db := storetest.OpenWithDemo(t)
	appLn, _ := net.Listen("tcp", "127.0.0.1:0")
	base := "http://" + appLn.Addr().String()
	provider := web.OIDCProvider{ID: "keycloak-arnhem", Name: "Keycloak Arnhem", Issuer: idp.Issuer(), ClientID: idp.ClientID,
		EmailDomains: []string{"arnhem.example"},
		ClientSecret: idp.ClientSecret, Scopes: []string{"email", "profile", "groups"}, Municipality: "arnhem",
		RolesClaim: "groups", RoleMap: map[string]string{"vios-regie": vios.RoleRegisseur}, TrustMFA: true}
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		server.Options{BaseURL: base, OIDC: []web.OIDCProvider{provider}, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener.Close()
	ts.Listener = appLn
	ts.Start()
	t.Cleanup(ts.Close)

	tb := openTab(t, base)
	tb.open("/inloggen", 200)
	tb.checkAccessibility()
	// One navigation: the platform, the provider and back are redirects.
	if status := tb.follow(chromedp.Search(`//a[normalize-space()="Inloggen met Keycloak Arnhem"]`)); status != 200 || tb.path() != "/vandaag" {
		t.Fatalf("after SSO: status %d at %s", status, tb.path())
	}
	tb.open("/account", 200)
	if got := tb.text("#naam"); got != "p.regie@arnhem.example" {
		t.Errorf("logged in as %q", got)
	}
	if roles := tb.table("#rollen"); len(roles.Rows) != 1 || roles.Rows[0][0] != "Regisseur (gemeente)" {
		t.Errorf("roles after SSO: %v", roles.Rows)
	}
	tb.checkAccessibility()
}
