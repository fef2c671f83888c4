package web

import (
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The regisseur's waiting thresholds: per table, how many weeks a pupil
// may wait on its list before the reminders job warns the case owner and
// the regisseur.

func (h *Handler) referralThresholdRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/wachtdrempels/{gemeente}", Handler: h.showThresholds},
		{Method: "POST", Pattern: "/wachtdrempels/{gemeente}", Handler: h.saveThresholds},
	}
}

// thresholdRow is a table with its threshold as typed.
type thresholdRow struct {
	vios.ReferralThreshold
	Typed string
}

func (h *Handler) showThresholds(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok {
		return
	}
	list, err := h.Casework.ReferralThresholds(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	rows := make([]thresholdRow, len(list))
	for i, t := range list {
		rows[i] = thresholdRow{ReferralThreshold: t}
		if t.Weeks > 0 {
			rows[i].Typed = strconv.Itoa(t.Weeks)
		}
	}
	notice := ""
	if r.URL.Query().Get("melding") == "opgeslagen" {
		notice = "De wachtdrempels zijn opgeslagen."
	}
	h.renderThresholds(w, r, http.StatusOK, m, rows, notice, nil)
}

func (h *Handler) renderThresholds(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, rows []thresholdRow, notice string, err error) {
	data := struct {
		Municipality *vios.Municipality
		Rows         []thresholdRow
		Notice       string
		formOutcome
	}{Municipality: m, Rows: rows, Notice: notice, formOutcome: blankForm()}
	if err != nil {
		anchors := map[string]string{}
		for _, row := range rows {
			anchors["drempel-"+row.Table] = "drempel-" + row.Table
		}
		data.formOutcome = formFailure(err, anchors)
	}
	h.render(w, r, status, "wachtdrempels", page{Title: "Wachtdrempels per tafel", Current: "netwerken", Data: data})
}

func (h *Handler) saveThresholds(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var v vios.Validation
	rows := make([]thresholdRow, len(vios.ReferralTables))
	list := make([]vios.ReferralThreshold, len(vios.ReferralTables))
	for i, t := range vios.ReferralTables {
		typed := formValue(r, "drempel-"+t.Code)
		weeks := 0
		if typed != "" {
			n, err := strconv.Atoi(typed)
			v.Check(err == nil, "drempel-"+t.Code, "Vul voor %s een heel aantal weken in.", t.Label)
			weeks = n
		}
		list[i] = vios.ReferralThreshold{Table: t.Code, Label: t.Label, Weeks: weeks}
		rows[i] = thresholdRow{ReferralThreshold: list[i], Typed: typed}
	}
	err := v.Err("De drempels zijn niet opgeslagen.")
	if err == nil {
		err = h.Casework.SetReferralThresholds(r.Context(), m.ID, list)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderThresholds(w, r, status, m, rows, "", err) })
		return
	}
	http.Redirect(w, r, "/wachtdrempels/"+m.Slug+"?melding=opgeslagen", http.StatusSeeOther)
}
