package web

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
	"golang.org/x/oauth2"
)

// OIDCProvider is an OpenID Connect identity provider users can log in with
// (a municipality's Entra ID or Keycloak, Kennisnet's Entree Federatie),
// used after the NL GOV OIDC profile: authorization code flow with PKCE
// S256, state and nonce, and client authentication by private_key_jwt.
type OIDCProvider struct {
	ID     string // in URLs: /inloggen/sso/{ID}
	Name   string // on the button: "Inloggen met {Name}"
	Issuer string
	// ClientID, and either PrivateKey (private_key_jwt, the profile's
	// choice) or ClientSecret (only for a provider that cannot do better).
	ClientID     string
	ClientSecret string
	PrivateKey   crypto.Signer
	KeyID        string
	Algorithm    jose.SignatureAlgorithm // default RS256
	Scopes       []string                // besides openid; default email, profile
	// Municipality (slug) where accounts made at first login get their roles.
	Municipality string
	// Municipalities (slugs) the provider may speak for: it logs in only
	// accounts whose every role is in one of them; empty means Municipality
	// alone. A municipality's IdP must not open an account that also holds
	// roles elsewhere (and with TrustMFA skip its second factor).
	Municipalities []string
	// EmailDomains the provider may speak for: it logs in, links and makes
	// only accounts whose e-mail address is in one of them (exactly, no
	// subdomains). Empty: none.
	EmailDomains []string
	// RolesClaim names the claim with groups or roles; RoleMap maps its
	// values to platform roles. A user without a mapped role gets no
	// account.
	RolesClaim string
	RoleMap    map[string]string
	// TrustMFA: the provider enforces multi-factor authentication itself, so
	// the platform's second factor is not asked again. When false, a user
	// who needs a second factor gives the platform's TOTP after SSO.
	TrustMFA bool
	// Entree, when set, makes this Kennisnet's Entree Federatie: accounts
	// are linked by uid and confirmed by a beheerder, never by e-mail, and
	// the second factor is judged by the returned acr (web/entree.go).
	Entree *EntreeSettings
	// PostLogoutRedirectURI is where the provider sends the browser after
	// RP-initiated logout; default the platform's base URL.
	PostLogoutRedirectURI string
}

// ssoCookie binds a started login to the browser that started it.
const ssoCookie = "__Host-vios-sso"

func (h *Handler) oidcRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/inloggen/sso/{provider}", Public: true, Handler: h.ssoStart},
		{Method: "GET", Pattern: "/inloggen/sso/{provider}/terug", Public: true, Handler: h.ssoCallback},
	}
}

// discovered caches the discovery document of each provider.
var discovered sync.Map // issuer → *oidc.Provider

func (p *OIDCProvider) discover(ctx context.Context) (*oidc.Provider, error) {
	if v, ok := discovered.Load(p.Issuer); ok {
		return v.(*oidc.Provider), nil
	}
	op, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		return nil, err
	}
	discovered.Store(p.Issuer, op)
	return op, nil
}

func (h *Handler) ssoProvider(r *http.Request) (*OIDCProvider, error) {
	for i := range h.OIDC {
		if h.OIDC[i].ID == r.PathValue("provider") {
			return &h.OIDC[i], nil
		}
	}
	return nil, vios.Errorf(vios.ENOTFOUND, "Deze manier van inloggen bestaat niet.")
}

func (p *OIDCProvider) oauth2Config(op *oidc.Provider, redirect string) *oauth2.Config {
	scopes := p.Scopes
	if len(scopes) == 0 {
		scopes = []string{"email", "profile"}
	}
	c := &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: redirect, Scopes: append([]string{oidc.ScopeOpenID}, scopes...)}
	// Client authentication in the form: private_key_jwt (no secret) or
	// client_secret_post.
	c.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	return c
}

// ClientAssertion returns a private_key_jwt client assertion (RFC 7523) for
// the token endpoint: signed by the client's key, iss = sub = client id,
// aud = token endpoint, valid for five minutes, with a unique jti.
func (p *OIDCProvider) ClientAssertion(tokenURL string, now time.Time) (string, error) {
	alg := p.Algorithm
	if alg == "" {
		alg = jose.RS256
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if p.KeyID != "" {
		opts = opts.WithHeader("kid", p.KeyID)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: p.PrivateKey}, opts)
	if err != nil {
		return "", err
	}
	jti := make([]byte, 16)
	rand.Read(jti)
	claims := jwt.Claims{Issuer: p.ClientID, Subject: p.ClientID, Audience: jwt.Audience{tokenURL},
		ID: base64.RawURLEncoding.EncodeToString(jti), IssuedAt: jwt.NewNumericDate(now),
		Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute))}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

func (h *Handler) redirectURL(r *http.Request, p *OIDCProvider) string {
	return strings.TrimSuffix(h.baseURL(r), "/") + "/inloggen/sso/" + p.ID + "/terug"
}

// baseURL is the platform's own address: configured, else the request's.
func (h *Handler) baseURL(r *http.Request) string {
	if h.BaseURL == "" {
		return "http://" + r.Host
	}
	return h.BaseURL
}

// ssoStart sends the browser to the identity provider.
func (h *Handler) ssoStart(w http.ResponseWriter, r *http.Request) {
	p, err := h.ssoProvider(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	op, err := p.discover(r.Context())
	if err != nil {
		h.logger.Error("oidc discovery", "provider", p.ID, "err", err)
		h.renderError(w, r, vios.Errorf(vios.EINTERNAL, "discovery"))
		return
	}
	state, stateHash := auth.NewToken()
	nonce, _ := auth.NewToken()
	verifier := oauth2.GenerateVerifier()
	if err := h.Identity.SaveOIDCLogin(r.Context(), stateHash, p.ID, verifier, nonce); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: state, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 600})
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)}
	if p.Entree != nil && len(p.Entree.ACRValues) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(p.Entree.ACRValues, " ")))
	}
	url := p.oauth2Config(op, h.redirectURL(r, p)).AuthCodeURL(state, opts...)
	http.Redirect(w, r, url, http.StatusFound)
}

// ssoFailed answers a failed single sign-on: logged, audited, and a Dutch
// page without details.
func (h *Handler) ssoFailed(w http.ResponseWriter, r *http.Request, p *OIDCProvider, userID, reason string, err error) {
	message := "Inloggen via " + p.Name + " is niet gelukt. Probeer het opnieuw of log in met uw wachtwoord."
	if reason == "geen rol" {
		message = "U bent bij " + p.Name + " ingelogd, maar heeft geen rol op dit platform. Vraag de functioneel beheerder van uw gemeente om toegang."
	} else if reason == "buiten bereik" {
		message = "Met " + p.Name + " kunt u niet op dit account inloggen: uw e-mailadres of een van uw rollen valt buiten de gemeenten en e-maildomeinen waarvoor " +
			p.Name + " mag spreken. Log in met uw e-mailadres en wachtwoord."
	} else if reason == "geblokkeerd" {
		message = "Uw account op dit platform is geblokkeerd. Neem contact op met de functioneel beheerder van uw gemeente."
	}
	h.ssoRefused(w, r, p, http.StatusUnauthorized, userID, reason, message, err)
}

// ssoRefused logs and audits a single sign-on that gives no session, and
// answers with the login page saying message.
func (h *Handler) ssoRefused(w http.ResponseWriter, r *http.Request, p *OIDCProvider, status int, userID, reason, message string, err error) {
	h.logger.Warn("sso login failed", "provider", p.ID, "reason", reason, "err", err)
	if rerr := h.Identity.RecordLoginFailure(r.Context(), userID, "sso: "+reason, addressSubject(ClientAddress(r))); rerr != nil {
		h.logger.Error("record login failure", "err", rerr)
	}
	h.render(w, r, status, "login", page{Title: "Inloggen", Current: "inloggen",
		Data: loginPage{Demo: h.Demo, SSO: h.OIDC, Error: message}})
}

// ssoCallback takes the provider's answer: checks state, exchanges the code
// with the PKCE verifier and the client assertion, verifies the ID token and
// its nonce, finds or makes the account, and starts the session.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	p, err := h.ssoProvider(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if e := q.Get("error"); e != "" {
		h.ssoFailed(w, r, p, "", "fout van de provider", fmt.Errorf("provider error %q", e))
		return
	}
	state := q.Get("state")
	c, cerr := r.Cookie(ssoCookie)
	if state == "" || cerr != nil || c.Value != state {
		h.ssoFailed(w, r, p, "", "state klopt niet", nil)
		return
	}
	verifier, nonce, err := h.Identity.ConsumeOIDCLogin(r.Context(), auth.HashToken(state), p.ID)
	if err != nil {
		h.ssoFailed(w, r, p, "", "state onbekend of gebruikt", err)
		return
	}
	op, err := p.discover(r.Context())
	if err != nil {
		h.ssoFailed(w, r, p, "", "discovery", err)
		return
	}
	cfg := p.oauth2Config(op, h.redirectURL(r, p))
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(verifier)}
	if p.PrivateKey != nil {
		assertion, err := p.ClientAssertion(cfg.Endpoint.TokenURL, time.Now())
		if err != nil {
			h.ssoFailed(w, r, p, "", "client assertion", err)
			return
		}
		opts = append(opts, oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
			oauth2.SetAuthURLParam("client_assertion", assertion))
	}
	token, err := cfg.Exchange(r.Context(), q.Get("code"), opts...)
	if err != nil {
		h.ssoFailed(w, r, p, "", "code inwisselen", err)
		return
	}
	raw, _ := token.Extra("id_token").(string)
	idToken, err := op.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(r.Context(), raw)
	if err != nil {
		h.ssoFailed(w, r, p, "", "id-token ongeldig", err)
		return
	}
	if idToken.Nonce != nonce {
		h.ssoFailed(w, r, p, "", "nonce klopt niet", nil)
		return
	}
	if p.Entree != nil {
		h.entreeCallback(w, r, p, idToken, raw)
		return
	}
	user, err := h.ssoUser(r.Context(), p, idToken)
	if err != nil {
		reason := "account"
		if errors.Is(err, errOutsideProvider) {
			reason = "buiten bereik"
		} else if vios.ErrorCode(err) == vios.EFORBIDDEN {
			reason = "geen rol"
		}
		h.ssoFailed(w, r, p, "", reason, err)
		return
	}
	if user.Disabled {
		h.ssoFailed(w, r, p, user.ID, "geblokkeerd", nil)
		return
	}
	h.ssoSession(w, r, p, user, p.TrustMFA || !user.NeedsMFA(), raw)
}

// ssoSession starts the session of a single sign-on, keeps the ID token
// for RP-initiated logout, and sends the browser on: to the start page, or
// to the platform's second factor when the provider's login does not count
// as one.
func (h *Handler) ssoSession(w http.ResponseWriter, r *http.Request, p *OIDCProvider, user *vios.User, mfaDone bool, rawIDToken string) {
	sessionToken, id := auth.NewToken()
	s := &vios.Session{ID: id, UserID: user.ID, Address: ClientAddress(r), UserAgent: r.UserAgent()}
	if err := h.Identity.CreateSession(r.Context(), s, h.Sessions, mfaDone); err != nil {
		h.renderError(w, r, err)
		return
	}
	setSessionCookie(w, sessionToken)
	setLogoutHint(w, p, id, rawIDToken, h.Sessions.Absolute)
	switch {
	case mfaDone:
		http.Redirect(w, r, "/vandaag", http.StatusSeeOther)
	case user.HasTOTP:
		http.Redirect(w, r, "/inloggen/tweede-factor", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/inloggen/tweede-factor-instellen", http.StatusSeeOther)
	}
}

// ssoClaims are the claims the platform reads from an ID token.
type ssoClaims struct {
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Name          string `json:"name"`
}

// errOutsideProvider: the account is not one the provider may speak for.
var errOutsideProvider = errors.New("account outside the provider's municipalities or e-mail domains")

// mayEmail reports whether the provider may speak for an e-mail address.
func (p *OIDCProvider) mayEmail(email string) bool {
	at := strings.LastIndex(email, "@")
	return at >= 0 && slices.Contains(p.EmailDomains, strings.ToLower(email[at+1:]))
}

// speaksFor returns errOutsideProvider unless the provider may speak for
// the account: its e-mail domain is one of the provider's, and every role
// it holds is in one of the provider's municipalities (a national role is
// in none).
func (h *Handler) speaksFor(ctx context.Context, p *OIDCProvider, u *vios.User) error {
	if !p.mayEmail(u.Email) {
		return errOutsideProvider
	}
	ids, err := h.providerMunicipalities(ctx, p)
	if err != nil {
		return err
	}
	for _, m := range u.Memberships {
		if m.MunicipalityID == "" || !slices.Contains(ids, m.MunicipalityID) {
			return errOutsideProvider
		}
	}
	return nil
}

// ssoUser finds the account of an identity: by its link, else by verified
// e-mail address (then linked), else a new account with the roles the
// provider's claims map to. EFORBIDDEN when no role maps; errOutsideProvider
// when the account (or the address, for a new one) is not one the provider
// may speak for — checked at every login, also over an existing link, as
// the account may have gained a role elsewhere since.
func (h *Handler) ssoUser(ctx context.Context, p *OIDCProvider, tok *oidc.IDToken) (*vios.User, error) {
	if u, err := h.Identity.FindUserByIdentity(ctx, tok.Issuer, tok.Subject); err == nil {
		return u, h.speaksFor(ctx, p, u)
	} else if vios.ErrorCode(err) != vios.ENOTFOUND {
		return nil, err
	}
	var c ssoClaims
	if err := tok.Claims(&c); err != nil {
		return nil, err
	}
	if c.Email == "" {
		return nil, vios.Errorf(vios.EINVALID, "no e-mail")
	}
	if !p.mayEmail(c.Email) {
		return nil, errOutsideProvider
	}
	if u, _, err := h.Identity.FindCredentials(ctx, c.Email); err == nil {
		// Linking to an existing account takes a verified address: anyone
		// can put any address in an IdP account they control.
		if c.EmailVerified == nil || !*c.EmailVerified {
			return nil, vios.Errorf(vios.EINVALID, "e-mail not verified")
		}
		if err := h.speaksFor(ctx, p, u); err != nil {
			return nil, err
		}
		return u, h.Identity.LinkIdentity(ctx, u, tok.Issuer, tok.Subject)
	} else if vios.ErrorCode(err) != vios.ENOTFOUND {
		return nil, err
	}
	// A new account, with the roles the claims map to.
	m, err := h.Organisations.FindMunicipalityBySlug(ctx, p.Municipality)
	if err != nil {
		return nil, err
	}
	var all map[string]any
	if err := tok.Claims(&all); err != nil {
		return nil, err
	}
	var roles []string
	switch v := all[p.RolesClaim].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				roles = append(roles, s)
			}
		}
	case string:
		roles = strings.Fields(v)
	}
	u := &vios.User{Email: c.Email, Name: c.Name}
	if u.Name == "" {
		u.Name = c.Email
	}
	for _, claim := range roles {
		role, ok := p.RoleMap[claim]
		// Roles tied to an organisation cannot come from a claim alone.
		if !ok || vios.RoleOrganisationKind(role) != "" || role == vios.RoleLandelijk ||
			slices.ContainsFunc(u.Memberships, func(x vios.Membership) bool { return x.Role == role }) {
			continue
		}
		u.Memberships = append(u.Memberships, vios.Membership{MunicipalityID: m.ID, Role: role})
	}
	if len(u.Memberships) == 0 {
		return nil, vios.Errorf(vios.EFORBIDDEN, "no role")
	}
	// Nobody is logged in yet: the platform gives the roles the
	// municipality's provider vouches for, and says so in the audit trail.
	if err := h.Identity.LinkIdentity(vios.NewSystemContext(ctx, "eerste aanmelding via "+p.ID), u, tok.Issuer, tok.Subject); err != nil {
		return nil, err
	}
	return u, nil
}
