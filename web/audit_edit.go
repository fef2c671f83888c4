package web

import (
	"net/http"

	"github.com/vios-platform/vios"
)

// Recording an audit: findings per item, completing it, turning advice
// into an action item or a safety-plan measure, and the school's response.

func (h *Handler) recordAuditFindings(w http.ResponseWriter, r *http.Request) {
	m, a, ok := h.auditIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var findings []vios.AuditFinding
	for _, it := range a.Items {
		findings = append(findings, vios.AuditFinding{Key: it.Key, Finding: r.PostFormValue("bevinding-" + it.Key),
			Note: r.PostFormValue("toelichting-" + it.Key), Advice: r.PostFormValue("advies-" + it.Key)})
	}
	err := h.Audits.RecordAuditFindings(r.Context(), m.ID, a.ID, findings, r.PostFormValue("advies"))
	h.auditChanged(w, r, m, a, err, "bevindingen", "#bevindingen")
}

func (h *Handler) completeAudit(w http.ResponseWriter, r *http.Request) {
	m, a, ok := h.auditIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	h.auditChanged(w, r, m, a, h.Audits.CompleteAudit(r.Context(), m.ID, a.ID), "afgerond", "")
}

func (h *Handler) followUpAudit(w http.ResponseWriter, r *http.Request) {
	m, a, ok := h.auditIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	action := &vios.ActionItem{OwnerUserID: formValue(r, "eigenaar"), DueOn: dateField(r, "deadline", &v)}
	kind := formValue(r, "soort")
	err := v.Err("Het advies is niet opgevolgd.")
	if err == nil {
		err = h.Audits.FollowUpAudit(r.Context(), m.ID, a.ID, formValue(r, "punt"), kind, action)
	}
	h.auditChanged(w, r, m, a, err, kind, "#opvolging")
}

func (h *Handler) respondToAudit(w http.ResponseWriter, r *http.Request) {
	m, a, ok := h.auditIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	h.auditChanged(w, r, m, a, h.Audits.RespondToAudit(r.Context(), m.ID, a.ID, r.PostFormValue("reactie")), "reactie", "#reacties")
}
