package web

import (
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
)

// Casus items on a meeting's agenda: the pupils as the reader may see them
// (by name once the agenda is out, for those the clause entitles), and the
// two layers of their minutes — the named layer for those entitled, the
// pseudonymised layer (the item's ordinary minutes) for everyone.

// caseItem is what the meeting page shows of one casus item.
type caseItem struct {
	vios.AgendaPupils
	NamedMinutes string
}

// caseItems reads the casus items of the meeting for the reader.
func (h *Handler) caseItems(r *http.Request, m *vios.Municipality, mt *vios.Meeting) (map[string]*caseItem, error) {
	out := map[string]*caseItem{}
	pupils, err := h.Casework.AgendaPupils(r.Context(), m.ID, mt.ID)
	if err != nil {
		return nil, err
	}
	for itemID, ap := range pupils {
		ci := &caseItem{AgendaPupils: ap}
		if ap.Access.Named() {
			if ci.NamedMinutes, _, err = h.Casework.NamedMinutes(r.Context(), m.ID, itemID); err != nil {
				return nil, err
			}
		}
		out[itemID] = ci
	}
	return out, nil
}

// saveNamedMinutes stores the named layer of a casus item's minutes.
func (h *Handler) saveNamedMinutes(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	itemID := r.PathValue("punt")
	text := strings.TrimSpace(r.PostFormValue("verslagMetNaam"))
	if err := h.Casework.SaveNamedMinutes(r.Context(), m.ID, itemID, text, basedOn); err != nil {
		// The typed text stays on the page, shown only to its writer.
		unsaved := map[string]*vios.AgendaItem{itemID: {ID: itemID, Minutes: text}}
		h.formFailed(w, r, err, func(status int) { h.renderMeeting(w, r, status, m, n, mt, err, unsaved) })
		return
	}
	back(w, r, m, mt, "verslag", "punt-"+itemID)
}
