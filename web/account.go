package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

func (h *Handler) accountRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/account", Handler: h.account},
		{Method: "POST", Pattern: "/account/sessies/{id}/beeindigen", Handler: h.endOwnSession},
		{Method: "GET", Pattern: "/account/wachtwoord", Handler: h.passwordForm},
		{Method: "POST", Pattern: "/account/wachtwoord", Handler: h.changePassword},
		{Method: "POST", Pattern: "/account/tokens", Handler: h.createToken},
		{Method: "POST", Pattern: "/account/tokens/{id}/intrekken", Handler: h.revokeToken},
		{Method: "POST", Pattern: "/account/herstelcodes", Handler: h.renewRecoveryCodes},
	}
}

// accountPage is the data of /account.
type accountPage struct {
	User          *vios.User
	Sessions      []*vios.Session
	Current       string // id of this session
	RecoveryCodes int
	Tokens        []*vios.AccessToken
	Error         string
	Fields        []vios.FieldError
	Message       string
	NewToken      string // shown once, right after it was made
	Passkeys      []*vios.Passkey
	// Devices are the user's own devices; ThisDevice is the hash of the
	// one making the request, "" when it is not one of them.
	Devices    []*vios.OwnDevice
	ThisDevice string
	// NoPasskeys says why passkeys cannot be added here, "" when they can.
	NoPasskeys string
	// CalendarSince is when the calendar feed link was made, nil without one.
	CalendarSince *time.Time
	// KeepTokens: on the password form, the box to revoke the API tokens
	// was unticked (it is ticked by default).
	KeepTokens bool
	// PushKey is the Web Push public key ("": no push on this platform);
	// PushDevices the devices that get push notifications.
	PushKey     string
	PushDevices []*vios.PushSubscription
	// OldRecoveryCodes counts the unused recovery codes of the short kind
	// made before 0.12: the page asks to replace them.
	OldRecoveryCodes int
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	data, err := h.accountData(r, actor)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data.Message = flash(r)
	h.render(w, r, http.StatusOK, "account", page{Title: "Mijn account", Current: "account", Data: data})
}

// accountData reads what /account shows of the actor's own account.
func (h *Handler) accountData(r *http.Request, actor *vios.Actor) (accountPage, error) {
	data := accountPage{User: actor.User, Current: actor.SessionID, PushKey: h.PushPublicKey}
	if _, perr := h.relyingParty(r); perr != nil {
		data.NoPasskeys = vios.ErrorMessage(perr)
	}
	ctx, uid := r.Context(), actor.User.ID
	// Each list of the account, read one after the other; the first
	// error ends the page.
	err := firstError(
		func() (err error) { data.Sessions, err = h.Identity.ListSessions(ctx, uid); return },
		func() (err error) { data.RecoveryCodes, err = h.Identity.RemainingRecoveryCodes(ctx, uid); return },
		func() (err error) { data.Tokens, err = h.Identity.ListAccessTokens(ctx, uid); return },
		func() (err error) { data.Passkeys, err = h.Identity.ListPasskeys(ctx, uid); return },
		func() (err error) { data.PushDevices, err = h.Identity.ListPushSubscriptions(ctx, uid); return },
		func() (err error) { data.Devices, err = h.Identity.ListOwnDevices(ctx, uid); return },
		func() (err error) { data.OldRecoveryCodes, err = h.Identity.OldRecoveryCodes(ctx, uid); return },
	)
	data.ThisDevice = thisDevice(r, data.Devices)
	if err == nil {
		if data.CalendarSince, err = h.Identity.CalendarFeedSince(r.Context(), actor.User.ID); vios.ErrorCode(err) == vios.ENOTFOUND {
			err = nil
		}
	}
	return data, err
}

// flash returns the message named by ?melding= from a fixed list, so no
// text from the URL ever reaches the page.
func flash(r *http.Request) string {
	return map[string]string{ // #nosec G101 -- fixed messages about passwords, not a password
		"sessie-beeindigd":     "De sessie is beëindigd.",
		"wachtwoord-gewijzigd": "Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.",
		"wachtwoord-tokens":    "Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd en uw API-sleutels (tokens) ingetrokken.",
		"token-ingetrokken":    "Het token is ingetrokken en werkt niet meer.",
		"passkey-toegevoegd":   "De passkey is toegevoegd. U kunt er voortaan mee inloggen in plaats van met een code.",
		"passkey-verwijderd":   "De passkey is verwijderd.",
		"agenda-ingetrokken":   "De agendakoppeling is ingetrokken; de oude link werkt niet meer.",
		"push-aan":             "Dit apparaat krijgt voortaan meldingen.",
		"push-uit":             "Het apparaat krijgt geen meldingen meer.",
		"apparaat-gemarkeerd":  "Dit apparaat is gemarkeerd als uw eigen apparaat. Hier logt u voortaan in met uw passkey.",
		"apparaat-vergeten":    "Het apparaat is vergeten. Daar logt u weer in met uw wachtwoord.",
		"oude-herstelcodes":    oldRecoveryCodesNotice,
	}[r.URL.Query().Get("melding")]
}

func (h *Handler) endOwnSession(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	// Sessions are named by the first 16 characters of their hashed id on
	// the page; the full id never leaves the server.
	sessions, err := h.Identity.ListSessions(r.Context(), actor.User.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, s := range sessions {
		if s.ID[:16] == r.PathValue("id") {
			if err := h.Identity.EndSession(r.Context(), actor.User.ID, s.ID, "sessie-beeindigd"); err != nil {
				h.renderError(w, r, err)
				return
			}
			if s.ID == actor.SessionID {
				// Ending this session is logging out.
				clearSessionCookie(w)
				http.Redirect(w, r, "/", http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/account?melding=sessie-beeindigd", http.StatusSeeOther)
			return
		}
	}
	h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze sessie bestaat niet of is al beëindigd."))
}

func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	h.render(w, r, http.StatusOK, "password", page{Title: "Wachtwoord wijzigen", Current: "account", Data: accountPage{}})
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	current, next, repeat := r.PostFormValue("huidig"), r.PostFormValue("nieuw"), r.PostFormValue("herhaling")
	// An unticked box is not sent: the form ticks it, so absence is a choice.
	revokeTokens := r.PostFormValue("tokens-intrekken") == "ja"
	_, creds, err := h.Identity.FindCredentials(r.Context(), actor.User.Email)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var v vios.Validation
	if ok, err := h.Hasher.Verify(r.Context(), current, creds.PasswordHash); err != nil || !ok {
		v.Add("huidig", "Uw huidige wachtwoord is onjuist.")
	}
	problems, err := h.checkNewPassword(r, actor.User, next)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, f := range problems {
		v.Add("nieuw", "%s", f.Message)
	}
	v.Check(next == repeat, "herhaling", "De twee nieuwe wachtwoorden zijn niet gelijk.")
	if err := v.Err("Het wachtwoord is niet gewijzigd."); err != nil {
		h.render(w, r, http.StatusBadRequest, "password", page{Title: "Wachtwoord wijzigen", Current: "account",
			Data: accountPage{Error: vios.ErrorMessage(err), Fields: vios.ErrorFields(err), KeepTokens: !revokeTokens}})
		return
	}
	hash, err := h.Hasher.Hash(r.Context(), next)
	if err == nil {
		err = h.Identity.SetPassword(r.Context(), actor.User.ID, hash, actor.SessionID, revokeTokens)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if revokeTokens {
		http.Redirect(w, r, "/account?melding=wachtwoord-tokens", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account?melding=wachtwoord-gewijzigd", http.StatusSeeOther)
}

// TokenScopes are the scopes a personal access token can have.
var TokenScopes = []string{"lezen", "schrijven"}

// createToken makes a personal access token and shows it once.
func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	name := formValue(r, "naam")
	v.Check(name != "" && len(name) <= 100, "naam", "Geef het token een naam van 1 tot 100 tekens, zodat u het later herkent.")
	scopes := r.PostForm["bevoegdheden"]
	v.Check(len(scopes) > 0, "bevoegdheden", "Kies minstens één bevoegdheid.")
	for _, s := range scopes {
		v.Check(slices.Contains(TokenScopes, s), "bevoegdheden", "Onbekende bevoegdheid.")
	}
	days, err := strconv.Atoi(formValue(r, "dagen"))
	v.Check(err == nil && days >= 1 && days <= 365, "dagen", "Kies een geldigheid van 1 tot 365 dagen.")
	if err := v.Err("Het token is niet gemaakt."); err != nil {
		h.renderError(w, r, err)
		return
	}
	raw, _ := auth.NewToken()
	token := "vios_" + raw
	t := &vios.AccessToken{UserID: actor.User.ID, Name: name, Scopes: scopes, ExpiresAt: h.now().Add(time.Duration(days) * 24 * time.Hour).UTC()}
	if err := h.Identity.CreateAccessToken(r.Context(), t, auth.HashToken(token)); err != nil {
		h.renderError(w, r, err)
		return
	}
	// Rendered, not redirected: the token must not travel in a URL.
	data := accountPage{User: actor.User, Current: actor.SessionID, NewToken: token}
	data.Sessions, _ = h.Identity.ListSessions(r.Context(), actor.User.ID)
	data.RecoveryCodes, _ = h.Identity.RemainingRecoveryCodes(r.Context(), actor.User.ID)
	data.Tokens, _ = h.Identity.ListAccessTokens(r.Context(), actor.User.ID)
	h.render(w, r, http.StatusOK, "account", page{Title: "Mijn account", Current: "account", Data: data})
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if err := h.Identity.RevokeAccessToken(r.Context(), actor.User.ID, r.PathValue("id")); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?melding=token-ingetrokken", http.StatusSeeOther)
}

// firstError runs the steps in order and returns the first error, running
// no step after it.
func firstError(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
