package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// The safety plan joined with what lives beside it: the legal checklist
// and the incident protocols with their evaluations.

// planOverview is every school's plan status with its last evaluation and
// the legal requirements it misses.
func (h *Handler) planOverview(r *http.Request, municipalityID string) ([]vios.PlanOverviewRow, error) {
	rows, err := h.SafetyPlans.PlanOverview(r.Context(), municipalityID)
	if err != nil {
		return nil, err
	}
	checklists, err := h.Protocols.Checklists(r.Context(), municipalityID)
	if err != nil {
		return nil, err
	}
	missing := map[string][]string{}
	for _, c := range checklists {
		for _, it := range c.Items {
			if !it.Met {
				missing[c.SchoolID] = append(missing[c.SchoolID], it.Label)
			}
		}
	}
	for i := range rows {
		rows[i].Missing = missing[rows[i].SchoolID]
	}
	return rows, nil
}

// planStatusTable is the municipal dashboard's table of every school's
// safety plan status: none, draft, approved or overdue for review.
func (h *Handler) planStatusTable(r *http.Request, m *vios.Municipality) (dashTable, error) {
	rows, err := h.planOverview(r, m.ID)
	if err != nil {
		return dashTable{}, err
	}
	t := dashTable{ID: "veiligheidsplannen", Caption: "Veiligheidsplan per school",
		Headers: []string{"School", "Status", "Leeftijd in dagen", "Laatste evaluatie", "Ontbrekende wettelijke eisen"},
		Summary: "Per school de status van het veiligheidsplan (geen, concept, vastgesteld of herziening te laat), de laatste evaluatie van een incidentprotocol en de wettelijke eisen die ontbreken.",
		Empty:   "De gemeente heeft nog geen scholen."}
	overdue := 0
	for _, o := range rows {
		// The status links to the plan: the first column is a row header.
		status := dashCell{Text: o.StatusLabel()}
		age, evaluated := "–", "Nog geen"
		if o.PlanID != "" {
			status.Href = "/veiligheidsplannen/" + m.Slug + "/" + o.PlanID
			age = strconv.Itoa(o.AgeDays)
		}
		if o.LastEvaluation != nil {
			evaluated = o.LastEvaluation.Format("2-1-2006")
		}
		if o.Status == vios.PlanOverdue {
			overdue++
		}
		missing := "Geen"
		if len(o.Missing) > 0 {
			missing = strings.Join(o.Missing, ", ")
		}
		t.Rows = append(t.Rows, []dashCell{{Text: o.SchoolName}, status, {Text: age}, {Text: evaluated}, {Text: missing}})
	}
	switch {
	case overdue == 1:
		t.Summary += " Bij 1 school is de herziening te laat."
	case overdue > 1:
		t.Summary += " Bij " + strconv.Itoa(overdue) + " scholen is de herziening te laat."
	}
	return t, nil
}
