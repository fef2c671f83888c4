package web

import (
	"net/http"
	"slices"

	"github.com/vios-platform/vios"
)

// The form to file a help request, empty or started from a signal or an
// alert the actor may see (?signaal= or ?alert=): its school and theme are
// filled in and the request links it.

// helpFormPage is the form.
type helpFormPage struct {
	Municipality *vios.Municipality
	Request      *vios.HelpRequest
	Schools      []vios.Label
	Urgencies    []vios.Label
	Themes       []vios.Label
	// Source names the linked signal or alert by its code, never its content.
	Source string
	formOutcome
}

// fileableSchools are the schools the actor may file a request about.
func (h *Handler) fileableSchools(r *http.Request, actor *vios.Actor, m *vios.Municipality) []vios.Label {
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.logger.Warn("help desk schools", "err", err)
		return nil
	}
	var out []vios.Label
	for _, o := range orgs {
		if vios.Authorize(actor, vios.ActionFileHelpRequest, vios.Resource{MunicipalityID: m.ID, SchoolID: o.ID}) == nil {
			out = append(out, vios.Label{Code: o.ID, Label: o.Name})
		}
	}
	return out
}

func (h *Handler) renderHelpForm(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, req *vios.HelpRequest, source string, f formOutcome) {
	actor := vios.ActorFromContext(r.Context())
	h.render(w, r, status, "hulpvraag-form", page{Title: "Nieuwe hulpvraag – Hulploket", Current: "hulploket", Data: helpFormPage{
		Municipality: m, Request: req, Schools: h.fileableSchools(r, actor, m), Urgencies: vios.SignalUrgencies, Themes: vios.DefaultPhenomena,
		Source: source, formOutcome: f}})
}

// prefillHelp fills school, theme and link from the signal or alert of
// the query, read under their own rules: one the actor may not see is
// refused as not found. It returns the source's code.
func (h *Handler) prefillHelp(r *http.Request, req *vios.HelpRequest, signalID, alertID string) (string, error) {
	switch {
	case signalID != "":
		s, err := h.Casework.FindSignal(r.Context(), req.MunicipalityID, signalID)
		if err != nil {
			return "", err
		}
		req.SignalID, req.Theme = s.ID, phenomenonOrNone(s.Phenomenon)
		if len(s.SchoolIDs) > 0 {
			req.SchoolID = s.SchoolIDs[0]
		}
		return "signaal " + s.Code, nil
	case alertID != "":
		a, err := h.Alerts.FindAlert(r.Context(), req.MunicipalityID, alertID)
		if err != nil {
			return "", err
		}
		req.AlertID, req.Theme = a.ID, phenomenonOrNone(a.Phenomenon)
		return "alert " + a.Code, nil
	}
	return "", nil
}

// phenomenonOrNone keeps a phenomenon of the national list, the themes.
func phenomenonOrNone(code string) string {
	if slices.ContainsFunc(vios.DefaultPhenomena, func(l vios.Label) bool { return l.Code == code }) {
		return code
	}
	return ""
}

func (h *Handler) newHelpRequest(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	schools := h.fileableSchools(r, actor, m)
	if len(schools) == 0 {
		h.renderError(w, r, vios.Errorf(vios.EFORBIDDEN, "Alleen een school of partner van de gemeente stelt een hulpvraag."))
		return
	}
	req := &vios.HelpRequest{MunicipalityID: m.ID, Urgency: vios.UrgencyNormal, SchoolID: schools[0].Code}
	source, err := h.prefillHelp(r, req, r.URL.Query().Get("signaal"), r.URL.Query().Get("alert"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderHelpForm(w, r, http.StatusOK, m, req, source, blankForm())
}

func (h *Handler) fileHelpRequest(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	req := &vios.HelpRequest{MunicipalityID: m.ID, SchoolID: formValue(r, "school"), Theme: formValue(r, "thema"),
		Urgency: formValue(r, "urgentie"), Question: formValue(r, "vraag"), SignalID: formValue(r, "signaal"), AlertID: formValue(r, "alert"),
		NoNameConfirmed: formValue(r, "geenNaam") == "ja"}
	if err := h.HelpDesk.FileHelpRequest(r.Context(), req); err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderHelpForm(w, r, status, m, req, "", formFailure(err, nil))
		})
		return
	}
	http.Redirect(w, r, "/hulploket/"+m.Slug+"/"+req.ID+"?melding=ingediend", http.StatusSeeOther)
}

// mayAskHelpDesk reports whether the actor files help requests in the
// municipality: the link from a signal to the form.
func mayAskHelpDesk(actor *vios.Actor, municipalityID string) bool {
	return actor != nil && vios.Authorize(actor, vios.ActionFileHelpRequest, vios.Resource{MunicipalityID: municipalityID}) == nil
}
