package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// setMessageRetention sets the network's own, shorter period for its
// thread's messages (the chair or the regisseur, on the network's edit
// page); a wrong number is told on that page and changes nothing.
func (h *Handler) setMessageRetention(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	days := 0
	raw := strings.TrimSpace(r.PostFormValue("bewaartermijn"))
	var err error
	if raw != "" {
		if days, err = strconv.Atoi(raw); err != nil {
			err = vios.Invalid("bewaartermijn", "Vul een heel aantal dagen in, of laat het veld leeg.", "De bewaartermijn van de berichten is niet gewijzigd.")
		}
	}
	if err == nil {
		err = h.Threads.SetMessageRetention(r.Context(), m.ID, n.ID, days)
	}
	if vios.ErrorCode(err) == vios.EINVALID {
		h.renderNetworkForm(w, r, http.StatusBadRequest, m, n, err)
		return
	} else if err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID, http.StatusSeeOther)
}

// messageSourcesOf finds the messages records were made from, those the
// reader may read; a failure only leaves the back-links out.
func messageSourcesOf[T any](h *Handler, r *http.Request, municipalityID, kind string, records []T, id func(T) string) map[string]*vios.MessageSource {
	if h.Threads == nil || len(records) == 0 {
		return nil
	}
	ids := make([]string, 0, len(records))
	for _, rec := range records {
		ids = append(ids, id(rec))
	}
	out, err := h.Threads.MessageSources(r.Context(), municipalityID, kind, ids)
	if err != nil {
		h.logger.Error("message sources", "err", err)
		return nil
	}
	// Pointers: a template's index of an item without one is then nil.
	byID := make(map[string]*vios.MessageSource, len(out))
	for k, v := range out {
		byID[k] = &v
	}
	return byID
}
