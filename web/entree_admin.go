package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The beheerder's page of first logins through Kennisnet's Entree
// Federatie: each waiting request is confirmed with a role (the account is
// made then) or refused. Until then the person has no account.
func (h *Handler) entreeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/beheer/{gemeente}/entree", Handler: h.entreeRequests},
		{Method: "POST", Pattern: "/beheer/{gemeente}/entree/{id}/bevestigen", Handler: h.confirmEntree},
		{Method: "POST", Pattern: "/beheer/{gemeente}/entree/{id}/weigeren", Handler: h.refuseEntree},
	}
}

// entreePage is the data of the page.
type entreePage struct {
	Municipality *vios.Municipality
	Requests     []vios.EntreeRequest
	Roles        []vios.Label
	Message      string
	Error        string
}

var entreeMessages = map[string]string{
	"bevestigd": "Het account is gemaakt. De medewerker kan nu inloggen via Entree.",
	"geweigerd": "De aanmelding is geweigerd.",
}

func (h *Handler) entreeRequests(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok {
		return
	}
	h.renderEntree(w, r, m, http.StatusOK, nil)
}

func (h *Handler) renderEntree(w http.ResponseWriter, r *http.Request, m *vios.Municipality, status int, err error) {
	list, lerr := h.Entree.ListEntreeRequests(r.Context(), m.ID)
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	data := entreePage{Municipality: m, Requests: list, Message: entreeMessages[r.URL.Query().Get("melding")]}
	for _, role := range vios.EntreeRoles {
		data.Roles = append(data.Roles, vios.Label{Code: role, Label: vios.RoleLabel(role)})
	}
	if err != nil {
		data.Error = vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			data.Error += " " + f.Message
		}
	}
	h.render(w, r, status, "beheer-entree", page{Title: "Aanmeldingen via Entree – " + m.Name, Current: "beheer", Data: data})
}

func (h *Handler) confirmEntree(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok || !h.parseForm(w, r) {
		return
	}
	c := vios.EntreeConfirmation{MunicipalityID: m.ID, RequestID: r.PathValue("id"), Role: formValue(r, "rol"),
		Name: formValue(r, "naam"), Email: formValue(r, "email")}
	h.entreeDecided(w, r, m, "bevestigd", h.Entree.ConfirmEntreeRequest(r.Context(), c))
}

func (h *Handler) refuseEntree(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok {
		return
	}
	h.entreeDecided(w, r, m, "geweigerd", h.Entree.RefuseEntreeRequest(r.Context(), m.ID, r.PathValue("id")))
}

// entreeDecided answers a decision: back to the list with a message, or
// the list again with what was wrong.
func (h *Handler) entreeDecided(w http.ResponseWriter, r *http.Request, m *vios.Municipality, message string, err error) {
	switch code := vios.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/beheer/"+m.Slug+"/entree?melding="+message, http.StatusSeeOther)
	case code == vios.EINVALID || code == vios.ECONFLICT:
		h.renderEntree(w, r, m, httpx.ErrorStatus(code), err)
	default:
		h.renderError(w, r, err)
	}
}

// entreeConfigured reports whether Entree is one of the providers.
func (h *Handler) entreeConfigured() bool {
	for _, p := range h.OIDC {
		if p.Entree != nil {
			return true
		}
	}
	return false
}
