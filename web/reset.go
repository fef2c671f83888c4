package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// Setting a password through a one-time link: the invitation of a new
// account, and the reset of a forgotten password. Neither logs anyone in:
// afterwards the normal login asks the password and the second factor, so a
// link in a mailbox is never enough to get in.

const (
	purposeInvitation = "uitnodiging"
	purposeReset      = "wachtwoordherstel"
	resetValid        = time.Hour
	maxResetMails     = 3 // reset links per account per hour
)

// passwordPage is the data of the pages that set a password.
type passwordPage struct {
	Name    string
	Action  string
	Heading string
	Intro   string
	Button  string
	Error   string
	Fields  map[string]string // field → message(s), shown beside the field
	Sent    bool
	Email   string
}

func (h *Handler) tokenForm(w http.ResponseWriter, r *http.Request, purpose string, status int, err error) {
	u, ferr := h.Identity.FindUserToken(r.Context(), auth.HashToken(r.PathValue("token")), purpose)
	if ferr != nil {
		h.renderError(w, r, ferr)
		return
	}
	data := passwordPage{Name: u.Name, Action: r.URL.Path}
	if purpose == purposeInvitation {
		data.Heading, data.Button = "Welkom bij het VIOS-platform", "Wachtwoord instellen"
		data.Intro = "Kies een wachtwoord van minstens 12 tekens. Daarna logt u in en stelt u een tweede factor in."
	} else {
		data.Heading, data.Button = "Nieuw wachtwoord kiezen", "Wachtwoord wijzigen"
		data.Intro = "Kies een nieuw wachtwoord van minstens 12 tekens. Al uw sessies worden beëindigd; daarna logt u in met het nieuwe wachtwoord en uw tweede factor."
	}
	if err != nil {
		data.Error, data.Fields = vios.ErrorMessage(err), fieldMessages(err)
	}
	h.render(w, r, status, "reset-password", page{Title: data.Heading, Current: "inloggen", Data: data})
}

func (h *Handler) setPasswordByToken(w http.ResponseWriter, r *http.Request, purpose, done string) {
	if !h.parseForm(w, r) {
		return
	}
	next, repeat := r.PostFormValue("nieuw"), r.PostFormValue("herhaling")
	// The link's account gives the context words; a link that cannot be
	// read here is refused when it is used below, which says why.
	u, err := h.Identity.FindUserToken(r.Context(), auth.HashToken(r.PathValue("token")), purpose)
	if err != nil {
		u = nil
	}
	problems, err := h.checkNewPassword(r, u, next)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var v vios.Validation
	for _, f := range problems {
		v.Add("nieuw", "%s", f.Message)
	}
	v.Check(next == repeat, "herhaling", "De twee wachtwoorden zijn niet gelijk.")
	if err := v.Err("Het wachtwoord is niet ingesteld."); err != nil {
		h.tokenForm(w, r, purpose, http.StatusBadRequest, err)
		return
	}
	hash, err := h.Hasher.Hash(r.Context(), next)
	if err == nil {
		err = h.Identity.UseUserToken(r.Context(), auth.HashToken(r.PathValue("token")), purpose, hash)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "notice", page{Title: "Gelukt", Current: "inloggen", Data: adminMessages[done]})
}

func (h *Handler) acceptInvitationForm(w http.ResponseWriter, r *http.Request) {
	h.tokenForm(w, r, purposeInvitation, http.StatusOK, nil)
}

func (h *Handler) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	h.setPasswordByToken(w, r, purposeInvitation, "uitnodiging-gereed")
}

func (h *Handler) resetPasswordForm(w http.ResponseWriter, r *http.Request) {
	h.tokenForm(w, r, purposeReset, http.StatusOK, nil)
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	h.setPasswordByToken(w, r, purposeReset, "herstel-gereed")
}

func (h *Handler) resetRequestForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "reset-request", page{Title: "Wachtwoord vergeten", Current: "inloggen", Data: passwordPage{}})
}

// resetRequest answers at once, the same for every address, and looks the
// account up only afterwards (later): neither the answer nor how long it
// takes tells whether the address has an account.
func (h *Handler) resetRequest(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	email := strings.ToLower(formValue(r, "email"))
	if email == "" {
		h.render(w, r, http.StatusBadRequest, "reset-request", page{Title: "Wachtwoord vergeten", Current: "inloggen",
			Data: passwordPage{Error: "Het formulier is niet verstuurd.", Fields: map[string]string{"email": "Vul uw e-mailadres in."}}})
		return
	}
	h.later(r.Context(), "wachtwoordherstel", func(ctx context.Context) { h.sendResetLink(ctx, email) })
	h.render(w, r, http.StatusOK, "reset-request", page{Title: "Wachtwoord vergeten", Current: "inloggen", Data: passwordPage{Sent: true}})
}

// sendResetLink mails a reset link when an active account has the address,
// at most maxResetMails an hour. It runs after the response: what goes
// wrong is logged, without the address.
func (h *Handler) sendResetLink(ctx context.Context, email string) {
	u, _, err := h.Identity.FindCredentials(ctx, email)
	if err != nil {
		if vios.ErrorCode(err) != vios.ENOTFOUND {
			h.logger.Error("password reset", "err", err)
		}
		return
	}
	if u.Disabled {
		return
	}
	token, hash := auth.NewToken()
	err = h.Identity.RequestPasswordReset(ctx, u.ID, hash, resetValid, maxResetMails, u.Email, "Wachtwoord herstellen voor het VIOS-platform",
		"Beste "+u.Name+",\n\nU (of iemand anders) vroeg een nieuw wachtwoord aan. Kies het via deze link (een uur geldig, één keer te gebruiken):\n\n"+
			strings.TrimSuffix(h.BaseURL, "/")+"/wachtwoord-herstellen/"+token+
			"\n\nHeeft u niets aangevraagd? Dan kunt u deze e-mail negeren; uw wachtwoord blijft hetzelfde.\n")
	switch vios.ErrorCode(err) {
	case "":
	case vios.ETOOMANY:
		h.logger.Info("password reset: hourly limit reached", "user", u.ID)
	default:
		h.logger.Error("password reset", "err", err)
	}
}
