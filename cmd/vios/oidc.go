package main

import (
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/web"
)

// oidcConfig is one provider in the VIOS_OIDC_CONFIG file. Secrets are read
// from files named here, never from the configuration itself.
type oidcConfig struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Issuer           string            `json:"issuer"`
	ClientID         string            `json:"clientId"`
	ClientSecretFile string            `json:"clientSecretFile"`
	PrivateKeyFile   string            `json:"privateKeyFile"`
	KeyID            string            `json:"keyId"`
	Algorithm        string            `json:"algorithm"`
	Scopes           []string          `json:"scopes"`
	Municipality     string            `json:"municipality"`
	Municipalities   []string          `json:"municipalities"`
	EmailDomains     []string          `json:"emailDomains"`
	RolesClaim       string            `json:"rolesClaim"`
	RoleMap          map[string]string `json:"roleMap"`
	TrustMFA         bool              `json:"trustMfa"`
	// Kind "entree" makes the provider Kennisnet's Entree Federatie
	// (web/entree.go): no e-mail domains, roles or trustMfa, but acrValues.
	Kind                  string   `json:"kind"`
	ACRValues             []string `json:"acrValues"`
	AcceptedACR           []string `json:"acceptedAcr"`
	PostLogoutRedirectURI string   `json:"postLogoutRedirectUri"`
}

// parseOIDC reads the single sign-on providers from the JSON file named by
// VIOS_OIDC_CONFIG (none when unset).
func parseOIDC(getenv func(string) string) ([]web.OIDCProvider, error) {
	path := getenv("VIOS_OIDC_CONFIG")
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("VIOS_OIDC_CONFIG: %w", err)
	}
	var list []oidcConfig
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("VIOS_OIDC_CONFIG %s is geen geldige lijst van providers: %w", path, err)
	}
	var out []web.OIDCProvider
	seen := map[string]bool{}
	for i, c := range list {
		where := fmt.Sprintf("VIOS_OIDC_CONFIG, provider %d (%s)", i+1, c.ID)
		switch {
		case !vios.ValidSlug(c.ID) || seen[c.ID]:
			return nil, fmt.Errorf("%s: id moet uniek zijn, met kleine letters, cijfers en streepjes", where)
		case c.Name == "" || c.ClientID == "" || !strings.HasPrefix(c.Issuer, "https://") && !strings.HasPrefix(c.Issuer, "http://127.0.0.1") && !strings.HasPrefix(c.Issuer, "http://localhost"):
			return nil, fmt.Errorf("%s: name, clientId en een https-issuer zijn verplicht", where)
		case (c.PrivateKeyFile == "") == (c.ClientSecretFile == ""):
			return nil, fmt.Errorf("%s: geef privateKeyFile (private_key_jwt) of, alleen als de provider niet anders kan, clientSecretFile", where)
		case !vios.ValidSlug(c.Municipality):
			return nil, fmt.Errorf("%s: municipality moet de code van een gemeente zijn", where)
		}
		if len(c.Municipalities) == 0 {
			c.Municipalities = []string{c.Municipality}
		}
		for _, slug := range c.Municipalities {
			if !vios.ValidSlug(slug) {
				return nil, fmt.Errorf("%s: municipalities[%q] is geen code van een gemeente", where, slug)
			}
		}
		if !slices.Contains(c.Municipalities, c.Municipality) {
			return nil, fmt.Errorf("%s: municipality %q moet ook in municipalities staan", where, c.Municipality)
		}
		entree, err := entreeSettings(c, where)
		if err != nil {
			return nil, err
		}
		if c.PostLogoutRedirectURI != "" && !strings.HasPrefix(c.PostLogoutRedirectURI, "https://") {
			return nil, fmt.Errorf("%s: postLogoutRedirectUri moet een https-adres zijn", where)
		}
		// The domains bind the provider to the accounts it may speak for:
		// without them it could link to any account by e-mail. Entree
		// links no account by e-mail at all.
		if len(c.EmailDomains) == 0 && entree == nil {
			return nil, fmt.Errorf("%s: emailDomains is verplicht: de e-maildomeinen waarvoor deze provider mag spreken (bijv. [\"arnhem.nl\"])", where)
		}
		for i, d := range c.EmailDomains {
			d = strings.ToLower(strings.TrimSpace(d))
			if !validDomain(d) {
				return nil, fmt.Errorf("%s: emailDomains[%q] is geen domeinnaam (zoals arnhem.nl, zonder @)", where, c.EmailDomains[i])
			}
			c.EmailDomains[i] = d
		}
		seen[c.ID] = true
		for claim, role := range c.RoleMap {
			if vios.RoleLabel(role) == role {
				return nil, fmt.Errorf("%s: roleMap[%q] = %q is geen rol", where, claim, role)
			}
		}
		p := web.OIDCProvider{ID: c.ID, Name: c.Name, Issuer: c.Issuer, ClientID: c.ClientID, KeyID: c.KeyID,
			Algorithm: jose.SignatureAlgorithm(c.Algorithm), Scopes: c.Scopes, Municipality: c.Municipality,
			Municipalities: c.Municipalities, EmailDomains: c.EmailDomains,
			RolesClaim: c.RolesClaim, RoleMap: c.RoleMap, TrustMFA: c.TrustMFA, Entree: entree,
			PostLogoutRedirectURI: c.PostLogoutRedirectURI}
		if c.ClientSecretFile != "" {
			secret, err := os.ReadFile(c.ClientSecretFile)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			p.ClientSecret = strings.TrimSpace(string(secret))
		} else if p.PrivateKey, err = readPrivateKey(c.PrivateKeyFile); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// entreeSettings checks the settings of an Entree provider and returns
// them; nil for any other kind of provider.
func entreeSettings(c oidcConfig, where string) (*web.EntreeSettings, error) {
	switch {
	case c.Kind == "":
		if len(c.ACRValues)+len(c.AcceptedACR) > 0 {
			return nil, fmt.Errorf("%s: acrValues en acceptedAcr horen bij kind \"entree\"", where)
		}
		return nil, nil
	case c.Kind != "entree":
		return nil, fmt.Errorf("%s: kind %q is onbekend (alleen \"entree\")", where, c.Kind)
	case c.TrustMFA:
		return nil, fmt.Errorf("%s: trustMfa geldt niet voor Entree: de teruggegeven acr beslist (acrValues, acceptedAcr)", where)
	case len(c.EmailDomains) > 0 || c.RolesClaim != "" || len(c.RoleMap) > 0:
		return nil, fmt.Errorf("%s: Entree koppelt niet op e-mail en geeft geen rollen: laat emailDomains, rolesClaim en roleMap weg", where)
	case len(c.ACRValues) == 0:
		return nil, fmt.Errorf("%s: acrValues is verplicht voor Entree: het niveau van inloggen dat het platform vraagt", where)
	}
	return &web.EntreeSettings{ACRValues: c.ACRValues, AcceptedACR: c.AcceptedACR}, nil
}

// validDomain reports whether d looks like a lower-case domain name: labels
// of letters, digits and hyphens, at least two, no wildcard.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// readPrivateKey reads a PEM private key (PKCS#8, PKCS#1 or EC).
func readPrivateKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("privateKeyFile bevat geen PEM-sleutel")
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	return nil, errors.New("privateKeyFile: onbekend sleuteltype (gebruik RSA of EC, PKCS#8)")
}
