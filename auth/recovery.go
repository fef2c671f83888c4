package auth

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// Recovery codes stand in for the second factor when the phone is lost.
// They are stored as a plain SHA-256 (HashToken): ASVS 5.0 6.5.2 allows
// that only for secrets of at least 112 bits, so a code carries 120 bits
// (24 characters of 5 bits) instead of being shorter under a salted,
// slow hash. A slow hash would cost a memory-hard argon2id run per stored
// code at every login with a code; a long random code costs the user
// only typing, and it is typed rarely.

// RecoveryCodeBits is the entropy of a new recovery code.
const RecoveryCodeBits = 120

// recoveryAlphabet is Crockford's base32: digits and capitals without I, L,
// O and U, so that a code read aloud or copied by hand is not misread.
const recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var recoveryEncoding = base32.NewEncoding(recoveryAlphabet).WithPadding(base32.NoPadding)

// recoveryCodeLength is the length of a new code without dashes; a code
// of the old shape (about 59 bits, before 0.12) has 12 lower-case letters.
const (
	recoveryCodeLength    = RecoveryCodeBits / 5
	oldRecoveryCodeLength = 12
)

// NewRecoveryCodes returns n one-time recovery codes of 24 characters in
// groups of four ("7K3M-…-Q9TZ").
func NewRecoveryCodes(n int) []string {
	codes := make([]string, n)
	for i := range codes {
		b := make([]byte, RecoveryCodeBits/8)
		rand.Read(b)
		codes[i] = groupsOfFour(recoveryEncoding.EncodeToString(b))
	}
	return codes
}

// NormalizeRecoveryCode returns a typed code in the form it was hashed in:
// spaces and dashes dropped, case ignored and, for a new code, the letters
// Crockford reads as digits (O as 0, I and L as 1) taken as those digits.
// A code of the old shape keeps the old form (lower case, dashes after
// every four), so that old codes keep working until they are replaced.
func NormalizeRecoveryCode(code string) string {
	c := strings.Join(strings.Fields(strings.ReplaceAll(code, "-", " ")), "")
	switch len(c) {
	case recoveryCodeLength:
		c = strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(strings.ToUpper(c))
		return groupsOfFour(c)
	case oldRecoveryCodeLength:
		return groupsOfFour(strings.ToLower(c))
	}
	return c
}

// groupsOfFour puts a dash after every four characters of s.
func groupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}
