package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An Entree provider asks for acrValues and refuses the settings that would
// let it link by e-mail, give roles, or skip the second factor on a flag.
func TestParseOIDCEntree(t *testing.T) {
	dir := t.TempDir()
	keyFile := writeClientKey(dir)
	parse := func(extra string) error {
		p := filepath.Join(dir, "oidc.json")
		os.WriteFile(p, []byte(`[{"id":"entree","name":"Kennisnet Entree","issuer":"https://entree.example","clientId":"vios",
			"privateKeyFile":"`+keyFile+`","algorithm":"ES256","municipality":"arnhem","municipalities":["arnhem","renkum"],"kind":"entree"`+extra+`}]`), 0o600)
		list, err := parseOIDC(func(k string) string {
			if k == "VIOS_OIDC_CONFIG" {
				return p
			}
			return ""
		})
		if err == nil && (list[0].Entree == nil || !slices.Equal(list[0].Entree.ACRValues, []string{"urn:entree:mfa"})) {
			t.Errorf("entree settings not passed on: %+v", list[0])
		}
		return err
	}
	if err := parse(`,"acrValues":["urn:entree:mfa"],"postLogoutRedirectUri":"https://vios.example/"`); err != nil {
		t.Fatalf("good Entree config: %v", err)
	}
	for _, tt := range []struct{ extra, want string }{
		{``, "acrValues is verplicht"},
		{`,"acrValues":["urn:entree:mfa"],"trustMfa":true`, "trustMfa geldt niet"},
		{`,"acrValues":["urn:entree:mfa"],"emailDomains":["school.nl"]`, "koppelt niet op e-mail"},
		{`,"acrValues":["urn:entree:mfa"],"roleMap":{"employee":"regisseur"}`, "koppelt niet op e-mail"},
		{`,"acrValues":["urn:entree:mfa"],"postLogoutRedirectUri":"http://vios.example/"`, "https-adres"},
	} {
		if err := parse(tt.extra); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.extra, err, tt.want)
		}
	}
}

// writeClientKey writes a fresh EC client key (PKCS#8 PEM) into dir and
// returns its path.
func writeClientKey(dir string) string {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	keyFile := filepath.Join(dir, "client.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	return keyFile
}
