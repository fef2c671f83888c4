package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseOIDC(t *testing.T) {
	dir := t.TempDir()
	keyFile := writeClientKey(dir)
	write := func(body string) string {
		p := filepath.Join(dir, "oidc.json")
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	env := func(path string) func(string) string {
		return func(k string) string {
			if k == "VIOS_OIDC_CONFIG" {
				return path
			}
			return ""
		}
	}
	good := `[{"id":"arnhem-entra","name":"Gemeente Arnhem","issuer":"https://login.example/tenant/v2.0","clientId":"vios",
		"privateKeyFile":"` + keyFile + `","keyId":"k1","algorithm":"ES256","municipality":"arnhem","rolesClaim":"groups",
		"roleMap":{"vios-regie":"regisseur"},"trustMfa":true,"emailDomains":["Arnhem.nl"]}]`
	list, err := parseOIDC(env(write(good)))
	if err != nil || len(list) != 1 || list[0].PrivateKey == nil || list[0].ClientSecret != "" || !list[0].TrustMFA ||
		!slices.Equal(list[0].Municipalities, []string{"arnhem"}) || !slices.Equal(list[0].EmailDomains, []string{"arnhem.nl"}) {
		t.Fatalf("good config: %+v, %v", list, err)
	}
	// A regional provider: several municipalities.
	regional := strings.Replace(good, `"municipality":"arnhem"`, `"municipality":"arnhem","municipalities":["arnhem","renkum"]`, 1)
	if list, err := parseOIDC(env(write(regional))); err != nil || !slices.Equal(list[0].Municipalities, []string{"arnhem", "renkum"}) {
		t.Errorf("regional provider: %+v, %v", list, err)
	}
	if list, err := parseOIDC(env("")); err != nil || list != nil {
		t.Errorf("no config: %v, %v", list, err)
	}
	for _, tt := range []struct{ body, want string }{
		{`{`, "geen geldige lijst"},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem"}]`, "geef privateKeyFile"},
		{`[{"id":"x","name":"X","issuer":"ftp://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `"}]`, "https-issuer"},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `","roleMap":{"g":"baas"},"emailDomains":["arnhem.nl"]}]`, `"baas" is geen rol`},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","clientSecretFile":"/bestaat/niet","emailDomains":["arnhem.nl"]}]`, "no such file"},
		{`[{"id":"x","onbekend":1}]`, "geen geldige lijst"},
		// Bound to its municipalities and e-mail domains.
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `"}]`, "emailDomains is verplicht"},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `","emailDomains":["@arnhem.nl"]}]`, "geen domeinnaam"},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `","emailDomains":["*.nl"]}]`, "geen domeinnaam"},
		{`[{"id":"x","name":"X","issuer":"https://a","clientId":"c","municipality":"arnhem","privateKeyFile":"` + keyFile + `","emailDomains":["arnhem.nl"],"municipalities":["renkum"]}]`, "moet ook in municipalities staan"},
	} {
		if _, err := parseOIDC(env(write(tt.body))); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.body, err, tt.want)
		}
	}
}
