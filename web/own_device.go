package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

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
// Marking needs a login completed by a passkey minutes ago. Forgetting the
// device, removing the last passkey, blocking the user, ending all their
// sessions or resetting the password removes the mark.

// DeviceCookie holds the device's random id. The __Host- prefix keeps it
// Secure, on this host and path / only.
const DeviceCookie = "__Host-vios-apparaat"

// deviceCookieAge is how long the browser keeps the mark: 400 days, the
// most browsers allow; the server's row decides whether it still counts.
const deviceCookieAge = 400 * 24 * 60 * 60

// deviceMarkProof is how recent the passkey login that marks a device must be.
const deviceMarkProof = 10 * time.Minute

// passkeyMethods are the logins completed by a passkey.
var passkeyMethods = map[string]bool{"passkey": true, "passkey-eigen-apparaat": true}

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
	// The mark lets the device log in with the passkey alone: whoever sets
	// it must just have shown the passkey, not merely hold an open session.
	if s, _, err := h.Identity.FindSession(r.Context(), actor.SessionID, h.Sessions); err != nil || s.MFAAt == nil ||
		!passkeyMethods[s.MFAMethod] || h.now().Sub(*s.MFAAt) > deviceMarkProof {
		h.renderError(w, r, vios.Errorf(vios.EFORBIDDEN, "Log opnieuw in met uw passkey (niet meer dan 10 minuten geleden) om dit apparaat als eigen apparaat te markeren."))
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

// deviceLoginBegin starts the passkey login on an own device. It opens no
// session: a half-finished login session would be a password-less first
// step that the second-factor pages could complete. The ceremony's
// challenge is kept under the device's hash instead, and only
// deviceLoginFinish, with a passkey that verified its user, makes a session.
func (h *Handler) deviceLoginBegin(w http.ResponseWriter, r *http.Request) {
	u := h.deviceUser(r)
	if u == nil {
		h.passkeyFailed(w, http.StatusUnauthorized, deviceUnknown, nil)
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
	// Without a password first, the passkey must verify its user.
	options, session, err := rp.BeginLogin(pu, webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	data, _ := json.Marshal(session)
	if err := h.Identity.SaveChallenge(r.Context(), deviceCeremony(r), "apparaat", string(data)); err != nil {
		h.passkeyFailed(w, http.StatusInternalServerError, "Er ging iets mis aan onze kant.", err)
		return
	}
	writeJSONAnswer(w, http.StatusOK, options)
}

const deviceUnknown = "Dit apparaat is niet (meer) als uw eigen apparaat bekend. Log in met uw wachtwoord."

// deviceCeremony names the device's passkey ceremony among the challenges,
// which are otherwise kept per session (session ids are hashes too; the
// prefix keeps the two apart).
func deviceCeremony(r *http.Request) string { return "apparaat:" + deviceHash(r) }

func (h *Handler) deviceLoginFinish(w http.ResponseWriter, r *http.Request) {
	u := h.deviceUser(r)
	if u == nil {
		h.passkeyFailed(w, http.StatusUnauthorized, deviceUnknown, nil)
		return
	}
	rp, pu, list, session, ok := h.finishCeremony(w, r, deviceCeremony(r), "apparaat", u)
	if !ok {
		return
	}
	const refusal = "De passkey werd niet geaccepteerd. Log in met uw wachtwoord."
	if session.UserVerification != protocol.VerificationRequired || string(session.UserID) != u.ID {
		h.passkeyFailed(w, http.StatusBadRequest, refusal, nil)
		return
	}
	// The library refuses an answer without the user-verified flag when
	// the challenge required it, as checked above.
	cred, err := rp.FinishLogin(pu, session, r)
	if err != nil {
		if err := h.Identity.RecordLoginFailure(r.Context(), u.ID, "onjuiste passkey", mfaSubject(u.Email), addressSubject(ClientAddress(r))); err != nil {
			h.logger.Error("record login failure", "err", err)
		}
		h.passkeyFailed(w, http.StatusUnauthorized, refusal, err)
		return
	}
	h.recordPasskeyUse(r, u, list, cred)
	token, id := auth.NewToken()
	s := &vios.Session{ID: id, UserID: u.ID, Address: ClientAddress(r), UserAgent: r.UserAgent()}
	if err := h.Identity.CreateDeviceSession(r.Context(), s, h.Sessions, deviceHash(r)); err != nil {
		h.passkeyTrouble(w, err)
		return
	}
	h.clearLoginFailures(r, u.Email)
	setSessionCookie(w, token)
	writeJSONAnswer(w, http.StatusOK, map[string]string{"naar": h.landingAfterLogin(r, u.ID)})
}

// recordPasskeyUse stores the passkey's new sign counter.
func (h *Handler) recordPasskeyUse(r *http.Request, u *vios.User, list []*vios.Passkey, cred *webauthn.Credential) {
	id := base64.RawURLEncoding.EncodeToString(cred.ID)
	for _, stored := range list {
		if stored.ID == id {
			data, _ := json.Marshal(cred)
			if err := h.Identity.UsePasskey(r.Context(), u.ID, id, string(data)); err != nil {
				h.logger.Error("store passkey use", "err", err)
			}
		}
	}
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
		if err := h.Identity.RecordLoginFailure(r.Context(), p.user.ID, "onjuiste passkey", mfaSubject(p.user.Email), addressSubject(ClientAddress(r))); err != nil {
			h.logger.Error("record login failure", "err", err)
		}
		h.passkeyFailed(w, http.StatusUnauthorized, refusal, err)
		return
	}
	h.recordPasskeyUse(r, p.user, list, cred)
	if !h.finishLogin(w, r, p, method) {
		return
	}
	writeJSONAnswer(w, http.StatusOK, map[string]string{"naar": h.landingAfterLogin(r, p.user.ID)})
}
