package web

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

// The safety plan printed: the whole plan, and the factsheet of one or two
// pages the report's respondents asked for (vision in three lines, key
// agreements, who to call for what, the incident cards, the partners). Both
// come as print view and as tagged PDF from the same HTML (see print.go).

// printBodies are the bodies of printed pages that a template of their own
// renders into a report.Page: semantic HTML from h2 down, no layout. Parsed
// on first use, when every init has added its functions to funcs.
var printBodies = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("print").Funcs(funcs).ParseFS(templateFS, "templates/print/*.html"))
})

func (h *Handler) safetyPlanPrintRoutes() []httpx.Route {
	return append(h.printRoutes("/veiligheidsplannen/{gemeente}/{id}/afdrukken", "/veiligheidsplannen/{gemeente}/{id}/veiligheidsplan.pdf", h.safetyPlanPrint),
		h.printRoutes("/veiligheidsplannen/{gemeente}/{id}/factsheet", "/veiligheidsplannen/{gemeente}/{id}/factsheet.pdf", h.factsheetPrint)...)
}

// planPage renders the body template name with data into a printable page.
func planPage(name, title, author string, data any) (*report.Page, error) {
	var body bytes.Buffer
	if err := printBodies().ExecuteTemplate(&body, name, data); err != nil {
		return nil, err
	}
	return &report.Page{Title: title, Author: author, Body: template.HTML(body.String())}, nil // #nosec G203 -- html/template output
}

func (h *Handler) safetyPlanPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok {
		return nil, false
	}
	var sections []planSectionView
	for _, s := range p.Sections {
		sections = append(sections, planSectionView{PlanSection: s, HTML: markdown(s.Body)})
	}
	doc, err := planPage("veiligheidsplan", p.Title, p.OwnerName, struct {
		Plan     *vios.SafetyPlan
		Sections []planSectionView
	}{p, sections})
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/veiligheidsplannen/" + m.Slug + "/" + p.ID
	return &printJob{doc: doc, back: path, view: path + "/afdrukken", pdf: path + "/veiligheidsplan.pdf", filename: "veiligheidsplan.pdf",
		links: []report.Link{{Href: path + "/factsheet", Text: "Factsheet"}}}, true
}

// factsheet is what the factsheet shows.
type factsheet struct {
	Plan       *vios.SafetyPlan
	Vision     []string
	Agreements []string
	Calls      []factsheetCall
	Protocols  []*vios.IncidentProtocol
	Partners   []string
}

// factsheetCall is one line of "who to call for what".
type factsheetCall struct{ For, Who, Phone string }

func (h *Handler) factsheetPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, p, ok := h.safetyPlanIn(w, r)
	if !ok {
		return nil, false
	}
	f := factsheet{Plan: p}
	f.Vision, f.Agreements = visionAndAgreements(p.Sections)
	var err error
	if f.Protocols, err = h.schoolProtocols(r, m.ID, p.OwnerOrgID); err == nil {
		f.Calls = whoToCall(f.Protocols)
		f.Partners, err = h.schoolPartners(r, m.ID, p.OwnerOrgID)
	}
	var doc *report.Page
	if err == nil {
		doc, err = planPage("factsheet", "Factsheet veiligheid – "+p.OwnerName, p.OwnerName, f)
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/veiligheidsplannen/" + m.Slug + "/" + p.ID
	return &printJob{doc: doc, back: path, view: path + "/factsheet", pdf: path + "/factsheet.pdf", filename: "factsheet.pdf",
		links: []report.Link{{Href: path + "/afdrukken", Text: "Het hele plan"}}}, true
}

// visionAndAgreements takes the vision (its first three lines of prose) and
// the key agreements (its list items) from the plan's first section that
// speaks of vision; both templates start with it.
func visionAndAgreements(sections []vios.PlanSection) (vision, agreements []string) {
	for _, s := range sections {
		if !strings.Contains(strings.ToLower(s.Title), "visie") {
			continue
		}
		for _, l := range splitNonEmpty(s.Body) {
			switch {
			case strings.HasPrefix(l, "#"):
			case strings.HasPrefix(l, "- "), strings.HasPrefix(l, "* "), strings.HasPrefix(l, "+ "):
				agreements = append(agreements, strings.TrimSpace(l[2:]))
			case len(vision) < 3:
				vision = append(vision, l)
			}
		}
		return vision, agreements
	}
	return nil, nil
}

// schoolProtocols returns the protocols that hold for the school, per
// phenomenon its own or else the municipality's default, each with its
// contacts read live from the sociale kaart and its evaluations.
func (h *Handler) schoolProtocols(r *http.Request, municipalityID, schoolID string) ([]*vios.IncidentProtocol, error) {
	list, err := h.Protocols.ListProtocols(r.Context(), municipalityID, schoolID)
	if err != nil {
		return nil, err
	}
	chosen := map[string]*vios.IncidentProtocol{}
	for _, p := range list {
		if c, ok := chosen[p.Phenomenon]; !ok || c.IsDefault() && !p.IsDefault() {
			chosen[p.Phenomenon] = p
		}
	}
	var out []*vios.IncidentProtocol
	for _, p := range chosen {
		full, err := h.Protocols.FindProtocol(r.Context(), municipalityID, p.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, full)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PhenomenonName < out[j].PhenomenonName })
	return out, nil
}

// whoToCall lists, once each, the calls and contacts the protocols name.
func whoToCall(protocols []*vios.IncidentProtocol) []factsheetCall {
	var out []factsheetCall
	seen := map[factsheetCall]bool{}
	for _, p := range protocols {
		for _, s := range p.Steps {
			c := factsheetCall{For: p.PhenomenonName, Phone: s.CallPhone()}
			switch {
			case s.Contact != nil:
				c.Who = s.Contact.Name + ", " + s.Contact.Function + " (" + s.Contact.Organisation.Name + ")"
			case s.Call != "":
				c.Who = vios.CallTargetLabel(s.Call)
			default:
				continue
			}
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// schoolPartners names the organisations, other than the school, with an
// active member in a network for the school.
func (h *Handler) schoolPartners(r *http.Request, municipalityID, schoolID string) ([]string, error) {
	networks, err := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: municipalityID})
	if err != nil {
		return nil, err
	}
	day := h.now()
	seen := map[string]bool{}
	var out []string
	for _, n := range networks {
		if !slices.Contains(n.SchoolIDs, schoolID) {
			continue
		}
		full, err := h.Networks.FindNetwork(r.Context(), municipalityID, n.ID)
		if code := vios.ErrorCode(err); code == vios.EFORBIDDEN || code == vios.ENOTFOUND {
			continue // a network the reader may not see adds no partners
		} else if err != nil {
			return nil, err
		}
		for _, mb := range full.Members {
			if mb.OrganisationID != schoolID && mb.ActiveOn(day) && !seen[mb.OrganisationName] {
				seen[mb.OrganisationName] = true
				out = append(out, mb.OrganisationName)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
