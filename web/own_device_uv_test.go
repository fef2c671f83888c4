package web_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/web"
)

// On an own device the passkey is both factors, so an answer without user
// verification (no fingerprint, face or PIN) is refused, even when its
// signature is right; the same passkey with user verification logs in.
func TestOwnDeviceLoginNeedsUserVerification(t *testing.T) {
	const origin = "https://vios.gemeente.example"
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1, BaseURL: origin})
	ctx := context.Background()
	u, _, err := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	raw, _ := key.PublicKey.ECDH()
	point := raw.Bytes() // 0x04 | x | y
	cose, err := webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(webauthncose.AlgES256)},
		Curve:         1, XCoord: point[1:33], YCoord: point[33:]})
	if err != nil {
		t.Fatal(err)
	}
	credID := []byte("sleutel-van-de-telefoon")
	data, _ := json.Marshal(webauthn.Credential{ID: credID, PublicKey: cose, AttestationType: "none"})
	pkID := base64.RawURLEncoding.EncodeToString(credID)
	if err := p.db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: pkID, UserID: u.ID, Name: "telefoon", Credential: string(data)}); err != nil {
		t.Fatal(err)
	}
	device := markDevice(t, p, passkeySession(t, p, u.ID))
	onDevice := []string{"Cookie", web.DeviceCookie + "=" + device.Value}

	// answer begins the ceremony and answers it as an authenticator with
	// these flags would.
	answer := func(flags byte) result {
		begin := p.do(t, "POST", "/inloggen/apparaat/begin", "", nil, onDevice...)
		var options struct {
			PublicKey struct {
				Challenge string `json:"challenge"`
			} `json:"publicKey"`
		}
		if err := json.Unmarshal([]byte(begin.body), &options); err != nil || options.PublicKey.Challenge == "" {
			t.Fatalf("begin: %d %s", begin.status, begin.body)
		}
		client, _ := json.Marshal(map[string]string{"type": "webauthn.get", "challenge": options.PublicKey.Challenge, "origin": origin})
		rp := sha256.Sum256([]byte("vios.gemeente.example"))
		auth := append(append(rp[:], flags), binary.BigEndian.AppendUint32(nil, 1)...)
		clientHash := sha256.Sum256(client)
		digest := sha256.Sum256(append(append([]byte{}, auth...), clientHash[:]...))
		sig, _ := ecdsa.SignASN1(rand.Reader, key, digest[:])
		b64 := base64.RawURLEncoding.EncodeToString
		body, _ := json.Marshal(map[string]any{"id": pkID, "rawId": pkID, "type": "public-key",
			"response": map[string]string{"clientDataJSON": b64(client), "authenticatorData": b64(auth),
				"signature": b64(sig), "userHandle": b64([]byte(u.ID))}})
		req, _ := http.NewRequest("POST", p.URL+"/inloggen/apparaat/finish", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(onDevice[0], onDevice[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		r := result{status: resp.StatusCode, body: string(b)}
		for _, c := range resp.Cookies() {
			if c.Name == web.SessionCookie {
				r.cookie = c
			}
		}
		return r
	}
	const present, verified = 0x01, 0x04
	if r := answer(present); r.status != http.StatusUnauthorized || r.cookie != nil {
		t.Errorf("a passkey without user verification: %d %s", r.status, r.body)
	}
	r := answer(present | verified)
	if r.status != http.StatusOK || r.cookie == nil || !strings.Contains(r.body, "/vandaag") {
		t.Fatalf("a passkey with user verification: %d %s", r.status, r.body)
	}
	if page := p.do(t, "GET", "/account", r.cookie.Value, nil); page.status != http.StatusOK {
		t.Errorf("the device login's session: %d", page.status)
	}
	// That login was a passkey's: it may mark another device.
	if mark := p.do(t, "POST", "/account/apparaten", r.cookie.Value, url.Values{"apparaat-naam": {"Tablet"}}); mark.status != http.StatusSeeOther {
		t.Errorf("marking after the device login: %d", mark.status)
	}
}
