package web

import (
	"net/http"

	"github.com/vios-platform/vios"
)

// homePage is the data of the home page.
type homePage struct {
	Municipalities int
	InExecution    int
	Models         []vios.Label
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	list, err := h.Approaches.ListApproaches(r.Context(), vios.ApproachFilter{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := homePage{Municipalities: len(list), Models: vios.Models[:4]}
	for _, a := range list {
		if a.Phase.Phase == "uitvoering" {
			data.InExecution++
		}
	}
	h.render(w, r, http.StatusOK, "home", page{Title: "Samen werken aan veiligheid in en om school", Current: "home", Data: data})
}

func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "accessibility", page{Title: "Toegankelijkheidsverklaring", Current: "toegankelijkheid"})
}
