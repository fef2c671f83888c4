package api

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/vios-platform/vios"
)

// storedAnswer is what a replay needs: the status, the Location of what
// was made, and the body (which may name a pupil, hence sealed).
type storedAnswer struct {
	Status      int    `json:"s"`
	Location    string `json:"l,omitempty"`
	ContentType string `json:"t,omitempty"`
	Body        []byte `json:"b,omitempty"`
}

func (a storedAnswer) writeTo(w http.ResponseWriter) {
	if a.Location != "" {
		w.Header().Set("Location", a.Location)
	}
	if a.ContentType != "" {
		w.Header().Set("Content-Type", a.ContentType)
	}
	w.WriteHeader(a.Status)
	w.Write(a.Body) // #nosec G104 -- the status is sent; an error can only mean the client went away
}

// answerAEAD is AES-256-GCM under a key derived from the request's secret:
// the database holds only ciphertext the platform cannot open without the
// client's token and key. No key rotation is needed: an answer lives a day
// (vios.IdempotencyTTL) and its key is in no keyring.
func answerAEAD(secret []byte) (cipher.AEAD, error) {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("answer")) // #nosec G104 -- a hash.Hash never returns an error
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealAnswer seals a, bound to the claim's id.
func sealAnswer(secret []byte, id string, a storedAnswer) (string, error) {
	aead, err := answerAEAD(secret)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(a)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, []byte(id))), nil
}

// openAnswer opens what sealAnswer sealed.
func openAnswer(secret []byte, id, sealed string) (storedAnswer, error) {
	var a storedAnswer
	aead, err := answerAEAD(secret)
	if err != nil {
		return a, err
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < aead.NonceSize() {
		return a, vios.Errorf(vios.EINTERNAL, "idempotent answer %s: not sealed", id)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(id))
	if err != nil {
		return a, vios.Errorf(vios.EINTERNAL, "idempotent answer %s does not open: %v", id, err)
	}
	return a, json.Unmarshal(plain, &a)
}
