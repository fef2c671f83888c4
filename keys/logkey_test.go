package keys

import (
	"crypto/ed25519"
	"strings"
	"testing"
)

// The log key sits in the key file beside the municipalities' keys, is not
// one of them, gives a different MAC per version, and cannot be dropped
// from a keyring in use.
func TestLogKeyBesideThePupilKeys(t *testing.T) {
	v1, err := GenerateLogKey(1)
	if err != nil || !strings.HasPrefix(v1, "logboek 1 ") {
		t.Fatalf("log key line %q: %v", v1, err)
	}
	k := ring(t, line(t, "arnhem", 1), v1)
	if got := k.Municipalities(); len(got) != 1 || got[0] != "arnhem" {
		t.Errorf("municipalities %v", got)
	}
	if k.LogVersion() != 1 || ring(t, line(t, "arnhem", 1)).LogVersion() != 0 {
		t.Errorf("log versions: %d", k.LogVersion())
	}
	sum := func(k *Keyring, version int) string {
		t.Helper()
		h, err := k.LogMAC(version)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte("regel"))
		return string(h.Sum(nil))
	}
	k2, err := k.With(line(t, LogKeyName, 2))
	if err != nil {
		t.Fatal(err)
	}
	if sum(k, 1) != sum(k2, 1) || sum(k2, 1) == sum(k2, 2) || k2.LogVersion() != 2 {
		t.Error("a version's MAC changed with a rotation, or two versions give the same MAC")
	}
	if _, err := k.LogMAC(2); err == nil {
		t.Error("MAC under a version the keyring lacks")
	}
	signer, err := k2.LogSigner(1)
	if err != nil || !ed25519.Verify(signer.Public().(ed25519.PublicKey), []byte("x"), ed25519.Sign(signer, []byte("x"))) {
		t.Errorf("checkpoint signer: %v", err)
	}
	h := NewHolder(k2)
	if err := h.Replace(ring(t, line(t, "arnhem", 1), v1)); err == nil || !strings.Contains(err.Error(), "versie 2 van gemeente logboek") {
		t.Errorf("a key file that lost a log key version was loaded: %v", err)
	}
	if Derived([]byte("test")).LogVersion() != 1 {
		t.Error("the derived test keyring has no log key")
	}
}
