package web

import (
	"net/http"

	"github.com/vios-platform/vios"
)

// The audit report: the findings per section, the advice and what it
// became, as print view and tagged PDF from the same HTML (print.go).

func (h *Handler) auditReport(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, a, ok := h.auditIn(w, r)
	if !ok {
		return nil, false
	}
	doc, err := planPage("veiligheidsaudit", "Veiligheidsaudit "+a.SchoolName+" "+vios.DutchDate(a.AuditOn), a.AuditorName, struct {
		Audit    *vios.Audit
		Sections []auditSectionView
	}{a, auditSections(a)})
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/veiligheidsaudits/" + m.Slug + "/" + a.ID
	return &printJob{doc: doc, back: path, view: path + "/rapport", pdf: path + "/rapport.pdf", filename: "veiligheidsaudit.pdf"}, true
}

func init() {
	funcs["auditFindingLabel"] = vios.AuditFindingLabel
	funcs["auditSectionLabel"] = vios.AuditSectionLabel
}
