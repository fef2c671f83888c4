package keys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Web Push keys are made once, private to the platform's user, and the
// same pair is read at every later start; a broken file stops the start.
func TestVAPIDKeysKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", VAPIDFileName)
	first, created, err := LoadOrCreateVAPID(path)
	if err != nil || !created || first.PublicKey == "" || first.PrivateKey == "" {
		t.Fatalf("first start: %+v %v %v", first.PublicKey, created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v, want 0600", info.Mode().Perm(), err)
	}
	again, created, err := LoadOrCreateVAPID(path)
	if err != nil || created || again != first {
		t.Fatalf("second start: created %v, same %v, %v", created, again == first, err)
	}

	other, _, err := LoadOrCreateVAPID(filepath.Join(t.TempDir(), VAPIDFileName))
	if err != nil {
		t.Fatal(err)
	}
	mixed := `{"publicKey": "` + other.PublicKey + `", "privateKey": "` + first.PrivateKey + `"}`
	if err := os.WriteFile(path, []byte(mixed), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateVAPID(path); err == nil || strings.Contains(err.Error(), first.PrivateKey) {
		t.Fatalf("mismatched pair: %v", err)
	}
	if err := os.WriteFile(path, []byte("geen json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateVAPID(path); err == nil {
		t.Fatal("a broken file was accepted")
	}
}
