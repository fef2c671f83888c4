package vios

import (
	"encoding/base64"
	"net"
	"net/url"
	"strings"
	"time"
)

// PushSubscription is one device of a user that opted in to Web Push. The
// endpoint is a capability URL of the device's push service: whoever holds
// it can wake the device, so it is never logged nor shown; the page names
// the device by the user's name for it and the push service's host.
type PushSubscription struct {
	ID     string
	UserID string
	Name   string
	// Endpoint, P256dh and Auth are the browser's PushSubscription (keys
	// base64url, RFC 8291).
	Endpoint   string
	P256dh     string
	Auth       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// Service is the push service's host, for the list of devices.
func (s *PushSubscription) Service() string {
	if u, err := url.Parse(s.Endpoint); err == nil {
		return u.Hostname()
	}
	return ""
}

// PushMessage is one queued notice to one device: content-free, a title, a
// sentence and a link (a path) into the platform.
type PushMessage struct {
	ID           string
	Subscription PushSubscription
	Title        string
	Body         string
	Link         string
	Attempts     int
}

// MaxPushAttempts is the number of attempts after which a notice stays
// failed; a notice is worth less than a mail, and it is late anyway.
const MaxPushAttempts = 8

// PushServices are the hosts of the push services of the browsers in use
// (Chrome and Edge through FCM, Firefox, Safari, the Windows notification
// service). The server POSTs to a subscription's endpoint, so only these
// hosts are accepted: any other URL could make it reach inside the network
// (SSRF). A leading dot matches every subdomain.
var PushServices = []string{"fcm.googleapis.com", "updates.push.services.mozilla.com", ".push.apple.com", ".notify.windows.com"}

// CheckPushSubscription checks a subscription a browser sent before it is
// stored: an https endpoint on a known push service (or one of extraHosts,
// host or host:port, for tests and a self-hosted push service) and keys of
// the right size. The error names the field, never the endpoint.
func CheckPushSubscription(s *PushSubscription, extraHosts []string) error {
	var v Validation
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" || len([]rune(s.Name)) > 100 {
		v.Add("naam", "Geef het apparaat een naam van 1 tot 100 tekens, bijvoorbeeld 'telefoon'.")
	}
	if !PushEndpointAllowed(s.Endpoint, extraHosts) {
		v.Add("endpoint", "Dit adres hoort niet bij een bekende pushdienst van een browser (https).")
	}
	if b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s.P256dh, "=")); err != nil || len(b) != 65 || b[0] != 4 {
		v.Add("p256dh", "De sleutel van het apparaat is ongeldig.")
	}
	if b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s.Auth, "=")); err != nil || len(b) != 16 {
		v.Add("auth", "Het geheim van het apparaat is ongeldig.")
	}
	return v.Err("Meldingen op dit apparaat konden niet worden aangezet.")
}

// PushEndpointAllowed reports whether the platform may POST to endpoint:
// https, no user or fragment, on a push service of PushServices or of
// extraHosts.
func PushEndpointAllowed(endpoint string, extraHosts []string) bool {
	if len(endpoint) > 2000 {
		return false
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range extraHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && (h == strings.ToLower(u.Host) || h == host) {
			return true
		}
	}
	if u.Port() != "" && u.Port() != "443" || net.ParseIP(host) != nil {
		return false
	}
	for _, s := range PushServices {
		if host == s || strings.HasPrefix(s, ".") && strings.HasSuffix(host, s) && len(host) > len(s) {
			return true
		}
	}
	return false
}
