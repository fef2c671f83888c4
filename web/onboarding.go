package web

import (
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

// A new municipality joins the platform from the web: the landelijk role
// adds it (as `vios municipality add` does on the command line) and gets
// the first beheerder's invitation link once, beside the mail.

func (h *Handler) onboardingRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/gemeenten/nieuw", Handler: h.onboardingForm},
		{Method: "POST", Pattern: "/gemeenten/nieuw", Handler: h.onboard},
	}
}

type onboardingPage struct {
	Form   map[string]string
	Fields map[string]string
	Error  string
	// Added and Link, once the municipality is added: the invitation
	// link, shown this once.
	Added *vios.Municipality
	Link  string
}

func (h *Handler) onboardingForm(w http.ResponseWriter, r *http.Request) {
	if !h.authorize(w, r, vios.ActionOnboardMunicipality, vios.Resource{}) {
		return
	}
	h.renderOnboarding(w, r, http.StatusOK, onboardingPage{Form: map[string]string{}})
}

func (h *Handler) onboard(w http.ResponseWriter, r *http.Request) {
	if !h.authorize(w, r, vios.ActionOnboardMunicipality, vios.Resource{}) || !h.parseForm(w, r) {
		return
	}
	data := onboardingPage{Form: map[string]string{"code": formValue(r, "code"), "naam": formValue(r, "naam"),
		"email": formValue(r, "email"), "beheerder": formValue(r, "beheerder"), "leden": formValue(r, "leden")}}
	o := &vios.Onboarding{Slug: data.Form["code"], Name: data.Form["naam"], Email: data.Form["email"], AdminName: data.Form["beheerder"],
		Members: strings.Split(data.Form["leden"], "\n")}
	token, hash := auth.NewToken()
	m, err := h.Organisations.Onboard(r.Context(), o, token, hash, invitationValid)
	if err != nil {
		code := vios.ErrorCode(err)
		if code != vios.EINVALID && code != vios.ECONFLICT {
			h.renderError(w, r, err)
			return
		}
		if len(vios.ErrorFields(err)) == 0 && code == vios.EINVALID {
			h.logger.Warn("municipality not added", "err", err) // the key file: which and why
		}
		data.Error, data.Fields = vios.ErrorMessage(err), map[string]string{}
		for _, f := range vios.ErrorFields(err) {
			data.Fields[f.Field] = f.Message
		}
		if code == vios.ECONFLICT {
			// The store names what is in use: the code or the address.
			field := "email"
			if _, ferr := h.Organisations.FindMunicipalityBySlug(r.Context(), o.Slug); ferr == nil {
				field = "code"
			}
			data.Fields[field] = data.Error
			data.Error = "De gemeente is niet toegevoegd: verbeter de gemarkeerde velden."
		}
		h.renderOnboarding(w, r, httpx.ErrorStatus(code), data)
		return
	}
	data.Added, data.Link = m, strings.TrimSuffix(h.BaseURL, "/")+"/uitnodiging/"+token
	h.renderOnboarding(w, r, http.StatusCreated, data)
}

func (h *Handler) renderOnboarding(w http.ResponseWriter, r *http.Request, status int, data onboardingPage) {
	if data.Fields == nil {
		data.Fields = map[string]string{}
	}
	h.render(w, r, status, "gemeente-nieuw", page{Title: "Gemeente toevoegen", Current: "landelijk", Data: data})
}
