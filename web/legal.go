package web

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The legal checklist (Wet veiligheid op school): per school met or
// missing, with the school's form; per municipality a table of schools ×
// requirements for the regisseur, coordinators and the OTSV.

func (h *Handler) legalRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/wettelijke-eisen/{gemeente}", Handler: h.listChecklists},
		{Method: "GET", Pattern: "/wettelijke-eisen/{gemeente}/{id}", Handler: h.showChecklist},
		{Method: "POST", Pattern: "/wettelijke-eisen/{gemeente}/{id}", Handler: h.saveChecklist},
	}
}

type checklistsPage struct {
	Municipality *vios.Municipality
	Requirements []vios.Label
	Schools      []*vios.LegalChecklist
}

func (h *Handler) listChecklists(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	// School staff go to their own school's checklist.
	if vios.Authorize(actor, vios.ActionViewChecklist, vios.Resource{MunicipalityID: m.ID}) != nil {
		for _, ms := range actor.User.Memberships {
			if ms.MunicipalityID == m.ID && ms.Role == vios.RoleSchool && ms.OrganisationID != "" {
				http.Redirect(w, r, "/wettelijke-eisen/"+m.Slug+"/"+ms.OrganisationID, http.StatusSeeOther)
				return
			}
		}
	}
	list, err := h.Protocols.Checklists(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "wettelijke-eisen-gemeente", page{Title: "Wettelijke eisen per school – " + m.Name, Current: "wettelijke-eisen",
		Data: checklistsPage{Municipality: m, Requirements: vios.Requirements, Schools: list}})
}

type checklistPage struct {
	Municipality *vios.Municipality
	Checklist    *vios.LegalChecklist
	MayEdit      bool
	People       []*vios.DirectoryEntry
	Notice       string
	formOutcome
}

func (h *Handler) showChecklist(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	h.renderChecklist(w, r, http.StatusOK, m, nil, blankForm())
}

func (h *Handler) renderChecklist(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, typed *vios.LegalFacts, f formOutcome) {
	c, err := h.Protocols.Checklist(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := checklistPage{Municipality: m, Checklist: c, formOutcome: f,
		Notice:  map[string]string{"opgeslagen": "De gegevens zijn opgeslagen."}[r.URL.Query().Get("melding")],
		MayEdit: vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionEditChecklist, vios.Resource{MunicipalityID: m.ID, SchoolID: c.SchoolID}) == nil}
	if typed != nil {
		c.Facts = *typed
	}
	if p.MayEdit {
		if p.People, err = h.Protocols.SchoolPeople(r.Context(), m.ID, c.SchoolID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "wettelijke-eisen", page{Title: "Wettelijke eisen – " + c.SchoolName, Current: "wettelijke-eisen", Data: p})
}

func (h *Handler) saveChecklist(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	f := &vios.LegalFacts{MunicipalityID: m.ID, SchoolID: r.PathValue("id"),
		MonitoringInstrument: formValue(r, "instrument"), AntiBullyingContact: formValue(r, "aanspreekpunt"),
		AntiBullyingLead: formValue(r, "coordinator"), IncidentRegistration: formValue(r, "registratie") == "ja"}
	var err error
	if on := formValue(r, "gemeten"); on != "" {
		d, perr := time.Parse(time.DateOnly, on)
		if perr != nil {
			err = vios.Invalid("gemetenOp", "Vul de datum van de laatste meting in als dag-maand-jaar.", "De gegevens zijn niet opgeslagen.")
		}
		f.MonitoringOn = &d
	}
	if err == nil {
		err = h.Protocols.SaveLegalFacts(r.Context(), f)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderChecklist(w, r, status, m, f, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/wettelijke-eisen/"+m.Slug+"/"+f.SchoolID+"?melding=opgeslagen", http.StatusSeeOther)
}
