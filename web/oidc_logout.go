package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// logoutHintCookie keeps, for RP-initiated logout, the ID token of a
// single sign-on (the id_token_hint) with the session and provider it
// belongs to. It stays in the user's own browser, sent only to /uitloggen,
// and is never stored on the server or logged.
const logoutHintCookie = "__Secure-vios-sso-uit"

// setLogoutHint keeps the ID token for the provider's logout.
func setLogoutHint(w http.ResponseWriter, p *OIDCProvider, sessionID, rawIDToken string, lifetime time.Duration) {
	if rawIDToken == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: logoutHintCookie, Value: sessionID + "~" + p.ID + "~" + rawIDToken, Path: "/uitloggen",
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: int(lifetime.Seconds())})
}

func clearLogoutHint(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: logoutHintCookie, Value: "", Path: "/uitloggen", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// providerLogoutURL returns the end_session_endpoint of the provider the
// session logged in with, with id_token_hint, post_logout_redirect_uri and
// client_id (OpenID Connect RP-Initiated Logout 1.0); "" when the session
// did not come from single sign-on or the provider has no such endpoint.
func (h *Handler) providerLogoutURL(r *http.Request, sessionID string) string {
	c, err := r.Cookie(logoutHintCookie)
	if err != nil {
		return ""
	}
	parts := strings.SplitN(c.Value, "~", 3)
	if len(parts) != 3 || parts[0] != sessionID {
		// A hint left by an earlier session in this browser.
		return ""
	}
	var p *OIDCProvider
	for i := range h.OIDC {
		if h.OIDC[i].ID == parts[1] {
			p = &h.OIDC[i]
		}
	}
	if p == nil {
		return ""
	}
	op, err := p.discover(r.Context())
	if err != nil {
		h.logger.Warn("oidc discovery for logout", "provider", p.ID, "err", err)
		return ""
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if op.Claims(&meta) != nil || meta.EndSession == "" {
		return ""
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil || u.Scheme != "https" && u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" {
		return ""
	}
	back := p.PostLogoutRedirectURI
	if back == "" {
		back = strings.TrimSuffix(h.baseURL(r), "/") + "/"
	}
	q := u.Query()
	q.Set("id_token_hint", parts[2])
	q.Set("post_logout_redirect_uri", back)
	q.Set("client_id", p.ClientID)
	u.RawQuery = q.Encode()
	return u.String()
}
