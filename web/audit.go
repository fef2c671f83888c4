package web

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Safety audits (veiligheidsaudits): the municipality's list with the form
// to start one, and an audit with its findings, advice, follow-ups and the
// school's responses. The store decides who reads and writes what; the
// pages only leave out the forms someone cannot use.

func (h *Handler) auditRoutes() []httpx.Route {
	return append([]httpx.Route{
		{Method: "GET", Pattern: "/veiligheidsaudits/{gemeente}", Handler: h.listAudits},
		{Method: "POST", Pattern: "/veiligheidsaudits/{gemeente}/nieuw", Handler: h.createAudit},
		{Method: "GET", Pattern: "/veiligheidsaudits/{gemeente}/{id}", Handler: h.showAudit},
		{Method: "POST", Pattern: "/veiligheidsaudits/{gemeente}/{id}/bevindingen", Handler: h.recordAuditFindings},
		{Method: "POST", Pattern: "/veiligheidsaudits/{gemeente}/{id}/afronden", Handler: h.completeAudit},
		{Method: "POST", Pattern: "/veiligheidsaudits/{gemeente}/{id}/opvolging", Handler: h.followUpAudit},
		{Method: "POST", Pattern: "/veiligheidsaudits/{gemeente}/{id}/reacties", Handler: h.respondToAudit},
		{Method: "GET", Pattern: "/veiligheidsaudit-sjablonen/{gemeente}", Handler: h.listAuditTemplates},
		{Method: "POST", Pattern: "/veiligheidsaudit-sjablonen/{gemeente}", Handler: h.copyAuditTemplate},
		{Method: "GET", Pattern: "/veiligheidsaudit-sjablonen/{gemeente}/{id}", Handler: h.editAuditTemplate},
		{Method: "POST", Pattern: "/veiligheidsaudit-sjablonen/{gemeente}/{id}", Handler: h.saveAuditTemplate},
	}, h.printRoutes("/veiligheidsaudits/{gemeente}/{id}/rapport", "/veiligheidsaudits/{gemeente}/{id}/rapport.pdf", h.auditReport)...)
}

// auditListPage is the municipality's audits and the form to start one.
type auditListPage struct {
	Municipality *vios.Municipality
	Audits       []*vios.Audit
	MayAudit     bool
	MayTemplates bool
	Schools      []*vios.Organisation
	Templates    []*vios.AuditTemplate
	Today        time.Time
	formOutcome
}

func (h *Handler) listAudits(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	// The auditors and the municipality's schools (each its own audits).
	if vios.Authorize(actor, vios.ActionEditAudit, vios.Resource{MunicipalityID: m.ID}) != nil && !hasRoleIn(actor.User, vios.RoleSchool, m.ID) &&
		!h.authorize(w, r, vios.ActionViewAudit, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	h.renderAuditList(w, r, http.StatusOK, m, blankForm())
}

func (h *Handler) renderAuditList(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, f formOutcome) {
	actor := vios.ActorFromContext(r.Context())
	res := vios.Resource{MunicipalityID: m.ID}
	p := auditListPage{Municipality: m, MayAudit: vios.Authorize(actor, vios.ActionEditAudit, res) == nil,
		MayTemplates: vios.Authorize(actor, vios.ActionEditAuditTemplates, res) == nil, Today: vios.Date(h.Now()), formOutcome: f}
	var err error
	if p.Audits, err = h.Audits.ListAudits(r.Context(), m.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	if p.MayAudit {
		if p.Schools, err = h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool}); err == nil {
			p.Templates, err = h.Audits.AuditTemplates(r.Context(), m.ID)
		}
		if err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "veiligheidsaudits", page{Title: "Veiligheidsaudits " + m.Name, Current: "beheer", Data: p})
}

func (h *Handler) createAudit(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	a := &vios.Audit{MunicipalityID: m.ID, SchoolID: formValue(r, "school"), TemplateID: formValue(r, "sjabloon"), AuditOn: dateField(r, "datum", &v)}
	err := v.Err("De audit is niet aangemaakt.")
	if err == nil {
		err = h.Audits.CreateAudit(r.Context(), a)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderAuditList(w, r, status, m, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/veiligheidsaudits/"+m.Slug+"/"+a.ID+"?melding=aangemaakt", http.StatusSeeOther)
}

// auditPage is one audit.
type auditPage struct {
	Municipality *vios.Municipality
	Audit        *vios.Audit
	Sections     []auditSectionView
	Findings     []vios.Label
	// MayRecord: findings and advice may still change; MayFollowUp: the
	// auditor turns advice into work; MayRespond: the school reacts.
	MayRecord   bool
	MayFollowUp bool
	MayRespond  bool
	Choices     *vios.AuditFollowUpChoices
	FollowUps   []*vios.ActionItem
	Advices     []auditAdvice
	DefaultDue  time.Time
	Today       time.Time
	Notice      string
	formOutcome
}

// auditSectionView is a section of the checklist with its items.
type auditSectionView struct {
	Code, Label string
	Items       []vios.AuditItem
}

func auditSections(a *vios.Audit) []auditSectionView {
	var out []auditSectionView
	for _, s := range vios.AuditSections {
		v := auditSectionView{Code: s.Code, Label: s.Label}
		for _, it := range a.Items {
			if it.Section == s.Code {
				v.Items = append(v.Items, it)
			}
		}
		if len(v.Items) > 0 {
			out = append(out, v)
		}
	}
	return out
}

var auditNotices = map[string]string{
	"aangemaakt": "De audit is aangemaakt.", "bevindingen": "De bevindingen zijn opgeslagen.", "afgerond": "De audit is afgerond.",
	"actiepunt": "Het advies is een actiepunt van het kernteam geworden.", "maatregel": "Het advies staat als maatregel in het veiligheidsplan van de school.",
	"reactie": "Uw reactie is opgeslagen.",
}

// auditIn loads the audit in the path; the store checks the actor may read it.
func (h *Handler) auditIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.Audit, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	a, err := h.Audits.FindAudit(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, false
	}
	return m, a, true
}

func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request) {
	m, a, ok := h.auditIn(w, r)
	if !ok {
		return
	}
	h.renderAudit(w, r, http.StatusOK, m, a, blankForm())
}

func (h *Handler) renderAudit(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, a *vios.Audit, f formOutcome) {
	actor := vios.ActorFromContext(r.Context())
	today := vios.Date(h.Now())
	p := auditPage{Municipality: m, Audit: a, Sections: auditSections(a), Findings: vios.AuditFindings,
		MayFollowUp: vios.Authorize(actor, vios.ActionEditAudit, a.Resource()) == nil,
		MayRespond:  vios.Authorize(actor, vios.ActionRespondAudit, a.Resource()) == nil,
		DefaultDue:  today.AddDate(0, 1, 0), Today: today, Notice: auditNotices[r.URL.Query().Get("melding")], formOutcome: f}
	p.MayRecord = p.MayFollowUp && !a.Completed()
	for _, fu := range a.FollowUps {
		p.FollowUps = append(p.FollowUps, fu.Action)
	}
	p.Advices = auditAdvices(a)
	if p.MayFollowUp {
		var err error
		if p.Choices, err = h.Audits.AuditOwners(r.Context(), m.ID, a.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "veiligheidsaudit", page{Title: "Veiligheidsaudit " + a.SchoolName, Current: "beheer", Data: p})
}

// auditChanged answers a change of the audit: back to its page with a
// notice, or the page with the problem (the audit as saved).
func (h *Handler) auditChanged(w http.ResponseWriter, r *http.Request, m *vios.Municipality, a *vios.Audit, err error, notice, anchor string) {
	if err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			h.formFailed(w, r, err, func(status int) { h.renderAudit(w, r, status, m, a, formFailure(err, nil)) })
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/veiligheidsaudits/"+m.Slug+"/"+a.ID+"?melding="+notice+anchor, http.StatusSeeOther)
}

// auditAdvice is one advice to follow up: of an item, or the overall one
// (Key "").
type auditAdvice struct {
	Key, Anchor, Label, Advice string
	FollowUps                  []vios.AuditFollowUp
}

func auditAdvices(a *vios.Audit) []auditAdvice {
	var out []auditAdvice
	for _, it := range a.Items {
		if it.Advice != "" {
			out = append(out, auditAdvice{Key: it.Key, Anchor: it.Key, Label: it.Text, Advice: it.Advice, FollowUps: a.FollowUpsOf(it.Key)})
		}
	}
	if a.Advice != "" {
		out = append(out, auditAdvice{Anchor: "algemeen", Label: "Algemeen advies", Advice: a.Advice, FollowUps: a.FollowUpsOf("")})
	}
	return out
}
