// Package auth holds the cryptography of logging in: password hashing with
// argon2id, the list of common passwords, TOTP second factors, recovery
// codes and random tokens. It keeps no state besides a bound on how many
// hashes run at once.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 thread.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Hasher hashes and checks passwords. At most Concurrency hashes run at once
// (each takes 19 MiB), so a flood of logins queues instead of exhausting
// memory; a request that cannot get a turn before its context ends fails.
type Hasher struct {
	slots chan struct{}
}

// NewHasher returns a hasher running at most concurrency hashes at once.
func NewHasher(concurrency int) *Hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	return &Hasher{slots: make(chan struct{}, concurrency)}
}

// ErrBusy means the hasher could not get a turn before the context ended.
var ErrBusy = errors.New("auth: too many logins at once")

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ErrBusy
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the PHC string of password ("$argon2id$v=19$m=…,t=…,p=…$salt$key").
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string. An empty or
// malformed hash never matches. The parameters come from the hash, so
// stronger parameters later still verify old hashes.
func (h *Hasher) Verify(ctx context.Context, password, phc string) (bool, error) {
	var version int
	var memory, time uint32
	var threads uint8
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		// Spend the same work as a real check, so timing does not tell
		// whether an account has a password.
		h.Hash(ctx, password) // #nosec G104 -- only the time it takes matters; the answer is false either way
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil || memory > 256*1024 || time > 10 || threads > 8 {
		return false, nil
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false, nil
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(key))) // #nosec G115 -- the length of a stored hash (32 bytes)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// DummyHash is a valid hash of a random password: checking a login for an
// unknown account against it takes as long as for a real one.
var DummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$N0yDd5EcmHE1Ye1rVHv8+a8Thd5Yc0oe4k0sE1n+9Ks"

//go:embed common-passwords.txt
var commonPasswordsText string

var (
	commonOnce      sync.Once
	commonPasswords map[string]bool
)

// IsCommonPassword reports whether password (lower-cased) is on the list of
// common passwords, also after dropping digits and symbols at its end
// ("Welkom2024!!" is "welkom").
func IsCommonPassword(password string) bool {
	commonOnce.Do(func() {
		commonPasswords = make(map[string]bool, 45000)
		s := bufio.NewScanner(strings.NewReader(commonPasswordsText))
		for s.Scan() {
			if line := s.Text(); line != "" && line[0] != '#' {
				commonPasswords[line] = true
			}
		}
	})
	p := strings.ToLower(password)
	if commonPasswords[p] {
		return true
	}
	stem := strings.TrimRight(p, "0123456789!@#$%^&*()-_=+.,?~ ")
	if len(stem) >= 4 && commonPasswords[stem] {
		return true
	}
	// A repeated common word: "welkomwelkom".
	if half := len(p) / 2; len(p)%2 == 0 && p[:half] == p[half:] && (commonPasswords[p[:half]] || len(p[:half]) < 6) {
		return true
	}
	return false
}

// NewToken returns a random token for a cookie or link (32 bytes, base64url)
// and the SHA-256 hex digest under which it is stored.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the SHA-256 hex digest of a token. Tokens are random
// with 256 bits, so a fast hash suffices: there is nothing to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
