package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// A message made an action item in one step: the chair or secretary names
// the owner (a current member, for their organisation) and the deadline;
// what to do starts as the message's text with each pupil as their code,
// the layer every member (and the owner) may read.

// actionForm fills in the page's action form for the message asked for
// (?actiepunt=, or the one a refused form was for).
func (h *Handler) actionForm(r *http.Request, p *threadPage) {
	want := r.URL.Query().Get("actiepunt")
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/actiepunt") {
		want = r.PathValue("bericht")
	}
	if want == "" || !p.Thread.MayAct {
		return
	}
	for _, msg := range p.Thread.Messages {
		if msg.ID == want && msg.ActionID == "" && msg.DeletedAt == nil && msg.WipedAt == nil {
			p.ToAction = msg
		}
	}
	if p.ToAction == nil {
		return
	}
	p.ActionTitle = pseudonymousText(p.Thread, p.ToAction)
	if r.Method == http.MethodPost {
		p.ActionTitle, p.ActionOwner, p.ActionDue = r.PostFormValue("wat"), r.PostFormValue("eigenaar"), r.PostFormValue("deadline")
	}
	if n, err := h.Networks.FindNetwork(r.Context(), p.Municipality.ID, p.Thread.NetworkID); err == nil {
		for _, mem := range n.Members {
			if mem.ActiveOn(h.today()) {
				p.Owners = append(p.Owners, mem)
			}
		}
	}
}

// pseudonymousText is a message's text with each pupil as their code (or
// "een leerling" when the reader knows no code), whatever the reader sees.
func pseudonymousText(t *vios.Thread, m *vios.Message) string {
	codes := map[string]string{}
	for _, p := range t.Pupils {
		codes[p.ID] = p.Code
	}
	var b strings.Builder
	for _, part := range m.Parts {
		switch {
		case part.PupilID == "":
			b.WriteString(part.Text)
		case part.Level == vios.AccessPseudonym:
			b.WriteString(part.Shown)
		case codes[part.PupilID] != "":
			b.WriteString(codes[part.PupilID])
		default:
			b.WriteString("een leerling")
		}
	}
	text := []rune(strings.Join(strings.Fields(b.String()), " "))
	if len(text) > 200 {
		text = append(text[:199], '…')
	}
	return string(text)
}

// messageToAction makes the message an action item and returns to the
// thread, where the message links to it.
func (h *Handler) messageToAction(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	a := &vios.ActionItem{Title: r.PostFormValue("wat"), OwnerUserID: r.PostFormValue("eigenaar")}
	a.DueOn, _ = time.Parse("2006-01-02", r.PostFormValue("deadline"))
	if err := h.Threads.MessageToAction(r.Context(), m.ID, r.PathValue("bericht"), a); err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	http.Redirect(w, r, threadPath(r, m)+"?melding=actiepunt#bericht-"+r.PathValue("bericht"), http.StatusSeeOther)
}
