package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/pdfprint/pdftest"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
)

const testPassword = "paars-fietsje-op-de-dijk"

// platform is a running server with demo data, demo accounts, and one real
// (non-demo) school account.
type platform struct {
	*httptest.Server
	db       *store.DB
	srv      *server.Server
	arnhemID string
	school   *vios.User
}

// waitForBackground waits until the work the server does after answering
// (the mail of a password reset) is done.
func (p *platform) waitForBackground(t *testing.T) {
	t.Helper()
	p.srv.Wait()
}

func newPlatform(t *testing.T, demoMode bool) *platform {
	t.Helper()
	// The shared Chromium starts only when a test asks for a PDF.
	return newPlatformWith(t, server.Options{Demo: demoMode, HashConcurrency: 1, Printer: pdftest.Printer(t)})
}

// newPlatformWith is newPlatform with the server's options.
func newPlatformWith(t *testing.T, options server.Options) *platform {
	t.Helper()
	return newPlatformOn(t, storetest.OpenWithDemo(t), options)
}

// newPlatformOn is newPlatformWith on a database with the demo data.
func newPlatformOn(t *testing.T, db *store.DB, options server.Options) *platform {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.NewHasher(1).Hash(ctx, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	u := &vios.User{Email: "mentor@school.example", Name: "Mila Mentor",
		Memberships: []vios.Membership{{MunicipalityID: m.ID, OrganisationID: schools[0].ID, Role: vios.RoleSchool}}}
	if err := db.Accounts.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	if options.Now == nil {
		// The pages follow the database's clock, so a test that sets it sets both.
		options.Now = func() time.Time { return db.Now() }
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), options)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &platform{Server: ts, db: db, srv: srv, arnhemID: m.ID, school: u}
}

type result struct {
	status   int
	location string
	body     string
	cookie   *http.Cookie // the session cookie set, if any
	cookies  []*http.Cookie
	header   http.Header
}

// do sends a request with the session cookie (if any), without following redirects.
func (p *platform) do(t *testing.T, method, path, session string, form url.Values, header ...string) result {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, p.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return p.send(t, req, session)
}

// send sends req with the session cookie (if any), without following redirects.
func (p *platform) send(t *testing.T, req *http.Request, session string) result {
	t.Helper()
	if session != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b), cookies: resp.Cookies(), header: resp.Header}
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie {
			r.cookie = c
		}
	}
	return r
}

func (p *platform) login(t *testing.T, email, password string) result {
	t.Helper()
	return p.do(t, "POST", "/inloggen", "", url.Values{"email": {email}, "wachtwoord": {password}})
}

var secretPattern = regexp.MustCompile(`<code id="sleutel">([A-Z2-7]+)</code>`)

func TestLoginWithPasswordAndTOTP(t *testing.T) {
	p := newPlatform(t, false)
	r := p.login(t, "Mentor@School.example ", testPassword)
	if r.status != http.StatusSeeOther || r.location != "/inloggen/tweede-factor-instellen" || r.cookie == nil {
		t.Fatalf("password step: %d %q cookie %v", r.status, r.location, r.cookie)
	}
	c := r.cookie
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("session cookie attributes: %+v", c)
	}
	pendingCookie := c.Value
	// Half logged in is not logged in.
	if r := p.do(t, "GET", "/account", pendingCookie, nil); r.status != http.StatusSeeOther || r.location != "/inloggen" {
		t.Fatalf("account with only a password: %d %q", r.status, r.location)
	}
	setup := p.do(t, "GET", "/inloggen/tweede-factor-instellen", pendingCookie, nil)
	m := secretPattern.FindStringSubmatch(setup.body)
	if m == nil || !strings.Contains(setup.body, `src="data:image/png;base64,`) {
		t.Fatalf("set-up page lacks secret or QR code:\n%s", setup.body)
	}
	secret := m[1]
	wrong := p.do(t, "POST", "/inloggen/tweede-factor-instellen", pendingCookie, url.Values{"geheim": {secret}, "code": {"000000"}})
	if wrong.status != http.StatusBadRequest || !strings.Contains(wrong.body, "De code klopt niet") {
		t.Fatalf("wrong set-up code: %d", wrong.status)
	}
	setupCode := auth.TOTPCode(secret, time.Now())
	done := p.do(t, "POST", "/inloggen/tweede-factor-instellen", pendingCookie,
		url.Values{"geheim": {secret}, "code": {setupCode}})
	codes := newRecoveryCode.FindAllStringSubmatch(done.body, -1)
	if done.status != 200 || len(codes) != 10 || done.cookie == nil {
		t.Fatalf("set-up: %d, %d recovery codes, cookie %v", done.status, len(codes), done.cookie)
	}
	session := done.cookie.Value
	if session == pendingCookie {
		t.Error("the session id was not renewed after the second factor")
	}
	if r := p.do(t, "GET", "/account", pendingCookie, nil); r.status != http.StatusSeeOther {
		t.Error("the pre-MFA cookie still works after login")
	}
	if r := p.do(t, "GET", "/account", session, nil); r.status != 200 || !strings.Contains(r.body, "Mila Mentor") || !strings.Contains(r.body, "nog 10 herstelcodes") {
		t.Fatalf("account after login: %d", r.status)
	}

	// Log out: the cookie is cleared and the session is over.
	out := p.do(t, "POST", "/uitloggen", session, url.Values{})
	if out.status != http.StatusSeeOther || out.cookie == nil || out.cookie.MaxAge >= 0 {
		t.Errorf("logout: %d %+v", out.status, out.cookie)
	}
	if r := p.do(t, "GET", "/account", session, nil); r.status != http.StatusSeeOther {
		t.Error("session still works after logout")
	}

	// Next time: password, then the app code — or a recovery code, once. A
	// code from the app also works only once: the set-up code was used, so
	// the next step's code (accepted for clock drift) is the one that works.
	next := auth.TOTPCode(secret, time.Now().Add(30*time.Second))
	for i, code := range []string{codes[0][1], strings.ToUpper(strings.ReplaceAll(codes[0][1], "-", "")),
		setupCode, next, next} {
		r := p.login(t, "mentor@school.example", testPassword)
		if r.location != "/inloggen/tweede-factor" {
			t.Fatalf("second login #%d goes to %q", i, r.location)
		}
		mfa := p.do(t, "POST", "/inloggen/tweede-factor", r.cookie.Value, url.Values{"code": {code}})
		wantOK := i == 0 || i == 3 // 1: recovery code reused; 2: set-up code reused; 4: replay
		if got := mfa.status == http.StatusSeeOther && mfa.location == "/vandaag"; got != wantOK {
			t.Errorf("second factor #%d (%s): status %d, logged in %v, want %v", i, code, mfa.status, got, wantOK)
		}
	}
}

func TestLoginFailuresAreGenericAndThrottled(t *testing.T) {
	p := newPlatform(t, false)
	unknown := p.login(t, "niemand@school.example", testPassword)
	wrong := p.login(t, "mentor@school.example", "verkeerd-wachtwoord-123")
	if unknown.status != http.StatusUnauthorized || wrong.status != unknown.status ||
		!strings.Contains(wrong.body, "Het e-mailadres of het wachtwoord is onjuist.") ||
		!strings.Contains(unknown.body, "Het e-mailadres of het wachtwoord is onjuist.") {
		t.Fatalf("unknown account and wrong password must look alike: %d vs %d", unknown.status, wrong.status)
	}
	for i := 0; i < 4; i++ {
		p.login(t, "mentor@school.example", "verkeerd-wachtwoord-123")
	}
	// Five failures: even the right password waits now.
	r := p.login(t, "mentor@school.example", testPassword)
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.") || r.cookie != nil {
		t.Fatalf("after 5 failures: %d, cookie %v", r.status, r.cookie)
	}
	// Another account from the same address is not locked by it.
	if r := p.login(t, "regisseur@arnhem.demo.example", testPassword); r.status != http.StatusSeeOther {
		t.Errorf("other account locked too: %d", r.status)
	}
	if r := p.login(t, "", ""); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Vul uw e-mailadres en wachtwoord in.") {
		t.Errorf("empty form: %d", r.status)
	}
}

func TestDemoAccountsSkipTOTPOnlyInDemoMode(t *testing.T) {
	for _, tt := range []struct {
		demoMode bool
		email    string
		want     string
	}{
		{true, "regisseur@arnhem.demo.example", "/vandaag"},
		{true, "mentor@school.example", "/inloggen/tweede-factor-instellen"},
		{false, "regisseur@arnhem.demo.example", "/inloggen/tweede-factor-instellen"},
		// The national role sees no personal data, but it onboards
		// municipalities: a second factor too.
		{false, "landelijk@demo.example", "/inloggen/tweede-factor-instellen"},
	} {
		p := newPlatform(t, tt.demoMode)
		if r := p.login(t, tt.email, testPassword); r.location != tt.want {
			t.Errorf("demo mode %v, %s: to %q, want %q", tt.demoMode, tt.email, r.location, tt.want)
		}
		page := p.do(t, "GET", "/inloggen", "", nil)
		if said := strings.Contains(page.body, "Demo-accounts mogen hier de tweede factor overslaan"); said != tt.demoMode {
			t.Errorf("demo mode %v: login page mentions skipping: %v", tt.demoMode, said)
		}
	}
}

func TestSessionsExpireAndEnd(t *testing.T) {
	p := newPlatform(t, true)
	login := func() string {
		r := p.login(t, "beheerder@arnhem.demo.example", testPassword)
		if r.cookie == nil {
			t.Fatalf("login failed: %d", r.status)
		}
		return r.cookie.Value
	}
	realNow := p.db.Now
	defer func() { p.db.Now = realNow }()

	s := login()
	p.db.Now = func() time.Time { return realNow().Add(29 * time.Minute) }
	if r := p.do(t, "GET", "/account", s, nil); r.status != 200 {
		t.Errorf("after 29 idle minutes: %d, want still logged in", r.status)
	}
	p.db.Now = func() time.Time { return realNow().Add(29*time.Minute + 31*time.Minute) }
	if r := p.do(t, "GET", "/account", s, nil); r.status != http.StatusSeeOther {
		t.Errorf("after 31 more idle minutes: %d, want logged out", r.status)
	}
	p.db.Now = realNow

	// Absolute limit: 12 hours, however active.
	s = login()
	for step := 1; step*20 < 12*60; step++ {
		at := realNow().Add(time.Duration(step) * 20 * time.Minute)
		p.db.Now = func() time.Time { return at }
		if r := p.do(t, "GET", "/account", s, nil); r.status != 200 {
			t.Fatalf("active session ended after %d minutes", step*20)
		}
	}
	p.db.Now = func() time.Time { return realNow().Add(12*time.Hour + time.Minute) }
	if r := p.do(t, "GET", "/account", s, nil); r.status != http.StatusSeeOther {
		t.Error("session lives beyond 12 hours")
	}
	p.db.Now = realNow

	// A user ends another session of theirs from the account page.
	a, b := login(), login()
	page := p.do(t, "GET", "/account", a, nil)
	ids := regexp.MustCompile(`/account/sessies/([0-9a-f]{16})/beeindigen`).FindAllStringSubmatch(page.body, -1)
	if len(ids) < 2 {
		t.Fatalf("account page lists %d sessions", len(ids))
	}
	var ended bool
	for _, id := range ids {
		r := p.do(t, "POST", "/account/sessies/"+id[1]+"/beeindigen", a, url.Values{})
		if r.location == "/account?melding=sessie-beeindigd" {
			ended = true
			break
		}
	}
	if !ended || p.do(t, "GET", "/account", b, nil).status != http.StatusSeeOther {
		t.Error("ending the other session did not log it out")
	}

	// Blocking an account ends its sessions at once.
	c := login()
	u, _, _ := p.db.Accounts.FindCredentials(context.Background(), "beheerder@arnhem.demo.example")
	if err := p.db.Accounts.SetUserDisabled(vios.NewSystemContext(context.Background(), "testopzet"), u.ID, true, p.arnhemID); err != nil {
		t.Fatal(err)
	}
	if r := p.do(t, "GET", "/account", c, nil); r.status != http.StatusSeeOther {
		t.Error("a blocked user's session still works")
	}
	if r := p.login(t, "beheerder@arnhem.demo.example", testPassword); r.status != http.StatusUnauthorized {
		t.Errorf("a blocked user can log in: %d", r.status)
	}
}

func TestPasswordChange(t *testing.T) {
	p := newPlatform(t, true)
	a := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	b := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	bad := p.do(t, "POST", "/account/wachtwoord", a, url.Values{"huidig": {"fout"}, "nieuw": {"welkom2024!!"}, "herhaling": {"iets anders"}})
	for _, want := range []string{"Uw huidige wachtwoord is onjuist.", "veelgebruikte wachtwoorden", "niet gelijk"} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("bad change lacks %q (status %d)", want, bad.status)
		}
	}
	if r := p.do(t, "POST", "/account/wachtwoord", a, url.Values{"huidig": {testPassword}, "nieuw": {"kort"}, "herhaling": {"kort"}}); !strings.Contains(r.body, "minstens 12 tekens") {
		t.Error("short password accepted or not explained")
	}
	const next = "groene-kikker-in-de-sloot"
	if r := p.do(t, "POST", "/account/wachtwoord", a, url.Values{"huidig": {testPassword}, "nieuw": {next}, "herhaling": {next}}); r.location != "/account?melding=wachtwoord-gewijzigd" {
		t.Fatalf("change: %d %q", r.status, r.location)
	}
	if p.do(t, "GET", "/account", a, nil).status != 200 || p.do(t, "GET", "/account", b, nil).status != http.StatusSeeOther {
		t.Error("after a password change the changing session must stay and the others end")
	}
	if p.login(t, "regisseur@arnhem.demo.example", testPassword).status != http.StatusUnauthorized ||
		p.login(t, "regisseur@arnhem.demo.example", next).status != http.StatusSeeOther {
		t.Error("the new password is not the one that works")
	}
}

func TestCrossOriginAndOversizedRequestsAreRefused(t *testing.T) {
	p := newPlatform(t, true)
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "POST", "/uitloggen", s, url.Values{}, "Origin", "https://kwaadwillend.example", "Sec-Fetch-Site", "cross-site")
	if r.status != http.StatusForbidden || p.do(t, "GET", "/account", s, nil).status != 200 {
		t.Errorf("cross-site logout: %d; the session must survive", r.status)
	}
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}, "wachtwoord": {"x"}}
	if r := p.do(t, "POST", "/inloggen", "", big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB form: %d, want 413", r.status)
	}
}

func TestPersonalAccessTokensFromTheAccountPage(t *testing.T) {
	p := newPlatform(t, true)
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "POST", "/account/tokens", s, url.Values{"naam": {"Koppeling zaaksysteem"}, "bevoegdheden": {"lezen"}, "dagen": {"30"}})
	m := regexp.MustCompile(`<code id="nieuw-token">(vios_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("create token: %d", r.status)
	}
	call := func() int {
		req, _ := http.NewRequest("GET", p.URL+"/api/v1/ik", nil)
		req.Header.Set("Authorization", "Bearer "+m[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := call(); got != 200 {
		t.Fatalf("API with the new token: %d", got)
	}
	// The page lists it, never showing it again; revoking stops it.
	page := p.do(t, "GET", "/account", s, nil)
	id := regexp.MustCompile(`/account/tokens/([0-9a-f-]{36})/intrekken`).FindStringSubmatch(page.body)
	if id == nil || strings.Contains(page.body, m[1]) {
		t.Fatal("token not listed, or shown again")
	}
	// Another user cannot revoke it.
	other := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "POST", "/account/tokens/"+id[1]+"/intrekken", other, url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("someone else's revoke: %d", r.status)
	}
	if r := p.do(t, "POST", "/account/tokens/"+id[1]+"/intrekken", s, url.Values{}); r.location != "/account?melding=token-ingetrokken" || call() != http.StatusUnauthorized {
		t.Error("revoked token still works")
	}
	if r := p.do(t, "POST", "/account/tokens", s, url.Values{"naam": {""}, "dagen": {"9999"}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Kies minstens één bevoegdheid") {
		t.Errorf("bad token form: %d", r.status)
	}
}
