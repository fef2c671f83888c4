package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

// Own devices: on /account a user marks the device in hand as their own.
// The browser then keeps a random id in a long-lived cookie (no personal
// data; only its hash is stored), and on that device the login page starts
// with the passkey: one touch makes a new session. The passkey, with user
// verification (a fingerprint, face or PIN), counts as both factors, as it
// does after a password; the session ends after the idle time as any other.
// Forgetting the device, or removing the passkeys, stops it.

// DeviceCookie holds the device's random id. The __Host- prefix keeps it
// Secure, on this host and path / only.
const DeviceCookie = "__Host-vios-apparaat"

// deviceCookieAge is how long the browser keeps the mark: 400 days, the
// most browsers allow; the server's row decides whether it still counts.
const deviceCookieAge = 400 * 24 * 60 * 60

func (h *Handler) ownDeviceRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/account/apparaten", Handler: h.markOwnDevice},
		{Method: "POST", Pattern: "/account/apparaten/{id}/vergeten", Handler: h.forgetOwnDevice},
		{Method: "POST", Pattern: "/inloggen/apparaat/begin", Public: true, Handler: h.deviceLoginBegin},
		{Method: "POST", Pattern: "/inloggen/apparaat/finish", Public: true, Handler: h.deviceLoginFinish},
	}
}

// deviceHash is the hash of the device id in the request's cookie, "" without one.
func deviceHash(r *http.Request) string {
	c, err := r.Cookie(DeviceCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return ""
	}
	return auth.HashToken(c.Value)
}

func setDeviceCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: token, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge})
}

// deviceUser is the user whose own device made the request, when the user
// can still log in with a passkey there; nil otherwise.
func (h *Handler) deviceUser(r *http.Request) *vios.User {
	hash := deviceHash(r)
	if hash == "" {
		return nil
	}
	u, err := h.Identity.FindOwnDevice(r.Context(), hash)
	if err != nil || u.Disabled {
		return nil
	}
	list, err := h.Identity.ListPasskeys(r.Context(), u.ID)
	if err != nil || len(list) == 0 {
		return nil
	}
	return u
}

// thisDevice returns the hash of the request's device when it is one of
// the user's own devices, "" otherwise.
func thisDevice(r *http.Request, devices []*vios.OwnDevice) string {
	hash := deviceHash(r)
	for _, d := range devices {
		if d.IDHash == hash {
			return hash
		}
	}
	return ""
}

func (h *Handler) markOwnDevice(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	name := formValue(r, "apparaat-naam")
	if name == "" {
		name = "Mijn apparaat"
	}
	if len([]rune(name)) > 100 {
		h.renderError(w, r, vios.Invalid("apparaat-naam", "Geef het apparaat een naam van hoogstens 100 tekens.", "Het apparaat is niet gemarkeerd."))
		return
	}
	devices, err := h.Identity.ListOwnDevices(r.Context(), actor.User.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if thisDevice(r, devices) != "" {
		http.Redirect(w, r, "/account?melding=apparaat-gemarkeerd", http.StatusSeeOther)
		return
	}
	token, hash := auth.NewToken()
	if err := h.Identity.AddOwnDevice(r.Context(), actor.User.ID, hash, name); err != nil {
		h.renderError(w, r, err)
		return
	}
	setDeviceCookie(w, token, deviceCookieAge)
	http.Redirect(w, r, "/account?melding=apparaat-gemarkeerd", http.StatusSeeOther)
}

func (h *Handler) forgetOwnDevice(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	devices, err := h.Identity.ListOwnDevices(r.Context(), actor.User.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	// Named on the page by the first 16 characters of the hash, as sessions.
	for _, d := range devices {
		if d.IDHash[:16] == r.PathValue("id") {
			if err := h.Identity.ForgetOwnDevice(r.Context(), actor.User.ID, d.IDHash); err != nil {
				h.renderError(w, r, err)
				return
			}
			if d.IDHash == deviceHash(r) {
				setDeviceCookie(w, "", -1)
			}
			http.Redirect(w, r, "/account?melding=apparaat-vergeten", http.StatusSeeOther)
			return
		}
	}
	h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Dit apparaat is niet (meer) als eigen apparaat bekend."))
}

// deviceLoginBegin starts the passkey login on an own device: it opens a
// login session that only the passkey can complete.
func (h *Handler) deviceLoginBegin(w http.ResponseWriter, r *http.Request) {
	u := h.deviceUser(r)
	if u == nil {
		h.passkeyFailed(w, http.StatusUnauthorized, "Dit apparaat is niet (meer) als uw eigen apparaat bekend. Log in met uw wachtwoord.", nil)
		return
	}
	if msg, err := h.throttled(r, mfaSubject(u.Email), maxMFAFailures); err != nil || msg != "" {
		if err != nil {
			h.passkeyTrouble(w, err)
			return
		}
		h.passkeyFailed(w, http.StatusTooManyRequests, msg, nil)
		return
	}
	rp, err := h.relyingParty(r)
	pu, _, lerr := h.loadPasskeyUser(r.Context(), u)
	if err != nil || lerr != nil {
		h.passkeyTrouble(w, errors.Join(err, lerr))
		return
	}
	token, id := auth.NewToken()
	s := &vios.Session{ID: id, UserID: u.ID, Address: ClientAddress(r), UserAgent: r.UserAgent()}
	if err := h.Identity.CreateSession(r.Context(), s, h.Sessions, false); err != nil {
		h.passkeyTrouble(w, err)
		return
	}
	// Without a password first, the passkey must verify its user.
	options, session, err := rp.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	data, _ := json.Marshal(session)
	if err := h.Identity.SaveChallenge(r.Context(), s.ID, "apparaat", string(data)); err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	setSessionCookie(w, token)
	writeJSONAnswer(w, http.StatusOK, options)
}

func (h *Handler) deviceLoginFinish(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if u := h.deviceUser(r); p == nil || u == nil || u.ID != p.user.ID {
		h.passkeyFailed(w, http.StatusUnauthorized, "Dit apparaat is niet (meer) als uw eigen apparaat bekend. Log in met uw wachtwoord.", nil)
		return
	}
	h.completePasskeyLogin(w, r, p, "apparaat", "passkey-eigen-apparaat", "De passkey werd niet geaccepteerd. Log in met uw wachtwoord.")
}

// completePasskeyLogin checks the passkey's answer to the challenge of the
// ceremony kind, and on success completes the login session p; refusal is
// what a wrong answer is told.
func (h *Handler) completePasskeyLogin(w http.ResponseWriter, r *http.Request, p *pendingLogin, kind, method, refusal string) {
	rp, pu, list, session, ok := h.finishCeremony(w, r, p.session.ID, kind, p.user)
	if !ok {
		return
	}
	cred, err := rp.FinishLogin(pu, session, r)
	if err != nil {
		h.Identity.RecordLoginFailure(r.Context(), p.user.ID, "onjuiste passkey", mfaSubject(p.user.Email), addressSubject(ClientAddress(r)))
		h.passkeyFailed(w, http.StatusUnauthorized, refusal, err)
		return
	}
	id := base64.RawURLEncoding.EncodeToString(cred.ID)
	for _, stored := range list {
		if stored.ID == id {
			data, _ := json.Marshal(cred)
			if err := h.Identity.UsePasskey(r.Context(), p.user.ID, id, string(data)); err != nil {
				h.logger.Error("store passkey use", "err", err)
			}
		}
	}
	if !h.finishLogin(w, r, p, method) {
		return
	}
	writeJSONAnswer(w, http.StatusOK, map[string]string{"naar": "/vandaag"})
}
