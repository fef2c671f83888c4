package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The school search of the signal form (the border, issue 18): a pupil may
// go to school in another municipality. The form offers the municipality's
// own schools in its select, and beside it a search of every school by
// name, place or BRIN instead of a national list. Without JavaScript the
// search is a step of the form (the button "Zoek school" shows the matches
// in the select, to choose and save); school-search.js turns the field into
// a combobox (WAI-ARIA combobox pattern) on the JSON of schoolMatches.

func (h *Handler) schoolSearchRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/signalen/{gemeente}/scholen", Handler: h.schoolMatches},
	}
}

// searchSchoolsButton is the name of the form's button that searches
// instead of saving.
const searchSchoolsButton = "scholen-zoeken"

// schoolMatchJSON is a school as the combobox shows it.
type schoolMatchJSON struct {
	ID           string `json:"id"`
	Naam         string `json:"naam"`
	GemeenteNaam string `json:"gemeenteNaam"`
	Eigen        bool   `json:"eigen"`
}

// schoolMatches answers the combobox: at most a page of schools matching
// zoek, the municipality's own first; an invalid search is a 400 with the
// Dutch reason.
func (h *Handler) schoolMatches(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	found, _, err := h.Organisations.SearchSchools(r.Context(), vios.SchoolSearch{Query: r.URL.Query().Get("zoek"), Own: []string{m.ID}})
	if vios.ErrorCode(err) == vios.EINVALID {
		writeJSONAnswer(w, http.StatusBadRequest, map[string]string{"fout": vios.ErrorFields(err)[0].Message})
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	out := []schoolMatchJSON{}
	for _, s := range found {
		out = append(out, schoolMatchJSON{ID: s.ID, Naam: s.Name, GemeenteNaam: s.MunicipalityName, Eigen: s.Own})
	}
	writeJSONAnswer(w, http.StatusOK, out)
}

// schoolRow is the school search of one pupil row of the form: what was
// typed, and the schools of other municipalities the select offers (those
// found and the one chosen before).
type schoolRow struct {
	Query    string
	Searched bool
	Error    string
	Found    int // matches of the search, own schools included
	Others   []vios.SchoolMatch
}

// schoolRows reads the search field of each pupil row and, when the form
// was sent with the search button, searches every row with text (a browser
// sends the first such button on Enter, whichever row it was typed in).
// A school of another municipality chosen before stays on offer.
func (h *Handler) schoolRows(r *http.Request, m *vios.Municipality, pupils []vios.Pupil, search bool) ([]schoolRow, error) {
	rows := make([]schoolRow, len(pupils))
	var chosen []string
	for i := range pupils {
		if search {
			rows[i].Query = formValue(r, "leerling-"+strconv.Itoa(i)+"-school-zoek")
		}
		if pupils[i].SchoolID != "" {
			chosen = append(chosen, pupils[i].SchoolID)
		}
		if !search || rows[i].Query == "" {
			continue
		}
		found, _, err := h.Organisations.SearchSchools(r.Context(), vios.SchoolSearch{Query: rows[i].Query, Own: []string{m.ID}})
		if vios.ErrorCode(err) == vios.EINVALID {
			rows[i].Error = vios.ErrorFields(err)[0].Message
			continue
		}
		if err != nil {
			return nil, err
		}
		rows[i].Searched, rows[i].Found = true, len(found)
		for _, s := range found {
			if !s.Own {
				rows[i].Others = append(rows[i].Others, s)
			}
		}
	}
	return rows, h.keepChosen(r, m, pupils, rows, chosen)
}

// keepChosen adds to each row the school of another municipality chosen
// in it before, so that the select still holds it.
func (h *Handler) keepChosen(r *http.Request, m *vios.Municipality, pupils []vios.Pupil, rows []schoolRow, chosen []string) error {
	if len(chosen) == 0 {
		return nil
	}
	all, err := h.Casework.TransferSchools(r.Context())
	if err != nil {
		return err
	}
	for i, p := range pupils {
		at := slices.IndexFunc(all, func(s vios.TransferSchool) bool { return s.ID == p.SchoolID && s.MunicipalityID != m.ID })
		if at < 0 || slices.ContainsFunc(rows[i].Others, func(s vios.SchoolMatch) bool { return s.ID == p.SchoolID }) {
			continue
		}
		s := all[at]
		rows[i].Others = append([]vios.SchoolMatch{{ID: s.ID, Name: s.Name, SchoolType: s.SchoolType, MunicipalityID: s.MunicipalityID,
			MunicipalityName: s.MunicipalityName}}, rows[i].Others...)
	}
	return nil
}

// pupilRow is pupil row i of the signal form as typed.
func pupilRow(r *http.Request, i int) vios.Pupil {
	prefix := "leerling-" + strconv.Itoa(i) + "-"
	return vios.Pupil{Name: formValue(r, prefix+"naam"), BirthDate: formValue(r, prefix+"geboortedatum"),
		SchoolID: formValue(r, prefix+"school"), Class: formValue(r, prefix+"klas")}
}

// pupilRowsAsTyped are the form's pupil rows in place, empty ones too: the
// search step shows each row's matches where it was typed.
func pupilRowsAsTyped(r *http.Request) []vios.Pupil {
	rows := make([]vios.Pupil, pupilRows)
	for i := range rows {
		rows[i] = pupilRow(r, i)
	}
	return rows
}
