package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The national anonymised view: for the landelijk role after login
// (/landelijk) and, the same figures as open data, for anyone
// (/open-data). Counts below 10 show as "< 10", with complementary
// suppression (vios.SuppressTable); nothing per school, no free text.

func (h *Handler) nationalRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/landelijk", Handler: h.showNationalForRole},
		{Method: "GET", Pattern: "/open-data", Public: true, Handler: h.showOpenData},
	}
}

type nationalPage struct {
	View   *vios.NationalView
	Public bool
	Path   string
	Error  string
	// Onboard: the reader may add a municipality (/gemeenten/nieuw).
	Onboard bool
}

func (h *Handler) showNationalForRole(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	national := false
	for _, m := range actor.User.Memberships {
		national = national || m.Role == vios.RoleLandelijk
	}
	if !national {
		h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze pagina bestaat niet."))
		return
	}
	h.renderNational(w, r, "/landelijk", false)
}

func (h *Handler) showOpenData(w http.ResponseWriter, r *http.Request) {
	h.renderNational(w, r, "/open-data", true)
}

func (h *Handler) renderNational(w http.ResponseWriter, r *http.Request, path string, public bool) {
	data := nationalPage{Public: public, Path: path,
		Onboard: !public && vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionOnboardMunicipality, vios.Resource{}) == nil}
	status := http.StatusOK
	view, err := h.National.NationalView(r.Context(), r.URL.Query().Get("kwartaal"))
	if vios.ErrorCode(err) == vios.EINVALID {
		// A quarter out of range: the message, and the current quarter.
		data.Error, status = vios.ErrorMessage(err), http.StatusBadRequest
		if fields := vios.ErrorFields(err); len(fields) > 0 {
			data.Error = fields[0].Message
		}
		view, err = h.National.NationalView(r.Context(), "")
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data.View = view
	current := "landelijk"
	if public {
		current = "open-data"
	}
	h.render(w, r, status, "landelijk", page{Title: "Landelijk overzicht, geanonimiseerd", Current: current, Data: data})
}
