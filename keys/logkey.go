package keys

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"strconv"
)

// The MAC key of the log chains lives beside the pupil
// keys, in the same key file or VIOS_KEYS, under the reserved name
// LogKeyName instead of a municipality id:
//
//	logboek 1 base64url(32 random bytes)
//
// It is reloaded and rotated like them: every chain row names the version
// that made its MAC, a rotation adds a version, and no version may leave
// the file (rows made with it could no longer be checked). Municipality
// ids are UUIDs, so the name never collides with one.

// LogKeyName is the key file's name for the log's MAC key.
const LogKeyName = "logboek"

// LogVersion returns the newest version of the log key, 0 without one.
func (k *Keyring) LogVersion() int {
	if k == nil {
		return 0
	}
	return k.Active(LogKeyName)
}

// LogVersions lists the versions of the log key in the keyring, ascending.
func (k *Keyring) LogVersions() []int {
	var list []int
	for _, key := range k.list(LogKeyName) {
		list = append(list, key.Version)
	}
	return list
}

// LogMAC returns a new HMAC-SHA256 under version of the log key. The key
// is derived once per version and cached: every logged read appends a
// chain row, so the MAC must cost no more than the hash it replaces.
func (k *Keyring) LogMAC(version int) (hash.Hash, error) {
	secret, err := k.logSecret(version, "log-mac")
	if err != nil {
		return nil, err
	}
	return hmac.New(sha256.New, secret), nil
}

// LogSigner returns the Ed25519 key that signs checkpoints of the log
// chains, derived from version of the log key: whoever holds the key file
// can check a checkpoint, and its public half can be handed to anyone.
func (k *Keyring) LogSigner(version int) (ed25519.PrivateKey, error) {
	seed, err := k.logSecret(version, "log-checkpoint")
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func (k *Keyring) logSecret(version int, purpose string) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("geen sleutel voor het logboek geladen")
	}
	cacheKey := purpose + "/" + strconv.Itoa(version)
	if s, ok := k.logSecrets.Load(cacheKey); ok {
		return s.([]byte), nil
	}
	key, err := k.key(LogKeyName, version)
	if err != nil {
		return nil, fmt.Errorf("logboeksleutel versie %d ontbreekt in het sleutelbestand", version)
	}
	secret, err := derive(key.secret, purpose)
	if err != nil {
		return nil, err
	}
	k.logSecrets.Store(cacheKey, secret)
	return secret, nil
}

// GenerateLogKey returns a new key line for version of the log key.
func GenerateLogKey(version int) (string, error) { return Generate(LogKeyName, version) }
