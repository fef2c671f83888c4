package main

import (
	"strings"
	"testing"
)

// The receiver's address is checked before the server starts: no address
// is no export; a bad one, plain http to another machine, or bad headers
// are clear Dutch errors naming the variable.
func TestOTLPConfiguration(t *testing.T) {
	if opts, err := otlpOptions("", ""); opts != nil || err != nil {
		t.Errorf("unset: %v %v", opts, err)
	}
	for _, ok := range []string{"https://otel.gemeente.example/v1/traces", "http://127.0.0.1:4318/v1/traces", "http://localhost:4318/v1/traces"} {
		if opts, err := otlpOptions(ok, "Authorization=Bearer abc"); opts == nil || err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, tc := range []struct{ endpoint, headers, want string }{
		{"otel.gemeente.example", "", "VIOS_OTLP_ENDPOINT"},
		{"ftp://otel.gemeente.example/v1/traces", "", "VIOS_OTLP_ENDPOINT"},
		{"https://user:geheim@otel.gemeente.example/v1/traces", "", "VIOS_OTLP_HEADERS"},
		{"http://otel.gemeente.example/v1/traces", "", "https"},
		{"https://otel.gemeente.example/v1/traces", "Authorization", "VIOS_OTLP_HEADERS"},
	} {
		_, err := otlpOptions(tc.endpoint, tc.headers)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "geheim") {
			t.Errorf("%s %s: %v", tc.endpoint, tc.headers, err)
		}
	}
}
