package api

import (
	"net/http"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The school search at the border: a pupil may go to school in another
// municipality, and a client names any school of the platform by its id in
// a signal. A school's identity is public reference data, so every token
// may search; nothing but that identity is answered.

func (h *Handler) schoolRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/scholen", Handler: h.withService(h.Organisations != nil, "organisation")("lezen", h.searchSchools)},
	}
}

// schoolMatchJSON is a school the search found.
type schoolMatchJSON struct {
	ID            string `json:"id"`
	Naam          string `json:"naam"`
	Soort         string `json:"soort"`
	Brin          string `json:"brin"`
	Gemeente      string `json:"gemeente"`
	GemeenteNaam  string `json:"gemeenteNaam"`
	EigenGemeente bool   `json:"eigenGemeente"`
}

// schoolPageJSON is one page of the search.
type schoolPageJSON struct {
	Items         []schoolMatchJSON `json:"items"`
	Pagina        int               `json:"pagina"`
	PaginaGrootte int               `json:"paginaGrootte"`
	Links         pageLinks         `json:"_links"`
}

// searchSchools: GET /api/v1/scholen?zoek= — the schools of every
// municipality whose name or place contains zoek, or whose BRIN it is; the
// schools of the caller's own municipalities first (eigenGemeente).
func (h *Handler) searchSchools(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	s := vios.SchoolSearch{Query: q.Get("zoek"), Own: actor.Municipalities()}
	var v vios.Validation
	for key, n := range map[string]*int{"pagina": &s.Page, "paginaGrootte": &s.Size} {
		if text, given := q[key]; given {
			number, err := strconv.Atoi(text[0])
			if err != nil || number < 1 {
				v.Add(key, "Geef een geheel getal vanaf 1.")
				continue // the default, so that Validate does not name it twice
			}
			*n = number
		}
	}
	for _, f := range vios.ErrorFields(s.Validate()) {
		v.Add(f.Field, "%s", f.Message)
	}
	if !h.queryOK(w, r, &v, "zoek", "pagina", "paginaGrootte") {
		return
	}
	found, more, err := h.Organisations.SearchSchools(r.Context(), s)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := schoolPageJSON{Items: []schoolMatchJSON{}, Pagina: s.Page, PaginaGrootte: s.Size, Links: pageLinks{Self: schoolPageLink(r, s.Page)}}
	for _, m := range found {
		slug, _ := municipalityNames(munis, m.MunicipalityID)
		out.Items = append(out.Items, schoolMatchJSON{ID: m.ID, Naam: m.Name, Soort: m.SchoolType, Brin: m.BRIN, Gemeente: slug,
			GemeenteNaam: m.MunicipalityName, EigenGemeente: m.Own})
	}
	if s.Page > 1 {
		prev := schoolPageLink(r, s.Page-1)
		out.Links.Prev = &prev
	}
	if more {
		next := schoolPageLink(r, s.Page+1)
		out.Links.Next = &next
	}
	writeJSON(w, http.StatusOK, out)
}

// schoolPageLink is the link to page of the request's search.
func schoolPageLink(r *http.Request, page int) linkJSON {
	q := r.URL.Query()
	q.Set("pagina", strconv.Itoa(page))
	return linkJSON{r.URL.Path + "?" + q.Encode()}
}
