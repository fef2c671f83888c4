package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// meetingJSON is a meeting as the API shows it in a list.
type meetingJSON struct {
	ID                   string    `json:"id"`
	Netwerk              string    `json:"netwerk"`
	NetwerkNaam          string    `json:"netwerkNaam"`
	Begin                isoTime   `json:"begin"`
	Einde                isoTime   `json:"einde"`
	Plaats               string    `json:"plaats"`
	OnlineLink           string    `json:"onlineLink"`
	Status               string    `json:"status"`
	VoorstellenTot       isoTime   `json:"voorstellenTot"`
	AgendaVerstuurdOp    *isoTime  `json:"agendaVerstuurdOp"`
	VerslagVastgesteldOp *isoTime  `json:"verslagVastgesteldOp"`
	AangemaaktOp         isoTime   `json:"aangemaaktOp"`
	GewijzigdOp          isoTime   `json:"gewijzigdOp"`
	Links                selfLinks `json:"_links"`
}

// meetingDetailJSON is one meeting with its agenda, attendance,
// corrections to the minutes and the network's open actions.
type meetingDetailJSON struct {
	meetingJSON
	Agendapunten    []itemJSON       `json:"agendapunten"`
	Aanwezigheid    []attendanceJSON `json:"aanwezigheid"`
	Correcties      []correctionJSON `json:"correcties"`
	OpenActiepunten []actionJSON     `json:"openActiepunten"`
}

type itemJSON struct {
	ID              string   `json:"id"`
	Positie         int      `json:"positie"`
	Soort           string   `json:"soort"`
	Titel           string   `json:"titel"`
	Toelichting     string   `json:"toelichting"`
	Status          string   `json:"status"`
	VoorgesteldDoor string   `json:"voorgesteldDoor"`
	Fenomenen       []string `json:"fenomenen"`
	Verslag         string   `json:"verslag"`
	Besluiten       string   `json:"besluiten"`
	GewijzigdOp     isoTime  `json:"gewijzigdOp"`
}

type attendanceJSON struct {
	Lid                 string  `json:"lid"`
	Naam                string  `json:"naam"`
	Organisatie         string  `json:"organisatie"`
	Status              string  `json:"status"`
	Plaatsvervanger     *string `json:"plaatsvervanger"`
	PlaatsvervangerNaam *string `json:"plaatsvervangerNaam"`
}

type correctionJSON struct {
	ID           string  `json:"id"`
	Agendapunt   *string `json:"agendapunt"`
	Auteur       string  `json:"auteur"`
	Tekst        string  `json:"tekst"`
	AangemaaktOp isoTime `json:"aangemaaktOp"`
}

func toMeetingJSON(m *vios.Meeting, n *vios.Network) meetingJSON {
	return meetingJSON{
		ID: m.ID, Netwerk: m.NetworkID, NetwerkNaam: m.NetworkName, Begin: isoTime(m.StartsAt), Einde: isoTime(m.EndsAt),
		Plaats: m.Location, OnlineLink: m.OnlineURL, Status: m.Status, VoorstellenTot: isoTime(m.ProposalDeadline(n)),
		AgendaVerstuurdOp: isoPtr(m.AgendaPublishedAt), VerslagVastgesteldOp: isoPtr(m.MinutesApprovedAt),
		AangemaaktOp: isoTime(m.CreatedAt), GewijzigdOp: isoTime(m.UpdatedAt),
		Links: selfLinks{Self: linkJSON{meetingPath(m.ID)}},
	}
}

func toItemJSON(i *vios.AgendaItem) itemJSON {
	out := itemJSON{ID: i.ID, Positie: i.Position, Soort: i.Kind, Titel: i.Title, Toelichting: i.Description, Status: i.Status,
		VoorgesteldDoor: i.ProposedByName, Fenomenen: []string{}, Verslag: i.Minutes, Besluiten: i.Decisions, GewijzigdOp: isoTime(i.UpdatedAt)}
	out.Fenomenen = append(out.Fenomenen, i.Phenomena...)
	return out
}

const meetingNotFound = "Dit overleg bestaat niet."

// meeting returns the meeting with id and its network if the actor may see
// the network, and checks action on it (see network).
func (h *Handler) meeting(ctx context.Context, actor *vios.Actor, id string, action vios.Action) (*vios.Meeting, *vios.Network, vios.Resource, error) {
	m, err := findIn(ctx, h, actor, vios.RecordMeeting, id, meetingNotFound, func(ctx context.Context, muni string) (*vios.Meeting, error) {
		return h.Networks.FindMeeting(ctx, muni, id)
	})
	if err != nil {
		return nil, nil, vios.Resource{}, err
	}
	n, err := h.Networks.FindNetwork(ctx, m.MunicipalityID, m.NetworkID)
	if err != nil {
		return nil, nil, vios.Resource{}, err
	}
	res, err := h.networkAccess(actor, n, action)
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		err = vios.Errorf(vios.ENOTFOUND, meetingNotFound)
	}
	return m, n, res, err
}

// listMeetings: GET /api/v1/netwerken/{id}/overleggen?vanaf=&tot=
func (h *Handler) listMeetings(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	var v vios.Validation
	from, to := queryDate(q, "vanaf", &v), queryDate(q, "tot", &v)
	if from != nil && to != nil && !to.After(*from) {
		v.Add("tot", "De datum tot moet na de datum vanaf liggen.")
	}
	if err := vios.JoinInvalid("De zoekvraag is ongeldig.", checkID(r.PathValue("id")), httpx.CheckQuery(q, "vanaf", "tot"),
		v.Err("De zoekvraag is ongeldig.")); err != nil {
		h.writeError(w, r, err)
		return
	}
	n, _, err := h.network(r.Context(), actor, r.PathValue("id"), vios.ActionViewNetwork)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	list, err := h.Networks.ListMeetings(r.Context(), vios.MeetingFilter{MunicipalityID: n.MunicipalityID, NetworkID: n.ID, From: from, To: to})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []meetingJSON{}
	for _, m := range list {
		items = append(items, toMeetingJSON(m, n))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// planMeetings: POST /api/v1/netwerken/{id}/overleggen — one meeting, or a
// series of aantal meetings every elkeWeken weeks (by default the network's
// own cadence).
func (h *Handler) planMeetings(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	n, _, err := h.network(r.Context(), actor, r.PathValue("id"), vios.ActionRunMeeting)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	plan := vios.SeriesPlan{Count: 1, Interval: n.Cadence.Interval()}
	if !h.decode(w, r, "Het overleg is niet gepland.", func(b *body) error {
		b.require("begin", "einde")
		b.dateTime("begin", &plan.First.StartsAt)
		b.dateTime("einde", &plan.First.EndsAt)
		b.str("plaats", &plan.First.Location)
		b.str("onlineLink", &plan.First.OnlineURL)
		b.integer("aantal", &plan.Count)
		var weeks int
		if b.integer("elkeWeken", &weeks) {
			if weeks < 1 || weeks > 52 {
				b.fail("elkeWeken", "Kies om de hoeveel weken: 1 tot en met 52.")
			} else {
				plan.Interval = time.Duration(weeks) * 7 * 24 * time.Hour
			}
		}
		// The series is checked before its first meeting; check both, so
		// that every mistake is named at once.
		now := h.Now()
		_, seriesErr := plan.Meetings(now)
		if !hasField(seriesErr, "aantal", "regelmaat") {
			seriesErr = nil // the errors of the first meeting, checked next
		}
		first := plan.First
		return vios.JoinInvalid("", renameFields(seriesErr, map[string]string{"regelmaat": "elkeWeken"}), first.Validate(now, true))
	}, nil) {
		return
	}
	list, err := h.Networks.PlanMeetings(r.Context(), n.MunicipalityID, n.ID, plan)
	if err != nil {
		h.writeError(w, r, renameFields(err, map[string]string{"regelmaat": "elkeWeken"}))
		return
	}
	items := []meetingJSON{}
	for _, m := range list {
		items = append(items, toMeetingJSON(m, n))
	}
	if len(list) == 1 {
		w.Header().Set("Location", meetingPath(list[0].ID))
	}
	writeJSON(w, http.StatusCreated, map[string]any{"items": items})
}

// meetingView is a meeting with what its answer shows beside it: its
// network, the caller's resource on that network and the network's open
// actions (as they stood at the start of a meeting that was held).
type meetingView struct {
	meeting *vios.Meeting
	network *vios.Network
	res     vios.Resource
	actions []*vios.ActionItem
}

// meetings is the resource of meetings, seen by who may see the network.
func (h *Handler) meetings() resource[*meetingView] {
	return resource[*meetingView]{h: h, kind: vios.RecordMeeting, notFound: meetingNotFound, unnamed: true,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*meetingView, error) {
			m, n, res, err := h.meeting(ctx, actor, id, vios.ActionViewNetwork)
			if err != nil {
				return nil, err
			}
			f := vios.ActionFilter{MunicipalityID: m.MunicipalityID, NetworkID: m.NetworkID}
			if m.Status == vios.MeetingHeld {
				start := m.StartsAt
				f.OpenAt = &start
			} else {
				f.OpenOnly = true
			}
			actions, err := h.Networks.ListActions(ctx, f)
			return &meetingView{meeting: m, network: n, res: res, actions: actions}, err
		},
		path: func(v *meetingView) string { return meetingPath(v.meeting.ID) },
		toJSON: func(v *meetingView, actor *vios.Actor, _ map[string]*vios.Municipality) any {
			return h.toMeetingDetailJSON(v, actor)
		}}
}

func meetingPath(id string) string { return Prefix + "/overleggen/" + id }

// getMeeting: GET /api/v1/overleggen/{id} — with the agenda (all items for
// whoever runs the meeting; items on the agenda and one's own proposals for
// other members), attendance, corrections and the network's open actions:
// as they stood at the start for a meeting that was held, as they stand now
// for one still to come.
func (h *Handler) getMeeting(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.meetings().get(w, r, actor)
}

func (h *Handler) toMeetingDetailJSON(v *meetingView, actor *vios.Actor) meetingDetailJSON {
	m := v.meeting
	runs := vios.Authorize(actor, vios.ActionRunMeeting, v.res) == nil
	out := meetingDetailJSON{meetingJSON: toMeetingJSON(m, v.network), Agendapunten: []itemJSON{}, Aanwezigheid: []attendanceJSON{},
		Correcties: []correctionJSON{}, OpenActiepunten: []actionJSON{}}
	for i := range m.Items {
		item := &m.Items[i]
		if runs || item.Status == vios.ItemAccepted || item.ProposedByID == actor.User.ID {
			out.Agendapunten = append(out.Agendapunten, toItemJSON(item))
		}
	}
	for _, a := range m.Attendance {
		out.Aanwezigheid = append(out.Aanwezigheid, attendanceJSON{Lid: a.MemberID, Naam: a.UserName, Organisatie: a.OrganisationName,
			Status: a.Status, Plaatsvervanger: strPtr(a.DeputyUserID), PlaatsvervangerNaam: strPtr(a.DeputyName)})
	}
	for _, c := range m.Corrections {
		out.Correcties = append(out.Correcties, correctionJSON{ID: c.ID, Agendapunt: strPtr(c.ItemID), Auteur: c.AuthorName,
			Tekst: c.Text, AangemaaktOp: isoTime(c.CreatedAt)})
	}
	day := h.today()
	for _, a := range v.actions {
		out.OpenActiepunten = append(out.OpenActiepunten, toActionJSON(a, day))
	}
	return out
}

// proposeItem: POST /api/v1/overleggen/{id}/agendapunten — a member's
// proposal, or an item put on the agenda at once by whoever runs the
// meeting.
func (h *Handler) proposeItem(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	m, _, _, err := h.meeting(r.Context(), actor, r.PathValue("id"), vios.ActionProposeItem)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	item := &vios.AgendaItem{MeetingID: m.ID}
	if !h.decode(w, r, "Het agendapunt is niet toegevoegd.", func(b *body) error {
		b.require("soort", "titel")
		b.str("soort", &item.Kind)
		b.str("titel", &item.Title)
		b.str("toelichting", &item.Description)
		b.strList("fenomenen", &item.Phenomena)
		return item.Validate()
	}, nil) {
		return
	}
	if err := h.Networks.ProposeItem(r.Context(), m.MunicipalityID, item); err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toItemJSON(item))
}

// recordAttendance: PUT /api/v1/overleggen/{id}/aanwezigheid — replaces the
// attendance and marks the meeting held.
func (h *Handler) recordAttendance(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	m, _, _, err := h.meeting(r.Context(), actor, r.PathValue("id"), vios.ActionRunMeeting)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var list []vios.Attendance
	if !h.decode(w, r, "De aanwezigheid is niet opgeslagen.", func(b *body) error {
		b.require("aanwezigheid")
		list = readAttendance(b)
		return nil
	}, nil) {
		return
	}
	h.meetings().done(w, r, actor, m.MunicipalityID, m.ID, h.Networks.RecordAttendance(r.Context(), m.MunicipalityID, m.ID, list), http.StatusOK)
}

// readAttendance reads the list aanwezigheid: per fixed member lid, status
// and perhaps plaatsvervanger, with one message per entry.
func readAttendance(b *body) []vios.Attendance {
	var list []vios.Attendance
	raw := b.value("aanwezigheid")
	if raw == nil {
		return nil
	}
	var entries []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		b.fail("aanwezigheid", "Geef een lijst met per vast lid lid, status en eventueel plaatsvervanger.")
	}
	for _, e := range entries {
		entry := &body{fields: e, used: map[string]bool{}, bad: map[string]bool{}}
		var a vios.Attendance
		entry.require("lid", "status")
		entry.id("lid", &a.MemberID)
		entry.str("status", &a.Status)
		entry.id("plaatsvervanger", &a.DeputyUserID)
		if err := entry.check(""); err != nil {
			// One message per entry: the field names of an entry are
			// named within the list.
			for _, f := range vios.ErrorFields(err) {
				b.fail("aanwezigheid", "%s: %s", f.Field, f.Message)
			}
		}
		list = append(list, a)
	}
	return list
}

// hasField reports whether err names one of the fields.
func hasField(err error, fields ...string) bool {
	for _, f := range vios.ErrorFields(err) {
		if slices.Contains(fields, f.Field) {
			return true
		}
	}
	return false
}
