package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(1)
	ctx := context.Background()
	hash, err := h.Hash(ctx, "paars-fietsje-op-de-dijk")
	if err != nil || !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q, %v", hash, err)
	}
	other, _ := h.Hash(ctx, "paars-fietsje-op-de-dijk")
	if other == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, tt := range []struct {
		password, hash string
		want           bool
	}{
		{"paars-fietsje-op-de-dijk", hash, true},
		{"paars-fietsje-op-de-dijK", hash, false},
		{"paars-fietsje-op-de-dijk", "", false},
		{"paars-fietsje-op-de-dijk", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$a2V5", false},
		{"x", DummyHash, false},
	} {
		if ok, err := h.Verify(ctx, tt.password, tt.hash); ok != tt.want || err != nil {
			t.Errorf("Verify(%q, %.30q) = %v, %v; want %v", tt.password, tt.hash, ok, err, tt.want)
		}
	}
}

// A login flood waits its turn; one that cannot get a turn in time fails
// instead of allocating another 19 MiB.
func TestHasherBoundsConcurrency(t *testing.T) {
	h := NewHasher(1)
	h.slots <- struct{}{} // the one slot is taken
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "wachtwoord-voor-de-test"); err != ErrBusy {
		t.Errorf("with no free slot: %v, want ErrBusy", err)
	}
}

func TestCommonPasswords(t *testing.T) {
	for pw, want := range map[string]bool{
		"wachtwoord": true, "Welkom2024!!": true, "qwertyuiop": true, "Feyenoord1908": true, "welkomwelkom": true,
		"paars-fietsje-op-de-dijk": false, "groene kikker in de sloot": false,
	} {
		if got := IsCommonPassword(pw); got != want {
			t.Errorf("IsCommonPassword(%q) = %v, want %v", pw, got, want)
		}
	}
}

func TestTOTP(t *testing.T) {
	secret, url, qr, err := NewTOTP("a@b.example")
	if err != nil || !strings.HasPrefix(url, "otpauth://totp/VIOS-platform:a@b.example?") || !strings.HasPrefix(qr, "data:image/png;base64,") {
		t.Fatalf("NewTOTP: %q %q %v", url, qr[:30], err)
	}
	now := time.Date(2026, 11, 28, 12, 0, 15, 0, time.UTC)
	step := now.Unix() / 30
	for _, tt := range []struct {
		at   time.Time
		want int64
		ok   bool
	}{
		{now, step, true},
		{now.Add(-30 * time.Second), step - 1, true}, // clock drift
		{now.Add(30 * time.Second), step + 1, true},
		{now.Add(-90 * time.Second), 0, false},
	} {
		got, ok := MatchTOTP(secret, TOTPCode(secret, tt.at), now)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("code of %v: step %d %v, want %d %v", tt.at, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := MatchTOTP(secret, "12345", now); ok {
		t.Error("five digits accepted")
	}
}
