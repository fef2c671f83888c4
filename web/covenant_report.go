// A covenant as read back: its compliance check and its PDF.

package web

import (
	"fmt"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/report"
)

func (h *Handler) covenantCompliance(w http.ResponseWriter, r *http.Request) {
	m, c, ok := h.covenantIn(w, r, vios.ActionViewCovenant)
	if !ok {
		return
	}
	networks := map[string]*vios.Network{}
	meetings := map[string][]*vios.Meeting{}
	for _, a := range c.Agreements {
		if a.NetworkID == "" || networks[a.NetworkID] != nil {
			continue
		}
		n, err := h.Networks.FindNetwork(r.Context(), m.ID, a.NetworkID)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		list, err := h.Networks.ListMeetings(r.Context(), vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: n.ID, WithDetails: true})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		networks[n.ID], meetings[n.ID] = n, list
	}
	check := vios.CheckCompliance(c, networks, meetings, h.now())
	h.render(w, r, http.StatusOK, "convenant-naleving", page{Title: "Naleving " + c.Title, Current: "netwerken", Data: struct {
		Municipality *vios.Municipality
		Covenant     *vios.Covenant
		Check        *vios.Compliance
	}{m, c, check}})
}

// covenantPrint is the covenant to print.
func (h *Handler) covenantPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, c, ok := h.covenantIn(w, r, vios.ActionViewCovenant)
	if !ok {
		return nil, false
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	var doc *report.Document
	if err == nil {
		doc, err = report.CovenantDocument(&report.CovenantReport{Municipality: m.Name, Covenant: c, Today: h.today(),
			PhenomenonLabel: phenomenonLabeller(phenomena)})
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/convenanten/" + m.Slug + "/" + c.ID
	return &printJob{doc: doc, back: path, view: path + "/afdrukken", pdf: path + "/convenant.pdf",
		filename: fmt.Sprintf("convenant-versie-%d.pdf", c.Version)}, true
}
