package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// filterKeys are the query keys of the filter on /aanpakken; the same as the API's.
var filterKeys = []string{"element", "model", "schoolType", "fase"}

// approachesPage is the data of /aanpakken.
type approachesPage struct {
	Filter       vios.ApproachFilter
	Filtered     bool
	Approaches   []approachRow
	Core         []vios.Label // the columns of the element matrix
	Elements     []vios.Label // the filter options
	Models       []vios.Label
	SchoolTypes  []vios.Label
	Phases       []vios.Label
	Error        string
	ErrorFields  []vios.FieldError
	Municipality int // how many municipalities in all
}

// approachRow is one municipality's line in the tables.
type approachRow struct {
	*vios.Approach
	Core  []*vios.ApproachElement // one per core element; nil when not used
	Other []vios.ApproachElement
}

func newApproachRow(a *vios.Approach) approachRow {
	row := approachRow{Approach: a}
	for _, c := range vios.Elements[:vios.CoreElementCount] {
		row.Core = append(row.Core, a.Element(c.Code))
	}
	for _, e := range a.Elements {
		if !isCore(e.Code) {
			row.Other = append(row.Other, e)
		}
	}
	return row
}

func isCore(code string) bool {
	for _, c := range vios.Elements[:vios.CoreElementCount] {
		if c.Code == code {
			return true
		}
	}
	return false
}

func (h *Handler) listApproaches(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := approachesPage{
		Filter: vios.ApproachFilter{Element: q.Get("element"), Model: q.Get("model"),
			SchoolType: q.Get("schoolType"), Phase: q.Get("fase")},
		Core: vios.Elements[:vios.CoreElementCount], Elements: vios.Elements, Models: vios.Models,
		SchoolTypes: vios.SchoolTypes, Phases: vios.Phases,
	}
	data.Filtered = data.Filter != vios.ApproachFilter{}
	if err := vios.JoinInvalid("Het filter is ongeldig.", httpx.CheckQuery(q, filterKeys...), data.Filter.Validate()); err != nil {
		// Show the form again with what was wrong; list nothing.
		data.Error = vios.ErrorMessage(err)
		data.ErrorFields = vios.ErrorFields(err)
		data.Filter = vios.ApproachFilter{}
		h.render(w, r, http.StatusBadRequest, "approaches", page{Title: "Ongeldig filter – Aanpakken per gemeente", Current: "aanpakken", Data: data})
		return
	}
	list, err := h.Approaches.ListApproaches(r.Context(), data.Filter)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, a := range list {
		data.Approaches = append(data.Approaches, newApproachRow(a))
	}
	h.render(w, r, http.StatusOK, "approaches", page{Title: "Aanpakken per gemeente", Current: "aanpakken", Data: data})
}

// approachPage is the data of /aanpakken/{gemeente}.
type approachPage struct {
	approachRow
	Schools      []*vios.Organisation
	OtherSchools int
	Partners     []*vios.Organisation
	Teams        []*vios.Organisation
	Coordinators []*vios.Organisation
	People       int
}

func (h *Handler) showApproach(w http.ResponseWriter, r *http.Request) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.renderError(w, r, err)
		return
	}
	a, err := h.Approaches.FindApproachByMunicipality(r.Context(), r.PathValue("gemeente"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: a.MunicipalityID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data := approachPage{approachRow: newApproachRow(a)}
	for _, o := range orgs {
		switch o.Kind {
		case vios.OrgSchool:
			if o.InApproach {
				data.Schools = append(data.Schools, o)
			} else {
				data.OtherSchools++
			}
		case vios.OrgPartner:
			data.Partners = append(data.Partners, o)
		case vios.OrgMunicipal:
			data.Teams = append(data.Teams, o)
		case vios.OrgCoordinator:
			data.Coordinators = append(data.Coordinators, o)
		}
	}
	if data.People, err = h.Organisations.CountPeople(r.Context(), a.MunicipalityID); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "approach", page{Title: a.Name, Current: "aanpakken", Data: data})
}
