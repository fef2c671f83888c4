package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Issuer is the name authenticator apps show.
const Issuer = "VIOS-platform"

// NewTOTP returns a new TOTP secret for account, the otpauth:// URL and a
// QR code of it as a PNG data URL for the set-up page.
func NewTOTP(account string) (secret, url, qrDataURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: account})
	if err != nil {
		return "", "", "", err
	}
	return TOTPImage(account, key.Secret())
}

// CheckTOTP reports whether code is valid for secret now, allowing one step
// of clock drift either way.
func CheckTOTP(secret, code string, now time.Time) bool {
	_, ok := MatchTOTP(secret, code, now)
	return ok
}

// MatchTOTP returns the 30-second time step whose code equals code (now, or
// one step before or after for clock drift). Callers store the step so that
// a code cannot be used twice.
func MatchTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	opts := totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	for _, d := range []int64{0, -1, 1} {
		step := now.Unix()/30 + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), opts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPCode returns the current code for secret (tests and the demo use it).
func TOTPCode(secret string, now time.Time) string {
	code, _ := totp.GenerateCode(secret, now)
	return code
}

// TOTPImage returns the secret, the otpauth:// URL and the QR code (a PNG
// data URL) for a secret.
func TOTPImage(account, secret string) (string, string, string, error) {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + Issuer + ":" + account,
		RawQuery: url.Values{"secret": {secret}, "issuer": {Issuer}}.Encode()}
	key, err := otp.NewKeyFromURL(u.String())
	if err != nil {
		return "", "", "", err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", "", "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", "", "", err
	}
	return secret, key.URL(), "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}
