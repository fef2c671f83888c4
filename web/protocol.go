package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Incident protocols: per school and phenomenon the steps to take, with the
// contacts of the sociale kaart filled in live; a one-page card to print or
// open on the phone in two taps from an alert or a signal ("Wat te doen
// bij …"); the evaluation after an incident. The store decides who may.

func (h *Handler) protocolRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/incidentprotocollen/{gemeente}", Handler: h.listProtocols},
		{Method: "POST", Pattern: "/incidentprotocollen/{gemeente}", Handler: h.createProtocol},
		{Method: "POST", Pattern: "/incidentprotocollen/{gemeente}/uit-convenant", Handler: h.protocolsFromCovenant},
		{Method: "GET", Pattern: "/incidentprotocollen/{gemeente}/wat-te-doen", Handler: h.whatToDo},
		{Method: "GET", Pattern: "/incidentprotocollen/{gemeente}/{id}", Handler: h.showProtocol},
		{Method: "POST", Pattern: "/incidentprotocollen/{gemeente}/{id}", Handler: h.saveProtocol},
		{Method: "GET", Pattern: "/incidentprotocollen/{gemeente}/{id}/kaart", Handler: h.protocolCard},
		{Method: "POST", Pattern: "/incidentprotocollen/{gemeente}/evaluaties/{id}", Handler: h.evaluateProtocol},
	}
}

// protocolListPage lists the protocols the actor may read.
type protocolListPage struct {
	Municipality *vios.Municipality
	Protocols    []*vios.IncidentProtocol
	Schools      []*vios.Organisation // the schools the actor writes protocols for
	Phenomena    []vios.Phenomenon
	MayDefaults  bool
	Notice       string
	formOutcome
}

func (h *Handler) listProtocols(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	h.renderProtocols(w, r, http.StatusOK, m, blankForm())
}

func (h *Handler) renderProtocols(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, f formOutcome) {
	actor := vios.ActorFromContext(r.Context())
	if !h.authorize(w, r, vios.ActionViewProtocol, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	list, err := h.Protocols.ListProtocols(r.Context(), m.ID, "")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	schools, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := protocolListPage{Municipality: m, Protocols: list, Phenomena: phenomena, formOutcome: f,
		MayDefaults: vios.Authorize(actor, vios.ActionEditProtocol, vios.Resource{MunicipalityID: m.ID}) == nil,
		Notice:      map[string]string{"uit-convenant": "De standaardprotocollen zijn gemaakt uit het handelingsprotocol van het convenant."}[r.URL.Query().Get("melding")]}
	for _, s := range schools {
		if vios.Authorize(actor, vios.ActionEditProtocol, vios.Resource{MunicipalityID: m.ID, SchoolID: s.ID}) == nil {
			p.Schools = append(p.Schools, s)
		}
	}
	h.render(w, r, status, "incidentprotocollen", page{Title: "Incidentprotocollen – " + m.Name, Current: "incidentprotocollen", Data: p})
}

// createProtocol starts a school's protocol from the municipality's
// default for the phenomenon, when there is one.
func (h *Handler) createProtocol(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := &vios.IncidentProtocol{MunicipalityID: m.ID, SchoolID: formValue(r, "school"), Phenomenon: formValue(r, "fenomeen")}
	if def, err := h.Protocols.ProtocolFor(r.Context(), m.ID, "", p.Phenomenon); err == nil && def.IsDefault() {
		for _, s := range def.Steps {
			p.Steps = append(p.Steps, vios.IncidentStep{Who: s.Who, Action: s.Action, Call: s.Call, ContactID: s.ContactID})
		}
	}
	if len(p.Steps) == 0 {
		p.Steps = []vios.IncidentStep{{Who: "Wie het ziet", Action: "Breng iedereen in veiligheid en waarschuw de schoolleiding.", Call: vios.Call112}}
	}
	if err := h.Protocols.SaveProtocol(r.Context(), p); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderProtocols(w, r, status, m, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/incidentprotocollen/"+m.Slug+"/"+p.ID+"?melding=aangemaakt", http.StatusSeeOther)
}

func (h *Handler) protocolsFromCovenant(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	if _, err := h.Protocols.DefaultsFromCovenant(r.Context(), m.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/incidentprotocollen/"+m.Slug+"?melding=uit-convenant", http.StatusSeeOther)
}

// whatToDo opens the card for a phenomenon: the school's protocol (the
// school asked for, or the actor's own), else the municipality's default.
func (h *Handler) whatToDo(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	if !h.authorize(w, r, vios.ActionViewProtocol, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	q := r.URL.Query()
	if q.Get("fenomeen") == "" {
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Kies het soort incident (fenomeen)."))
		return
	}
	school := q.Get("school")
	if school == "" {
		for _, ms := range actor.User.Memberships {
			if ms.MunicipalityID == m.ID && ms.Role == vios.RoleSchool && ms.OrganisationID != "" {
				school = ms.OrganisationID
				break
			}
		}
	}
	p, err := h.Protocols.ProtocolFor(r.Context(), m.ID, school, q.Get("fenomeen"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderCard(w, r, m, p)
}

// protocolPage shows one protocol, its form for who may edit, and its
// evaluations.
type protocolPage struct {
	Municipality *vios.Municipality
	Protocol     *vios.IncidentProtocol
	MayEdit      bool
	Rows         []vios.IncidentStep // the steps and empty rows to add
	Contacts     []*vios.DirectoryEntry
	Notice       string
	formOutcome
}

var protocolNotices = map[string]string{
	"aangemaakt":  "Het protocol is aangemaakt. Pas de stappen aan uw school aan.",
	"opgeslagen":  "Het protocol is opgeslagen.",
	"geevalueerd": "Dank u: de evaluatie is bij het protocol bewaard.",
}

func (h *Handler) showProtocol(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	h.renderProtocol(w, r, http.StatusOK, m, r.PathValue("id"), nil, blankForm())
}

func (h *Handler) renderProtocol(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, id string, typed []vios.IncidentStep, f formOutcome) {
	p, err := h.Protocols.FindProtocol(r.Context(), m.ID, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := protocolPage{Municipality: m, Protocol: p, formOutcome: f, Notice: protocolNotices[r.URL.Query().Get("melding")],
		MayEdit: vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionEditProtocol,
			vios.Resource{MunicipalityID: m.ID, SchoolID: p.SchoolID}) == nil}
	if data.MayEdit {
		data.Rows = typed
		if data.Rows == nil {
			data.Rows = append([]vios.IncidentStep{}, p.Steps...)
		}
		for len(data.Rows) < vios.MaxProtocolSteps && len(data.Rows) < len(p.Steps)+2 {
			data.Rows = append(data.Rows, vios.IncidentStep{})
		}
		if p.SchoolID != "" {
			if data.Contacts, err = h.Organisations.ListDirectory(r.Context(), vios.DirectoryFilter{MunicipalityID: m.ID, SchoolID: p.SchoolID}); err != nil {
				h.renderError(w, r, err)
				return
			}
		}
	}
	title := "Incidentprotocol " + p.PhenomenonName
	h.render(w, r, status, "incidentprotocol", page{Title: title, Current: "incidentprotocollen", Data: data})
}

// stepsFromForm reads the rows of the form; empty rows are left out.
func stepsFromForm(r *http.Request) []vios.IncidentStep {
	var steps []vios.IncidentStep
	for i := 0; i < vios.MaxProtocolSteps+2; i++ {
		n := strconv.Itoa(i)
		s := vios.IncidentStep{Who: formValue(r, "wie-"+n), Action: formValue(r, "wat-"+n), Call: formValue(r, "bel-"+n), ContactID: formValue(r, "contact-"+n)}
		if s.Who != "" || s.Action != "" || s.ContactID != "" {
			steps = append(steps, s)
		}
	}
	return steps
}

func (h *Handler) saveProtocol(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := &vios.IncidentProtocol{ID: r.PathValue("id"), MunicipalityID: m.ID, Phenomenon: "-", Steps: stepsFromForm(r)}
	if err := h.Protocols.SaveProtocol(r.Context(), p); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderProtocol(w, r, status, m, p.ID, p.Steps, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/incidentprotocollen/"+m.Slug+"/"+p.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

// cardPage is the one-page card.
type cardPage struct {
	Municipality *vios.Municipality
	Protocol     *vios.IncidentProtocol
}

func (h *Handler) protocolCard(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	p, err := h.Protocols.FindProtocol(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderCard(w, r, m, p)
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, m *vios.Municipality, p *vios.IncidentProtocol) {
	h.render(w, r, http.StatusOK, "incidentprotocol-kaart", page{Title: "Wat te doen bij " + p.PhenomenonName, Current: "incidentprotocollen",
		Data: cardPage{Municipality: m, Protocol: p}})
}

func (h *Handler) evaluateProtocol(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	e := &vios.ProtocolEvaluation{ID: r.PathValue("id"), Followed: formValue(r, "gevolgd"), WentWell: formValue(r, "goed"), ToChange: formValue(r, "anders")}
	protocolID := formValue(r, "protocol")
	if err := h.Protocols.Evaluate(r.Context(), m.ID, e); err != nil {
		if vios.ValidID(protocolID) {
			h.formFailed(w, r, err, func(status int) { h.renderProtocol(w, r, status, m, protocolID, nil, formFailure(err, nil)) })
		} else {
			h.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/incidentprotocollen/"+m.Slug+"/"+url.PathEscape(e.ProtocolID)+"?melding=geevalueerd", http.StatusSeeOther)
}

func init() {
	funcs["inc"] = func(i int) int { return i + 1 }
	funcs["callTargets"] = func() []vios.Label { return vios.CallTargets }
	funcs["callTargetLabel"] = vios.CallTargetLabel
	funcs["telLink"] = telLink
	funcs["followedLabel"] = vios.ProtocolFollowedLabel
	funcs["followedOptions"] = func() []vios.Label { return vios.ProtocolFollowed }
	funcs["dutchDatePtr"] = func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return vios.DutchDate(*t)
	}
}
