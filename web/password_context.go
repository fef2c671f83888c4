package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// checkNewPassword returns the problems of a new password of u, in Dutch:
// vios.CheckPassword with the common-password list and u's context words
// (the platform's names, u's name and e-mail address, the municipalities
// of u's memberships).
func (h *Handler) checkNewPassword(r *http.Request, u *vios.User, password string) ([]vios.FieldError, error) {
	municipalities, err := h.Organisations.ListMunicipalities(r.Context())
	if err != nil {
		return nil, err
	}
	return vios.ErrorFields(vios.CheckPassword(password, auth.IsCommonPassword, vios.PasswordContextWords(u, municipalities))), nil
}
