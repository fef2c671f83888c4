package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// The versions of a safety plan with the differences between two of them.

type planVersionsPage struct {
	Municipality *vios.Municipality
	Plan         *vios.SafetyPlan
	Versions     []vios.PlanVersion
	From, To     int
	Diff         []vios.SectionDiff
}

func (h *Handler) safetyPlanVersions(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok {
		return
	}
	versions, err := h.SafetyPlans.PlanVersions(r.Context(), m.ID, p.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := planVersionsPage{Municipality: m, Plan: p, Versions: versions}
	// By default: the newest version against the last approved one, or
	// against the first (what the plan started from).
	data.To, _ = strconv.Atoi(r.URL.Query().Get("tot"))
	data.From, _ = strconv.Atoi(r.URL.Query().Get("van"))
	if data.To == 0 && len(versions) > 0 {
		data.To = versions[0].Version
	}
	if data.From == 0 {
		data.From = p.ApprovedVersion
		if data.From == 0 || data.From >= data.To {
			data.From = 1
		}
	}
	var from, to *vios.PlanVersion
	for i := range versions {
		switch versions[i].Version {
		case data.From:
			from = &versions[i]
		case data.To:
			to = &versions[i]
		}
	}
	if to != nil {
		if from == nil {
			from = &vios.PlanVersion{}
		}
		data.Diff = vios.DiffVersions(from, to)
	}
	h.render(w, r, http.StatusOK, "veiligheidsplan-versies", page{Title: "Versies van " + p.Title, Current: "netwerken", Data: data})
}

// splitNonEmpty returns the non-empty lines of s.
func splitNonEmpty(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
