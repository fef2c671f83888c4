package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// Recovery codes of the short kind (about 59 bits, made before 0.12) keep
// working until used or replaced; a user who still has them is sent to the
// account page once after every login, and the page keeps asking until new
// ones (120 bits, ASVS 5.0 6.5.2) are made.

// oldRecoveryCodesNotice is the message shown once after a login with old
// recovery codes left.
const oldRecoveryCodesNotice = "U bent ingelogd. U heeft nog herstelcodes van het oude, kortere soort: maak hieronder nieuwe herstelcodes aan."

// landingAfterLogin is where a completed login goes: the account page with
// the notice when the user still has old recovery codes, else today's page.
func (h *Handler) landingAfterLogin(r *http.Request, userID string) string {
	n, err := h.Identity.OldRecoveryCodes(r.Context(), userID)
	if err != nil {
		h.logger.Warn("count old recovery codes", "err", err)
	}
	if n > 0 {
		return "/account?melding=oude-herstelcodes"
	}
	return "/vandaag"
}

// renewRecoveryCodes: POST /account/herstelcodes — new recovery codes for
// the current code from the authenticator app, which proves the second
// factor is at hand (a session alone does not replace it). The old codes
// stop working; the new ones are shown once.
func (h *Handler) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	user := actor.User
	refuse := func(status int, message string) {
		data, err := h.accountData(r, actor)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		data.Error = message
		h.render(w, r, status, "account", page{Title: "Mijn account", Current: "account", Data: data})
	}
	if !user.HasTOTP {
		refuse(http.StatusBadRequest, "Stel eerst de tweede factor met een app in; daarbij krijgt u herstelcodes.")
		return
	}
	subject := mfaSubject(user.Email)
	if msg, err := h.throttled(r, subject, maxMFAFailures); err != nil {
		h.renderError(w, r, err)
		return
	} else if msg != "" {
		refuse(http.StatusTooManyRequests, msg)
		return
	}
	if !h.checkOwnTOTP(r, user, formValue(r, "code")) {
		if err := h.Identity.RecordLoginFailure(r.Context(), user.ID, "onjuiste tweede factor", subject, addressSubject(ClientAddress(r))); err != nil {
			h.logger.Error("record login failure", "err", err)
		}
		refuse(http.StatusBadRequest, "De code is onjuist of verlopen. Vul de code in die uw app nu toont; uw herstelcodes zijn niet vervangen.")
		return
	}
	codes := auth.NewRecoveryCodes(10)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashToken(c)
	}
	if err := h.Identity.ReplaceRecoveryCodes(r.Context(), user.ID, hashes, auth.RecoveryCodeBits); err != nil {
		h.renderError(w, r, err)
		return
	}
	// Shown once: only their hashes are stored.
	h.render(w, r, http.StatusOK, "login-recovery-codes", page{Title: "Uw herstelcodes", Current: "account",
		Data: loginPage{Recovery: codes}})
}

// checkOwnTOTP reports whether code is the user's current app code, and
// spends its time step so it cannot be used again.
func (h *Handler) checkOwnTOTP(r *http.Request, user *vios.User, code string) bool {
	_, creds, err := h.Identity.FindCredentials(r.Context(), user.Email)
	if err != nil || creds.TOTPSecret == "" {
		return false
	}
	step, ok := auth.MatchTOTP(creds.TOTPSecret, code, h.now())
	return ok && h.Identity.UseTOTPStep(r.Context(), user.ID, step) == nil
}
