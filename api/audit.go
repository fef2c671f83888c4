package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Safety audits (audits) for integrations with a personal token: the
// audits the token's user may read, one audit with its findings, advice,
// follow-ups and the school's responses, starting one, recording findings
// and completing it. An audit the user may not read does not exist.

func (h *Handler) auditRoutes() []httpx.Route {
	with := h.withService(h.Audits != nil, "audit")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/audits", Handler: with("lezen", h.listAudits)},
		{Method: "POST", Pattern: Prefix + "/audits", Handler: with("schrijven", h.createAudit)},
		{Method: "GET", Pattern: Prefix + "/audits/{id}", Handler: with("lezen", h.getAudit)},
		{Method: "PUT", Pattern: Prefix + "/audits/{id}/bevindingen", Handler: with("schrijven", h.recordAuditFindings)},
		{Method: "POST", Pattern: Prefix + "/audits/{id}/_afronden", Handler: with("schrijven", h.completeAudit)},
	}
}

type auditJSON struct {
	ID         string        `json:"id"`
	Gemeente   string        `json:"gemeente"`
	School     string        `json:"school"`
	SchoolNaam string        `json:"schoolNaam"`
	Datum      string        `json:"datum"`
	Auditor    string        `json:"auditor"`
	Sjabloon   string        `json:"sjabloon"`
	Status     string        `json:"status"`
	Links      auditLinkJSON `json:"_links"`
}

type auditLinkJSON struct {
	Self linkJSON `json:"self"`
}

type auditDetailJSON struct {
	auditJSON
	SjabloonVersie int                 `json:"sjabloonVersie"`
	AfgerondOp     *isoTime            `json:"afgerondOp"`
	Advies         string              `json:"advies"`
	Punten         []auditItemJSON     `json:"punten"`
	Opvolging      []auditFollowUpJSON `json:"opvolging"`
	Reacties       []auditResponseJSON `json:"reacties"`
}

type auditItemJSON struct {
	Punt        string `json:"punt"`
	Onderdeel   string `json:"onderdeel"`
	Tekst       string `json:"tekst"`
	Bevinding   string `json:"bevinding"`
	Toelichting string `json:"toelichting"`
	Advies      string `json:"advies"`
}

type auditFollowUpJSON struct {
	Punt            string  `json:"punt"`
	Soort           string  `json:"soort"`
	Actiepunt       string  `json:"actiepunt"`
	Wat             string  `json:"wat"`
	Eigenaar        string  `json:"eigenaar"`
	Deadline        string  `json:"deadline"`
	Status          string  `json:"status"`
	Veiligheidsplan *string `json:"veiligheidsplan"`
}

type auditResponseJSON struct {
	Auteur      string  `json:"auteur"`
	Tekst       string  `json:"tekst"`
	GeplaatstOp isoTime `json:"geplaatstOp"`
}

func auditPath(id string) string { return Prefix + "/audits/" + id }

func toAuditJSON(a *vios.Audit, munis map[string]*vios.Municipality) auditJSON {
	out := auditJSON{ID: a.ID, School: a.SchoolID, SchoolNaam: a.SchoolName, Datum: dateString(a.AuditOn), Auditor: a.AuditorName,
		Sjabloon: a.TemplateName, Status: a.Status, Links: auditLinkJSON{Self: linkJSON{auditPath(a.ID)}}}
	if m := munis[a.MunicipalityID]; m != nil {
		out.Gemeente = m.Slug
	}
	return out
}

func toAuditDetailJSON(a *vios.Audit, munis map[string]*vios.Municipality) auditDetailJSON {
	out := auditDetailJSON{auditJSON: toAuditJSON(a, munis), SjabloonVersie: a.TemplateVersion, Advies: a.Advice,
		Punten: []auditItemJSON{}, Opvolging: []auditFollowUpJSON{}, Reacties: []auditResponseJSON{}}
	if a.CompletedAt != nil {
		at := isoTime(*a.CompletedAt)
		out.AfgerondOp = &at
	}
	for _, it := range a.Items {
		out.Punten = append(out.Punten, auditItemJSON{Punt: it.Key, Onderdeel: it.Section, Tekst: it.Text, Bevinding: it.Finding,
			Toelichting: it.Note, Advies: it.Advice})
	}
	for _, f := range a.FollowUps {
		out.Opvolging = append(out.Opvolging, auditFollowUpJSON{Punt: f.ItemKey, Soort: f.Kind, Actiepunt: f.Action.ID, Wat: f.Action.Title,
			Eigenaar: f.Action.OwnerName, Deadline: dateString(f.Action.DueOn), Status: f.Action.Status, Veiligheidsplan: strPtr(f.PlanID)})
	}
	for _, r := range a.Responses {
		out.Reacties = append(out.Reacties, auditResponseJSON{Auteur: r.AuthorName, Tekst: r.Text, GeplaatstOp: isoTime(r.CreatedAt)})
	}
	return out
}

const auditNotFound = "Deze veiligheidsaudit bestaat niet."

func (h *Handler) audits() resource[*vios.Audit] {
	return resource[*vios.Audit]{h: h, kind: vios.RecordAudit, notFound: auditNotFound, find: h.Audits.FindAudit,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*vios.Audit, error) {
			a, err := findRecord(ctx, h, actor, vios.RecordAudit, id, auditNotFound, h.Audits.FindAudit)
			if vios.ErrorCode(err) == vios.EFORBIDDEN {
				return nil, vios.Errorf(vios.ENOTFOUND, auditNotFound)
			}
			return a, err
		},
		path: func(a *vios.Audit) string { return auditPath(a.ID) },
		toJSON: func(a *vios.Audit, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return toAuditDetailJSON(a, munis)
		}}
}

// listAudits: GET /api/v1/audits — the audits the user may read, in every
// municipality where they hold a role.
func (h *Handler) listAudits(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	writeItems(h, w, r, actor.Municipalities(), func(m string, munis map[string]*vios.Municipality) ([]auditJSON, error) {
		list, err := h.Audits.ListAudits(r.Context(), m)
		items := []auditJSON{}
		for _, a := range list {
			items = append(items, toAuditJSON(a, munis))
		}
		return items, err
	}, func(a, b auditJSON) bool { return a.Gemeente < b.Gemeente })
}

// getAudit: GET /api/v1/audits/{id}
func (h *Handler) getAudit(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.audits().get(w, r, actor)
}

const auditInvalid = "De audit is niet aangemaakt."

// createAudit: POST /api/v1/audits — an auditor (OTSV, regisseur) starts an
// audit of a school of the municipality from a template (sjabloon:
// "standaard" or the id of an own template); the auditor is the token's user.
func (h *Handler) createAudit(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	auditor := false
	for _, m := range actor.Municipalities() {
		auditor = auditor || vios.Authorize(actor, vios.ActionEditAudit, vios.Resource{MunicipalityID: m}) == nil
	}
	if !auditor {
		h.writeError(w, r, vios.Authorize(actor, vios.ActionEditAudit, vios.Resource{}))
		return
	}
	a := &vios.Audit{}
	if !h.decode(w, r, auditInvalid, func(b *body) error {
		var slug string
		b.require("gemeente", "school", "sjabloon", "datum")
		b.str("gemeente", &slug)
		b.id("school", &a.SchoolID)
		b.str("sjabloon", &a.TemplateID)
		b.date("datum", &a.AuditOn)
		var err error
		a.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, a.ValidateNew) {
		return
	}
	err := h.Audits.CreateAudit(r.Context(), a)
	h.audits().done(w, r, actor, a.MunicipalityID, a.ID, err, http.StatusCreated)
}

// recordAuditFindings: PUT /api/v1/audits/{id}/bevindingen — findings per
// item (punt, bevinding, toelichting, advies) and the overall advice; an
// item outside the audit's template or an unknown finding saves nothing.
func (h *Handler) recordAuditFindings(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	// Who reads the audit but may not record (its school) is refused
	// before the body is read.
	a, err := h.audits().look(r.Context(), actor, r.PathValue("id"))
	if err == nil {
		err = vios.Authorize(actor, vios.ActionEditAudit, a.Resource())
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var findings []vios.AuditFinding
	var advice string
	h.audits().operate(w, r, actor, operation{invalid: "De bevindingen zijn niet opgeslagen.",
		read: func(b *body) error {
			b.require("bevindingen")
			list, _ := b.objects("bevindingen")
			for _, item := range list {
				var f vios.AuditFinding
				item.require("punt", "bevinding")
				item.str("punt", &f.Key)
				item.str("bevinding", &f.Finding)
				item.str("toelichting", &f.Note)
				item.str("advies", &f.Advice)
				findings = append(findings, f)
			}
			b.str("advies", &advice)
			return nil
		},
		change: func(ctx context.Context, m, id string) error {
			return h.Audits.RecordAuditFindings(ctx, m, id, findings, advice)
		}}, http.StatusOK)
}

// completeAudit: POST /api/v1/audits/{id}/_afronden — freezes the audit
// once every item has a finding; 409 when it was completed already.
func (h *Handler) completeAudit(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.audits().operate(w, r, actor, operation{invalid: "De audit is niet afgerond.", noBody: true,
		change: h.Audits.CompleteAudit}, http.StatusOK)
}
