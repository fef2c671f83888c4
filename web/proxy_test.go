package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"github.com/vios-platform/vios/server"
)

// Behind a trusted proxy (here the test client on 127.0.0.1) each user has
// their own address: one person's failed logins lock out neither the
// others behind the proxy nor, from elsewhere, the account's owner, and
// sessions record the client's address. A peer that is no trusted proxy
// cannot choose its address with the header.
func TestClientAddressThroughTrustedProxy(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	ctx := context.Background()
	login := func(from, email, password string) result {
		return p.do(t, "POST", "/inloggen", "", url.Values{"email": {email}, "wachtwoord": {password}},
			"X-Forwarded-For", "192.0.2.200, "+from)
	}
	// Five wrong passwords for the mentor's account from one address, then
	// many for other accounts until that address is stopped.
	for i := 0; i < 5; i++ {
		login("198.51.100.7", "mentor@school.example", "verkeerd-wachtwoord-123")
	}
	if r := login("198.51.100.7", "mentor@school.example", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("sixth try for the account from the same address: %d, want 429", r.status)
	}
	for i := 0; i < 25; i++ {
		login("198.51.100.7", fmt.Sprintf("niemand%d@example.org", i), "verkeerd-wachtwoord-123")
	}
	if r := login("198.51.100.7", "regisseur@arnhem.demo.example", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("the address after 30 failures: %d, want 429", r.status)
	}
	// Everyone else behind the proxy logs in, the mentor too.
	if r := login("203.0.113.5", "regisseur@arnhem.demo.example", testPassword); r.status != http.StatusSeeOther {
		t.Errorf("another user behind the proxy: %d", r.status)
	}
	if r := login("203.0.113.6", "mentor@school.example", testPassword); r.status != http.StatusSeeOther {
		t.Errorf("the account's owner from another address: %d", r.status)
	}
	sessions, err := p.db.Accounts.ListSessions(ctx, p.school.ID)
	if err != nil || len(sessions) != 1 || sessions[0].Address != "203.0.113.6" {
		t.Errorf("session address: %v %+v", err, sessions)
	}

	// Without trusted proxies the header is ignored.
	q := newPlatform(t, true)
	if r := q.do(t, "POST", "/inloggen", "", url.Values{"email": {"mentor@school.example"}, "wachtwoord": {testPassword}},
		"X-Forwarded-For", "203.0.113.9"); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	sessions, _ = q.db.Accounts.ListSessions(ctx, q.school.ID)
	if len(sessions) != 1 || sessions[0].Address != "127.0.0.1" {
		t.Errorf("forged header believed: %+v", sessions)
	}
}
