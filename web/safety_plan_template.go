package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// A municipality's own templates for school safety plans: the regisseur or
// the beheerder writes them here; schools see them beside the national two
// when they start a plan.

func (h *Handler) planTemplateRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/veiligheidsplan-sjablonen/{gemeente}", Handler: h.showPlanTemplates},
		{Method: "POST", Pattern: "/veiligheidsplan-sjablonen/{gemeente}", Handler: h.savePlanTemplate},
		{Method: "POST", Pattern: "/veiligheidsplan-sjablonen/{gemeente}/verwijderen", Handler: h.deletePlanTemplate},
	}
}

// planTemplatesPage lists the own templates and holds the form for a new
// one, or for the one being changed (?sjabloon=<code>).
type planTemplatesPage struct {
	Municipality *vios.Municipality
	Own          []vios.PlanTemplate
	Code         string // the template being changed, "" for a new one
	Name         string
	Sections     string
	Notice       string
	formOutcome
}

var planTemplateNotices = map[string]string{
	"opgeslagen": "Het sjabloon is opgeslagen. Scholen kunnen er nu een plan mee beginnen.",
	"verwijderd": "Het sjabloon is verwijderd. Plannen die ermee zijn begonnen, houden hun onderdelen.",
	"onbestaand": "Dit sjabloon bestaat niet (meer).",
}

var planTemplateAnchors = map[string]string{"naam": "sjabloon-naam", "onderdelen": "sjabloon-onderdelen"}

func (h *Handler) showPlanTemplates(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionEditPlanTemplates)
	if !ok {
		return
	}
	f := planTemplatesPage{Municipality: m, Notice: planTemplateNotices[r.URL.Query().Get("melding")]}
	if code := r.URL.Query().Get("sjabloon"); code != "" {
		f.Code = code
	}
	h.renderPlanTemplates(w, r, http.StatusOK, f)
}

func (h *Handler) renderPlanTemplates(w http.ResponseWriter, r *http.Request, status int, f planTemplatesPage) {
	all, err := h.SafetyPlans.PlanTemplates(r.Context(), f.Municipality.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, t := range all {
		if !t.Own() {
			continue
		}
		f.Own = append(f.Own, t)
		// Changing a template: its text in the form, unless the form is
		// shown again with what was typed.
		if t.Code == f.Code && f.Fields == nil && f.Name == "" {
			f.Name, f.Sections = t.Name, vios.FormatTemplateSections(t.Sections)
		}
	}
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	h.render(w, r, status, "veiligheidsplan-sjablonen", page{Title: "Eigen sjablonen voor veiligheidsplannen", Current: "netwerken", Data: f})
}

func (h *Handler) savePlanTemplate(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionEditPlanTemplates)
	if !ok || !h.parseForm(w, r) {
		return
	}
	f := planTemplatesPage{Municipality: m, Code: formValue(r, "sjabloon"), Name: formValue(r, "naam"), Sections: r.PostForm.Get("onderdelen")}
	t := &vios.PlanTemplate{MunicipalityID: m.ID, Code: f.Code, Name: f.Name, Sections: vios.ParseTemplateSections(f.Sections)}
	if err := h.SafetyPlans.SavePlanTemplate(r.Context(), t); err != nil {
		f.formOutcome = formFailure(err, planTemplateAnchors)
		h.formFailed(w, r, err, func(status int) { h.renderPlanTemplates(w, r, status, f) })
		return
	}
	http.Redirect(w, r, "/veiligheidsplan-sjablonen/"+m.Slug+"?melding=opgeslagen", http.StatusSeeOther)
}

func (h *Handler) deletePlanTemplate(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionEditPlanTemplates)
	if !ok || !h.parseForm(w, r) {
		return
	}
	notice := "verwijderd"
	if err := h.SafetyPlans.DeletePlanTemplate(r.Context(), m.ID, formValue(r, "sjabloon")); vios.ErrorCode(err) == vios.ENOTFOUND {
		notice = "onbestaand"
	} else if err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/veiligheidsplan-sjablonen/"+m.Slug+"?melding="+notice, http.StatusSeeOther)
}
