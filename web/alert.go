package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

// Acute alerts: a member raises an alert to an alert group; the recipients
// see it live (static/alerts.js on every page, fed by alertStream) and
// acknowledge it; the sender sees who has and who has not; the alert is
// closed with a summary and becomes a signal.

// AlertHub wakes the live alert streams (and thread pages, thread_live.go)
// of this process: the handlers
// here when they change an alert, and on PostgreSQL the listener of
// changes made through any instance (store.DB.ListenAlerts). Streams also
// poll, in case a wake is lost. A nil hub is usable: it never wakes anyone.
type AlertHub struct {
	mu     sync.Mutex
	subs   map[chan struct{}]struct{}
	closed chan struct{}
	once   sync.Once
}

// NewAlertHub returns a hub without streams.
func NewAlertHub() *AlertHub {
	return &AlertHub{subs: map[chan struct{}]struct{}{}, closed: make(chan struct{})}
}

// Notify wakes every stream: something about an alert changed.
func (h *AlertHub) Notify() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- struct{}{}:
		default: // already woken; it will look once for both
		}
	}
}

// Close ends every stream, for a graceful shutdown (http.Server waits for
// open requests, and a stream does not end by itself).
func (h *AlertHub) Close() {
	if h != nil {
		h.once.Do(func() { close(h.closed) })
	}
}

// subscribe returns a channel that is woken by Notify, one that is closed
// by Close, and the function that unsubscribes.
func (h *AlertHub) subscribe() (wake <-chan struct{}, closed <-chan struct{}, stop func()) {
	if h == nil {
		return nil, nil, func() {}
	}
	c := make(chan struct{}, 1)
	h.mu.Lock()
	h.subs[c] = struct{}{}
	h.mu.Unlock()
	return c, h.closed, func() {
		h.mu.Lock()
		delete(h.subs, c)
		h.mu.Unlock()
	}
}

func (h *Handler) alertRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/alerts/stroom", Handler: h.alertStream},
		{Method: "GET", Pattern: "/alerts/{gemeente}", Handler: h.listAlerts},
		{Method: "POST", Pattern: "/alerts/{gemeente}", Handler: h.raiseAlert},
		{Method: "GET", Pattern: "/alerts/{gemeente}/{id}", Handler: h.showAlert},
		{Method: "POST", Pattern: "/alerts/{gemeente}/{id}/gezien", Handler: h.acknowledgeAlert},
		{Method: "POST", Pattern: "/alerts/{gemeente}/{id}/afsluiten", Handler: h.closeAlert},
	}
}

// alertRow is an alert as a list shows it: counts, never the text.
type alertRow struct {
	*vios.Alert
	Seen, Total int
	ForMe       bool // the reader is a recipient who has not acknowledged it
}

func alertRowOf(a *vios.Alert, userID string) alertRow {
	row := alertRow{Alert: a, Total: len(a.Recipients)}
	row.Seen = row.Total - len(a.Unacknowledged())
	if r := a.Recipient(userID); r != nil && r.AcknowledgedAt == nil && a.ClosedAt == nil {
		row.ForMe = true
	}
	return row
}

// Stand is the state of the recipients table that live updates compare
// against (alerts.js): seen/total/open/escalated.
func (r alertRow) Stand() string {
	open, escalated := 0, 0
	if r.ClosedAt == nil {
		open = 1
	}
	if r.EscalatedAt != nil {
		escalated = 1
	}
	return strconv.Itoa(r.Seen) + "/" + strconv.Itoa(r.Total) + "/" + strconv.Itoa(open) + "/" + strconv.Itoa(escalated)
}

type alertListPage struct {
	Municipality *vios.Municipality
	Alerts       []alertRow
	Groups       []*vios.Network // where the reader may raise an alert
	// Derived are the groups derived for a school's member, with whom
	// they reach: no one has to build them first.
	Derived   []vios.AlertAudience
	Recipient string // the group chosen in the form: a network id or a derived group's code
	Phenomena []vios.Phenomenon
	Alert     *vios.Alert // the form
	Escalate  string
	formOutcome
}

func (h *Handler) listAlerts(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	h.renderAlerts(w, r, http.StatusOK, actor, m, &vios.Alert{EscalateAfter: vios.DefaultEscalateAfter}, "", nil)
}

func (h *Handler) renderAlerts(w http.ResponseWriter, r *http.Request, status int, actor *vios.Actor, m *vios.Municipality, a *vios.Alert, escalate string, err error) {
	list, lerr := h.Alerts.ListAlerts(r.Context(), vios.AlertFilter{MunicipalityID: m.ID, Limit: 50})
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	f := vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkAlertgroep}
	if !actor.HasRole(vios.RoleRegisseur, m.ID) {
		f.MemberUserID = actor.User.ID
	}
	groups, gerr := h.Networks.ListNetworks(r.Context(), f)
	if gerr != nil {
		h.renderError(w, r, gerr)
		return
	}
	derived, derr := h.Alerts.AlertAudiences(r.Context(), m.ID)
	if derr != nil {
		h.renderError(w, r, derr)
		return
	}
	p := alertListPage{Municipality: m, Groups: groups, Derived: derived, Alert: a, Recipient: a.NetworkID, Escalate: escalate, formOutcome: blankForm()}
	if a.Audience != "" {
		p.Recipient = a.Audience
	}
	if p.Escalate == "" {
		p.Escalate = strconv.Itoa(a.EscalateAfter)
	}
	p.Phenomena, _ = h.Networks.ListPhenomena(r.Context(), m.ID)
	for _, x := range list {
		p.Alerts = append(p.Alerts, alertRowOf(x, actor.User.ID))
	}
	if err != nil {
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(err, map[string]string{"alertgroep": "alertgroep", "tekst": "tekst", "fenomeen": "fenomeen",
			"escalatie": "escalatie"})
	}
	h.render(w, r, status, "alerts", page{Title: "Acute alerts in " + m.Name, Current: "signalen", Data: p})
}

func (h *Handler) raiseAlert(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	a := &vios.Alert{MunicipalityID: m.ID, NetworkID: formValue(r, "alertgroep"), Text: formValue(r, "tekst"), Phenomenon: formValue(r, "fenomeen")}
	if a.NetworkID == vios.AudienceSchoolNetwork || a.NetworkID == vios.AudienceNeighbourhood {
		a.Audience, a.NetworkID = a.NetworkID, ""
	}
	escalate := formValue(r, "escalatie")
	var err error
	if escalate != "" {
		if a.EscalateAfter, err = strconv.Atoi(escalate); err != nil {
			err = vios.Invalid("escalatie", "Vul het aantal minuten in als getal, bijvoorbeeld 10.", "Het alert is niet verstuurd.")
		}
	}
	if err == nil {
		err = h.Alerts.RaiseAlert(r.Context(), a)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderAlerts(w, r, status, actor, m, a, escalate, err) })
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, "/alerts/"+m.Slug+"/"+a.ID+"?melding=verstuurd", http.StatusSeeOther)
}

type alertPage struct {
	Municipality   *vios.Municipality
	Alert          alertRow
	Phenomena      []vios.Phenomenon
	Sender         bool
	MayAcknowledge bool
	MayClose       bool
	Summary        string
	Notice         string
	formOutcome
}

func (h *Handler) showAlert(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	h.renderAlert(w, r, http.StatusOK, m, r.PathValue("id"), "", nil)
}

// renderAlert reads the alert again (its read is audited) and shows it,
// with the error of a form on it when err is set.
func (h *Handler) renderAlert(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, id, summary string, err error) {
	actor := vios.ActorFromContext(r.Context())
	a, ferr := h.Alerts.FindAlert(r.Context(), m.ID, id)
	if ferr != nil {
		h.lookupFailed(w, r, m, ferr)
		return
	}
	p := alertPage{Municipality: m, Alert: alertRowOf(a, actor.User.ID), Sender: a.RaisedByID == actor.User.ID, Summary: summary,
		formOutcome: blankForm()}
	p.MayAcknowledge = p.Alert.ForMe
	if a.ClosedAt == nil {
		p.MayClose = p.Sender || actor.HasRole(vios.RoleRegisseur, m.ID)
		if n, nerr := h.Networks.FindNetwork(r.Context(), m.ID, a.NetworkID); nerr == nil {
			if chair := n.Chair(h.today()); chair != nil && chair.UserID == actor.User.ID {
				p.MayClose = true
			}
		}
	}
	p.Phenomena, _ = h.Networks.ListPhenomena(r.Context(), m.ID)
	p.Notice = map[string]string{
		"verstuurd":  "Het alert " + a.Code + " is verstuurd aan de leden van " + a.NetworkName + ".",
		"gezien":     "U heeft laten weten dat u het alert gezien heeft.",
		"afgesloten": "Het alert is afgesloten en staat als signaal klaar voor opvolging.",
	}[r.URL.Query().Get("melding")]
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"samenvatting": "samenvatting"})
	}
	h.render(w, r, status, "alert", page{Title: "Acuut alert " + a.Code, Current: "signalen", Data: p})
}

func (h *Handler) acknowledgeAlert(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if err := h.Alerts.AcknowledgeAlert(r.Context(), m.ID, id); err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, "/alerts/"+m.Slug+"/"+id+"?melding=gezien", http.StatusSeeOther)
}

func (h *Handler) closeAlert(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id, summary := r.PathValue("id"), formValue(r, "samenvatting")
	if _, err := h.Alerts.CloseAlert(r.Context(), m.ID, id, summary); err != nil {
		switch vios.ErrorCode(err) {
		case vios.EINVALID:
			h.renderAlert(w, r, http.StatusBadRequest, m, id, summary, err)
		case vios.ECONFLICT:
			h.renderAlert(w, r, http.StatusConflict, m, id, summary, err)
		default:
			h.lookupFailed(w, r, m, err)
		}
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, "/alerts/"+m.Slug+"/"+id+"?melding=afgesloten", http.StatusSeeOther)
}

// The live stream (server-sent events) of the logged-in user's alerts.
const (
	streamPoll         = 2 * time.Second  // how often it looks without being woken (Deps.AlertPoll)
	streamKeepAlive    = 15 * time.Second // a comment when nothing was sent for this long
	streamSessionCheck = 30 * time.Second // how often it checks the session still runs
	streamWriteTimeout = 10 * time.Second // a write that takes longer ends the stream
)

// alertEvent is what the stream says about one alert: never its text, nor
// any name.
type alertEvent struct {
	ID           string `json:"id"`
	Code         string `json:"code"`
	Municipality string `json:"gemeente"`
	URL          string `json:"adres"`
	Open         bool   `json:"open"`
	Recipients   int    `json:"ontvangers"`
	Seen         int    `json:"gezien"`
	Escalated    bool   `json:"geescaleerd"`
	ForMe        bool   `json:"voorMij"`   // a recipient who has not acknowledged it
	Sent         bool   `json:"verstuurd"` // the reader raised it
	Stand        string `json:"stand"`     // as alertRow.Stand
}

// alertStream sends the user an event for every open alert to or from them
// when it connects, and then for every alert that is new or changed: it
// looks every streamPoll, or at once when the hub wakes it. A client that
// does not ask for a stream (no Accept: text/event-stream) gets the events
// of the moment once, so a plain request ends. The stream ends with the
// request, the hub, or the session (logged out, expired, blocked).
func (h *Handler) alertStream(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	actor := vios.ActorFromContext(ctx)
	if actor == nil {
		http.Error(w, "Log in om verder te gaan.", http.StatusUnauthorized)
		return
	}
	municipalities, err := h.Organisations.ListMunicipalities(ctx)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	slugs := map[string]string{}
	for _, m := range municipalities {
		slugs[m.ID] = m.Slug
	}
	live := strings.Contains(r.Header.Get("Accept"), "text/event-stream")
	wake, closed, stop := h.AlertHub.subscribe()
	defer stop()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("X-Accel-Buffering", "no") // a proxy must not hold events back
	w.WriteHeader(http.StatusOK)
	send := func(chunk string) bool {
		// Each write gets its own deadline instead of the server's
		// WriteTimeout for the whole response, which would end the stream;
		// a client that stops reading is let go.
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout)) // #nosec G104 -- net/http's own writer supports it; a client that stops reading fails the write below
		if _, err := fmt.Fprint(w, chunk); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 3000\n\n") {
		return
	}
	// Alerts that changed since just before the connection count as news;
	// those that stayed open are sent once at the start.
	since := h.now().Add(-time.Minute)
	sent := map[string]string{}
	look := func(woken bool) (wrote, ok bool) {
		rctx := ctx
		if woken {
			// Woken by a change: a read replica may not have it yet.
			rctx = vios.NewContextWithFreshReads(ctx)
		}
		open, err := h.Alerts.ListAlerts(rctx, vios.AlertFilter{RecipientID: actor.User.ID, OpenOnly: true, Limit: 50})
		if err == nil {
			var changed []*vios.Alert
			changed, err = h.Alerts.ListAlerts(rctx, vios.AlertFilter{RecipientID: actor.User.ID, Since: since, Limit: 50})
			open = append(open, changed...)
		}
		if err != nil {
			if ctx.Err() == nil {
				h.logger.Warn("alert stream", "err", err)
			}
			return false, false
		}
		for _, a := range open {
			row := alertRowOf(a, actor.User.ID)
			e := alertEvent{ID: a.ID, Code: a.Code, Municipality: slugs[a.MunicipalityID], Open: a.ClosedAt == nil,
				Recipients: row.Total, Seen: row.Seen, Escalated: a.EscalatedAt != nil, ForMe: row.ForMe,
				Sent: a.RaisedByID == actor.User.ID, Stand: row.Stand()}
			e.URL = "/alerts/" + e.Municipality + "/" + a.ID
			if sent[a.ID] == e.Stand+fmt.Sprint(e.ForMe) {
				continue
			}
			sent[a.ID] = e.Stand + fmt.Sprint(e.ForMe)
			data, _ := json.Marshal(e)
			if !send("event: alert\ndata: " + string(data) + "\n\n") {
				return wrote, false
			}
			wrote = true
		}
		return wrote, true
	}
	if _, ok := look(false); !ok || !live {
		return
	}
	h.streamLoop(r, wake, closed, send, look)
}

// streamLoop keeps a live stream open after its first look: it looks again
// when the hub wakes it (woken) or every poll, checks now and then that the
// session still runs, and sends a comment to keep the connection when it
// wrote nothing for a while. It returns when the request, the hub or the
// session ends, or when look or a write fails.
func (h *Handler) streamLoop(r *http.Request, wake, closed <-chan struct{}, send func(string) bool, look func(woken bool) (wrote, ok bool)) {
	ctx := r.Context()
	every := h.AlertPoll
	if every <= 0 {
		every = streamPoll
	}
	poll := time.NewTicker(every)
	defer poll.Stop()
	lastWrite, lastCheck := time.Now(), time.Now()
	for {
		woken := false
		select {
		case <-ctx.Done():
			return
		case <-closed:
			return
		case <-wake:
			woken = true
		case <-poll.C:
		}
		if time.Since(lastCheck) >= streamSessionCheck {
			if !h.sessionRuns(r) {
				return
			}
			lastCheck = time.Now()
		}
		wrote, ok := look(woken)
		if !ok {
			return
		}
		if !wrote && time.Since(lastWrite) >= streamKeepAlive {
			wrote = send(": nog verbonden\n\n")
			if !wrote {
				return
			}
		}
		if wrote {
			lastWrite = time.Now()
		}
	}
}

// sessionRuns reports whether the session of the request is still valid,
// without counting the check as activity: an open tab does not keep a
// session alive.
func (h *Handler) sessionRuns(r *http.Request) bool {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return false
	}
	_, _, err = h.Identity.FindSession(r.Context(), auth.HashToken(c.Value), h.Sessions)
	return err == nil
}
