package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Finding a pupil or a case: a search box for a name (with an optional
// date of birth) or a case code. The query is posted, so a name is never
// in an address, a history or a log; the answer shows the pupil with the
// signals, cases and route the reader may see it in by name, or the case
// of the code. The store logs every pupil it shows.

func (h *Handler) searchRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/zoeken", Handler: h.searchMunicipalities},
		{Method: "GET", Pattern: "/zoeken/{gemeente}", Handler: h.searchForm},
		{Method: "POST", Pattern: "/zoeken/{gemeente}", Handler: h.search},
	}
}

// searchMunicipalities sends the actor to the search of their
// municipality, or lets them choose when they work in several.
func (h *Handler) searchMunicipalities(w http.ResponseWriter, r *http.Request) {
	h.caseworkMunicipality(w, r, "/zoeken/", page{Title: "Zoeken", Current: "zoeken"}, "zoeken-gemeenten")
}

// caseworkMunicipality sends the actor to base+slug of the one
// municipality where they work on cases, or renders tmpl with p and the
// municipalities to choose from.
func (h *Handler) caseworkMunicipality(w http.ResponseWriter, r *http.Request, base string, p page, tmpl string) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	var mine []*vios.Municipality
	for _, m := range all {
		if h.mayWorkOnCases(r, actor, m.ID) {
			mine = append(mine, m)
		}
	}
	if len(mine) == 1 {
		http.Redirect(w, r, base+mine[0].Slug, http.StatusSeeOther)
		return
	}
	p.Data = mine
	h.render(w, r, http.StatusOK, tmpl, p)
}

type searchPage struct {
	Municipality *vios.Municipality
	Query        vios.PupilQuery
	Result       *vios.PupilSearch // nil until a search was made
	Phenomena    []vios.Phenomenon
	formOutcome
}

func (h *Handler) searchForm(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	h.renderSearch(w, r, http.StatusOK, searchPage{Municipality: m, formOutcome: blankForm()})
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := searchPage{Municipality: m, formOutcome: blankForm(),
		Query: vios.PupilQuery{MunicipalityID: m.ID, Text: formValue(r, "zoekterm"), BirthDate: formValue(r, "geboortedatum")}}
	res, err := h.Casework.SearchPupils(r.Context(), p.Query)
	switch vios.ErrorCode(err) {
	case "":
		p.Result = res
		if p.Phenomena, err = h.Networks.ListPhenomena(r.Context(), m.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
		h.renderSearch(w, r, http.StatusOK, p)
	case vios.EINVALID:
		p.formOutcome = formFailure(err, map[string]string{"zoekterm": "zoekterm", "geboortedatum": "geboortedatum"})
		h.renderSearch(w, r, http.StatusBadRequest, p)
	default:
		h.renderError(w, r, err)
	}
}

func (h *Handler) renderSearch(w http.ResponseWriter, r *http.Request, status int, p searchPage) {
	h.render(w, r, status, "zoeken", page{Title: "Zoeken in " + p.Municipality.Name, Current: "zoeken", Data: p})
}
