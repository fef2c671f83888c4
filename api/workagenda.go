package api

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/vios-platform/vios"
)

type workAgendaJSON struct {
	Gemeente     string         `json:"gemeente"`
	GemeenteNaam string         `json:"gemeenteNaam"`
	Jaar         int            `json:"jaar"`
	Voortgang    progressJSON   `json:"voortgang"`
	Prioriteiten []priorityJSON `json:"prioriteiten"`
}

type priorityJSON struct {
	ID           string       `json:"id"`
	Titel        string       `json:"titel"`
	Omschrijving string       `json:"omschrijving"`
	Doel         string       `json:"doel"`
	Eigenaar     string       `json:"eigenaar"`
	Status       string       `json:"status"`
	Reden        string       `json:"reden"`
	Voortgang    progressJSON `json:"voortgang"`
	Actiepunten  []string     `json:"actiepunten"`
}

type progressJSON struct {
	Totaal     int `json:"totaal"`
	Gereed     int `json:"gereed"`
	Open       int `json:"open"`
	TeLaat     int `json:"teLaat"`
	Vervallen  int `json:"vervallen"`
	Percentage int `json:"percentage"`
}

func toProgress(p vios.Progress) progressJSON {
	return progressJSON{Totaal: p.Total, Gereed: p.Done, Open: p.Open, TeLaat: p.Overdue, Vervallen: p.Cancelled, Percentage: p.Percent}
}

// listWorkAgendas: GET /api/v1/werkagendas — the work agenda of a year
// (default this year) of every municipality where the token's user holds a
// role, or of the one named by `gemeente`.
func (h *Handler) listWorkAgendas(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if h.WorkAgenda == nil {
		h.writeError(w, r, vios.Errorf(vios.EINTERNAL, "no work agenda service"))
		return
	}
	q := r.URL.Query()
	now := h.Now()
	year := vios.Date(now).Year()
	var v vios.Validation
	if s, given := q["jaar"]; given {
		y, err := strconv.Atoi(s[0])
		if err != nil {
			v.Add("jaar", "Geef het jaar als getal, bijvoorbeeld 2026.")
		} else if err := vios.CheckWorkAgendaYear(y, now); err != nil {
			v.Add("jaar", "%s", vios.ErrorFields(err)[0].Message)
		}
		year = y
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	slug := q.Get("gemeente")
	if _, given := q["gemeente"]; given {
		known := false
		for _, m := range munis {
			known = known || m.Slug == slug
		}
		v.Check(known, "gemeente", "Onbekende gemeente: geef de code van de gemeente, zoals arnhem of den-haag.")
	}
	if !h.queryOK(w, r, &v, "jaar", "gemeente") {
		return
	}
	items := []workAgendaJSON{}
	for _, id := range actor.Municipalities() {
		m := munis[id]
		if m == nil || (slug != "" && m.Slug != slug) || vios.Authorize(actor, vios.ActionViewDirectory, vios.Resource{MunicipalityID: id}) != nil {
			continue
		}
		agenda, err := h.WorkAgenda.WorkAgenda(r.Context(), id, year)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		out := workAgendaJSON{Gemeente: m.Slug, GemeenteNaam: m.Name, Jaar: year, Voortgang: toProgress(agenda.Progress(now)), Prioriteiten: []priorityJSON{}}
		for _, p := range agenda.Priorities {
			item := priorityJSON{ID: p.ID, Titel: p.Title, Omschrijving: p.Description, Doel: p.Target, Eigenaar: p.OwnerOrganisationName,
				Status: p.Status, Reden: p.StopReason, Voortgang: toProgress(p.Progress(now)), Actiepunten: []string{}}
			for _, a := range p.Actions {
				item.Actiepunten = append(item.Actiepunten, a.ID)
			}
			out.Prioriteiten = append(out.Prioriteiten, item)
		}
		items = append(items, out)
	}
	if slug != "" && len(items) == 0 {
		h.writeError(w, r, vios.Errorf(vios.EFORBIDDEN, "U heeft geen toegang tot de werkagenda van deze gemeente."))
		return
	}
	sort.Slice(items, func(i, j int) bool { return items[i].GemeenteNaam < items[j].GemeenteNaam })
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}
