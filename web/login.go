package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

// Throttling of failed logins (ASVS 6.3), in a window of 15 minutes:
//   - 5 per account from one address: the guessing stops there, but nobody
//     elsewhere can lock the account's owner out by failing on purpose;
//   - 50 per account from all addresses together, against guessing from
//     many addresses;
//   - 30 per address, against trying many accounts. The address is the
//     client's, also behind a trusted proxy (server/proxy.go), so one
//     person's mistakes do not lock out everyone behind the same proxy;
//   - 5 wrong second factors per account (the password was right).
const (
	throttleWindow     = 15 * time.Minute
	maxPairFailures    = 5
	maxAccountFailures = 50
	maxAddressFailures = 30
	maxMFAFailures     = 5
)

func (h *Handler) loginRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/inloggen", Public: true, Handler: h.loginForm},
		{Method: "POST", Pattern: "/inloggen", Public: true, Handler: h.login},
		{Method: "GET", Pattern: "/inloggen/tweede-factor", Public: true, Handler: h.mfaForm},
		{Method: "POST", Pattern: "/inloggen/tweede-factor", Public: true, Handler: h.mfa},
		{Method: "GET", Pattern: "/inloggen/tweede-factor-instellen", Public: true, Handler: h.mfaSetupForm},
		{Method: "POST", Pattern: "/inloggen/tweede-factor-instellen", Public: true, Handler: h.mfaSetup},
		{Method: "POST", Pattern: "/uitloggen", Handler: h.logout},
	}
}

// loginPage is the data of the login pages.
type loginPage struct {
	Email     string
	Error     string
	Demo      bool
	QR        template.URL // set-up: the QR code as a data URL (made here, so safe)
	Secret    string       // set-up: the secret, to type in by hand
	Recovery  []string
	Remaining int
	SSO       []OIDCProvider // the single sign-on buttons
	Passkey   bool           // the user has a passkey to log in with
	// Device: this is the user's own device, with a passkey: the page
	// starts with the passkey login.
	Device bool
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if vios.ActorFromContext(r.Context()) != nil {
		http.Redirect(w, r, "/vandaag", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", page{Title: "Inloggen", Current: "inloggen",
		Data: loginPage{Demo: h.Demo, SSO: h.OIDC, Device: h.deviceUser(r) != nil}})
}

// accountSubject and addressSubject name the throttling counters; the
// account is hashed so the table holds no e-mail addresses.
func accountSubject(email string) string {
	return "account:" + auth.HashToken(strings.ToLower(strings.TrimSpace(email)))
}
func addressSubject(addr string) string { return "adres:" + addr }

// pairSubject counts the failures of one account from one address.
func pairSubject(email, addr string) string {
	return "account-adres:" + auth.HashToken(strings.ToLower(strings.TrimSpace(email))+"\x00"+addr)
}

// mfaSubject counts the wrong second factors of an account.
func mfaSubject(email string) string {
	return "tweede-factor:" + auth.HashToken(strings.ToLower(strings.TrimSpace(email)))
}

// throttled returns a Dutch message when subject failed too often recently.
func (h *Handler) throttled(r *http.Request, subject string, max int) (string, error) {
	now := h.now()
	n, oldest, err := h.Identity.LoginFailures(r.Context(), subject, now.Add(-throttleWindow))
	if err != nil || n < max {
		return "", err
	}
	wait := oldest.Add(throttleWindow).Sub(now)
	minutes := int(wait.Minutes()) + 1
	return fmt.Sprintf("Te veel mislukte pogingen. Probeer het over %d %s opnieuw.", minutes, map[bool]string{true: "minuut", false: "minuten"}[minutes == 1]), nil
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	email, password := formValue(r, "email"), r.PostFormValue("wachtwoord")
	data := loginPage{Email: email, Demo: h.Demo, SSO: h.OIDC}
	fail := func(status int, message string) {
		data.Error = message
		h.render(w, r, status, "login", page{Title: "Inloggen", Current: "inloggen", Data: data})
	}
	if email == "" || password == "" {
		fail(http.StatusBadRequest, "Vul uw e-mailadres en wachtwoord in.")
		return
	}
	for _, t := range []struct {
		subject string
		max     int
	}{{pairSubject(email, ClientAddress(r)), maxPairFailures}, {accountSubject(email), maxAccountFailures},
		{addressSubject(ClientAddress(r)), maxAddressFailures}} {
		if msg, err := h.throttled(r, t.subject, t.max); err != nil {
			h.renderError(w, r, err)
			return
		} else if msg != "" {
			fail(http.StatusTooManyRequests, msg)
			return
		}
	}

	// One generic message, and the same work whether or not the account
	// exists, so the form does not tell which addresses have an account.
	const generic = "Het e-mailadres of het wachtwoord is onjuist."
	user, creds, err := h.Identity.FindCredentials(r.Context(), email)
	if err != nil && vios.ErrorCode(err) != vios.ENOTFOUND {
		h.renderError(w, r, err)
		return
	}
	hash := auth.DummyHash
	if err == nil && creds.PasswordHash != "" {
		hash = creds.PasswordHash
	}
	ok, verr := h.Hasher.Verify(r.Context(), password, hash)
	if verr != nil {
		fail(http.StatusServiceUnavailable, "Het is nu erg druk. Probeer het over een minuut opnieuw.")
		return
	}
	if err != nil || !ok || user.Disabled || creds.PasswordHash == "" {
		userID, reason := "", "onbekend account"
		if user != nil {
			userID, reason = user.ID, "onjuist wachtwoord of geblokkeerd account"
		}
		if err := h.Identity.RecordLoginFailure(r.Context(), userID, reason, pairSubject(email, ClientAddress(r)),
			accountSubject(email), addressSubject(ClientAddress(r))); err != nil {
			h.logger.Error("record login failure", "err", err)
		}
		fail(http.StatusUnauthorized, generic)
		return
	}

	skipMFA := !user.NeedsMFA() || (h.Demo && user.Demo)
	token, id := auth.NewToken()
	s := &vios.Session{ID: id, UserID: user.ID, Address: ClientAddress(r), UserAgent: r.UserAgent()}
	if err := h.Identity.CreateSession(r.Context(), s, h.Sessions, skipMFA); err != nil {
		h.renderError(w, r, err)
		return
	}
	setSessionCookie(w, token)
	switch {
	case skipMFA:
		h.clearLoginFailures(r, email)
		http.Redirect(w, r, "/vandaag", http.StatusSeeOther)
	case user.HasTOTP:
		http.Redirect(w, r, "/inloggen/tweede-factor", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/inloggen/tweede-factor-instellen", http.StatusSeeOther)
	}
}

func (h *Handler) mfaForm(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil || !p.user.HasTOTP {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	list, err := h.Identity.ListPasskeys(r.Context(), p.user.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "login-mfa", page{Title: "Tweede factor", Current: "inloggen", Data: loginPage{Passkey: len(list) > 0}})
}

func (h *Handler) mfa(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil || !p.user.HasTOTP {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	subject := mfaSubject(p.user.Email)
	fail := func(status int, message string) {
		h.render(w, r, status, "login-mfa", page{Title: "Tweede factor", Current: "inloggen", Data: loginPage{Error: message}})
	}
	if msg, err := h.throttled(r, subject, maxMFAFailures); err != nil {
		h.renderError(w, r, err)
		return
	} else if msg != "" {
		fail(http.StatusTooManyRequests, msg)
		return
	}
	_, creds, err := h.Identity.FindCredentials(r.Context(), p.user.Email)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	method := "totp"
	code := formValue(r, "code")
	step, ok := auth.MatchTOTP(creds.TOTPSecret, code, time.Now())
	if ok {
		ok = h.Identity.UseTOTPStep(r.Context(), p.user.ID, step) == nil
	}
	if !ok && code != "" && len(code) > 6 {
		method = "herstelcode"
		ok = h.Identity.UseRecoveryCode(r.Context(), p.user.ID, auth.HashToken(auth.NormalizeRecoveryCode(code))) == nil
	}
	if !ok {
		if err := h.Identity.RecordLoginFailure(r.Context(), p.user.ID, "onjuiste tweede factor", subject, addressSubject(ClientAddress(r))); err != nil {
			h.logger.Error("record login failure", "err", err)
		}
		fail(http.StatusUnauthorized, "De code is onjuist of verlopen. Gebruik de code die uw app nu toont, of een herstelcode.")
		return
	}
	if h.finishLogin(w, r, p, method) {
		http.Redirect(w, r, h.landingAfterLogin(r, p.user.ID), http.StatusSeeOther)
	}
}

// finishLogin renews the session id now that both factors are given.
func (h *Handler) finishLogin(w http.ResponseWriter, r *http.Request, p *pendingLogin, method string) bool {
	token, id := auth.NewToken()
	if err := h.Identity.CompleteMFA(r.Context(), p.session.ID, id, method); err != nil {
		h.renderError(w, r, err)
		return false
	}
	h.clearLoginFailures(r, p.user.Email)
	setSessionCookie(w, token)
	return true
}

// clearLoginFailures forgets the account's failures after a good login;
// those of the address stay.
func (h *Handler) clearLoginFailures(r *http.Request, email string) {
	for _, s := range []string{pairSubject(email, ClientAddress(r)), accountSubject(email), mfaSubject(email)} {
		if err := h.Identity.ClearLoginFailures(r.Context(), s); err != nil {
			h.logger.Warn("clear login failures", "err", err)
		}
	}
}

func (h *Handler) mfaSetupForm(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil || p.user.HasTOTP {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	secret, _, qr, err := auth.NewTOTP(p.user.Email)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "login-mfa-setup", page{Title: "Tweede factor instellen", Current: "inloggen",
		Data: loginPage{QR: template.URL(qr), Secret: secret}}) // #nosec G203 -- a data: URL of the PNG we make in totpImage
}

func (h *Handler) mfaSetup(w http.ResponseWriter, r *http.Request) {
	p := pending(r)
	if p == nil || p.user.HasTOTP {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	secret := formValue(r, "geheim")
	step, ok := auth.MatchTOTP(secret, formValue(r, "code"), time.Now())
	if len(secret) < 16 || len(secret) > 64 || !ok {
		_, _, qr, _ := totpImage(p.user.Email, secret)
		h.render(w, r, http.StatusBadRequest, "login-mfa-setup", page{Title: "Tweede factor instellen", Current: "inloggen",
			Data: loginPage{QR: template.URL(qr), Secret: secret, Error: "De code klopt niet. Scan de QR-code opnieuw of typ de sleutel over, en vul de code in die uw app nu toont."}}) // #nosec G203 -- a data: URL of the PNG we make in totpImage
		return
	}
	codes := auth.NewRecoveryCodes(10)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashToken(c)
	}
	if err := h.Identity.SetTOTP(r.Context(), p.user.ID, secret, hashes); err != nil {
		h.renderError(w, r, err)
		return
	}
	if err := h.Identity.UseTOTPStep(r.Context(), p.user.ID, step); err != nil {
		h.renderError(w, r, err)
		return
	}
	if !h.finishLogin(w, r, p, "totp-ingesteld") {
		return
	}
	// Shown once: only their hashes are stored.
	h.render(w, r, http.StatusOK, "login-recovery-codes", page{Title: "Uw herstelcodes", Current: "account",
		Data: loginPage{Recovery: codes}})
}

// totpImage redraws the QR code for a secret the user already has on screen.
func totpImage(account, secret string) (string, string, string, error) {
	if secret == "" {
		return auth.NewTOTP(account)
	}
	return auth.TOTPImage(account, secret)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if err := h.Identity.EndSession(r.Context(), actor.User.ID, actor.SessionID, "uitloggen"); err != nil {
		h.logger.Warn("end session", "err", err)
	}
	clearSessionCookie(w)
	// A session from single sign-on ends at the provider too.
	target := h.providerLogoutURL(r, actor.SessionID)
	clearLogoutHint(w)
	if target == "" {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
