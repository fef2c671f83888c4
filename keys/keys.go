// Package keys holds the per-municipality keys that encrypt identifying
// pupil data: authenticated encryption (AES-256-GCM) bound to the row
// and column a value belongs to, key versions for rotation, and a keyed
// blind index to match the same pupil within one municipality only.
//
// Keys never live in the database. They come from a key file (or the
// environment) with one key per line:
//
//	# municipality-id version base64url(32 random bytes)
//	4f0c…-…  1  q0Jz…
//
// The same file holds the MAC key of the log chains, named "logboek"
// instead of a municipality (logkey.go).
//
// A lost key is a disaster, not a fallback: data sealed under it cannot be
// read again, and the platform refuses to start without it
// (docs/DATA-PROTECTION.md, "Keys").
package keys

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Key is one version of a municipality's key.
type Key struct {
	Municipality string
	Version      int
	secret       []byte
}

// Keyring holds the keys of every municipality, by version.
type Keyring struct {
	keys map[string][]Key // ascending by version
	// derived, for tests and benchmarks only: every municipality without
	// a key of its own has version 1 derived from this secret.
	derived []byte
	// aeads caches the cipher of each municipality and version ("m/v"):
	// deriving it costs more than opening a value with it.
	aeads sync.Map
	// logSecrets caches the derived keys of the log chains (logkey.go).
	logSecrets sync.Map
}

// Derived returns a keyring that has, for every municipality, a version 1
// derived from secret. For tests and benchmarks only: the platform itself
// never serves on it (a missing key must stop it).
func Derived(secret []byte) *Keyring {
	return &Keyring{keys: map[string][]Key{}, derived: secret}
}

// With returns a copy of the keyring with the key lines added (as Parse
// reads them).
func (k *Keyring) With(lines ...string) (*Keyring, error) {
	added, err := Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		return nil, err
	}
	out := &Keyring{keys: map[string][]Key{}, derived: k.derived}
	for m, list := range k.keys {
		out.keys[m] = append([]Key(nil), list...)
	}
	for m, list := range added.keys {
		if len(out.keys[m]) == 0 && k.derived != nil {
			out.keys[m] = []Key{k.derivedKey(m)}
		}
		for _, key := range list {
			if _, err := out.key(m, key.Version); err == nil {
				return nil, fmt.Errorf("versie %d van gemeente %s bestaat al", key.Version, m)
			}
			out.keys[m] = append(out.keys[m], key)
		}
		sort.Slice(out.keys[m], func(i, j int) bool { return out.keys[m][i].Version < out.keys[m][j].Version })
	}
	return out, nil
}

func (k *Keyring) derivedKey(municipality string) Key {
	secret, _ := derive(k.derived, "test-key/"+municipality)
	return Key{Municipality: municipality, Version: 1, secret: secret}
}

// list returns the municipality's keys, ascending by version.
func (k *Keyring) list(municipality string) []Key {
	if list := k.keys[municipality]; len(list) > 0 || k.derived == nil {
		return list
	}
	return []Key{k.derivedKey(municipality)}
}

// Parse reads a key file: one key per line, blank lines and lines starting
// with # ignored. It refuses short keys and a version given twice.
func Parse(r io.Reader) (*Keyring, error) {
	k := &Keyring{keys: map[string][]Key{}}
	scanner := bufio.NewScanner(r)
	line := 0
	for scanner.Scan() {
		line++
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 3 {
			return nil, fmt.Errorf("sleutelbestand regel %d: verwacht 'gemeente versie sleutel'", line)
		}
		version, err := strconv.Atoi(fields[1])
		if err != nil || version < 1 {
			return nil, fmt.Errorf("sleutelbestand regel %d: de versie is een geheel getal vanaf 1", line)
		}
		secret, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(fields[2], "="))
		if err != nil || len(secret) != 32 {
			return nil, fmt.Errorf("sleutelbestand regel %d: een sleutel is 32 bytes in base64url", line)
		}
		for _, existing := range k.keys[fields[0]] {
			if existing.Version == version {
				return nil, fmt.Errorf("sleutelbestand regel %d: versie %d van gemeente %s staat er twee keer in", line, version, fields[0])
			}
		}
		k.keys[fields[0]] = append(k.keys[fields[0]], Key{Municipality: fields[0], Version: version, secret: secret})
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	for m := range k.keys {
		sort.Slice(k.keys[m], func(i, j int) bool { return k.keys[m][i].Version < k.keys[m][j].Version })
	}
	return k, nil
}

// Load reads the key file at path.
func Load(path string) (*Keyring, error) {
	f, err := os.Open(path) // #nosec G304 -- the key file the operator configured (VIOS_KEY_FILE)
	if err != nil {
		return nil, fmt.Errorf("sleutelbestand %s: %w", path, err)
	}
	defer f.Close()
	return Parse(f)
}

// Generate returns a new random key line for the municipality and version,
// to append to the key file.
func Generate(municipality string, version int) (string, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %d %s", municipality, version, base64.RawURLEncoding.EncodeToString(secret)), nil
}

// Require reports which of the municipalities have no key, in one error
// that names them: the platform does not start without them.
func (k *Keyring) Require(municipalities ...string) error {
	var missing []string
	for _, m := range municipalities {
		if len(k.list(m)) == 0 {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("geen sleutel voor gemeente %s in het sleutelbestand: zonder die sleutel zijn haar leerlinggegevens niet te lezen", strings.Join(missing, ", "))
	}
	return nil
}

// Active returns the newest key version of the municipality, 0 without one.
func (k *Keyring) Active(municipality string) int {
	list := k.list(municipality)
	if len(list) == 0 {
		return 0
	}
	return list[len(list)-1].Version
}

func (k *Keyring) key(municipality string, version int) (Key, error) {
	for _, key := range k.list(municipality) {
		if key.Version == version {
			return key, nil
		}
	}
	return Key{}, fmt.Errorf("sleutel versie %d van gemeente %s ontbreekt", version, municipality)
}

// derive makes a key for one purpose from a municipality's secret, so the
// encryption key and the index key are never the same bytes.
func derive(secret []byte, purpose string) ([]byte, error) {
	return hkdf.Key(sha256.New, secret, nil, "vios/"+purpose, 32)
}

// ErrTampered is returned when a sealed value does not open: changed,
// moved to another row or column, or sealed for another municipality.
var ErrTampered = errors.New("versleutelde waarde klopt niet bij deze rij")

// Seal encrypts plaintext for the municipality with its newest key, bound
// to context (table, row id, column): the value opens only in that place.
// The result is "v<version>.<base64url(nonce|ciphertext)>".
func (k *Keyring) Seal(municipality string, context []byte, plaintext []byte) (string, error) {
	version := k.Active(municipality)
	if version == 0 {
		return "", k.Require(municipality)
	}
	return k.sealWith(municipality, version, context, plaintext)
}

// sealWith seals plaintext under the version of the municipality's key,
// bound to context, as "v<version>.<base64 of nonce and ciphertext>".
func (k *Keyring) sealWith(municipality string, version int, context, plaintext []byte) (string, error) {
	aead, err := k.aead(municipality, version)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, plaintext, aad(municipality, context))
	return "v" + strconv.Itoa(version) + "." + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value sealed by Seal for the same municipality and context.
func (k *Keyring) Open(municipality string, context []byte, value string) ([]byte, error) {
	version, body, err := split(value)
	if err != nil {
		return nil, err
	}
	aead, err := k.aead(municipality, version)
	if err != nil {
		return nil, err
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < aead.NonceSize() {
		return nil, ErrTampered
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], aad(municipality, context))
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

// NeedsRotation reports whether value was sealed with an older key than
// the municipality's newest: the rotation job seals it again.
func (k *Keyring) NeedsRotation(municipality, value string) bool {
	version, _, err := split(value)
	return err == nil && version < k.Active(municipality)
}

// BlindIndex returns a keyed hash of a normalised value (a pupil's name
// and date of birth) to find the same pupil again without decrypting. It
// uses the municipality's first key version, so it stays the same across
// rotations, and differs per municipality: a match never crosses one.
func (k *Keyring) BlindIndex(municipality, value string) (string, error) {
	list := k.list(municipality)
	if len(list) == 0 {
		return "", k.Require(municipality)
	}
	key, err := derive(list[0].secret, "blind-index")
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(Normalise(value)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Normalise makes the spellings of one value compare equal: lower case,
// single spaces.
func Normalise(value string) string {
	return strings.Join(strings.Fields(strings.ToLower(value)), " ")
}

func (k *Keyring) aead(municipality string, version int) (cipher.AEAD, error) {
	cacheKey := municipality + "/" + strconv.Itoa(version)
	if a, ok := k.aeads.Load(cacheKey); ok {
		return a.(cipher.AEAD), nil
	}
	a, err := k.newAEAD(municipality, version)
	if err != nil {
		return nil, err
	}
	k.aeads.Store(cacheKey, a)
	return a, nil
}

func (k *Keyring) newAEAD(municipality string, version int) (cipher.AEAD, error) {
	key, err := k.key(municipality, version)
	if err != nil {
		return nil, err
	}
	secret, err := derive(key.secret, "data")
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(secret)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// aad binds a value to its municipality and its place.
func aad(municipality string, context []byte) []byte {
	return append([]byte(municipality+"\x00"), context...)
}

func split(value string) (int, string, error) {
	head, body, ok := strings.Cut(value, ".")
	if !ok || !strings.HasPrefix(head, "v") {
		return 0, "", ErrTampered
	}
	version, err := strconv.Atoi(head[1:])
	if err != nil || version < 1 {
		return 0, "", ErrTampered
	}
	return version, body, nil
}

// Holder holds the keyring in use and lets it be replaced while requests
// run: a rotation adds a key version to the file, the process loads it
// again, and reads and writes continue with the new keyring.
type Holder struct {
	ring atomic.Pointer[Keyring]
}

// NewHolder returns a holder of k.
func NewHolder(k *Keyring) *Holder {
	h := &Holder{}
	h.ring.Store(k)
	return h
}

// Keyring returns the keyring in use; nil when none was loaded.
func (h *Holder) Keyring() *Keyring {
	if h == nil {
		return nil
	}
	return h.ring.Load()
}

// Replace puts k in use. It refuses a keyring that lacks a key version the
// one in use has: data sealed under it would become unreadable.
func (h *Holder) Replace(k *Keyring) error {
	if old := h.ring.Load(); old != nil {
		for m, list := range old.keys {
			for _, key := range list {
				if _, err := k.key(m, key.Version); err != nil {
					return fmt.Errorf("het nieuwe sleutelbestand mist %w: laad het niet", err)
				}
			}
		}
	}
	h.ring.Store(k)
	return nil
}

// Municipalities lists the municipalities the keyring has keys for.
func (k *Keyring) Municipalities() []string {
	var list []string
	for m := range k.keys {
		if m != LogKeyName { // the log's key, not a municipality's (logkey.go)
			list = append(list, m)
		}
	}
	sort.Strings(list)
	return list
}

// Rotate returns the key file lines that add a new version for each of the
// municipalities: append them to the key file.
func (k *Keyring) Rotate(municipalities ...string) ([]string, error) {
	var lines []string
	for _, m := range municipalities {
		line, err := Generate(m, k.Active(m)+1)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	return lines, nil
}

// Probes: one value sealed with each key version, kept in the database and
// opened at every start, so that a wrong key in the key file (a line from
// another installation, a typo that still decodes) stops the start instead
// of showing at the first read of pupil data.

// probeText and probeContext make a probe that no sealed data can stand in for.
var probeText, probeContext = []byte("vios-sleutelproef"), []byte("key_probes")

// ErrWrongKey is returned when a probe does not open with the key.
var ErrWrongKey = errors.New("de sleutel past niet bij de database: hij opent de sleutelproef niet")

// Versions returns the municipality's key versions, ascending.
func (k *Keyring) Versions(municipality string) []int {
	var list []int
	for _, key := range k.list(municipality) {
		list = append(list, key.Version)
	}
	return list
}

// Probe seals the probe text with the given version of the municipality's key.
func (k *Keyring) Probe(municipality string, version int) (string, error) {
	return k.sealWith(municipality, version, probeContext, probeText)
}

// CheckProbe reports ErrWrongKey when probe does not open with the key
// version it names.
func (k *Keyring) CheckProbe(municipality, probe string) error {
	plain, err := k.Open(municipality, probeContext, probe)
	if errors.Is(err, ErrTampered) || err == nil && string(plain) != string(probeText) {
		return ErrWrongKey
	}
	return err
}
