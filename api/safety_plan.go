package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// School safety plans for integrations with a personal token: the plans
// the token's user may read, one plan with its sections, its versions with
// the differences between two of them, a section's new text, and approval.
// A plan the user may not read is answered as one that does not exist.

func (h *Handler) safetyPlanRoutes() []httpx.Route {
	with := h.withService(h.SafetyPlans != nil, "safety plan")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/veiligheidsplannen", Handler: with("lezen", h.listSafetyPlans)},
		{Method: "POST", Pattern: Prefix + "/veiligheidsplannen", Handler: with("schrijven", h.createSafetyPlan)},
		{Method: "GET", Pattern: Prefix + "/veiligheidsplannen/{id}/opmerkingen", Handler: with("lezen", h.safetyPlanComments)},
		{Method: "POST", Pattern: Prefix + "/veiligheidsplannen/{id}/opmerkingen", Handler: with("schrijven", h.addSafetyPlanComment)},
		{Method: "GET", Pattern: Prefix + "/veiligheidsplannen/{id}", Handler: with("lezen", h.getSafetyPlan)},
		{Method: "GET", Pattern: Prefix + "/veiligheidsplannen/{id}/versies", Handler: with("lezen", h.safetyPlanVersions)},
		{Method: "PUT", Pattern: Prefix + "/veiligheidsplannen/{id}/onderdelen/{onderdeelId}", Handler: with("schrijven", h.updateSafetyPlanSection)},
		{Method: "POST", Pattern: Prefix + "/veiligheidsplannen/{id}/_vaststellen", Handler: with("schrijven", h.approveSafetyPlan)},
	}
}

type safetyPlanJSON struct {
	ID                 string    `json:"id"`
	Gemeente           string    `json:"gemeente"`
	Titel              string    `json:"titel"`
	School             string    `json:"school"`
	SchoolNaam         string    `json:"schoolNaam"`
	Scholen            []string  `json:"scholen"`
	Status             string    `json:"status"`
	Versie             int       `json:"versie"`
	VastgesteldeVersie int       `json:"vastgesteldeVersie"`
	VastgesteldOp      *isoTime  `json:"vastgesteldOp"`
	HerzienOp          string    `json:"herzienOp"`
	HerzieningTeLaat   bool      `json:"herzieningTeLaat"`
	GebaseerdOp        string    `json:"gebaseerdOp"`
	Links              planLinks `json:"_links"`
}

type planLinks struct {
	Self    linkJSON `json:"self"`
	Versies linkJSON `json:"versies"`
}

type safetyPlanDetailJSON struct {
	safetyPlanJSON
	Onderdelen []planSectionJSON `json:"onderdelen"`
}

type planSectionJSON struct {
	ID         string  `json:"id"`
	Titel      string  `json:"titel"`
	Hulpvragen string  `json:"hulpvragen"`
	Tekst      string  `json:"tekst"`
	Partner    *string `json:"partner"`
}

type planVersionsJSON struct {
	Versies     []planVersionJSON `json:"versies"`
	Van         int               `json:"van"`
	Tot         int               `json:"tot"`
	Verschillen []planDiffJSON    `json:"verschillen"`
}

type planVersionJSON struct {
	Versie      int     `json:"versie"`
	Wijziging   string  `json:"wijziging"`
	Vastgesteld bool    `json:"vastgesteld"`
	GewijzigdOp isoTime `json:"gewijzigdOp"`
}

type planDiffJSON struct {
	Onderdeel string         `json:"onderdeel"`
	Regels    []diffLineJSON `json:"regels"`
}

type diffLineJSON struct {
	Soort string `json:"soort"` // gelijk, weg, erbij
	Tekst string `json:"tekst"`
}

func safetyPlanPath(id string) string { return Prefix + "/veiligheidsplannen/" + id }

func (h *Handler) toSafetyPlanJSON(p *vios.SafetyPlan, munis map[string]*vios.Municipality) safetyPlanJSON {
	out := safetyPlanJSON{ID: p.ID, Titel: p.Title, School: p.OwnerOrgID, SchoolNaam: p.OwnerName, Scholen: append([]string{}, p.Schools...),
		Status: p.Status, Versie: p.Version, VastgesteldeVersie: p.ApprovedVersion, HerzienOp: dateString(p.ReviewOn),
		HerzieningTeLaat: p.Overdue(h.Now()), GebaseerdOp: p.BasedOn,
		Links: planLinks{Self: linkJSON{safetyPlanPath(p.ID)}, Versies: linkJSON{safetyPlanPath(p.ID) + "/versies"}}}
	if p.ApprovedAt != nil {
		at := isoTime(*p.ApprovedAt)
		out.VastgesteldOp = &at
	}
	if m := munis[p.MunicipalityID]; m != nil {
		out.Gemeente = m.Slug
	}
	return out
}

const safetyPlanNotFound = "Dit veiligheidsplan bestaat niet."

func (h *Handler) safetyPlans() resource[*vios.SafetyPlan] {
	return resource[*vios.SafetyPlan]{h: h, kind: vios.RecordSafetyPlan, notFound: safetyPlanNotFound,
		find: h.SafetyPlans.FindSafetyPlan,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*vios.SafetyPlan, error) {
			p, err := findRecord(ctx, h, actor, vios.RecordSafetyPlan, id, safetyPlanNotFound, h.SafetyPlans.FindSafetyPlan)
			if vios.ErrorCode(err) == vios.EFORBIDDEN {
				return nil, vios.Errorf(vios.ENOTFOUND, safetyPlanNotFound)
			}
			return p, err
		},
		path: func(p *vios.SafetyPlan) string { return safetyPlanPath(p.ID) },
		toJSON: func(p *vios.SafetyPlan, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			out := safetyPlanDetailJSON{safetyPlanJSON: h.toSafetyPlanJSON(p, munis), Onderdelen: []planSectionJSON{}}
			for _, s := range p.Sections {
				out.Onderdelen = append(out.Onderdelen, planSectionJSON{ID: s.ID, Titel: s.Title, Hulpvragen: s.Questions, Tekst: s.Body,
					Partner: strPtr(s.PartnerOrgID)})
			}
			return out
		}}
}

// listSafetyPlans: GET /api/v1/veiligheidsplannen — the plans the user may
// read, in every municipality where they hold a role.
func (h *Handler) listSafetyPlans(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	writeItems(h, w, r, actor.Municipalities(), func(m string, munis map[string]*vios.Municipality) ([]safetyPlanJSON, error) {
		list, err := h.SafetyPlans.ListSafetyPlans(r.Context(), m)
		items := []safetyPlanJSON{}
		for _, p := range list {
			items = append(items, h.toSafetyPlanJSON(p, munis))
		}
		return items, err
	}, func(a, b safetyPlanJSON) bool { return a.Gemeente < b.Gemeente })
}

// getSafetyPlan: GET /api/v1/veiligheidsplannen/{id}
func (h *Handler) getSafetyPlan(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.safetyPlans().get(w, r, actor)
}

// safetyPlanVersions: GET /api/v1/veiligheidsplannen/{id}/versies?van=&tot=
// — the versions, newest first, and the differences per section between
// two of them (by default the newest against the approved or the first).
func (h *Handler) safetyPlanVersions(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	var v vios.Validation
	from, to := 0, 0
	for key, dst := range map[string]*int{"van": &from, "tot": &to} {
		if s, ok := q[key]; ok {
			n, err := strconv.Atoi(s[0])
			v.Check(err == nil && n > 0, key, "Geef een versienummer.")
			*dst = n
		}
	}
	if !h.queryOK(w, r, &v, "van", "tot") {
		return
	}
	p, err := h.safetyPlans().look(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	versions, err := h.SafetyPlans.PlanVersions(r.Context(), p.MunicipalityID, p.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := planVersionsJSON{Versies: []planVersionJSON{}, Verschillen: []planDiffJSON{}, Van: from, Tot: to}
	if out.Tot == 0 {
		out.Tot = p.Version
	}
	if out.Van == 0 {
		out.Van = p.ApprovedVersion
		if out.Van == 0 || out.Van >= out.Tot {
			out.Van = 1
		}
	}
	var a, b *vios.PlanVersion
	for i := range versions {
		out.Versies = append(out.Versies, planVersionJSON{Versie: versions[i].Version, Wijziging: versions[i].Summary,
			Vastgesteld: versions[i].Approved, GewijzigdOp: isoTime(versions[i].ChangedAt)})
		switch versions[i].Version {
		case out.Van:
			a = &versions[i]
		case out.Tot:
			b = &versions[i]
		}
	}
	if b != nil {
		if a == nil {
			a = &vios.PlanVersion{}
		}
		kinds := map[string]string{"=": "gelijk", "-": "weg", "+": "erbij"}
		for _, d := range vios.DiffVersions(a, b) {
			if !d.Changed {
				continue
			}
			diff := planDiffJSON{Onderdeel: d.Title, Regels: []diffLineJSON{}}
			for _, l := range d.Lines {
				diff.Regels = append(diff.Regels, diffLineJSON{Soort: kinds[l.Op], Tekst: l.Text})
			}
			out.Verschillen = append(out.Verschillen, diff)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// updateSafetyPlanSection: PUT /api/v1/veiligheidsplannen/{id}/onderdelen/{onderdeelId}
// — the section's new text (Markdown), if the plan is still at versie.
func (h *Handler) updateSafetyPlanSection(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	// Who may not write the section is refused before the body is read.
	p, err := h.safetyPlans().look(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	s := p.Section(r.PathValue("onderdeelId"))
	if s == nil {
		h.writeError(w, r, vios.Errorf(vios.ENOTFOUND, "Dit onderdeel bestaat niet."))
		return
	}
	if err := vios.Authorize(actor, vios.ActionEditPlanSection, p.Resource(s)); err != nil {
		h.writeError(w, r, err)
		return
	}
	var text string
	var version int
	if !h.decode(w, r, "Het onderdeel is niet opgeslagen.", func(b *body) error {
		b.require("tekst", "versie")
		b.str("tekst", &text)
		b.integer("versie", &version)
		return nil
	}, func() error { return vios.ValidateSectionText(text) }) {
		return
	}
	err = h.SafetyPlans.UpdatePlanSection(r.Context(), p.MunicipalityID, p.ID, s.ID, text, version)
	h.safetyPlans().done(w, r, actor, p.MunicipalityID, p.ID, err, http.StatusOK)
}

// approveSafetyPlan: POST /api/v1/veiligheidsplannen/{id}/_vaststellen —
// by an account of the owning school marked as one that may approve, of
// the version it read (versie): 409 when the plan changed since.
func (h *Handler) approveSafetyPlan(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	// Who may not approve is refused before the body is read.
	p, err := h.safetyPlans().look(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := vios.Authorize(actor, vios.ActionApproveSafetyPlan, p.Resource(nil)); err != nil {
		h.writeError(w, r, err)
		return
	}
	var seen int
	if !h.decode(w, r, "Het plan is niet vastgesteld.", func(b *body) error {
		b.require("versie")
		if b.integer("versie", &seen) && seen < 1 {
			b.fail("versie", "Geef de versie van het plan die u hebt gelezen (1 of hoger).")
		}
		return nil
	}, nil) {
		return
	}
	err = h.SafetyPlans.ApproveSafetyPlan(r.Context(), p.MunicipalityID, p.ID, seen)
	h.safetyPlans().done(w, r, actor, p.MunicipalityID, p.ID, err, http.StatusOK)
}
