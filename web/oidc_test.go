package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

// ssoSetup is the platform with one provider, a mock IdP that accepts only
// private_key_jwt client authentication (it checks the assertion, then lets
// mockoidc do the rest), and a record of what reached the token endpoint.
type ssoSetup struct {
	*platform
	idp            *mockoidc.MockOIDC
	provider       string       // the provider's id
	assertions     []string     // client assertions that reached the token endpoint
	verifiers      []string     // PKCE verifiers that reached it
	authorizations []url.Values // authorization requests
	endSessions    []url.Values // RP-initiated logout requests
	endSession     *httptest.Server
}

func newSSO(t testing.TB, trustMFA bool) *ssoSetup {
	return newSSOWith(t, false, func(idp *mockoidc.MockOIDC, clientKey *rsa.PrivateKey) web.OIDCProvider {
		return web.OIDCProvider{ID: "gemeente-arnhem", Name: "Gemeente Arnhem", Issuer: idp.Issuer(),
			ClientID: idp.ClientID, PrivateKey: clientKey, KeyID: "vios-1", Scopes: []string{"email", "profile", "groups"},
			Municipality: "arnhem", RolesClaim: "groups", RoleMap: map[string]string{"vios-regie": vios.RoleRegisseur, "vios-fg": vios.RoleFG},
			EmailDomains: []string{"arnhem.example", "arnhem.demo.example"}, TrustMFA: trustMFA}
	})
}

// newSSOWith is the platform with the provider made by provider, for the
// mock IdP and the client's key; demoMode lets demo accounts log in with
// a password alone.
func newSSOWith(t testing.TB, demoMode bool, provider func(*mockoidc.MockOIDC, *rsa.PrivateKey) web.OIDCProvider) *ssoSetup {
	t.Helper()
	ctx := context.Background()
	clientKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	idpKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	idp, err := mockoidc.NewServer(idpKey)
	if err != nil {
		t.Fatal(err)
	}
	s := &ssoSetup{idp: idp}
	s.startEndSession(t)
	idp.AddMiddleware(s.endSessionMiddleware)
	idp.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint {
				s.authorizations = append(s.authorizations, r.URL.Query())
			}
			if r.URL.Path == mockoidc.TokenEndpoint {
				r.ParseForm()
				s.verifiers = append(s.verifiers, r.PostForm.Get("code_verifier"))
				a := r.PostForm.Get("client_assertion")
				s.assertions = append(s.assertions, a)
				tok, err := jwt.ParseSigned(a, []jose.SignatureAlgorithm{jose.RS256})
				var claims jwt.Claims
				if err != nil || tok.Claims(&clientKey.PublicKey, &claims) != nil ||
					claims.Validate(jwt.Expected{Issuer: idp.ClientID, Subject: idp.ClientID,
						AnyAudience: jwt.Audience{idp.TokenEndpoint()}, Time: time.Now()}) != nil ||
					r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
					r.PostForm.Get("client_secret") != "" {
					http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
					return
				}
				// Valid private_key_jwt: let mockoidc, which knows only
				// secrets, accept the client.
				r.PostForm.Set("client_secret", idp.ClientSecret)
				body := r.PostForm.Encode()
				r.Body = io.NopCloser(strings.NewReader(body))
				r.ContentLength = int64(len(body))
				r.Form, r.PostForm = nil, nil
				next.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := idp.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })

	db := storetest.OpenWithDemo(t)
	hash, _ := auth.NewHasher(1).Hash(ctx, testPassword)
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	p := provider(idp, clientKey)
	s.provider = p.ID
	// The server must know its own address for the redirect URI before it
	// starts: listen first.
	appLn, _ := net.Listen("tcp", "127.0.0.1:0")
	base := "http://" + appLn.Addr().String()
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{BaseURL: base, OIDC: []web.OIDCProvider{p},
		HashConcurrency: 1, Demo: demoMode})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener.Close()
	ts.Listener = appLn
	ts.Start()
	t.Cleanup(ts.Close)
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	s.platform = &platform{Server: ts, db: db, srv: srv, arnhemID: m.ID}
	return s
}

// ssoLogin walks the browser's part: start, the IdP, back. It returns the
// callback's result.
func (s *ssoSetup) ssoLogin(t *testing.T, user mockoidc.User, tamper func(callback *url.URL, ssoCookie *string)) result {
	t.Helper()
	startResp, err := noFollow.Get(s.URL + "/inloggen/sso/" + s.provider)
	if err != nil {
		t.Fatal(err)
	}
	startResp.Body.Close()
	if startResp.StatusCode != http.StatusFound {
		t.Fatalf("start: %d", startResp.StatusCode)
	}
	var ssoCookie string
	for _, c := range startResp.Cookies() {
		if c.Name == "__Host-vios-sso" && c.Secure && c.HttpOnly {
			ssoCookie = c.Value
		}
	}
	location := startResp.Header.Get("Location")
	authURL, _ := url.Parse(location)
	q := authURL.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" {
		t.Fatalf("authorization request lacks PKCE S256, state or nonce: %v", q)
	}
	s.idp.QueueUser(user)
	resp, err := noFollow.Get(location)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback, _ := url.Parse(resp.Header.Get("Location"))
	if tamper != nil {
		tamper(callback, &ssoCookie)
	}
	return s.do(t, "GET", callback.RequestURI(), "", nil, "Cookie", "__Host-vios-sso="+ssoCookie)
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestSingleSignOnWithPrivateKeyJWT(t *testing.T) {
	s := newSSO(t, true)
	user := &mockoidc.MockUser{Subject: "entra-123", Email: "r.regie@arnhem.example", EmailVerified: true, Groups: []string{"vios-regie", "iets-anders"}}
	r := s.ssoLogin(t, user, nil)
	if r.status != http.StatusSeeOther || r.location != "/vandaag" || r.cookie == nil {
		t.Fatalf("callback: %d %q\n%s", r.status, r.location, r.body)
	}
	// The cookie that clears the login state has the attributes of the one
	// that set it, SameSite included.
	for _, c := range r.cookies {
		if c.Name == "__Host-vios-sso" && (c.MaxAge >= 0 || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
			t.Errorf("clearing cookie: %+v", c)
		}
	}
	acc := s.do(t, "GET", "/account", r.cookie.Value, nil)
	if acc.status != 200 || !strings.Contains(acc.body, "r.regie@arnhem.example") || !strings.Contains(acc.body, "Regisseur (gemeente)") {
		t.Fatalf("account after SSO: %d", acc.status)
	}
	// The token request carried a signed client assertion and the PKCE
	// verifier, and no client secret (checked by the mock IdP).
	if len(s.assertions) != 1 || s.assertions[0] == "" || s.verifiers[0] == "" {
		t.Errorf("token request: assertions %d, verifier %q", len(s.assertions), s.verifiers)
	}
	// The second time the identity link is used, whatever the e-mail says.
	user.Email = "nieuw-adres@arnhem.example"
	if r := s.ssoLogin(t, user, nil); r.location != "/vandaag" {
		t.Errorf("second SSO login: %d %q", r.status, r.location)
	}
	u, err := s.db.Accounts.FindUserByIdentity(context.Background(), s.idp.Issuer(), "entra-123")
	if err != nil || u.Email != "r.regie@arnhem.example" || len(u.Memberships) != 1 {
		t.Errorf("linked user = %+v, %v", u, err)
	}
}

func TestSingleSignOnRefusals(t *testing.T) {
	s := newSSO(t, true)
	ok := func() *mockoidc.MockUser {
		return &mockoidc.MockUser{Subject: "sub-1", Email: "a@arnhem.example", EmailVerified: true, Groups: []string{"vios-regie"}}
	}
	tests := []struct {
		name   string
		user   *mockoidc.MockUser
		tamper func(*url.URL, *string)
		want   string
	}{
		{"state from another browser", ok(), func(_ *url.URL, c *string) { *c = "iets-anders" }, "is niet gelukt"},
		{"state changed", ok(), func(u *url.URL, c *string) {
			q := u.Query()
			q.Set("state", "vervalst")
			u.RawQuery = q.Encode()
			*c = "vervalst"
		}, "is niet gelukt"},
		{"error from the provider", ok(), func(u *url.URL, _ *string) { u.RawQuery = "error=access_denied" }, "is niet gelukt"},
		{"no mapped role", &mockoidc.MockUser{Subject: "sub-2", Email: "b@arnhem.example", EmailVerified: true, Groups: []string{"anders"}}, nil, "geen rol op dit platform"},
		{"unverified e-mail", &mockoidc.MockUser{Subject: "sub-3", Email: "regisseur@arnhem.demo.example", EmailVerified: false, Groups: []string{"vios-regie"}}, nil, "is niet gelukt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.ssoLogin(t, tt.user, tt.tamper)
			if r.status != http.StatusUnauthorized || r.cookie != nil || !strings.Contains(r.body, tt.want) {
				t.Errorf("got %d, session %v, want 401 saying %q", r.status, r.cookie != nil, tt.want)
			}
		})
	}
	// A state works once: replaying the callback fails.
	var replay url.URL
	var cookie string
	s.ssoLogin(t, ok(), func(u *url.URL, c *string) { replay, cookie = *u, *c })
	if r := s.do(t, "GET", replay.RequestURI(), "", nil, "Cookie", "__Host-vios-sso="+cookie); r.status != http.StatusUnauthorized {
		t.Errorf("replayed callback: %d", r.status)
	}
	if r := s.do(t, "GET", "/inloggen/sso/onbekend", "", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown provider: %d", r.status)
	}
	// A blocked account cannot come in through SSO either.
	u, _, _ := s.db.Accounts.FindCredentials(context.Background(), "a@arnhem.example")
	s.db.Accounts.SetUserDisabled(vios.NewSystemContext(context.Background(), "testopzet"), u.ID, true, s.arnhemID)
	if r := s.ssoLogin(t, ok(), nil); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "geblokkeerd") {
		t.Errorf("blocked user: %d", r.status)
	}
}

// When the provider does not enforce MFA, the platform's own second factor
// follows the single sign-on for roles that see personal data.
func TestSingleSignOnWithoutTrustedMFAAsksTOTP(t *testing.T) {
	s := newSSO(t, false)
	r := s.ssoLogin(t, &mockoidc.MockUser{Subject: "s", Email: "c@arnhem.example", EmailVerified: true, Groups: []string{"vios-fg"}}, nil)
	if r.location != "/inloggen/tweede-factor-instellen" {
		t.Errorf("SSO without trusted MFA goes to %q", r.location)
	}
	if login := s.do(t, "GET", "/inloggen", "", nil); !strings.Contains(login.body, `href="/inloggen/sso/gemeente-arnhem"`) || !strings.Contains(login.body, "Inloggen met Gemeente Arnhem") {
		t.Error("the login page shows no SSO button")
	}
}

// A provider speaks only for accounts in its e-mail domains
// whose every role is in its municipalities. Neither linking by a verified
// address nor an existing link opens any other account (with TrustMFA that
// would skip the account's second factor).
func TestSingleSignOnSpeaksOnlyForItsMunicipalitiesAndDomains(t *testing.T) {
	s := newSSO(t, true)
	ctx := context.Background()
	dh, _ := s.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	both := &vios.User{Email: "twee@arnhem.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: s.arnhemID, Role: vios.RoleCoordinator}, {MunicipalityID: dh.ID, Role: vios.RoleCoordinator}}}
	if err := s.db.Accounts.CreateUser(ctx, both, ""); err != nil {
		t.Fatal(err)
	}
	const refusal = "valt buiten de gemeenten en e-maildomeinen waarvoor Gemeente Arnhem mag spreken"
	for _, tt := range []struct{ name, subject, email string }{
		{"an account of another municipality, by verified e-mail", "sub-dh", "regisseur@den-haag.demo.example"},
		{"an account with a role in another municipality too", "sub-both", both.Email},
		{"the national account", "sub-landelijk", "landelijk@demo.example"},
		{"a new account outside the domains", "sub-new", "nieuw@elders.example"},
	} {
		r := s.ssoLogin(t, &mockoidc.MockUser{Subject: tt.subject, Email: tt.email, EmailVerified: true, Groups: []string{"vios-regie"}}, nil)
		if r.status != http.StatusUnauthorized || r.cookie != nil || !strings.Contains(r.body, refusal) {
			t.Errorf("%s: %d, session %v, want 401 saying why", tt.name, r.status, r.cookie != nil)
		}
		if _, err := s.db.Accounts.FindUserByIdentity(ctx, s.idp.Issuer(), tt.subject); err == nil {
			t.Errorf("%s: the identity was linked", tt.name)
		}
	}
	if _, _, err := s.db.Accounts.FindCredentials(ctx, "nieuw@elders.example"); err == nil {
		t.Error("an account was made for an address outside the provider's domains")
	}

	// Arnhem's own account is linked; once it also holds a role in Den
	// Haag, the existing link no longer logs it in.
	own := &mockoidc.MockUser{Subject: "sub-own", Email: "beheerder@arnhem.demo.example", EmailVerified: true}
	if r := s.ssoLogin(t, own, nil); r.location != "/vandaag" {
		t.Fatalf("Arnhem's own account: %d %q", r.status, r.location)
	}
	u, _, _ := s.db.Accounts.FindCredentials(ctx, own.Email)
	if err := s.db.Accounts.AddMembership(vios.NewSystemContext(ctx, "testopzet"), &vios.Membership{UserID: u.ID, MunicipalityID: dh.ID, Role: vios.RoleRegisseur}); err != nil {
		t.Fatal(err)
	}
	if r := s.ssoLogin(t, own, nil); r.status != http.StatusUnauthorized || r.cookie != nil || !strings.Contains(r.body, refusal) {
		t.Errorf("linked account with a role elsewhere: %d %q", r.status, r.location)
	}
}
