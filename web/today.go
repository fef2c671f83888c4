package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The start page ("Vandaag"), where every login lands: per municipality
// what the user can act on, and for a role with no casework its own
// starting points. It names no pupil, so it reads no pupil data.

func (h *Handler) todayRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/vandaag", Handler: h.showToday},
	}
}

// todayPage is the data of /vandaag.
type todayPage struct {
	Name string
	// ReportHref is where the "Signaal melden" button leads, "" for who
	// has no network to report in.
	ReportHref string
	Sections   []todaySection
	// National: the actor holds the national role (no municipality).
	National bool
	Now      time.Time
	Today    time.Time
	// Signatures are the covenant signatures of the actor's
	// organisations that wait for their confirmation.
	Signatures []vios.SignatureRequest
}

// todaySection is one municipality on the start page.
type todaySection struct {
	Municipality *vios.Municipality
	// Work is nil for who has no place in its networks.
	Work *vios.Today
	// Start are the role's own starting points (Code = href).
	Start []vios.Label
	// Evaluations are the incident protocols the actor's school is asked
	// to evaluate after an incident.
	Evaluations []vios.ProtocolEvaluation
	// GettingStarted: the actor manages a municipality that has no
	// organisations yet (just onboarded): the first steps come first.
	GettingStarted bool
}

func (h *Handler) showToday(w http.ResponseWriter, r *http.Request) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	data := todayPage{Name: actor.User.Name, Now: h.now(), Today: h.today()}
	signatures, err := h.Covenants.ListSignatureRequests(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data.Signatures = signatures
	var casework []*vios.Municipality
	for _, m := range all {
		if !slices.Contains(actor.Municipalities(), m.ID) {
			continue
		}
		s := todaySection{Municipality: m, Start: h.startLinks(actor, m)}
		if vios.Authorize(actor, vios.ActionManageUsers, vios.Resource{MunicipalityID: m.ID}) == nil {
			orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			s.GettingStarted = len(orgs) == 0
		}
		if actor.HasRole(vios.RoleSchool, m.ID) {
			var err error
			if s.Evaluations, err = h.Protocols.OpenEvaluations(r.Context(), m.ID); err != nil {
				h.renderError(w, r, err)
				return
			}
		}
		if h.mayWorkOnCases(r, actor, m.ID) {
			casework = append(casework, m)
			work, err := h.Today.Today(r.Context(), m.ID)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			s.Work = work
		}
		data.Sections = append(data.Sections, s)
	}
	if len(casework) > 0 {
		data.ReportHref = h.reportHref(casework)
	}
	for _, m := range actor.User.Memberships {
		data.National = data.National || m.Role == vios.RoleLandelijk
	}
	h.render(w, r, http.StatusOK, "vandaag", page{Title: "Vandaag", Current: "vandaag", Data: data})
}

// startLinks are the starting points of the actor's roles in the
// municipality that have no casework: the privacy officer's requests and
// logbook, the administrator's users, the help desk's approach and
// covenants, everyone's directory and work agenda. Each only when the actor may open it.
func (h *Handler) startLinks(actor *vios.Actor, m *vios.Municipality) []vios.Label {
	links := h.adminLinks(actor, m)
	res := vios.Resource{MunicipalityID: m.ID}
	if vios.Authorize(actor, vios.ActionViewProcessingLog, res) == nil {
		links = append(links, vios.Label{Code: "/register/" + m.Slug, Label: "Register van verwerkingsactiviteiten"})
	}
	if actor.HasRole(vios.RoleOTSV, m.ID) || actor.HasRole(vios.RoleBeheerder, m.ID) {
		links = append(links, vios.Label{Code: "/aanpakken/" + m.Slug, Label: "De aanpak van " + m.Name})
	}
	if actor.HasRole(vios.RoleOTSV, m.ID) {
		if vios.Authorize(actor, vios.ActionViewCovenant, res) == nil {
			links = append(links, vios.Label{Code: "/convenanten/" + m.Slug, Label: "Convenanten en naleving"})
		}
	}
	if vios.Authorize(actor, vios.ActionViewDirectory, res) == nil {
		links = append(links, vios.Label{Code: "/sociale-kaart/" + m.Slug, Label: "Sociale kaart: wie doet wat"},
			vios.Label{Code: "/werkagenda/" + m.Slug, Label: "Werkagenda van dit jaar"})
	}
	if vios.Authorize(actor, vios.ActionViewProtocol, res) == nil {
		links = append(links, vios.Label{Code: "/incidentprotocollen/" + m.Slug, Label: "Incidentprotocollen: wat te doen bij een incident"})
	}
	if actor.HasRole(vios.RoleSchool, m.ID) || vios.Authorize(actor, vios.ActionViewChecklist, res) == nil {
		links = append(links, vios.Label{Code: "/wettelijke-eisen/" + m.Slug, Label: "Wettelijke eisen (Wet veiligheid op school)"})
	}
	if vios.Authorize(actor, vios.ActionDecideTrend, res) == nil {
		links = append(links, vios.Label{Code: "/trends/" + m.Slug, Label: "Trends over scholen heen"})
	}
	return append(links, supportLinks(actor, m)...)
}

// supportLinks are the help desk, the custom-support requests and the
// newsletters for who asks or reads there; who runs or decides them finds
// them in the menu or under Beheer (adminLinks).
func supportLinks(actor *vios.Actor, m *vios.Municipality) []vios.Label {
	var links []vios.Label
	res := vios.Resource{MunicipalityID: m.ID}
	if actor.HasRole(vios.RoleSchool, m.ID) || actor.HasRole(vios.RolePartner, m.ID) {
		links = append(links, vios.Label{Code: "/hulploket/" + m.Slug, Label: "Hulploket: een vraag stellen"})
	}
	custom := vios.Resource{MunicipalityID: m.ID, SchoolID: actor.SchoolIn(m.ID)}
	if vios.Authorize(actor, vios.ActionViewCustom, custom) == nil && vios.Authorize(actor, vios.ActionDecideCustom, res) != nil {
		links = append(links, vios.Label{Code: "/maatwerk/" + m.Slug, Label: "Maatwerk en subsidie aanvragen"})
	}
	if vios.Authorize(actor, vios.ActionReadNewsletters, res) == nil && vios.Authorize(actor, vios.ActionEditNewsletter, res) != nil {
		links = append(links, vios.Label{Code: "/nieuwsbrieven/" + m.Slug, Label: "Nieuwsbrieven van de gemeente"})
	}
	return links
}
