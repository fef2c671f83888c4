package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The public page of a processing activity: where the activity URI of every
// processing record resolves (Logboek Dataverwerkingen), readable without
// login, since the register of processing activities is public information.
// A client that asks for JSON (Accept: application/json) gets the same as JSON.

func (h *Handler) activityPublicRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/verwerkingsactiviteiten/{id}", Public: true, Handler: h.publicActivity},
	}
}

// activityJSON is an activity as the public JSON shows it: Dutch field
// names, its address on this installation as its id.
type activityJSON struct {
	ID            string `json:"id"`
	Kenmerk       string `json:"kenmerk"`
	Naam          string `json:"naam"`
	Doel          string `json:"doel"`
	Grondslag     string `json:"grondslag"`
	Gegevens      string `json:"gegevens"`
	Bewaartermijn string `json:"bewaartermijn"`
	Gemeente      string `json:"gemeente,omitempty"`
	Versie        int    `json:"versie"`
	// VervangenDoor is the address of the version that replaced this one.
	VervangenDoor string `json:"vervangenDoor,omitempty"`
}

// publicActivityPage is the data of the public page.
type publicActivityPage struct {
	Activity *vios.ProcessingActivity
	URL      string
}

func (h *Handler) publicActivity(w http.ResponseWriter, r *http.Request) {
	a, err := h.Logbook.FindPublicActivity(r.Context(), r.PathValue("id"))
	wantsJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	w.Header().Add("Vary", "Accept")
	if err != nil {
		if wantsJSON && vios.ErrorCode(err) == vios.ENOTFOUND {
			// RFC 9457, as the API answers.
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]any{"status": http.StatusNotFound, "title": vios.ErrorMessage(err)}) // #nosec G104 -- the status is sent; an encode error can only mean the client went away
			return
		}
		h.renderError(w, r, err)
		return
	}
	url := vios.ActivityURL(h.BaseURL, a.URI)
	if wantsJSON {
		writeJSONAnswer(w, http.StatusOK, activityJSON{ID: url, Kenmerk: a.URI, Naam: a.Name, Doel: a.Purpose,
			Grondslag: a.LegalBasis, Gegevens: a.DataCategories, Bewaartermijn: a.Retention, Gemeente: a.MunicipalityName, Versie: a.Version,
			VervangenDoor: vios.ActivityURL(h.BaseURL, a.ReplacedBy)})
		return
	}
	h.render(w, r, http.StatusOK, "verwerkingsactiviteit", page{Title: a.Name, Data: publicActivityPage{Activity: a, URL: url}})
}
