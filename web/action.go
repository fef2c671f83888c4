package web

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/calendar"
	"github.com/vios-platform/vios/httpx"
)

// Action items followed up until done, the personal calendar feed and the
// municipality's own phenomena.

func (h *Handler) actionRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/actiepunten", Handler: h.myActions},
		{Method: "GET", Pattern: "/actiepunten/{gemeente}/{id}", Handler: h.showAction},
		{Method: "POST", Pattern: "/actiepunten/{gemeente}/{id}", Handler: h.updateAction},
		{Method: "POST", Pattern: "/account/agenda-koppeling", Handler: h.makeCalendarFeed},
		{Method: "POST", Pattern: "/account/agenda-koppeling/intrekken", Handler: h.revokeCalendarFeed},
		{Method: "GET", Pattern: "/agenda/{token}", Public: true, Handler: h.calendarFeed},
		{Method: "GET", Pattern: "/fenomenen/{gemeente}", Handler: h.listPhenomena},
		{Method: "POST", Pattern: "/fenomenen/{gemeente}", Handler: h.addPhenomenon},
	}
}

// myActions lists the actor's open actions across networks and municipalities.
func (h *Handler) myActions(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	list, err := h.Networks.ListActions(r.Context(), vios.ActionFilter{OwnerUserID: actor.User.ID, OpenOnly: true})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	slugs := map[string]string{}
	municipalities, err := h.Organisations.ListMunicipalities(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, m := range municipalities {
		slugs[m.ID] = m.Slug
	}
	// Only actions in municipalities where the actor still works.
	var mine []*vios.ActionItem
	for _, a := range list {
		if len(actorRolesIn(actor, a.MunicipalityID)) > 0 {
			mine = append(mine, a)
		}
	}
	overdue := 0
	for _, a := range mine {
		if a.Overdue(h.today()) {
			overdue++
		}
	}
	h.render(w, r, http.StatusOK, "actiepunten", page{Title: "Mijn actiepunten", Current: "actiepunten", Data: struct {
		Table   actionTableData
		Overdue int
	}{actionTableData{ID: "mijn-actiepunten", Caption: "Mijn openstaande actiepunten, de vroegste deadline eerst", Actions: mine,
		Today: h.today(), ShowNetwork: true, Slugs: slugs}, overdue}})
}

func actorRolesIn(a *vios.Actor, municipalityID string) []string {
	var roles []string
	for _, m := range a.User.Memberships {
		if m.MunicipalityID == municipalityID {
			roles = append(roles, m.Role)
		}
	}
	return roles
}

// actionIn loads the action in the path and checks action against the
// actor's place in its network (and ownership).
func (h *Handler) actionIn(w http.ResponseWriter, r *http.Request, action vios.Action) (*vios.Municipality, *vios.Network, *vios.ActionItem, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	a, err := h.Networks.FindAction(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, nil, false
	}
	n, err := h.Networks.FindNetwork(r.Context(), m.ID, a.NetworkID)
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, nil, false
	}
	res := n.Resource(actor, h.today())
	res.OwnerUserID = a.OwnerUserID
	// The owner sees their own action even without a place in the network
	// any more: they still have to report on it.
	if action == vios.ActionViewNetwork && vios.Authorize(actor, vios.ActionUpdateAction, res) == nil {
		return m, n, a, true
	}
	if !h.authorize(w, r, action, res) {
		return nil, nil, nil, false
	}
	return m, n, a, true
}

type actionPage struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Action       *vios.ActionItem
	Version      string
	Today        time.Time
	MayUpdate    bool
	Statuses     []vios.Label
	Notice       string
	formOutcome
	Note string
}

func (h *Handler) renderAction(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, n *vios.Network, a *vios.ActionItem, err error, note string) {
	actor := vios.ActorFromContext(r.Context())
	res := n.Resource(actor, h.today())
	res.OwnerUserID = a.OwnerUserID
	p := actionPage{Municipality: m, Network: n, Action: a, Version: a.UpdatedAt.Format(time.RFC3339Nano), Today: h.today(),
		MayUpdate: vios.Authorize(actor, vios.ActionUpdateAction, res) == nil && !a.Closed(), Statuses: vios.ActionStatuses,
		formOutcome: blankForm(), Note: note}
	if r.URL.Query().Get("melding") == "bijgewerkt" {
		p.Notice = "Het actiepunt is bijgewerkt."
	}
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"status": "status", "reden": "notitie", "notitie": "notitie"})
	}
	h.render(w, r, status, "actiepunt", page{Title: "Actiepunt", Current: "actiepunten", Data: p})
}

func (h *Handler) showAction(w http.ResponseWriter, r *http.Request) {
	m, n, a, ok := h.actionIn(w, r, vios.ActionViewNetwork)
	if !ok {
		return
	}
	h.renderAction(w, r, http.StatusOK, m, n, a, nil, "")
}

func (h *Handler) updateAction(w http.ResponseWriter, r *http.Request) {
	m, n, a, ok := h.actionIn(w, r, vios.ActionUpdateAction)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	note := formValue(r, "notitie")
	if err := h.Networks.UpdateAction(r.Context(), m.ID, a.ID, formValue(r, "status"), note, basedOn); err != nil {
		if fresh, ferr := h.Networks.FindAction(r.Context(), m.ID, a.ID); ferr == nil {
			a = fresh
		}
		h.formFailed(w, r, err, func(status int) { h.renderAction(w, r, status, m, n, a, err, note) })
		return
	}
	http.Redirect(w, r, "/actiepunten/"+m.Slug+"/"+a.ID+"?melding=bijgewerkt", http.StatusSeeOther)
}

// makeCalendarFeed gives the actor a new secret feed link, shown once.
func (h *Handler) makeCalendarFeed(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	token, hash := auth.NewToken()
	if err := h.Identity.SetCalendarFeed(r.Context(), actor.User.ID, hash); err != nil {
		h.renderError(w, r, err)
		return
	}
	base := h.BaseURL
	if base == "" {
		base = "http://" + r.Host
	}
	h.render(w, r, http.StatusOK, "agenda-koppeling", page{Title: "Agendakoppeling", Current: "account",
		Data: base + "/agenda/" + token})
}

func (h *Handler) revokeCalendarFeed(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if err := h.Identity.RevokeCalendarFeed(r.Context(), actor.User.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?melding=agenda-ingetrokken", http.StatusSeeOther)
}

// calendarFeed serves the meetings of the link's owner as iCalendar. The
// link is the secret; it names no one, and neither does the feed.
func (h *Handler) calendarFeed(w http.ResponseWriter, r *http.Request) {
	meetings, slugs, err := h.Networks.CalendarFeedMeetings(r.Context(), auth.HashToken(r.PathValue("token")), h.now().AddDate(0, -3, 0))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	base := h.BaseURL
	if base == "" {
		base = "http://" + r.Host
	}
	var entries []calendar.FeedEntry
	for _, m := range meetings {
		entries = append(entries, calendar.FeedEntry{Meeting: m, NetworkName: m.NetworkName,
			URL: base + "/overleggen/" + slugs[m.MunicipalityID] + "/" + m.ID})
	}
	ics, err := calendar.Feed(entries, h.now())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Write(ics)
}

func (h *Handler) listPhenomena(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok {
		return
	}
	h.renderPhenomena(w, r, http.StatusOK, m, nil, "")
}

func (h *Handler) renderPhenomena(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, err error, label string) {
	list, lerr := h.Networks.ListPhenomena(r.Context(), m.ID)
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	data := struct {
		Municipality *vios.Municipality
		National     []vios.Phenomenon
		Own          []vios.Phenomenon
		Label        string
		Notice       string
		formOutcome
	}{Municipality: m, Label: label, formOutcome: blankForm()}
	for _, p := range list {
		if p.MunicipalityID == "" {
			data.National = append(data.National, p)
		} else {
			data.Own = append(data.Own, p)
		}
	}
	if r.URL.Query().Get("melding") == "toegevoegd" {
		data.Notice = "Het fenomeen is toegevoegd."
	}
	if err != nil {
		data.formOutcome = formFailure(err, map[string]string{"naam": "fenomeen"})
	}
	h.render(w, r, status, "fenomenen", page{Title: "Fenomenen", Current: "netwerken", Data: data})
}

func (h *Handler) addPhenomenon(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := &vios.Phenomenon{MunicipalityID: m.ID, Label: formValue(r, "naam")}
	if err := h.Networks.AddPhenomenon(r.Context(), p); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderPhenomena(w, r, status, m, err, p.Label) })
		return
	}
	http.Redirect(w, r, "/fenomenen/"+m.Slug+"?melding=toegevoegd", http.StatusSeeOther)
}
