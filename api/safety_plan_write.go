package api

import (
	"net/http"

	"github.com/vios-platform/vios"
)

// Starting a safety plan (from a template or a plan another school shared)
// and the comments of those helping write it.

type planCommentJSON struct {
	ID          string  `json:"id"`
	Onderdeel   *string `json:"onderdeel"`
	Auteur      string  `json:"auteur"`
	Tekst       string  `json:"tekst"`
	GeplaatstOp isoTime `json:"geplaatstOp"`
}

type planCommentsJSON struct {
	Items []planCommentJSON `json:"items"`
}

const planInvalid = "Het veiligheidsplan is niet volledig of niet juist."

// createSafetyPlan: POST /api/v1/veiligheidsplannen — a school account
// starts its school's plan from a template (sjabloon) or from a plan shared
// with it (kopieVan).
func (h *Handler) createSafetyPlan(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	school := false
	for _, m := range actor.Municipalities() {
		school = school || actor.HasRole(vios.RoleSchool, m)
	}
	if !school {
		h.writeError(w, r, vios.Authorize(actor, vios.ActionEditSafetyPlan, vios.Resource{}))
		return
	}
	p := &vios.SafetyPlan{}
	var template, copyOf string
	if !h.decode(w, r, planInvalid, func(b *body) error {
		var slug string
		b.require("gemeente", "school", "titel", "herzienOp")
		b.str("gemeente", &slug)
		b.id("school", &p.OwnerOrgID)
		b.str("titel", &p.Title)
		b.date("herzienOp", &p.ReviewOn)
		b.strList("scholen", &p.Schools)
		b.str("sjabloon", &template)
		b.id("kopieVan", &copyOf)
		if template == "" && copyOf == "" {
			b.fail("sjabloon", "Kies een sjabloon of een gedeeld plan om mee te beginnen.")
		}
		if template != "" && copyOf != "" {
			b.fail("kopieVan", "Kies een sjabloon of een gedeeld plan, niet allebei.")
		}
		var err error
		p.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, p.Validate) {
		return
	}
	err := h.SafetyPlans.CreateSafetyPlan(r.Context(), p, template, copyOf)
	h.safetyPlans().done(w, r, actor, p.MunicipalityID, p.ID, err, http.StatusCreated)
}

// safetyPlanComments: GET /api/v1/veiligheidsplannen/{id}/opmerkingen — for
// who reads the plan, as on its page.
func (h *Handler) safetyPlanComments(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !h.queryOK(w, r, &vios.Validation{}) {
		return
	}
	p, err := h.safetyPlans().look(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	list, err := h.SafetyPlans.PlanComments(r.Context(), p.MunicipalityID, p.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := planCommentsJSON{Items: []planCommentJSON{}}
	for _, c := range list {
		out.Items = append(out.Items, toPlanCommentJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func toPlanCommentJSON(c vios.PlanComment) planCommentJSON {
	return planCommentJSON{ID: c.ID, Onderdeel: strPtr(c.SectionID), Auteur: c.AuthorName, Tekst: c.Text, GeplaatstOp: isoTime(c.CreatedAt)}
}

// addSafetyPlanComment: POST /api/v1/veiligheidsplannen/{id}/opmerkingen —
// a remark on the plan or one of its sections (onderdeel).
func (h *Handler) addSafetyPlanComment(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	// Who may not comment is refused before the body is read.
	p, err := h.safetyPlans().look(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := vios.Authorize(actor, vios.ActionCommentSafetyPlan, p.Resource(nil)); err != nil {
		h.writeError(w, r, err)
		return
	}
	c := &vios.PlanComment{}
	if !h.decode(w, r, "De opmerking is niet geplaatst.", func(b *body) error {
		b.require("tekst")
		b.str("tekst", &c.Text)
		b.id("onderdeel", &c.SectionID)
		return nil
	}, func() error { return nil }) {
		return
	}
	if err := h.SafetyPlans.AddPlanComment(r.Context(), p.MunicipalityID, p.ID, c); err != nil {
		h.writeError(w, r, renameFields(err, map[string]string{"opmerking": "tekst"}))
		return
	}
	c.AuthorName = actor.User.Name
	w.Header().Set("Location", safetyPlanPath(p.ID)+"/opmerkingen")
	writeJSON(w, http.StatusCreated, toPlanCommentJSON(*c))
}
