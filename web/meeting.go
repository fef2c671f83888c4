package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

// A meeting's page carries the whole cycle: the agenda (its first item the
// network's open actions), proposals, publication, attendance, minutes per
// item, actions, approval and corrections.

func (h *Handler) meetingRoutes() []httpx.Route {
	return append([]httpx.Route{
		{Method: "GET", Pattern: "/overleggen/{gemeente}/{id}", Handler: h.showMeeting},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/agendapunten", Handler: h.proposeItem},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/agenda", Handler: h.orderAgenda},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/publiceren", Handler: h.publishAgenda},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/aanwezigheid", Handler: h.recordAttendance},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/agendapunten/{punt}/verslag", Handler: h.saveMinutes},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/agendapunten/{punt}/verslag-met-naam", Handler: h.saveNamedMinutes},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/actiepunten", Handler: h.createAction},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/vaststellen", Handler: h.approveMinutes},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/correcties", Handler: h.addCorrection},
		{Method: "POST", Pattern: "/overleggen/{gemeente}/{id}/wijzigen", Handler: h.rescheduleMeeting},
	}, h.printRoutes("/overleggen/{gemeente}/{id}/afdrukken", "/overleggen/{gemeente}/{id}/verslag.pdf", h.meetingPrint)...)
}

// meetingIn loads the meeting in the path and its network, and checks the
// action against the actor's place in that network.
func (h *Handler) meetingIn(w http.ResponseWriter, r *http.Request, action vios.Action) (*vios.Municipality, *vios.Network, *vios.Meeting, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	mt, err := h.Networks.FindMeeting(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, nil, false
	}
	n, ok := h.networkOf(w, r, actor, m, action, mt.NetworkID)
	return m, n, mt, ok
}

// meetingPage is the data of a meeting's page.
type meetingPage struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Meeting      *vios.Meeting
	Version      string
	Notice       string
	Today        time.Time
	// Day is when lateness counts from: today before the meeting, the
	// meeting's day once held (the agenda as it stood).
	Day        time.Time
	MayRun     bool
	MayPropose bool
	// Minuting: the chair or secretary can write minutes and record
	// attendance and actions now.
	Minuting bool
	// The generated first item: the network's open actions (as they stood
	// at the meeting once it was held).
	OpenActions  []*vios.ActionItem
	Items        []vios.AgendaItem // what this actor may see of the agenda
	Proposed     int               // proposals awaiting the chair
	Deadline     time.Time
	DeadlineGone bool
	Actions      []*vios.ActionItem // agreed in this meeting
	Attendance   []attendanceRow
	Owners       []vios.NetworkMember
	Phenomena    []vios.Phenomenon
	Previous     *vios.Meeting // the last held meeting whose minutes await approval
	Unsaved      map[string]*vios.AgendaItem
	formOutcome
	Typed    url.Values // what the refused form held, to fill it again
	Kinds    []vios.Label
	Statuses []vios.Label
	// CaseItems: the casus items' pupils and named minutes, by item id.
	CaseItems map[string]*caseItem
	// Sources: the messages items were proposed from, for who reads them.
	Sources map[string]*vios.MessageSource
}

// attendanceRow is a fixed member with their deputies and what was recorded.
type attendanceRow struct {
	Member   vios.NetworkMember
	Deputies []vios.NetworkMember
	Status   string
	DeputyID string
}

var meetingNotices = map[string]string{
	"voorgesteld":  "Uw agendapunt is voorgesteld. De voorzitter beslist of het op de agenda komt.",
	"toegevoegd":   "Het agendapunt staat op de agenda.",
	"agenda":       "De agenda is opgeslagen.",
	"gepubliceerd": "De agenda is verstuurd; de leden hebben een bericht gekregen.",
	"aanwezigheid": "De aanwezigheid is opgeslagen.",
	"verslag":      "Het verslag van het punt is opgeslagen.",
	"actiepunt":    "Het actiepunt is vastgelegd.",
	"vastgesteld":  "Het verslag is vastgesteld. Het verandert niet meer; correcties worden toegevoegd.",
	"correctie":    "De correctie is toegevoegd.",
	"verplaatst":   "Het overleg is gewijzigd; de leden hebben een nieuwe uitnodiging gekregen.",
	"geannuleerd":  "Het overleg is geannuleerd; de leden hebben bericht gekregen.",
}

func (h *Handler) showMeeting(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionViewNetwork)
	if !ok {
		return
	}
	h.renderMeeting(w, r, http.StatusOK, m, n, mt, nil, nil)
}

// renderMeeting shows the meeting page; err puts the problems of the last
// form above it, unsaved keeps minutes that could not be saved. Its values
// are pointers: the template's index of any other item is then nil, where
// an empty AgendaItem would be a true value and show the warning.
func (h *Handler) renderMeeting(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, n *vios.Network,
	mt *vios.Meeting, err error, unsaved map[string]*vios.AgendaItem) {
	p, perr := h.meetingPage(r, m, n, mt)
	if perr != nil {
		h.renderError(w, r, perr)
		return
	}
	p.Unsaved = unsaved
	if err != nil {
		p.Typed = r.PostForm
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(err, map[string]string{"titel": "punt-titel", "soort": "punt-soort",
			"fenomenen": "punt-fenomenen", "wat": "actie-wat", "eigenaar": "actie-eigenaar", "deadline": "actie-deadline",
			"aanwezigheid": "aanwezigheid", "plaatsvervanger": "aanwezigheid", "agenda": "agenda-ordenen",
			"correctie": "correctie", "begin": "wijzig-datum", "einde": "wijzig-eind", "plaats": "wijzig-plaats",
			"onlineLink": "wijzig-online"})
	}
	h.render(w, r, status, "overleg", page{Title: "Overleg " + n.Name, Current: "netwerken", Data: p,
		Attachments: h.attachments(r, m, vios.OwnerMeeting, mt.ID, h.may(vios.ActorFromContext(r.Context()), vios.ActionRunMeeting, n))})
}

func (h *Handler) meetingPage(r *http.Request, m *vios.Municipality, n *vios.Network, mt *vios.Meeting) (*meetingPage, error) {
	ctx := r.Context()
	actor := vios.ActorFromContext(ctx)
	p := &meetingPage{Municipality: m, Network: n, Meeting: mt, Version: mt.UpdatedAt.Format(time.RFC3339Nano),
		Notice: meetingNotices[r.URL.Query().Get("melding")], Today: h.today(),
		MayRun: h.may(actor, vios.ActionRunMeeting, n), MayPropose: h.may(actor, vios.ActionProposeItem, n),
		Deadline: mt.ProposalDeadline(n), formOutcome: blankForm(), Kinds: vios.AgendaItemKinds, Statuses: vios.AttendanceStatuses}
	p.DeadlineGone = h.now().After(p.Deadline) || mt.Status != vios.MeetingPlanned
	// Minutes, attendance and actions are recorded from the meeting's start
	// on, as the store requires (and as a case's actions are).
	p.Minuting = p.MayRun && mt.MinutesApprovedAt == nil && (mt.Status == vios.MeetingHeld ||
		(mt.Status == vios.MeetingPublished && mt.Started(h.now())))
	p.Day = p.Today
	if mt.Status == vios.MeetingHeld {
		p.Day = vios.Date(mt.StartsAt)
	}
	for _, it := range mt.Items {
		if it.Status == vios.ItemProposed {
			p.Proposed++
		}
		// Members see the agenda and their own proposals; the chair sees all.
		if p.MayRun || it.Status == vios.ItemAccepted || it.ProposedByID == actor.User.ID {
			p.Items = append(p.Items, it)
		}
	}
	p.Sources = messageSourcesOf(h, r, m.ID, "agendapunt", p.Items, func(it vios.AgendaItem) string { return it.ID })
	filter := vios.ActionFilter{MunicipalityID: m.ID, NetworkID: n.ID, OpenOnly: true}
	if mt.Status == vios.MeetingHeld {
		filter = vios.ActionFilter{MunicipalityID: m.ID, NetworkID: n.ID, OpenAt: &mt.StartsAt}
	}
	var err error
	if p.OpenActions, err = h.Networks.ListActions(ctx, filter); err != nil {
		return nil, err
	}
	if p.Actions, err = h.Networks.ListActions(ctx, vios.ActionFilter{MunicipalityID: m.ID, MeetingID: mt.ID}); err != nil {
		return nil, err
	}
	if p.Phenomena, err = h.Networks.ListPhenomena(ctx, m.ID); err != nil {
		return nil, err
	}
	if p.CaseItems, err = h.caseItems(r, m, mt); err != nil {
		return nil, err
	}
	day := vios.Date(mt.StartsAt)
	recorded := map[string]vios.Attendance{}
	for _, a := range mt.Attendance {
		recorded[a.MemberID] = a
	}
	for _, mem := range n.Members {
		if !mem.ActiveOn(day) {
			continue
		}
		p.Owners = append(p.Owners, mem)
		if mem.Position != vios.PositionMember {
			continue
		}
		row := attendanceRow{Member: mem, Status: vios.AttendancePresent}
		if a, ok := recorded[mem.ID]; ok {
			row.Status, row.DeputyID = a.Status, a.DeputyUserID
		}
		for _, d := range n.Members {
			if d.DeputyForID == mem.ID && d.ActiveOn(day) {
				row.Deputies = append(row.Deputies, d)
			}
		}
		p.Attendance = append(p.Attendance, row)
	}
	// The minutes of the previous meeting are approved at this one.
	earlier, err := h.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: n.ID, To: &mt.StartsAt})
	if err != nil {
		return nil, err
	}
	for i := len(earlier) - 1; i >= 0; i-- {
		if earlier[i].Status == vios.MeetingHeld {
			if earlier[i].MinutesApprovedAt == nil {
				p.Previous = earlier[i]
			}
			break
		}
	}
	return p, nil
}

// afterChange answers a meeting form: the page again with the problems of
// err (400 or 409), or back to the meeting with a notice at an anchor.
func (h *Handler) afterChange(w http.ResponseWriter, r *http.Request, m *vios.Municipality, n *vios.Network, mt *vios.Meeting,
	err error, notice, anchor string) {
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderMeeting(w, r, status, m, n, mt, err, nil) })
		return
	}
	back(w, r, m, mt, notice, anchor)
}

// back redirects to the meeting page with a notice at an anchor.
func back(w http.ResponseWriter, r *http.Request, m *vios.Municipality, mt *vios.Meeting, notice, anchor string) {
	http.Redirect(w, r, "/overleggen/"+m.Slug+"/"+mt.ID+"?melding="+notice+"#"+anchor, http.StatusSeeOther)
}

func (h *Handler) proposeItem(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionProposeItem)
	if !ok || !h.parseForm(w, r) {
		return
	}
	item := &vios.AgendaItem{MeetingID: mt.ID, Kind: formValue(r, "soort"), Title: formValue(r, "titel"),
		Description: formValue(r, "toelichting"), Phenomena: r.PostForm["fenomenen"]}
	if err := h.Networks.ProposeItem(r.Context(), m.ID, item); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderMeeting(w, r, status, m, n, mt, err, nil) })
		return
	}
	notice := "voorgesteld"
	if item.Status == vios.ItemAccepted {
		notice = "toegevoegd"
	}
	back(w, r, m, mt, notice, "agenda")
}

func (h *Handler) orderAgenda(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	// Items come in their current order with a position field each; the
	// chair renumbers them, and ties keep the current order.
	type entry struct {
		order vios.AgendaOrder
		pos   string
		index int
	}
	var entries []entry
	for i, id := range r.PostForm["punt"] {
		entries = append(entries, entry{order: vios.AgendaOrder{ItemID: id, Status: formValue(r, "status-"+id)},
			pos: formValue(r, "positie-"+id), index: i})
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		if len(a.pos) != len(b.pos) {
			return len(a.pos) - len(b.pos)
		}
		return strings.Compare(a.pos, b.pos)
	})
	var order []vios.AgendaOrder
	for _, e := range entries {
		order = append(order, e.order)
	}
	h.afterChange(w, r, m, n, mt, h.Networks.OrderAgenda(r.Context(), m.ID, mt.ID, order, basedOn), "agenda", "agenda")
}

func (h *Handler) publishAgenda(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok {
		return
	}
	h.afterChange(w, r, m, n, mt, h.Networks.PublishAgenda(r.Context(), m.ID, mt.ID), "gepubliceerd", "agenda")
}

func (h *Handler) recordAttendance(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var list []vios.Attendance
	for _, id := range r.PostForm["lid"] {
		a := vios.Attendance{MemberID: id, Status: formValue(r, "status-"+id)}
		if a.Status == vios.AttendanceReplaced {
			a.DeputyUserID = formValue(r, "vervanger-"+id)
		}
		list = append(list, a)
	}
	h.afterChange(w, r, m, n, mt, h.Networks.RecordAttendance(r.Context(), m.ID, mt.ID, list), "aanwezigheid", "aanwezigheid")
}

func (h *Handler) saveMinutes(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	item := &vios.AgendaItem{ID: r.PathValue("punt"), MeetingID: mt.ID, Minutes: strings.TrimSpace(r.PostFormValue("verslag")),
		Decisions: strings.TrimSpace(r.PostFormValue("besluiten"))}
	if err := h.Networks.SaveItemMinutes(r.Context(), m.ID, item, basedOn); err != nil {
		// Keep what was typed beside the saved text: nothing is lost.
		unsaved := map[string]*vios.AgendaItem{item.ID: item}
		h.formFailed(w, r, err, func(status int) { h.renderMeeting(w, r, status, m, n, mt, err, unsaved) })
		return
	}
	back(w, r, m, mt, "verslag", "punt-"+item.ID)
}

func (h *Handler) createAction(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	a := &vios.ActionItem{MunicipalityID: m.ID, MeetingID: mt.ID, ItemID: formValue(r, "agendapunt"), Title: formValue(r, "wat"),
		OwnerUserID: formValue(r, "eigenaar")}
	var err error
	if due := formValue(r, "deadline"); due != "" {
		if a.DueOn, err = time.Parse(time.DateOnly, due); err != nil {
			err = vios.Invalid("deadline", "Vul de deadline in als datum.", "Het actiepunt is niet volledig of niet juist.")
		}
	}
	if err == nil {
		err = h.Networks.CreateAction(r.Context(), a)
	}
	h.afterChange(w, r, m, n, mt, err, "actiepunt", "actiepunten")
}

func (h *Handler) approveMinutes(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	if err := h.Networks.ApproveMinutes(r.Context(), m.ID, mt.ID); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderMeeting(w, r, status, m, n, mt, err, nil) })
		return
	}
	// Approved from the next meeting's page: go back there.
	if next := formValue(r, "terug"); vios.ValidID(next) {
		http.Redirect(w, r, "/overleggen/"+m.Slug+"/"+next+"?melding=vastgesteld", http.StatusSeeOther)
		return
	}
	back(w, r, m, mt, "vastgesteld", "verslag")
}

func (h *Handler) addCorrection(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	c := &vios.MinutesCorrection{MeetingID: mt.ID, ItemID: formValue(r, "agendapunt"), Text: formValue(r, "correctie")}
	h.afterChange(w, r, m, n, mt, h.Networks.AddCorrection(r.Context(), m.ID, c), "correctie", "correcties")
}

func (h *Handler) rescheduleMeeting(w http.ResponseWriter, r *http.Request) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionRunMeeting)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	changed := *mt
	notice := "verplaatst"
	var err error
	if formValue(r, "annuleren") == "ja" {
		changed.Status, notice = vios.MeetingCancelled, "geannuleerd"
	} else {
		f := planForm{Date: formValue(r, "datum"), Start: formValue(r, "begin"), End: formValue(r, "eind"), Count: "1",
			Location: formValue(r, "plaats"), OnlineURL: formValue(r, "online")}
		var plan vios.SeriesPlan
		if plan, err = f.plan(); err == nil {
			changed.StartsAt, changed.EndsAt = plan.First.StartsAt, plan.First.EndsAt
			changed.Location, changed.OnlineURL = plan.First.Location, plan.First.OnlineURL
		}
	}
	if err == nil {
		err = h.Networks.RescheduleMeeting(r.Context(), &changed, basedOn)
	}
	h.afterChange(w, r, m, n, mt, err, notice, "overleg")
}

// meetingReport gathers what the print view and the PDF show.
func (h *Handler) meetingReport(r *http.Request, m *vios.Municipality, n *vios.Network, mt *vios.Meeting) (*report.MeetingReport, error) {
	p, err := h.meetingPage(r, m, n, mt)
	if err != nil {
		return nil, err
	}
	labels := map[string]string{}
	for _, ph := range p.Phenomena {
		labels[ph.Code] = ph.Label
	}
	shown := *mt
	shown.Items = nil
	for _, it := range mt.Items {
		if it.Status == vios.ItemAccepted {
			shown.Items = append(shown.Items, it)
		}
	}
	return &report.MeetingReport{Municipality: m.Name, Network: n, Meeting: &shown, OpenActions: p.OpenActions, Actions: p.Actions,
		PhenomenonLabel: func(code string) string {
			if l := labels[code]; l != "" {
				return l
			}
			return code
		}}, nil
}

// meetingReportIn is the report of the meeting in the path, for its printable
// page and its PDF.
func (h *Handler) meetingReportIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.Network, *vios.Meeting, *report.MeetingReport, bool) {
	m, n, mt, ok := h.meetingIn(w, r, vios.ActionViewNetwork)
	if !ok {
		return nil, nil, nil, nil, false
	}
	rep, err := h.meetingReport(r, m, n, mt)
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, nil, nil, false
	}
	return m, n, mt, rep, true
}

// meetingPrint is the meeting's report to print.
func (h *Handler) meetingPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, _, mt, rep, ok := h.meetingReportIn(w, r)
	if !ok {
		return nil, false
	}
	doc, err := report.MeetingDocument(rep)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/overleggen/" + m.Slug + "/" + mt.ID
	return &printJob{doc: doc, back: path, view: path + "/afdrukken", pdf: path + "/verslag.pdf",
		filename: "verslag-" + mt.StartsAt.In(vios.Amsterdam).Format("2006-01-02") + ".pdf"}, true
}
