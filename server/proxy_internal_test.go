package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	for _, tt := range []struct {
		name, peer, header, value string
		want                      string
	}{
		{"no header", "10.0.0.1:5000", "", "", "10.0.0.1"},
		{"one proxy", "10.0.0.1:5000", "X-Forwarded-For", "203.0.113.5", "203.0.113.5"},
		{"forged left part", "10.0.0.1:5000", "X-Forwarded-For", "1.1.1.1, 203.0.113.5", "203.0.113.5"},
		{"two proxies", "10.0.0.1:5000", "X-Forwarded-For", "203.0.113.5, 10.0.0.2", "203.0.113.5"},
		{"all trusted", "10.0.0.1:5000", "X-Forwarded-For", "10.0.0.3, 10.0.0.2", "10.0.0.3"},
		{"not a proxy", "198.51.100.1:5000", "X-Forwarded-For", "203.0.113.5", "198.51.100.1"},
		{"garbage", "10.0.0.1:5000", "X-Forwarded-For", "203.0.113.5, unknown", "10.0.0.1"},
		{"port and IPv6", "[2001:db8::1]:443", "X-Forwarded-For", "[2001:db8:ffff::1]:1234, 203.0.113.5:80", "203.0.113.5"},
		{"mapped IPv4", "[::ffff:10.0.0.1]:443", "X-Forwarded-For", "::ffff:203.0.113.5", "203.0.113.5"},
		{"Forwarded", "10.0.0.1:5000", "Forwarded", `for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https, for=203.0.113.5;by=10.0.0.1`, "203.0.113.5"},
		{"Forwarded IPv6", "10.0.0.1:5000", "Forwarded", `for="[2001:db9::17]:4711"`, "2001:db9::17"},
		{"the other header is ignored", "10.0.0.1:5000", "Forwarded", "", "10.0.0.1"},
	} {
		header := HeaderXForwardedFor
		if tt.header == "Forwarded" {
			header = HeaderForwarded
		}
		s := &Server{trustedProxies: proxies, proxyHeader: header}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.value != "" {
			r.Header.Set(tt.header, tt.value)
		}
		r.Header.Set(map[ProxyHeader]string{HeaderXForwardedFor: "Forwarded", HeaderForwarded: "X-Forwarded-For"}[header], "192.0.2.99")
		if got := s.clientAddress(r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// Without trusted proxies nothing is believed.
	s := &Server{proxyHeader: HeaderXForwardedFor}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:5000"
	r.Header.Set("X-Forwarded-For", "203.0.113.5")
	if got := s.clientAddress(r); got != "10.0.0.1" {
		t.Errorf("no trusted proxies: %q", got)
	}
}
