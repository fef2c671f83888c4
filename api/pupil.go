package api

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// Pupils have no address of their own in the API: a pupil is always seen
// in the context of a record (a signal or a case), where that record's
// clause decides what the caller sees. The one way in by name is the
// search, a POST so that name and date of birth stay out of every URL and
// log line.

// pupilFoundJSON is a pupil the search found, with where they appear.
type pupilFoundJSON struct {
	pupilJSON
	Gemeente     string      `json:"gemeente"`
	GemeenteNaam string      `json:"gemeenteNaam"`
	Signalen     []recordRef `json:"signalen"`
	Casussen     []recordRef `json:"casussen"`
	Toegang      accessJSON  `json:"toegang"`
}

const searchInvalid = "Zoeken kan alleen op naam en geboortedatum samen."

// searchPupils: POST /api/v1/leerlingen/_zoek — the pupil with this name
// and date of birth, if the caller may see them by name in at least one
// signal, with the signals and cases the caller may see them in. The
// search itself is in the processing log, found or not.
func (h *Handler) searchPupils(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	ctx := r.Context()
	b, ok := h.readBody(w, r)
	if !ok {
		return
	}
	var slug, name string
	var born time.Time
	b.require("naam", "geboortedatum")
	b.str("gemeente", &slug)
	b.str("naam", &name)
	b.date("geboortedatum", &born)
	var v vios.Validation
	m, err := h.chooseMunicipality(ctx, actor, slug, nil, &v)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := b.check(searchInvalid, v.Err(searchInvalid)); err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []pupilFoundJSON{}
	if m == nil {
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
		return
	}
	found, err := h.Casework.FindPupils(ctx, m.ID, name, born.Format(time.DateOnly))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	for _, p := range found {
		item := pupilFoundJSON{pupilJSON: toPupilJSON(p), Gemeente: m.Slug, GemeenteNaam: m.Name, Signalen: []recordRef{}, Casussen: []recordRef{}}
		signals, _, err := h.Casework.ListSignals(ctx, vios.SignalFilter{MunicipalityID: m.ID, PupilID: p.ID, Limit: maxPageSize})
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		// Why the name: the access of the newest signal that shows it.
		item.Toegang = accessJSON{Niveau: vios.AccessNamed, Reden: "U ziet deze leerling met naam in minstens één signaal."}
		named := false
		for _, s := range signals {
			item.Signalen = append(item.Signalen, recordRef{ID: s.ID, Code: s.Code, Links: selfLinks{Self: linkJSON{signalPath(s.ID)}}})
			if !named && s.Access.Named() {
				item.Toegang, named = toAccessJSON(s.Access), true
			}
		}
		cases, _, err := h.Casework.ListCases(ctx, vios.CaseFilter{MunicipalityID: m.ID, PupilID: p.ID, Limit: maxPageSize})
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, c := range cases {
			item.Casussen = append(item.Casussen, recordRef{ID: c.ID, Code: c.Code, Links: selfLinks{Self: linkJSON{casePath(c.ID)}}})
		}
		items = append(items, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}
