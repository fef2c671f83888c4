package web

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// A measure of the safety plan becomes an action item of the school's
// kernteam, followed up there with the network's other open actions. The
// review dates of the plan and its sections keep the PDCA cycle going.

var measureAnchors = map[string]string{"wat": "maatregel-wat", "eigenaar": "maatregel-eigenaar", "deadline": "maatregel-deadline",
	"herzienOp": "herzien-plan"}

func (h *Handler) addSafetyPlanMeasure(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	a := &vios.ActionItem{Title: formValue(r, "wat"), OwnerUserID: formValue(r, "eigenaar"), DueOn: dateField(r, "deadline", &v)}
	err := v.Err("De maatregel is niet volledig of niet juist.")
	if err == nil {
		err = h.SafetyPlans.AddPlanMeasure(r.Context(), m.ID, p.ID, a)
	}
	h.planChanged(w, r, m, p, err, "maatregel", "#maatregelen")
}

func (h *Handler) setSafetyPlanReviewDates(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	review := dateField(r, "herzienOp", &v)
	sections := map[string]time.Time{}
	for _, s := range p.Sections {
		if d := dateField(r, "herzienOp-"+s.ID, &v); !d.IsZero() {
			sections[s.ID] = d
		}
	}
	err := v.Err("De herzieningsdata zijn niet opgeslagen.")
	if err == nil {
		err = h.SafetyPlans.SetPlanReviewDates(r.Context(), m.ID, p.ID, review, sections)
	}
	h.planChanged(w, r, m, p, err, "herzieningsdata", "#herziening")
}
