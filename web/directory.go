package web

import (
	"html/template"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The sociale kaart: per school and neighbourhood, who to contact at which
// organisation for what, and how. It is built on the contact persons the
// beheerder and regisseur keep per organisation (approach_admin.go).

func (h *Handler) directoryRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/sociale-kaart/{gemeente}", Handler: h.showDirectory},
	}
}

// directoryPage is the data of the sociale kaart.
type directoryPage struct {
	Municipality   *vios.Municipality
	Schools        []*vios.Organisation
	Neighbourhoods []string
	School         *vios.Organisation // the school chosen, or nil
	Neighbourhood  string             // the neighbourhood chosen, or ""
	Notice         string
	Groups         []directoryGroup
	Count          int
	MayEdit        bool // the actor keeps the contact persons
}

// directoryGroup is the contact persons of one organisation.
type directoryGroup struct {
	Organisation vios.Organisation
	Kind         string // the kind of organisation, as a user reads it
	Rows         []directoryRow
}

// directoryRow is one contact person with why the page shows them.
type directoryRow struct {
	*vios.DirectoryEntry
	Reason string
	Tel    template.URL // a tel: link, or ""
}

func (h *Handler) showDirectory(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewDirectory)
	if !ok {
		return
	}
	actor := vios.ActorFromContext(r.Context())
	schools, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	neighbourhoods, err := h.Organisations.DirectoryNeighbourhoods(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := directoryPage{Municipality: m, Schools: schools, Neighbourhoods: neighbourhoods,
		MayEdit: vios.Authorize(actor, vios.ActionEditApproach, vios.Resource{MunicipalityID: m.ID}) == nil}

	// The filter is a school or a neighbourhood; neither is personal data,
	// so it may sit in the address. Someone of a school who opens the page
	// without choosing sees their own school first.
	q := r.URL.Query()
	f := vios.DirectoryFilter{MunicipalityID: m.ID, SchoolID: strings.TrimSpace(q.Get("school")), Neighbourhood: strings.TrimSpace(q.Get("wijk"))}
	if !q.Has("school") && !q.Has("wijk") {
		f.SchoolID = ownSchool(actor, m.ID, schools)
	}
	if utf8.RuneCountInString(f.Neighbourhood) > 100 {
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Kies een wijk uit de lijst."))
		return
	}
	if f.SchoolID != "" {
		for _, s := range schools {
			if s.ID == f.SchoolID {
				data.School = s
			}
		}
		if data.School == nil {
			h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente."))
			return
		}
		if f.Neighbourhood != "" && !strings.EqualFold(f.Neighbourhood, data.School.Neighbourhood) {
			data.Notice = "U koos een school én een wijk. De kaart toont wat voor de school geldt"
			if data.School.Neighbourhood != "" {
				data.Notice += ", met de wijk van de school (" + data.School.Neighbourhood + ")"
			}
			data.Notice += "."
		}
		f.Neighbourhood = "" // the school's own neighbourhood counts
	}
	data.Neighbourhood = f.Neighbourhood

	entries, err := h.Organisations.ListDirectory(r.Context(), f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data.Count = len(entries)
	for _, e := range entries {
		if n := len(data.Groups); n == 0 || data.Groups[n-1].Organisation.ID != e.Organisation.ID {
			data.Groups = append(data.Groups, directoryGroup{Organisation: e.Organisation, Kind: organisationKind(&e.Organisation)})
		}
		g := &data.Groups[len(data.Groups)-1]
		g.Rows = append(g.Rows, directoryRow{DirectoryEntry: e, Reason: directoryReason(e, data.School, data.Neighbourhood), Tel: telLink(e.Phone)})
	}
	h.render(w, r, http.StatusOK, "sociale-kaart", page{Title: "Sociale kaart – " + m.Name, Current: "sociale-kaart", Data: data})
}

// ownSchool returns the school the actor works at in the municipality, or "".
func ownSchool(a *vios.Actor, municipalityID string, schools []*vios.Organisation) string {
	for _, ms := range a.User.Memberships {
		if ms.MunicipalityID != municipalityID || ms.OrganisationID == "" {
			continue
		}
		for _, s := range schools {
			if s.ID == ms.OrganisationID {
				return s.ID
			}
		}
	}
	return ""
}

// directoryReason says why the page shows the entry: for the school chosen,
// for a school (in the neighbourhood chosen), for a neighbourhood, or for
// the whole municipality.
func directoryReason(e *vios.DirectoryEntry, school *vios.Organisation, neighbourhood string) string {
	switch {
	case e.ForSchoolID != "" && school != nil && e.ForSchoolID == school.ID:
		return "voor deze school"
	case e.ForSchoolID != "" && neighbourhood != "":
		return "voor " + e.ForSchoolName + ", een school in deze wijk"
	case e.ForSchoolID != "":
		return "voor " + e.ForSchoolName
	case e.Neighbourhood != "":
		return "voor de wijk " + e.Neighbourhood
	}
	return "voor de hele gemeente"
}

// organisationKind describes an organisation's kind: the kind of partner or
// the municipal team where there is one.
func organisationKind(o *vios.Organisation) string {
	switch {
	case o.Kind == vios.OrgPartner && o.PartnerKind != "":
		return vios.PartnerKindLabel(o.PartnerKind)
	case o.Kind == vios.OrgMunicipal && o.Team != "":
		return "Gemeente, team " + vios.MunicipalTeamLabel(o.Team)
	}
	return vios.OrganisationKindLabel(o.Kind)
}

// telLink turns a telephone number as typed into a tel: link; html/template
// would refuse the scheme, so the link is built here from digits and a
// leading + only (vios.ValidPhone allows nothing else that matters).
func telLink(phone string) template.URL {
	if phone == "" || !vios.ValidPhone(phone) {
		return ""
	}
	var b strings.Builder
	for i, c := range phone {
		if c >= '0' && c <= '9' || c == '+' && i == 0 {
			b.WriteRune(c)
		}
	}
	return template.URL("tel:" + b.String()) // #nosec G203 -- only digits and a leading + are kept above
}
