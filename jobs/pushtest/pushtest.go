// Package pushtest is an in-process Web Push service for tests: it checks
// the platform's VAPID token and decrypts what a device would receive.
package pushtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Service is an in-process push service, as a browser vendor runs one:
// it checks the VAPID token of every request (RFC 8292) against the
// platform's public key and decrypts the payload (RFC 8291, aes128gcm) with
// the private key of the device it is for. A device under /gone/ answers
// 410, as an expired subscription does.
type Service struct {
	t         testing.TB
	Server    *httptest.Server // its Client trusts the test certificate
	publicKey string           // the platform's VAPID key it expects

	mu       sync.Mutex
	devices  map[string]*device  // endpoint path → device
	received map[string][]string // endpoint path → decrypted payloads
}

// device is a browser's subscription with the secrets that stay on it.
type device struct {
	path    string
	private *ecdh.PrivateKey
	auth    []byte
}

// New starts a push service that expects pushes signed with the platform's
// VAPID public key; it stops when the test ends.
func New(t testing.TB, vapidPublicKey string) *Service {
	p := &Service{t: t, publicKey: vapidPublicKey, devices: map[string]*device{}, received: map[string][]string{}}
	p.Server = httptest.NewTLSServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Server.Close)
	return p
}

// Device makes a new subscription at path: the endpoint and the keys a
// browser would hand to the platform.
func (p *Service) Device(path string) (endpoint, p256dh, auth string) {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		p.t.Fatal(err)
	}
	d := &device{path: path, private: key, auth: make([]byte, 16)}
	rand.Read(d.auth)
	p.mu.Lock()
	p.devices[path] = d
	p.mu.Unlock()
	return p.Server.URL + path, base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(d.auth)
}

// Payloads are the decrypted payloads the device at path received.
func (p *Service) Payloads(path string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.received[path]...)
}

func (p *Service) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if err := p.checkVAPID(r); err != nil {
		p.t.Errorf("push service: VAPID: %v", err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Content-Encoding") != "aes128gcm" || r.Header.Get("TTL") == "" {
		p.t.Errorf("push service: headers %v", r.Header)
	}
	if strings.HasPrefix(r.URL.Path, "/gone/") {
		w.WriteHeader(http.StatusGone)
		return
	}
	p.mu.Lock()
	d := p.devices[r.URL.Path]
	p.mu.Unlock()
	if d == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	plain, err := decrypt(d, body)
	if err != nil {
		p.t.Errorf("push service: decrypt: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.received[r.URL.Path] = append(p.received[r.URL.Path], string(plain))
	p.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// checkVAPID verifies "vapid t=<JWT>, k=<key>": the key is the platform's,
// the ES256 signature holds, the audience is this push service's origin and
// the subject a contact.
func (p *Service) checkVAPID(r *http.Request) error {
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "vapid ") {
		return errors.New("no vapid authorization")
	}
	var token, key string
	for _, part := range strings.Split(strings.TrimPrefix(h, "vapid "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			token = v
		case "k":
			key = v
		}
	}
	if key != p.publicKey {
		return errors.New("not the platform's public key")
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return err
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errors.New("token is no JWT")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return errors.New("bad signature encoding")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return errors.New("signature does not verify")
	}
	var header struct{ Alg string }
	var claims struct {
		Aud string
		Sub string
		Exp int64
	}
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(hb, &header) != nil || json.Unmarshal(cb, &claims) != nil {
		return errors.New("unreadable token")
	}
	if header.Alg != "ES256" || claims.Aud != p.Server.URL || claims.Exp == 0 ||
		!(strings.HasPrefix(claims.Sub, "mailto:") || strings.HasPrefix(claims.Sub, "https://")) {
		return errors.New("wrong claims: " + string(hb) + " " + string(cb))
	}
	return nil
}

// decrypt opens an aes128gcm body (RFC 8188) as the device does (RFC 8291).
func decrypt(d *device, body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("short body")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if idlen != 65 || len(body) < 21+idlen {
		return nil, errors.New("bad key id")
	}
	senderKey, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, err
	}
	ciphertext := body[21+idlen:]
	if uint32(len(ciphertext)) > rs {
		return nil, errors.New("more than one record")
	}
	secret, err := d.private.ECDH(senderKey)
	if err != nil {
		return nil, err
	}
	info := append([]byte("WebPush: info\x00"), d.private.PublicKey().Bytes()...)
	info = append(info, senderKey.Bytes()...)
	ikm, err := hkdf.Key(sha256.New, secret, d.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		return nil, err
	}
	// The last record ends in 0x02 followed by zero padding.
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		return nil, errors.New("no last-record delimiter")
	}
	return plain[:len(plain)-1], nil
}
