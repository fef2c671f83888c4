package auth

import (
	"strings"
	"testing"
)

// A new recovery code carries at least 112 bits (ASVS 5.0 6.5.2): 24
// characters of Crockford's base32 (5 bits each), shown in six groups of
// four, every character equally likely.
func TestRecoveryCodesCarry120Bits(t *testing.T) {
	if RecoveryCodeBits < 112 {
		t.Fatalf("recovery codes carry %d bits, ASVS asks at least 112", RecoveryCodeBits)
	}
	seen := map[string]bool{}
	counts := map[rune]int{}
	for _, c := range NewRecoveryCodes(400) {
		groups := strings.Split(c, "-")
		if len(groups) != 6 || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
		for _, g := range groups {
			if len(g) != 4 {
				t.Fatalf("code %q: group %q is not four characters", c, g)
			}
		}
		raw, err := recoveryEncoding.DecodeString(strings.ReplaceAll(c, "-", ""))
		if err != nil || len(raw)*8 != RecoveryCodeBits {
			t.Fatalf("code %q decodes to %d bytes (%v), want %d bits", c, len(raw), err, RecoveryCodeBits)
		}
		for _, r := range strings.ReplaceAll(c, "-", "") {
			counts[r]++
		}
	}
	// 400 codes × 24 characters over 32 symbols: 300 of each on average.
	// A skewed generator (modulo bias, a missing symbol) falls outside.
	if len(counts) != 32 {
		t.Errorf("codes use %d symbols, want all 32", len(counts))
	}
	for r, n := range counts {
		if n < 200 || n > 400 {
			t.Errorf("symbol %q appears %d times in 9600, want about 300", r, n)
		}
	}
}

// A code is accepted however it is typed: any case, with or without
// dashes or spaces, and the letters O, I and L for the digits they look
// like. A code of the old, short shape keeps its old form.
func TestRecoveryCodeTypedAnyWay(t *testing.T) {
	code := NewRecoveryCodes(1)[0]
	bare := strings.ReplaceAll(code, "-", "")
	for _, typed := range []string{code, strings.ToLower(code), bare, strings.ToLower(bare),
		" " + strings.ReplaceAll(code, "-", " ") + " ", bare[:12] + "\t" + bare[12:]} {
		if got := NormalizeRecoveryCode(typed); got != code {
			t.Errorf("typed %q normalizes to %q, want %q", typed, got, code)
		}
	}
	if got := NormalizeRecoveryCode("o1l2-3456-7890-abcd-efgh-jkmn"); got != "0112-3456-7890-ABCD-EFGH-JKMN" {
		t.Errorf("look-alike letters: %q", got)
	}
	for _, typed := range []string{"abcd-efgh-jkmn", "ABCDEFGHJKMN", "abcd efgh jkmn"} {
		if got := NormalizeRecoveryCode(typed); got != "abcd-efgh-jkmn" {
			t.Errorf("old code typed %q normalizes to %q", typed, got)
		}
	}
}
