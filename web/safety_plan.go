package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// School safety plans (veiligheidsplannen): the municipality's overview,
// starting a plan from a template or a shared plan, writing sections,
// comments, approval, versions and their differences, and the print view.

func (h *Handler) safetyPlanRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/veiligheidsplannen/{gemeente}", Handler: h.listSafetyPlans},
		{Method: "GET", Pattern: "/veiligheidsplannen/{gemeente}/nieuw", Handler: h.newSafetyPlanForm},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/nieuw", Handler: h.createSafetyPlan},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/vaststellers", Handler: h.setPlanApprover},
		{Method: "GET", Pattern: "/veiligheidsplannen/{gemeente}/{id}", Handler: h.showSafetyPlan},
		{Method: "GET", Pattern: "/veiligheidsplannen/{gemeente}/{id}/versies", Handler: h.safetyPlanVersions},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/onderdelen/{onderdeel}", Handler: h.saveSafetyPlanSection},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/onderdelen/{onderdeel}/partner", Handler: h.assignSafetyPlanSection},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/opmerkingen", Handler: h.commentSafetyPlan},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/vaststellen", Handler: h.approveSafetyPlan},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/herzien", Handler: h.reviseSafetyPlan},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/delen", Handler: h.shareSafetyPlan},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/helpers", Handler: h.setSafetyPlanHelper},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/maatregelen", Handler: h.addSafetyPlanMeasure},
		{Method: "POST", Pattern: "/veiligheidsplannen/{gemeente}/{id}/herzieningsdata", Handler: h.setSafetyPlanReviewDates},
	}
}

// safetyPlanIn loads the plan in the path; the store checks the actor may read it.
func (h *Handler) safetyPlanIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.SafetyPlan, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	p, err := h.SafetyPlans.FindSafetyPlan(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, false
	}
	return m, p, true
}

// planOverviewPage is the list of plans with, for the regisseur and the
// coordinator, every school's status.
type planOverviewPage struct {
	Municipality *vios.Municipality
	Plans        []*vios.SafetyPlan
	Overview     []vios.PlanOverviewRow
	MayOverview  bool
	MayStart     bool
	// Approvers: the beheerder marks school accounts that may approve.
	MayApprovers bool
	Schools      []*vios.Organisation
	SchoolUsers  []*vios.User
	Notice       string
}

func (h *Handler) listSafetyPlans(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	if len(actorRolesIn(actor, m.ID)) == 0 || actor.HasRole(vios.RoleLandelijk, m.ID) && len(actorRolesIn(actor, m.ID)) == 1 {
		h.authorize(w, r, vios.ActionViewPlanOverview, vios.Resource{MunicipalityID: m.ID})
		return
	}
	data := planOverviewPage{Municipality: m, MayStart: actor.HasRole(vios.RoleSchool, m.ID),
		MayOverview:  vios.Authorize(actor, vios.ActionViewPlanOverview, vios.Resource{MunicipalityID: m.ID}) == nil,
		MayApprovers: vios.Authorize(actor, vios.ActionSetPlanApprovers, vios.Resource{MunicipalityID: m.ID}) == nil,
		Notice:       safetyPlanNotices[r.URL.Query().Get("melding")]}
	var err error
	if data.Plans, err = h.SafetyPlans.ListSafetyPlans(r.Context(), m.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	if data.MayOverview {
		if data.Overview, err = h.planOverview(r, m.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	if data.MayApprovers {
		if data.Schools, err = h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool}); err != nil {
			h.renderError(w, r, err)
			return
		}
		users, err := h.Identity.ListUsers(r.Context(), m.ID)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, u := range users {
			for _, ms := range u.Memberships {
				if ms.Role == vios.RoleSchool && ms.MunicipalityID == m.ID {
					data.SchoolUsers = append(data.SchoolUsers, u)
					break
				}
			}
		}
	}
	h.render(w, r, http.StatusOK, "veiligheidsplannen", page{Title: "Veiligheidsplannen", Current: "netwerken", Data: data})
}

var safetyPlanNotices = map[string]string{
	"vaststeller":     "Opgeslagen: wie het plan van de school mag vaststellen.",
	"opgeslagen":      "Het onderdeel is opgeslagen als nieuwe versie.",
	"opmerking":       "Uw opmerking is geplaatst.",
	"vastgesteld":     "Het plan is vastgesteld. Deze versie kan niet meer worden gewijzigd.",
	"herzien":         "Er is een nieuw concept gemaakt op basis van de vastgestelde versie.",
	"gedeeld":         "Het delen van het plan is opgeslagen.",
	"helper":          "Opgeslagen wie meeschrijft aan het plan.",
	"aangemaakt":      "Het veiligheidsplan is aangemaakt. Pas de onderdelen aan uw school aan.",
	"toegewezen":      "Opgeslagen wie dit onderdeel schrijft.",
	"maatregel":       "De maatregel is toegevoegd als actiepunt van het kernteam.",
	"herzieningsdata": "De herzieningsdata zijn opgeslagen.",
}

func (h *Handler) setPlanApprover(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSetPlanApprovers)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if err := h.SafetyPlans.SetPlanApprover(r.Context(), m.ID, formValue(r, "school"), formValue(r, "gebruiker"), formValue(r, "mag") != "nee"); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/veiligheidsplannen/"+m.Slug+"?melding=vaststeller", http.StatusSeeOther)
}

// safetyPlanForm is the form for a new plan.
type safetyPlanForm struct {
	Municipality *vios.Municipality
	Schools      []*vios.Organisation
	Templates    []vios.PlanTemplate
	Shared       []vios.SharedPlan
	Title        string
	Start        string // a template code or "kopie:<id>"
	ReviewOn     string
	formOutcome
}

func (h *Handler) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, f safetyPlanForm) {
	actor := vios.ActorFromContext(r.Context())
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: f.Municipality.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, o := range orgs {
		for _, ms := range actor.User.Memberships {
			if ms.MunicipalityID == f.Municipality.ID && ms.OrganisationID == o.ID && ms.Role == vios.RoleSchool {
				f.Schools = append(f.Schools, o)
				break
			}
		}
	}
	if f.Shared, err = h.SafetyPlans.SharedPlans(r.Context(), f.Municipality.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	if f.Templates, err = h.SafetyPlans.PlanTemplates(r.Context(), f.Municipality.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	h.render(w, r, status, "veiligheidsplan-form", page{Title: "Nieuw veiligheidsplan", Current: "netwerken", Data: f})
}

func (h *Handler) newSafetyPlanForm(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	if !actor.HasRole(vios.RoleSchool, m.ID) {
		h.authorize(w, r, vios.ActionEditSafetyPlan, vios.Resource{MunicipalityID: m.ID})
		return
	}
	start := r.URL.Query().Get("start")
	if start == "" {
		start = vios.PlanTemplates[0].Code
	}
	h.renderPlanForm(w, r, http.StatusOK, safetyPlanForm{Municipality: m, Title: "Veiligheidsplan", Start: start,
		ReviewOn: h.today().AddDate(1, 0, 0).Format("2006-01-02")})
}

var safetyPlanAnchors = map[string]string{"titel": "plan-titel", "school": "plan-school", "herzienOp": "plan-herzien", "sjabloon": "plan-start", "kopie": "plan-start"}

func (h *Handler) createSafetyPlan(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if !actor.HasRole(vios.RoleSchool, m.ID) {
		h.authorize(w, r, vios.ActionEditSafetyPlan, vios.Resource{MunicipalityID: m.ID})
		return
	}
	var v vios.Validation
	f := safetyPlanForm{Municipality: m, Title: formValue(r, "titel"), Start: formValue(r, "start"), ReviewOn: formValue(r, "herzienOp")}
	p := &vios.SafetyPlan{MunicipalityID: m.ID, OwnerOrgID: formValue(r, "school"), Title: f.Title, ReviewOn: dateField(r, "herzienOp", &v)}
	p.Schools = append([]string{p.OwnerOrgID}, r.PostForm["scholen"]...)
	template, copyOf := f.Start, ""
	if len(template) > 6 && template[:6] == "kopie:" {
		template, copyOf = "", template[6:]
	}
	err := v.Err("Het veiligheidsplan is niet volledig of niet juist.")
	if err == nil {
		err = h.SafetyPlans.CreateSafetyPlan(r.Context(), p, template, copyOf)
	}
	if err != nil {
		f.formOutcome = formFailure(err, safetyPlanAnchors)
		h.formFailed(w, r, err, func(status int) { h.renderPlanForm(w, r, status, f) })
		return
	}
	http.Redirect(w, r, "/veiligheidsplannen/"+m.Slug+"/"+p.ID+"?melding=aangemaakt", http.StatusSeeOther)
}

// safetyPlanPage is the data of a plan's page.
type safetyPlanPage struct {
	Municipality *vios.Municipality
	Plan         *vios.SafetyPlan
	Sections     []planSectionView
	Comments     []vios.PlanComment
	MayEdit      bool
	MayComment   bool
	MayApprove   bool
	Overdue      bool
	Helpers      []*vios.User
	Partners     []*vios.Organisation
	Measures     *vios.PlanMeasures
	Today        time.Time
	Notice       string
	// Protocols are the school's incident protocols with their evaluations.
	Protocols []*vios.IncidentProtocol
	formOutcome
}

type planSectionView struct {
	vios.PlanSection
	HTML      any
	Questions []string
	MayEdit   bool
	Comments  []vios.PlanComment
	// PartnerName is the partner organisation that writes the section.
	PartnerName string
}

func (h *Handler) showSafetyPlan(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok {
		return
	}
	h.renderSafetyPlan(w, r, http.StatusOK, m, p, nil)
}

func (h *Handler) renderSafetyPlan(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, p *vios.SafetyPlan, failed error) {
	actor := vios.ActorFromContext(r.Context())
	data := safetyPlanPage{Municipality: m, Plan: p, Notice: safetyPlanNotices[r.URL.Query().Get("melding")], Overdue: p.Overdue(h.now()),
		MayEdit:    vios.Authorize(actor, vios.ActionEditSafetyPlan, p.Resource(nil)) == nil,
		MayComment: vios.Authorize(actor, vios.ActionCommentSafetyPlan, p.Resource(nil)) == nil,
		MayApprove: vios.Authorize(actor, vios.ActionApproveSafetyPlan, p.Resource(nil)) == nil}
	if failed != nil {
		data.formOutcome = formFailure(failed, measureAnchors)
	}
	var err error
	if data.Measures, err = h.SafetyPlans.PlanMeasures(r.Context(), m.ID, p.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	data.Today = h.today()
	if data.MayComment {
		if data.Comments, err = h.SafetyPlans.PlanComments(r.Context(), m.ID, p.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	partners, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgPartner})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if data.MayEdit {
		data.Partners = partners
	}
	if data.Protocols, err = h.schoolProtocols(r, m.ID, p.OwnerOrgID); err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, s := range p.Sections {
		view := planSectionView{PlanSection: s, HTML: markdown(s.Body), Questions: splitNonEmpty(s.Questions),
			MayEdit: p.Status == vios.PlanDraft && vios.Authorize(actor, vios.ActionEditPlanSection, p.Resource(&s)) == nil}
		for _, o := range partners {
			if o.ID == s.PartnerOrgID {
				view.PartnerName = o.Name
			}
		}
		for _, c := range data.Comments {
			if c.SectionID == s.ID {
				view.Comments = append(view.Comments, c)
			}
		}
		data.Sections = append(data.Sections, view)
	}
	if data.MayEdit {
		users, err := h.Identity.ListUsers(r.Context(), m.ID)
		if err == nil {
			for _, u := range users {
				if u.ID != actor.User.ID && (hasRoleIn(u, vios.RoleCoordinator, m.ID) || hasRoleIn(u, vios.RoleOTSV, m.ID)) {
					data.Helpers = append(data.Helpers, u)
				}
			}
		}
	}
	h.render(w, r, status, "veiligheidsplan", page{Title: p.Title, Current: "netwerken", Data: data})
}

func hasRoleIn(u *vios.User, role, municipalityID string) bool {
	for _, m := range u.Memberships {
		if m.Role == role && m.MunicipalityID == municipalityID {
			return true
		}
	}
	return false
}

// planChanged answers a change of the plan: back to its page with a
// notice, or the page with the problem.
func (h *Handler) planChanged(w http.ResponseWriter, r *http.Request, m *vios.Municipality, p *vios.SafetyPlan, err error, notice, anchor string) {
	if err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			h.formFailed(w, r, err, func(status int) { h.renderSafetyPlan(w, r, status, m, p, err) })
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/veiligheidsplannen/"+m.Slug+"/"+p.ID+"?melding="+notice+anchor, http.StatusSeeOther)
}

func (h *Handler) saveSafetyPlanSection(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	version, _ := strconv.Atoi(formValue(r, "versie"))
	id := r.PathValue("onderdeel")
	err := h.SafetyPlans.UpdatePlanSection(r.Context(), m.ID, p.ID, id, r.PostFormValue("tekst"), version)
	h.planChanged(w, r, m, p, err, "opgeslagen", "#onderdeel-"+id)
}

func (h *Handler) commentSafetyPlan(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	c := &vios.PlanComment{SectionID: formValue(r, "onderdeel"), Text: formValue(r, "opmerking")}
	err := h.SafetyPlans.AddPlanComment(r.Context(), m.ID, p.ID, c)
	h.planChanged(w, r, m, p, err, "opmerking", "#onderdeel-"+c.SectionID)
}

func (h *Handler) approveSafetyPlan(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	// The version the approver saw: a section saved since is not approved unread.
	seen, _ := strconv.Atoi(formValue(r, "versie"))
	h.planChanged(w, r, m, p, h.SafetyPlans.ApproveSafetyPlan(r.Context(), m.ID, p.ID, seen), "vastgesteld", "")
}

func (h *Handler) reviseSafetyPlan(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	h.planChanged(w, r, m, p, h.SafetyPlans.ReviseSafetyPlan(r.Context(), m.ID, p.ID), "herzien", "")
}

func (h *Handler) shareSafetyPlan(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	err := h.SafetyPlans.SharePlan(r.Context(), m.ID, p.ID, formValue(r, "delen"), formValue(r, "geenNamen") == "ja")
	h.planChanged(w, r, m, p, err, "gedeeld", "#delen")
}

func (h *Handler) setSafetyPlanHelper(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	err := h.SafetyPlans.SetPlanHelper(r.Context(), m.ID, p.ID, formValue(r, "gebruiker"), formValue(r, "helpt") != "nee")
	h.planChanged(w, r, m, p, err, "helper", "#meeschrijven")
}

func (h *Handler) assignSafetyPlanSection(w http.ResponseWriter, r *http.Request) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if !h.authorize(w, r, vios.ActionEditSafetyPlan, p.Resource(nil)) {
		return
	}
	partner, id := formValue(r, "partner"), r.PathValue("onderdeel")
	var err error
	switch partner {
	case "":
		err = vios.Invalid("partner", "Kies een partner, of de school zelf.", "Het onderdeel is niet toegewezen.")
	case "school":
		err = h.SafetyPlans.AssignPlanSection(r.Context(), m.ID, p.ID, id, "")
	default:
		err = h.SafetyPlans.AssignPlanSection(r.Context(), m.ID, p.ID, id, partner)
	}
	h.planChanged(w, r, m, p, err, "toegewezen", "#onderdeel-"+id)
}
