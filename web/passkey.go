package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Passkeys (WebAuthn) as a second factor besides the authenticator app: a
// user who has set up TOTP can add passkeys on the account page, and use one
// instead of a code when logging in. The ceremonies' challenges stay on the
// server, bound to the session.

func (h *Handler) passkeyRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/account/passkeys/begin", Handler: h.passkeyRegisterBegin},
		{Method: "POST", Pattern: "/account/passkeys/finish", Handler: h.passkeyRegisterFinish},
		{Method: "POST", Pattern: "/account/passkeys/{id}/verwijderen", Handler: h.passkeyRemove},
		{Method: "POST", Pattern: "/inloggen/passkey/begin", Public: true, Handler: h.passkeyLoginBegin},
		{Method: "POST", Pattern: "/inloggen/passkey/finish", Public: true, Handler: h.passkeyLoginFinish},
	}
}

// passkeysNeedADomain says why passkeys cannot be used on this platform.
const passkeysNeedADomain = "Passkeys werken alleen als het platform een domeinnaam heeft (zoals vios.gemeente.nl), niet op een IP-adres. " +
	"Gebruik de code uit uw app. De beheerder kan VIOS_BASE_URL op een domeinnaam zetten."

// relyingParty is the platform as WebAuthn sees it: its host name and origin.
func (h *Handler) relyingParty(r *http.Request) (*webauthn.WebAuthn, error) {
	base := h.BaseURL
	if base == "" {
		base = "http://" + r.Host
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	if _, err := netip.ParseAddr(u.Hostname()); err == nil {
		// WebAuthn binds a passkey to a domain name; an IP address is none.
		return nil, vios.Errorf(vios.ECONFLICT, "%s", passkeysNeedADomain)
	}
	return webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "VIOS-platform",
		RPOrigins: []string{u.Scheme + "://" + u.Host}})
}

// passkeyUser is a user as the WebAuthn library sees it.
type passkeyUser struct {
	user  *vios.User
	creds []webauthn.Credential
}

func (u *passkeyUser) WebAuthnID() []byte                         { return []byte(u.user.ID) }
func (u *passkeyUser) WebAuthnName() string                       { return u.user.Email }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.user.Name }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func (h *Handler) loadPasskeyUser(ctx context.Context, u *vios.User) (*passkeyUser, []*vios.Passkey, error) {
	list, err := h.Identity.ListPasskeys(ctx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	pu := &passkeyUser{user: u}
	for _, p := range list {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(p.Credential), &c); err != nil {
			return nil, nil, err
		}
		pu.creds = append(pu.creds, c)
	}
	return pu, list, nil
}

func writeJSONAnswer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // #nosec G104 -- the status is sent; an encode error can only mean the client went away
}

// passkeyFailed answers a failed ceremony in Dutch, for the script to show.
func (h *Handler) passkeyFailed(w http.ResponseWriter, status int, message string, err error) {
	if err != nil {
		h.logger.Warn("passkey", "err", err)
	}
	writeJSONAnswer(w, status, map[string]string{"fout": message})
}

// passkeyTrouble answers when the platform cannot do passkeys (a coded
// error, its message) or something broke (logged, a generic message).
func (h *Handler) passkeyTrouble(w http.ResponseWriter, err error) {
	if code := vios.ErrorCode(err); code != vios.EINTERNAL {
		h.passkeyFailed(w, httpx.ErrorStatus(code), vios.ErrorMessage(err), nil)
		return
	}
	h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
}

func (h *Handler) passkeyRegisterBegin(w http.ResponseWriter, r *http.Request) {
	actor := vios.ActorFromContext(r.Context())
	if actor == nil || actor.ViaToken {
		h.passkeyFailed(w, http.StatusUnauthorized, "Log eerst in.", nil)
		return
	}
	rp, err := h.relyingParty(r)
	pu, _, lerr := h.loadPasskeyUser(r.Context(), actor.User)
	if err != nil || lerr != nil {
		h.passkeyTrouble(w, errors.Join(err, lerr))
		return
	}
	options, session, err := rp.BeginRegistration(pu, webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()))
	if err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	data, _ := json.Marshal(session)
	if err := h.Identity.SaveChallenge(r.Context(), actor.SessionID, "registratie", string(data)); err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	writeJSONAnswer(w, http.StatusOK, options)
}

func (h *Handler) passkeyRegisterFinish(w http.ResponseWriter, r *http.Request) {
	actor := vios.ActorFromContext(r.Context())
	if actor == nil || actor.ViaToken {
		h.passkeyFailed(w, http.StatusUnauthorized, "Log eerst in.", nil)
		return
	}
	name := strings.TrimSpace(r.URL.Query().Get("naam"))
	if name == "" || len(name) > 100 {
		h.passkeyFailed(w, http.StatusBadRequest, "Geef de passkey een naam van 1 tot 100 tekens, bijvoorbeeld 'telefoon'.", nil)
		return
	}
	rp, pu, _, session, ok := h.finishCeremony(w, r, actor.SessionID, "registratie", actor.User)
	if !ok {
		return
	}
	cred, err := rp.FinishRegistration(pu, session, r)
	if err != nil {
		h.passkeyFailed(w, http.StatusBadRequest, "De passkey kon niet worden gecontroleerd. Probeer het opnieuw.", err)
		return
	}
	data, _ := json.Marshal(cred)
	p := &vios.Passkey{ID: base64.RawURLEncoding.EncodeToString(cred.ID), UserID: actor.User.ID, Name: name, Credential: string(data)}
	if err := h.Identity.AddPasskey(r.Context(), p); err != nil {
		h.passkeyFailed(w, httpx.ErrorStatus(vios.ErrorCode(err)), vios.ErrorMessage(err), err)
		return
	}
	writeJSONAnswer(w, http.StatusOK, map[string]string{"naar": "/account?melding=passkey-toegevoegd"})
}

// finishCeremony takes the challenge that the ceremony of kind in the login
// session began with, and loads what its answer is checked against: the
// relying party and the user's passkeys.
func (h *Handler) finishCeremony(w http.ResponseWriter, r *http.Request, sessionID, kind string, u *vios.User) (
	*webauthn.WebAuthn, *passkeyUser, []*vios.Passkey, webauthn.SessionData, bool) {
	var session webauthn.SessionData
	raw, err := h.Identity.TakeChallenge(r.Context(), sessionID, kind)
	if err != nil {
		h.passkeyFailed(w, http.StatusBadRequest, vios.ErrorMessage(err), nil)
		return nil, nil, nil, session, false
	}
	if err := json.Unmarshal([]byte(raw), &session); err != nil {
		h.passkeyTrouble(w, err)
		return nil, nil, nil, session, false
	}
	rp, err := h.relyingParty(r)
	pu, list, lerr := h.loadPasskeyUser(r.Context(), u)
	if err != nil || lerr != nil {
		h.passkeyTrouble(w, errors.Join(err, lerr))
		return nil, nil, nil, session, false
	}
	return rp, pu, list, session, true
}

func (h *Handler) passkeyRemove(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if err := h.Identity.RemovePasskey(r.Context(), actor.User.ID, r.PathValue("id")); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?melding=passkey-verwijderd", http.StatusSeeOther)
}

func (h *Handler) passkeyLoginBegin(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		h.passkeyFailed(w, http.StatusUnauthorized, "Log eerst in met uw wachtwoord.", nil)
		return
	}
	rp, err := h.relyingParty(r)
	pu, _, lerr := h.loadPasskeyUser(r.Context(), p.user)
	if err != nil || lerr != nil {
		h.passkeyTrouble(w, errors.Join(err, lerr))
		return
	}
	if len(pu.creds) == 0 {
		h.passkeyFailed(w, http.StatusBadRequest, "U heeft nog geen passkey. Gebruik de code uit uw app.", nil)
		return
	}
	options, session, err := rp.BeginLogin(pu)
	if err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	data, _ := json.Marshal(session)
	if err := h.Identity.SaveChallenge(r.Context(), p.session.ID, "inloggen", string(data)); err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	writeJSONAnswer(w, http.StatusOK, options)
}

func (h *Handler) passkeyLoginFinish(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil {
		h.passkeyFailed(w, http.StatusUnauthorized, "Log eerst in met uw wachtwoord.", nil)
		return
	}
	h.completePasskeyLogin(w, r, p, "inloggen", "passkey", "De passkey werd niet geaccepteerd. Gebruik de code uit uw app.")
}
