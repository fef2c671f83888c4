// Password resets and the secret links of invites and resets: what they
// spend, what they leave alive, and what they never reveal.

package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

func TestPasswordResetKeepsTheSecondFactor(t *testing.T) {
	p := newPlatform(t, false)
	for _, email := range []string{"niemand@example.org", "mentor@school.example"} {
		r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {email}})
		if r.status != 200 || !strings.Contains(r.body, "Als er een account bij dit e-mailadres hoort") {
			t.Errorf("%s: %d", email, r.status)
		}
	}
	p.waitForBackground(t)
	if mails, _ := p.db.Accounts.ListMail(context.Background(), 10); len(mails) != 1 || mails[0].Recipient != "mentor@school.example" {
		t.Fatalf("reset mails: %d", len(mails))
	}
	// Give the account a second factor, as it would have.
	secret, _, _, _ := auth.NewTOTP("mentor@school.example")
	p.db.Accounts.SetTOTP(context.Background(), p.school.ID, secret, nil)

	link := p.lastLink(t, "/wachtwoord-herstellen/")
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw + "x"}}); r.status != http.StatusBadRequest {
		t.Errorf("different repeat: %d", r.status)
	}
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != 200 {
		t.Fatalf("reset: %d", r.status)
	}
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != http.StatusNotFound {
		t.Errorf("link used twice: %d", r.status)
	}
	// The new password works — and the second factor is still asked.
	if r := p.login(t, "mentor@school.example", pw); r.location != "/inloggen/tweede-factor" {
		t.Errorf("login after reset goes to %q, want the second factor", r.location)
	}
	// At most three reset mails an hour for one account.
	for i := 0; i < 5; i++ {
		p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
	}
	p.waitForBackground(t)
	if mails, _ := p.db.Accounts.ListMail(context.Background(), 20); len(mails) != 3 {
		t.Errorf("%d reset mails in an hour, want 3", len(mails))
	}
}

func TestRedactSecretLinks(t *testing.T) {
	token, _ := auth.NewToken()
	for _, tt := range []struct {
		body   string
		hidden bool
	}{
		{"Kies het via deze link:\n\nhttps://vios.example/wachtwoord-herstellen/" + token + "\n\nGroet", true},
		{"/uitnodiging/" + token, true},
		{"Uw agenda: https://vios.example/agenda/abc", true},
		{"Een token zonder pad: " + token + ".", true},
		{"Bekijk https://vios.example/casussen/arnhem/0b7c6a2e-3f9b-4a55-9a57-2f4b1f0c9d11 en het schoolveiligheidscoordinatoren-overleg", false},
	} {
		got, hidden := store.RedactSecretLinks(tt.body)
		if hidden != tt.hidden || strings.Contains(got, token) || strings.Contains(got, "/agenda/abc") {
			t.Errorf("%q → %q, hidden %v", tt.body, got, hidden)
		}
	}
}

// A link that is unknown, used or expired gives a Dutch 404 page that says
// nothing about any account.
func TestInvalidLinks(t *testing.T) {
	p := newPlatform(t, true)
	for _, path := range []string{"/uitnodiging/onzin", "/wachtwoord-herstellen/onzin", "/uitnodiging/" + strings.Repeat("a", 43)} {
		for _, method := range []string{"GET", "POST"} {
			r := p.do(t, method, path, "", url.Values{"nieuw": {"zeven-zwanen-zwemmen-zacht"}, "herhaling": {"zeven-zwanen-zwemmen-zacht"}})
			if r.status != http.StatusNotFound || !strings.Contains(r.body, "Deze link is ongeldig, verlopen of al gebruikt.") {
				t.Errorf("%s %s: %d", method, path, r.status)
			}
		}
	}
	// A reset link is not an invitation link.
	p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
	p.waitForBackground(t)
	link := p.lastLink(t, "/wachtwoord-herstellen/")
	if r := p.do(t, "GET", strings.Replace(link, "/wachtwoord-herstellen/", "/uitnodiging/", 1), "", nil); r.status != http.StatusNotFound {
		t.Errorf("reset token as invitation: %d", r.status)
	}
	// Mistakes are shown beside their field.
	r := p.do(t, "POST", link, "", url.Values{"nieuw": {"kort"}, "herhaling": {"anders"}})
	for _, want := range []string{`aria-describedby="nieuw-fout"`, `aria-describedby="herhaling-fout"`, "niet gelijk"} {
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
			t.Errorf("bad new password: %d, lacks %q", r.status, want)
		}
	}
	if r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {""}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, `aria-describedby="email-fout"`) {
		t.Errorf("empty e-mail address: %d", r.status)
	}
}

// No credential outlives a reset or a password change. API
// tokens are revoked (on a change only when the ticked-by-default box stays
// ticked), and using a reset link spends every older one.
func TestCredentialsDoNotOutliveAReset(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	newToken := func(email string) string {
		u, _, _ := p.db.Accounts.FindCredentials(ctx, email)
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := p.db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "script", Scopes: []string{"lezen"},
			ExpiresAt: p.db.Now().Add(24 * time.Hour)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		return token
	}
	works := func(token string) bool {
		return p.do(t, "GET", "/api/v1/ik", "", nil, "Authorization", "Bearer "+token).status == http.StatusOK
	}

	// The box is ticked on the form.
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if form := p.do(t, "GET", "/account/wachtwoord", s, nil); !regexp.MustCompile(`name="tokens-intrekken" type="checkbox" value="ja" checked`).MatchString(form.body) ||
		!strings.Contains(form.body, "Trek ook mijn API-sleutels in") {
		t.Error("the password form does not offer, ticked, to revoke the API tokens")
	}
	// Unticked: the token stays. Ticked (the default): it stops working.
	token := newToken("regisseur@arnhem.demo.example")
	const second, third = "groene-kikker-in-de-sloot", "blauwe-reiger-aan-de-waterkant"
	if r := p.do(t, "POST", "/account/wachtwoord", s, url.Values{"huidig": {testPassword}, "nieuw": {second}, "herhaling": {second}}); r.location != "/account?melding=wachtwoord-gewijzigd" || !works(token) {
		t.Errorf("unticked box: %q, token works %v", r.location, works(token))
	}
	if r := p.do(t, "POST", "/account/wachtwoord", s, url.Values{"huidig": {second}, "nieuw": {third}, "herhaling": {third}, "tokens-intrekken": {"ja"}}); r.location != "/account?melding=wachtwoord-tokens" || works(token) {
		t.Errorf("ticked box: %q, token still works %v", r.location, works(token))
	}

	// A reset: two links, the newer used; the older then fails, and the
	// token made with the old password is revoked.
	token = newToken("mentor@school.example")
	var links []string
	for range 2 {
		p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
		p.waitForBackground(t)
		links = append(links, p.lastLink(t, "/wachtwoord-herstellen/"))
	}
	if links[0] == links[1] {
		t.Fatal("the second request gave no new link")
	}
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", links[1], "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != 200 {
		t.Fatalf("newer link: %d", r.status)
	}
	if r := p.do(t, "POST", links[0], "", url.Values{"nieuw": {"oude-link-nog-bruikbaar"}, "herhaling": {"oude-link-nog-bruikbaar"}}); r.status != http.StatusNotFound {
		t.Errorf("older reset link after the newer was used: %d, want 404", r.status)
	}
	if works(token) {
		t.Error("an API token survives a password reset")
	}
}

// blockingLookups holds every account lookup by address until released. A
// handler that waits for the lookup before it answers would wait forever:
// after a generous bound the lookup goes on and says so (waited), so such a
// handler fails the test instead of hanging it.
type blockingLookups struct {
	*store.All
	release chan struct{}
	lookups atomic.Int32
	waited  atomic.Bool
}

func (b *blockingLookups) FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error) {
	b.lookups.Add(1)
	select {
	case <-b.release:
	case <-time.After(10 * time.Second):
		b.waited.Store(true)
	}
	return b.DB.Accounts.FindCredentials(ctx, email)
}

// The reset form answers before it looks the address up, so a
// known and an unknown address cannot be told apart by the time the answer
// takes (no timing here: the lookup is held until both answers came); and
// only reset links count towards the hourly limit.
func TestResetAnswersBeforeLookingUpAndCountsResetsOnly(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, _ := auth.NewHasher(1).Hash(ctx, testPassword)
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	// A busy partner: ten agendas this hour.
	for range 10 {
		db.Accounts.QueueMail(ctx, "partner@arnhem.demo.example", "Agenda", "Het overleg van morgen")
	}
	held := &blockingLookups{All: db.All, release: make(chan struct{})}
	services := db.Services()
	services.Identity = held
	srv, err := server.New(services, slog.New(slog.DiscardHandler), server.Options{HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p := &platform{Server: ts, db: db, srv: srv}
	for _, email := range []string{"niemand@arnhem.example", "partner@arnhem.demo.example"} {
		r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {email}})
		if r.status != 200 || !strings.Contains(r.body, "Als er een account bij dit e-mailadres hoort") {
			t.Errorf("%s: %d while the lookup is held", email, r.status)
		}
	}
	if held.waited.Load() {
		t.Error("the answer waited for the account lookup")
	}
	close(held.release)
	p.waitForBackground(t)
	if n := held.lookups.Load(); n != 2 {
		t.Errorf("%d lookups afterwards, want one per request", n)
	}
	var resets int
	mails, _ := db.Accounts.ListMail(ctx, 100)
	for _, m := range mails {
		if strings.Contains(m.Body, "/wachtwoord-herstellen/") {
			resets++
			if m.Recipient != "partner@arnhem.demo.example" {
				t.Errorf("reset mail to %s", m.Recipient)
			}
		}
	}
	if resets != 1 {
		t.Errorf("%d reset mails to the busy partner, want 1", resets)
	}
}

// A failure on a page opened by a secret link logs the route, never the
// token in the path (the request log is redacted in package server).
func TestFailureOnASecretLinkLogsNoToken(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	var log strings.Builder
	var mu sync.Mutex
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(&lockedWriter{w: &log, mu: &mu}, nil)), server.Options{HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p := &platform{Server: ts, db: db, srv: srv}
	token, _ := auth.NewToken()
	db.Close() // every store call now fails: an internal error
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", "/wachtwoord-herstellen/"+token, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", r.status)
	}
	mu.Lock()
	defer mu.Unlock()
	var failure string
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "web request failed") {
			failure = line
		}
	}
	if failure == "" || strings.Contains(failure, token) || !strings.Contains(failure, "/wachtwoord-herstellen/{token}") {
		t.Errorf("the failure is not logged, or with the token: %q", failure)
	}
}

type lockedWriter struct {
	w  *strings.Builder
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
