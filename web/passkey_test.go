package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios/server"
)

// WebAuthn binds passkeys to a domain name: on a platform reached by IP
// address, adding a passkey says so in Dutch instead of failing with a 500,
// and the account page does not offer it.
func TestPasskeysOnAnIPAddressSayWhy(t *testing.T) {
	for _, tt := range []struct {
		base   string
		status int
	}{
		{"http://127.0.0.1:8080", http.StatusConflict},
		{"http://[::1]:8080", http.StatusConflict},
		{"https://vios.gemeente.example", http.StatusOK},
	} {
		p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1, BaseURL: tt.base})
		s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
		r := p.do(t, "POST", "/account/passkeys/begin", s, nil)
		if r.status != tt.status {
			t.Errorf("%s: begin %d, want %d: %s", tt.base, r.status, tt.status, r.body)
		}
		page := p.do(t, "GET", "/account", s, nil).body
		says := strings.Contains(page, "Passkeys werken alleen als het platform een domeinnaam heeft")
		if says != (tt.status == http.StatusConflict) || (tt.status == http.StatusConflict && !strings.Contains(r.body, "domeinnaam")) {
			t.Errorf("%s: the page or the answer does not say why (page %v): %s", tt.base, says, r.body)
		}
	}
}
