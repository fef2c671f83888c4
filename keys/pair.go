package keys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// PairIndex returns a keyed hash of a normalised value (a pupil's name and
// date of birth) under a key of the pair of municipalities a and b: the
// same for both orders, and different from either municipality's own
// BlindIndex. The pair key needs a part derived from each municipality's
// first key, so neither municipality's key alone yields it, and a pair
// index says nothing about the index of any other pair or of either
// municipality alone. The store computes it only while a border clause of
// both municipalities is in force, and keeps it nowhere (issue 18).
func (k *Keyring) PairIndex(a, b, value string) (string, error) {
	if b < a {
		a, b = b, a
	}
	partA, err := k.pairPart(a, b)
	if err != nil {
		return "", err
	}
	partB, err := k.pairPart(b, a)
	if err != nil {
		return "", err
	}
	key := sha256.Sum256(append(append([]byte("vios/border-pair/"), partA...), partB...))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(Normalise(value)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// pairPart is municipality's share of the pair key with other, derived
// from its first key version like its blind index (stable across
// rotations).
func (k *Keyring) pairPart(municipality, other string) ([]byte, error) {
	list := k.list(municipality)
	if len(list) == 0 {
		return nil, k.Require(municipality)
	}
	return derive(list[0].secret, "border-pair/"+other)
}
