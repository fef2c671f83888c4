package web

import (
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
)

// The municipality's checklist templates for safety audits: the default
// one, read-only, and its own, each a copy of the default edited per
// section (one point per line).

type auditTemplatesPage struct {
	Municipality *vios.Municipality
	Templates    []*vios.AuditTemplate
	MayEdit      bool
	formOutcome
}

func (h *Handler) listAuditTemplates(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	h.renderAuditTemplates(w, r, http.StatusOK, m, blankForm())
}

func (h *Handler) renderAuditTemplates(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, f formOutcome) {
	list, err := h.Audits.AuditTemplates(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "auditsjablonen", page{Title: "Sjablonen voor veiligheidsaudits", Current: "beheer", Data: auditTemplatesPage{
		Municipality: m, Templates: list, formOutcome: f,
		MayEdit: vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionEditAuditTemplates, vios.Resource{MunicipalityID: m.ID}) == nil}})
}

// copyAuditTemplate makes an own template as a copy of the default one.
func (h *Handler) copyAuditTemplate(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	t := vios.DefaultAuditTemplate()
	t.ID, t.MunicipalityID, t.Name, t.BasedOnVersion, t.Version = "", m.ID, formValue(r, "naam"), t.Version, 0
	if err := h.Audits.SaveAuditTemplate(r.Context(), t); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderAuditTemplates(w, r, status, m, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/veiligheidsaudit-sjablonen/"+m.Slug+"/"+t.ID+"?melding=aangemaakt", http.StatusSeeOther)
}

// auditTemplateForm is an own template's form: its points per section.
type auditTemplateForm struct {
	Municipality *vios.Municipality
	Template     *vios.AuditTemplate
	Sections     []auditTemplateSection
	Notice       string
	formOutcome
}

type auditTemplateSection struct {
	Code, Label, Lines string
}

func (h *Handler) renderAuditTemplateForm(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, t *vios.AuditTemplate, f formOutcome) {
	p := auditTemplateForm{Municipality: m, Template: t, formOutcome: f}
	if r.URL.Query().Get("melding") == "aangemaakt" {
		p.Notice = "Het sjabloon is aangemaakt als kopie van het standaardsjabloon: pas de punten aan."
	} else if r.URL.Query().Get("melding") == "opgeslagen" {
		p.Notice = "Het sjabloon is opgeslagen."
	}
	for _, s := range vios.AuditSections {
		var lines []string
		for _, it := range t.ItemsOf(s.Code) {
			lines = append(lines, it.Text)
		}
		p.Sections = append(p.Sections, auditTemplateSection{Code: s.Code, Label: s.Label, Lines: strings.Join(lines, "\n")})
	}
	h.render(w, r, status, "auditsjabloon", page{Title: t.Name + " – sjabloon voor veiligheidsaudits", Current: "beheer", Data: p})
}

func (h *Handler) editAuditTemplate(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	t, err := h.Audits.FindAuditTemplate(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderAuditTemplateForm(w, r, http.StatusOK, m, t, blankForm())
}

func (h *Handler) saveAuditTemplate(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	t, err := h.Audits.FindAuditTemplate(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	t.Name = formValue(r, "naam")
	for _, s := range vios.AuditSections {
		t.SetSectionItems(s.Code, r.PostFormValue("punten-"+s.Code))
	}
	if err := h.Audits.SaveAuditTemplate(r.Context(), t); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderAuditTemplateForm(w, r, status, m, t, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/veiligheidsaudit-sjablonen/"+m.Slug+"/"+t.ID+"?melding=opgeslagen", http.StatusSeeOther)
}
