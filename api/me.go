package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// requireToken wraps a handler that needs a personal access token with scope
// (Authorization: Bearer vios_…). Browser sessions do not count: the API is
// for integrations, and cookies would reopen the door to CSRF.
func (h *Handler) requireToken(scope string, next actorHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(header, "Bearer ")
		if !ok || token == "" || h.Identity == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vios"`)
			writeProblem(w, Problem{Status: http.StatusUnauthorized, Instance: r.URL.Path,
				Detail: "Stuur een persoonlijk API-token mee: Authorization: Bearer <token>."})
			return
		}
		t, user, err := h.Identity.FindAccessToken(r.Context(), auth.HashToken(token))
		if code := vios.ErrorCode(err); code == vios.EINTERNAL || code == vios.EUNAVAILABLE {
			h.writeError(w, r, err)
			return
		} else if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vios", error="invalid_token"`)
			writeProblem(w, Problem{Status: http.StatusUnauthorized, Instance: r.URL.Path, Detail: vios.ErrorMessage(err)})
			return
		}
		if !slices.Contains(t.Scopes, scope) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vios", error="insufficient_scope", scope="`+scope+`"`)
			writeProblem(w, Problem{Status: http.StatusForbidden, Instance: r.URL.Path,
				Detail: "Dit token mist de bevoegdheid '" + scope + "'."})
			return
		}
		actor := &vios.Actor{User: user, ViaToken: true, Address: vios.AddressFromContext(r.Context())}
		h.idempotent(w, r.WithContext(vios.NewContextWithActor(r.Context(), actor)), token, t.ID,
			func(w http.ResponseWriter, r *http.Request) { next(w, r, actor) })
	}
}

type meJSON struct {
	ID     string           `json:"id"`
	Naam   string           `json:"naam"`
	Email  string           `json:"email"`
	Rollen []membershipJSON `json:"rollen"`
}

type membershipJSON struct {
	Rol         string `json:"rol"`
	Gemeente    string `json:"gemeente"`
	Organisatie string `json:"organisatie"`
}

// me: GET /api/v1/ik — the account the token belongs to, and its roles.
func (h *Handler) me(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	u := actor.User
	out := meJSON{ID: u.ID, Naam: u.Name, Email: u.Email, Rollen: []membershipJSON{}}
	for _, m := range u.Memberships {
		out.Rollen = append(out.Rollen, membershipJSON{Rol: m.Role, Gemeente: m.MunicipalityName, Organisatie: m.OrganisationName})
	}
	writeJSON(w, http.StatusOK, out)
}
