package vios

import "testing"

// The server POSTs to a subscription's endpoint: only the browsers' push
// services (and configured extra hosts) are reachable through it.
func TestPushEndpointAllowed(t *testing.T) {
	for _, c := range []struct {
		endpoint string
		extra    []string
		want     bool
	}{
		{"https://fcm.googleapis.com/fcm/send/abc", nil, true},
		{"https://updates.push.services.mozilla.com/wpush/v2/abc", nil, true},
		{"https://web.push.apple.com/abc", nil, true},
		{"https://api.push.apple.com/abc", nil, true},
		{"https://wns2-db5p.notify.windows.com/w/?token=abc", nil, true},
		{"https://push.apple.com/abc", nil, false},
		{"https://evilpush.apple.com.example/abc", nil, false},
		{"https://fcm.googleapis.com.evil.example/abc", nil, false},
		{"http://fcm.googleapis.com/fcm/send/abc", nil, false},
		{"https://user:pw@fcm.googleapis.com/fcm/send/abc", nil, false},
		{"https://fcm.googleapis.com:8443/fcm/send/abc", nil, false},
		{"https://fcm.googleapis.com:443/fcm/send/abc", nil, true},
		{"https://127.0.0.1:9443/push/abc", nil, false},
		{"https://127.0.0.1:9443/push/abc", []string{"127.0.0.1:9443"}, true},
		{"https://127.0.0.1:9444/push/abc", []string{"127.0.0.1:9443"}, false},
		{"https://localhost/push", nil, false},
		{"ftp://fcm.googleapis.com/x", nil, false},
		{"", nil, false},
	} {
		if got := PushEndpointAllowed(c.endpoint, c.extra); got != c.want {
			t.Errorf("PushEndpointAllowed(%q, %v) = %v, want %v", c.endpoint, c.extra, got, c.want)
		}
	}
}
