package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// SessionCookie is the name of the session cookie. The __Host- prefix makes
// the browser refuse it unless it is Secure, for this host only, on path /.
const SessionCookie = "__Host-vios-sessie"

type pendingKey struct{}

// pendingLogin is a session whose password was right but whose second
// factor is still missing: it may only reach the second-factor pages.
type pendingLogin struct {
	session *vios.Session
	user    *vios.User
}

// ClientAddress returns the address of the client without port: the one the
// server put in the context (through the proxies it trusts, see
// server/proxy.go), else the peer's.
func ClientAddress(r *http.Request) string {
	if a := vios.AddressFromContext(r.Context()); a != "" {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Authenticate puts the actor of the session cookie in the request context.
// A session still waiting for its second factor is carried separately, so
// that no page but the second-factor pages treats it as logged in.
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := vios.NewContextWithAddress(r.Context(), ClientAddress(r))
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" && h.Identity != nil {
			s, u, err := h.Identity.FindSession(ctx, auth.HashToken(c.Value), h.Sessions)
			switch {
			case err == nil && s.MFAAt != nil:
				if err := h.Identity.TouchSession(ctx, s); err != nil {
					h.logger.Warn("touch session", "err", err)
				}
				ctx = vios.NewContextWithActor(ctx, &vios.Actor{User: u, SessionID: s.ID, Address: ClientAddress(r)})
			case err == nil:
				ctx = context.WithValue(ctx, pendingKey{}, &pendingLogin{session: s, user: u})
			case vios.ErrorCode(err) == vios.ENOTFOUND:
				clearSessionCookie(w)
			case vios.Unreachable(err):
				// Not "logged out": the session may be fine once the
				// database is back.
				h.renderError(w, r.WithContext(ctx), err)
				return
			default:
				h.logger.Error("find session", "err", err)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func pending(r *http.Request) *pendingLogin {
	p, _ := r.Context().Value(pendingKey{}).(*pendingLogin)
	return p
}

func setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// authorize checks the actor in r against authz; on refusal it answers (a
// redirect to the login page when nobody is logged in, else a 403 page),
// writes the denial to the audit trail, and returns false.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request, action vios.Action, res vios.Resource) bool {
	actor := vios.ActorFromContext(r.Context())
	err := vios.Authorize(actor, action, res)
	if err == nil {
		return true
	}
	if vios.ErrorCode(err) == vios.EUNAUTHORIZED {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return false
	}
	if err := h.Identity.RecordDenied(r.Context(), string(action), "pagina", r.Pattern, res.MunicipalityID); err != nil {
		h.logger.Error("record denied access", "err", err)
	}
	h.renderError(w, r, err)
	return false
}

// requireLogin redirects anonymous visitors to the login page.
func (h *Handler) requireLogin(w http.ResponseWriter, r *http.Request) (*vios.Actor, bool) {
	actor := vios.ActorFromContext(r.Context())
	if actor == nil {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return nil, false
	}
	return actor, true
}

// formValue returns the trimmed value of a form field.
func formValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// parseForm reads a form body; a body over the server's limit is a 413.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Het formulier is te groot.", http.StatusRequestEntityTooLarge)
			return false
		}
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Het formulier kon niet worden gelezen."))
		return false
	}
	return true
}
