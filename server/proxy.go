package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind the TLS proxy that docs/SECURITY.md asks for, every request comes
// from the proxy's address. The client's address is then read from the
// header the proxy adds — but only when the request comes from a proxy the
// operator named (VIOS_TRUSTED_PROXIES): anyone else could write any
// address into that header.

// ProxyHeader names the header a trusted proxy adds the client to.
type ProxyHeader string

const (
	HeaderXForwardedFor ProxyHeader = "X-Forwarded-For"
	HeaderForwarded     ProxyHeader = "Forwarded" // RFC 7239, its for= parameters
)

// clientAddress returns the address of the client of r: the right-most
// address in the proxy header that is not a trusted proxy (every proxy
// appends the address it received the request from, so what is left of
// that one was written by the client and proves nothing). Without trusted
// proxies, or from a peer that is none, it is the peer's own address.
func (s *Server) clientAddress(r *http.Request) string {
	peer := hostOnly(r.RemoteAddr)
	addr, err := netip.ParseAddr(peer)
	if err != nil || !s.trusted(addr) {
		return peer
	}
	hops := forwardedHops(r.Header, s.proxyHeader)
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(hops[i])
		if err != nil {
			// "unknown" or an obfuscated name: the trusted proxy to its
			// right is the last address known.
			break
		}
		hop = hop.Unmap()
		if !s.trusted(hop) {
			return hop.String()
		}
		addr = hop
	}
	return addr.Unmap().String()
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedHops returns the addresses of the proxy header, left to right,
// over every line of it, without ports, brackets or quotes.
func forwardedHops(h http.Header, header ProxyHeader) []string {
	var hops []string
	for _, line := range h.Values(string(header)) {
		for _, elem := range strings.Split(line, ",") {
			elem = strings.TrimSpace(elem)
			if header == HeaderForwarded {
				value := ""
				for _, pair := range strings.Split(elem, ";") {
					if k, v, ok := strings.Cut(strings.TrimSpace(pair), "="); ok && strings.EqualFold(k, "for") {
						value = strings.Trim(v, `"`)
					}
				}
				elem = value
			}
			hops = append(hops, hostOnly(elem))
		}
	}
	return hops
}

// hostOnly strips a port and IPv6 brackets: "[::1]:80" → "::1",
// "1.2.3.4:5" → "1.2.3.4", "::1" stays.
func hostOnly(s string) string {
	if host, _, err := net.SplitHostPort(s); err == nil {
		return host
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
}
