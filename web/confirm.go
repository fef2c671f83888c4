package web

import "net/http"

// confirmation is a question asked before a change that cannot simply be
// undone (revoking a role, ending a membership). It works without
// JavaScript: the first POST shows this page, whose button repeats the POST
// with bevestigd=ja; only that second POST changes anything.
type confirmation struct {
	Heading  string
	Question string
	Action   string // the POST to repeat
	Button   string
	Back     string // where "Annuleren" goes
}

// confirmed reports whether the form carries the confirmation; if not, it
// shows the question and the caller stops. The caller has already checked
// that the actor may make the change, so the question reveals nothing.
func (h *Handler) confirmed(w http.ResponseWriter, r *http.Request, current string, c confirmation) bool {
	if !h.parseForm(w, r) {
		return false
	}
	if r.PostFormValue("bevestigd") == "ja" {
		return true
	}
	h.render(w, r, http.StatusOK, "bevestigen", page{Title: c.Heading, Current: current, Data: c})
	return false
}
