package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store/storetest"
)

// Instances of `vios serve` on one PostgreSQL database, each with a data
// folder of its own and the same keys, answer side by side; one whose Web
// Push key pair differs from the others' refuses to start, since a device
// subscribed through one instance must be reachable from every one.
func TestServeInstancesShareOnePushKey(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	logKey, err := keys.GenerateLogKey(1)
	if err != nil {
		t.Fatal(err)
	}
	instance := func(data string) func(string) string {
		env := map[string]string{"VIOS_DATABASE_URL": dsn, "VIOS_DATA": data, "VIOS_KEYS": logKey, "VIOS_ADDR": "127.0.0.1:0", "VIOS_DEMO": "false"}
		return func(k string) string { return env[k] }
	}
	first, second := t.TempDir(), t.TempDir()
	a, err := serve(t, instance(first))
	if err != nil {
		t.Fatalf("first instance: %v", err)
	}
	vapid, err := os.ReadFile(filepath.Join(first, keys.VAPIDFileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, keys.VAPIDFileName), vapid, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := serve(t, instance(second))
	if err != nil {
		t.Fatalf("second instance with the first's push keys: %v", err)
	}
	for _, s := range []*serving{a, b} {
		addr := strings.Fields(s.stdout.String()[strings.Index(s.stdout.String(), "http://"):])[0]
		resp, err := http.Get(addr + "/readyz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("instance at %s not ready: %v", addr, err)
		}
		resp.Body.Close()
	}
	if _, err := serve(t, instance(t.TempDir())); err == nil || !strings.Contains(err.Error(), "verschillen van die van de andere instanties") {
		t.Errorf("an instance with push keys of its own: %v", err)
	}
}
