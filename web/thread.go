package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Threads ("berichten"): a network's thread for its current members and a
// case's thread for who sees the case. The store decides who reads what;
// these handlers show it, with each pupil as the reader may see them and
// "Waarom zie ik dit?" per organisation that wrote about a pupil.

// threadPrefixes are the pages a thread hangs under: a network's, a case's.
var threadPrefixes = []string{"/netwerken/{gemeente}/{id}", "/casussen/{gemeente}/{id}"}

func (h *Handler) threadRoutes() []httpx.Route {
	var routes []httpx.Route
	for _, p := range threadPrefixes {
		routes = append(routes,
			httpx.Route{Method: "GET", Pattern: p + "/berichten", Handler: h.showThread},
			httpx.Route{Method: "POST", Pattern: p + "/berichten", Handler: h.postMessage},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/controle", Handler: h.checkMessage},
			httpx.Route{Method: "GET", Pattern: p + "/berichten/stroom", Handler: h.threadStream},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/bewerken", Handler: h.editMessage},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/signaal", Handler: h.messageToSignal},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/agenda", Handler: h.messageToAgenda},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/actiepunt", Handler: h.messageToAction},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/verwijderen", Handler: h.deleteMessage},
			httpx.Route{Method: "POST", Pattern: p + "/berichten/{bericht}/bijlagen", Handler: h.attachToMessage},
		)
	}
	routes = append(routes, httpx.Route{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/berichten/delen", Handler: h.shareHistory},
		httpx.Route{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/bewaartermijn-berichten", Handler: h.setMessageRetention})
	return append(routes, h.printRoutes("/netwerken/{gemeente}/{id}/berichten/afdrukken", "/netwerken/{gemeente}/{id}/berichten/export.pdf", h.threadPrint)...)
}

// threadOf is the network and case a thread's path names.
func threadOf(r *http.Request) (networkID, caseID string) {
	if strings.HasPrefix(r.URL.Path, "/casussen/") {
		return "", r.PathValue("id")
	}
	return r.PathValue("id"), ""
}

// threadPath is the path of the thread page of the request.
func threadPath(r *http.Request, m *vios.Municipality) string {
	kind := "netwerken"
	if strings.HasPrefix(r.URL.Path, "/casussen/") {
		kind = "casussen"
	}
	return "/" + kind + "/" + m.Slug + "/" + r.PathValue("id") + "/berichten"
}

// threadPost is a message with its replies (one level).
type threadPost struct {
	*vios.Message
	Replies []*vios.Message
}

// mentionReason is one "Waarom zie ik dit?" line: how the reader sees the
// pupils named by one organisation's members, and why.
type mentionReason struct {
	Organisation string
	Level        string
	Reason       string
}

type threadPage struct {
	Municipality *vios.Municipality
	Thread       *vios.Thread
	Posts        []threadPost
	Path         string
	Back         string
	BackLabel    string
	Reasons      []mentionReason
	ReplyTo      *vios.Message
	ToSignal     *vios.Message // the message the signal form is for
	ToAction     *vios.Message // the message the action form is for
	ActionTitle  string
	ActionOwner  string
	ActionDue    string
	Owners       []vios.NetworkMember
	Phenomena    []vios.Phenomenon
	Members      []vios.NetworkMember
	Notice       string
	Text         string
	Check        *vios.MessageCheck
	formOutcome
}

// threadItem is what the "bericht" template shows: one message on its page.
type threadItem struct {
	Page    threadPage
	Message *vios.Message
}

func init() {
	funcs["threadItem"] = func(p threadPage, m *vios.Message) threadItem { return threadItem{p, m} }
}

func (h *Handler) showThread(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	h.renderThread(w, r, http.StatusOK, m, "", nil)
}

// renderThread reads the thread (its read is logged) and shows it, with
// the error of the composer when err is set.
func (h *Handler) renderThread(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, text string, err error) {
	networkID, caseID := threadOf(r)
	t, terr := h.Threads.Thread(r.Context(), m.ID, networkID, caseID)
	if terr != nil {
		h.lookupFailed(w, r, m, terr)
		return
	}
	p := threadPage{Municipality: m, Thread: t, Path: threadPath(r, m), Text: text,
		Check: &vios.MessageCheck{}, formOutcome: blankForm()}
	p.Back, p.BackLabel = "/netwerken/"+m.Slug+"/"+t.NetworkID, t.NetworkName
	title := "Berichten van " + t.NetworkName
	if caseID != "" {
		p.Back, p.BackLabel = "/casussen/"+m.Slug+"/"+caseID, "Casus "+t.CaseCode
		title = "Berichten over casus " + t.CaseCode
	}
	p.Posts, p.Reasons = threadPosts(t.Messages)
	reply, toSignal := r.URL.Query().Get("antwoord"), r.URL.Query().Get("signaal")
	for _, msg := range t.Messages {
		if msg.DeletedAt == nil && msg.WipedAt == nil {
			if msg.ID == reply {
				p.ReplyTo = msg
			}
			if msg.ID == toSignal && msg.SignalID == "" {
				p.ToSignal = msg
			}
		}
	}
	if p.ToSignal != nil {
		p.Phenomena, _ = h.Networks.ListPhenomena(r.Context(), m.ID)
	}
	h.actionForm(r, &p)
	if t.MayShare {
		if n, nerr := h.Networks.FindNetwork(r.Context(), m.ID, t.NetworkID); nerr == nil {
			for _, mem := range n.Members {
				if mem.ActiveOn(h.today()) {
					p.Members = append(p.Members, mem)
				}
			}
		}
	}
	p.Notice = map[string]string{
		"geplaatst":    "Uw bericht is geplaatst.",
		"bewerkt":      "Uw bericht is gewijzigd; de eerdere tekst blijft bewaard.",
		"verwijderd":   "Het bericht is verwijderd.",
		"gedeeld":      "De eerdere berichten zijn gedeeld.",
		"actiepunt":    "Het actiepunt is afgesproken; het bericht verwijst ernaar.",
		"waarschuwing": "Uw bericht is geplaatst. Niet elk lid mag namen zien: zij zien een pseudoniem of \"een leerling\".",
	}[r.URL.Query().Get("melding")]
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"tekst": "tekst", "leerling": "leerling", "antwoordOp": "tekst",
			"fenomeen": "tekst", "lid": "lid", "vanaf": "vanaf",
			"wat": "wat", "eigenaar": "eigenaar", "deadline": "deadline"})
	}
	h.render(w, r, status, "berichten", page{Title: title, Current: "netwerken", Data: p})
}

// threadPosts groups the messages into posts with their replies and
// collects the reasons behind the pupils shown.
func threadPosts(list []*vios.Message) ([]threadPost, []mentionReason) {
	var posts []threadPost
	index := map[string]int{}
	var reasons []mentionReason
	seen := map[string]bool{}
	for _, msg := range list {
		for _, part := range msg.Parts {
			key := msg.AuthorOrgName + "|" + part.Level + "|" + part.Reason
			if part.PupilID != "" && !seen[key] {
				seen[key] = true
				reasons = append(reasons, mentionReason{Organisation: msg.AuthorOrgName, Level: part.Level, Reason: part.Reason})
			}
		}
		if i, ok := index[msg.ReplyToID]; ok && msg.ReplyToID != "" {
			posts[i].Replies = append(posts[i].Replies, msg)
			continue
		}
		index[msg.ID] = len(posts)
		posts = append(posts, threadPost{Message: msg})
	}
	return posts, reasons
}

// messageInput is the composer's form.
func messageInput(r *http.Request, m *vios.Municipality) *vios.MessageInput {
	networkID, caseID := threadOf(r)
	in := &vios.MessageInput{MunicipalityID: m.ID, NetworkID: networkID, CaseID: caseID,
		ReplyToID: r.PostFormValue("antwoordOp"), Text: r.PostFormValue("tekst")}
	if id := r.PostFormValue("leerling"); id != "" {
		in.PupilIDs = []string{id}
	}
	return in
}

func (h *Handler) postMessage(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	in := messageInput(r, m)
	check, _ := h.Threads.CheckMessage(r.Context(), in)
	if _, err := h.Threads.PostMessage(r.Context(), in); err != nil {
		h.threadFailed(w, r, m, in.Text, err)
		return
	}
	h.AlertHub.Notify()
	notice := "geplaatst"
	if check != nil && check.Warning != "" {
		notice = "waarschuwing"
	}
	http.Redirect(w, r, threadPath(r, m)+"?melding="+notice, http.StatusSeeOther)
}

// threadFailed answers a refused change: the thread page with the error at
// the composer for bad input, the error page otherwise.
func (h *Handler) threadFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, text string, err error) {
	switch vios.ErrorCode(err) {
	case vios.EINVALID, vios.ECONFLICT:
		h.renderThread(w, r, httpStatusOf(err), m, text, err)
	default:
		h.lookupFailed(w, r, m, err)
	}
}

func httpStatusOf(err error) int { return httpx.ErrorStatus(vios.ErrorCode(err)) }

// checkMessage answers the composer's check (htmx): a warning when the
// draft names a pupil whom not every member may see by name.
func (h *Handler) checkMessage(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	check, err := h.Threads.CheckMessage(r.Context(), messageInput(r, m))
	if r.Context().Err() != nil {
		return // the composer asked again before this answer came: no one reads it
	}
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := h.pages["berichten"].ExecuteTemplate(w, "naam-waarschuwing", check); err != nil {
		h.logger.Error("render composer check", "err", err)
	}
}

func (h *Handler) editMessage(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	text := r.PostFormValue("tekst")
	if err := h.Threads.EditMessage(r.Context(), m.ID, r.PathValue("bericht"), text); err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, threadPath(r, m)+"?melding=bewerkt", http.StatusSeeOther)
}

func (h *Handler) deleteMessage(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if err := h.Threads.DeleteMessage(r.Context(), m.ID, r.PathValue("bericht")); err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, threadPath(r, m)+"?melding=verwijderd", http.StatusSeeOther)
}

// messageToSignal makes a signal of a message and opens it.
func (h *Handler) messageToSignal(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	s, err := h.Threads.MessageToSignal(r.Context(), m.ID, r.PathValue("bericht"), r.PostFormValue("fenomeen"))
	if err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	http.Redirect(w, r, "/signalen/"+m.Slug+"/"+s.ID, http.StatusSeeOther)
}

// messageToAgenda proposes a message for the next meeting's agenda.
func (h *Handler) messageToAgenda(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if _, err := h.Threads.MessageToAgenda(r.Context(), m.ID, r.PathValue("bericht")); err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	http.Redirect(w, r, threadPath(r, m)+"?melding=agenda", http.StatusSeeOther)
}

// shareHistory lets a member read the thread from a day on (the chair).
func (h *Handler) shareHistory(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	from, _ := time.Parse("2006-01-02", r.PostFormValue("vanaf"))
	if err := h.Threads.ShareHistory(r.Context(), m.ID, r.PathValue("id"), r.PostFormValue("lid"), from); err != nil {
		h.threadFailed(w, r, m, "", err)
		return
	}
	http.Redirect(w, r, threadPath(r, m)+"?melding=gedeeld", http.StatusSeeOther)
}
