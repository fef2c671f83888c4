package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/vios-platform/vios"
)

// actionJSON is an action as the API shows it in a list.
type actionJSON struct {
	ID             string    `json:"id"`
	Netwerk        string    `json:"netwerk"`
	NetwerkNaam    string    `json:"netwerkNaam"`
	Overleg        string    `json:"overleg"`
	Agendapunt     *string   `json:"agendapunt"`
	Wat            string    `json:"wat"`
	Eigenaar       string    `json:"eigenaar"`
	EigenaarNaam   string    `json:"eigenaarNaam"`
	Organisatie    string    `json:"organisatie"`
	Deadline       string    `json:"deadline"`
	Status         string    `json:"status"`
	RedenVervallen string    `json:"redenVervallen"`
	AfgeslotenOp   *isoTime  `json:"afgeslotenOp"`
	TeLaat         bool      `json:"teLaat"`
	AangemaaktOp   isoTime   `json:"aangemaaktOp"`
	GewijzigdOp    isoTime   `json:"gewijzigdOp"`
	Links          selfLinks `json:"_links"`
}

// actionDetailJSON is one action with its progress notes.
type actionDetailJSON struct {
	actionJSON
	Notities []noteJSON `json:"notities"`
}

type noteJSON struct {
	ID           string  `json:"id"`
	Auteur       string  `json:"auteur"`
	Tekst        string  `json:"tekst"`
	Status       *string `json:"status"`
	AangemaaktOp isoTime `json:"aangemaaktOp"`
}

func toActionJSON(a *vios.ActionItem, day time.Time) actionJSON {
	return actionJSON{
		ID: a.ID, Netwerk: a.NetworkID, NetwerkNaam: a.NetworkName, Overleg: a.MeetingID, Agendapunt: strPtr(a.ItemID),
		Wat: a.Title, Eigenaar: a.OwnerUserID, EigenaarNaam: a.OwnerName, Organisatie: a.OwnerOrganisationName,
		Deadline: dateString(a.DueOn), Status: a.Status, RedenVervallen: a.CancelReason, AfgeslotenOp: isoPtr(a.DoneAt),
		TeLaat: a.Overdue(day), AangemaaktOp: isoTime(a.CreatedAt), GewijzigdOp: isoTime(a.UpdatedAt),
		Links: selfLinks{Self: linkJSON{actionPath(a.ID)}},
	}
}

func toActionDetailJSON(a *vios.ActionItem, day time.Time) actionDetailJSON {
	out := actionDetailJSON{actionJSON: toActionJSON(a, day), Notities: []noteJSON{}}
	for _, n := range a.Notes {
		out.Notities = append(out.Notities, noteJSON{ID: n.ID, Auteur: n.AuthorName, Tekst: n.Text, Status: strPtr(n.Status),
			AangemaaktOp: isoTime(n.CreatedAt)})
	}
	return out
}

const actionNotFound = "Dit actiepunt bestaat niet."

// action returns the action with id if the actor may see it (they may see
// its network, or it is theirs), and checks the action verb on it with the
// action's owner in the resource.
func (h *Handler) action(ctx context.Context, actor *vios.Actor, id string, verb vios.Action) (*vios.ActionItem, error) {
	a, err := findIn(ctx, h, actor, vios.RecordAction, id, actionNotFound, func(ctx context.Context, muni string) (*vios.ActionItem, error) {
		return h.Networks.FindAction(ctx, muni, id)
	})
	if err != nil {
		return nil, err
	}
	n, err := h.Networks.FindNetwork(ctx, a.MunicipalityID, a.NetworkID)
	if err != nil {
		return nil, err
	}
	res := n.Resource(actor, h.today())
	res.OwnerUserID = a.OwnerUserID
	if vios.Authorize(actor, vios.ActionViewNetwork, res) != nil && a.OwnerUserID != actor.User.ID {
		return nil, vios.Errorf(vios.ENOTFOUND, actionNotFound)
	}
	if verb != vios.ActionViewNetwork {
		if err := vios.Authorize(actor, verb, res); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// listActions: GET /api/v1/actiepunten?netwerk=&eigenaar=ik&open=true —
// the actions of a network the caller may see, or without netwerk the
// caller's own actions in every municipality where they hold a role.
func (h *Handler) listActions(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	var v vios.Validation
	for _, k := range []string{"netwerk", "eigenaar", "open"} {
		if vals, ok := q[k]; ok && len(vals) == 1 && vals[0] == "" {
			v.Add(k, "Geef een waarde, of laat de parameter weg.")
		}
	}
	network := q.Get("netwerk")
	if network != "" && !vios.ValidID(network) {
		v.Add("netwerk", "Geef de id van een netwerk: een UUID in kleine letters.")
	}
	if e := q.Get("eigenaar"); e != "" && e != "ik" {
		v.Add("eigenaar", "De enige mogelijke waarde is ik: de eigenaar van het token.")
	}
	if o := q.Get("open"); o != "" && o != "true" && o != "false" {
		v.Add("open", "Geef true of false.")
	}
	if !h.queryOK(w, r, &v, "netwerk", "eigenaar", "open") {
		return
	}
	var filters []vios.ActionFilter
	if network != "" {
		n, _, err := h.network(r.Context(), actor, network, vios.ActionViewNetwork)
		if vios.ErrorCode(err) == vios.ENOTFOUND {
			err = &vios.Error{Code: vios.EINVALID, Message: "De zoekvraag is ongeldig.",
				Fields: []vios.FieldError{{Field: "netwerk", Message: "Dit netwerk bestaat niet, of u heeft er geen toegang toe."}}}
		}
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		f := vios.ActionFilter{MunicipalityID: n.MunicipalityID, NetworkID: n.ID}
		if q.Get("eigenaar") == "ik" {
			f.OwnerUserID = actor.User.ID
		}
		filters = append(filters, f)
	} else {
		// One's own actions, municipality by municipality: only where one
		// still holds a role.
		for _, m := range actor.Municipalities() {
			filters = append(filters, vios.ActionFilter{MunicipalityID: m, OwnerUserID: actor.User.ID})
		}
	}
	var list []*vios.ActionItem
	for _, f := range filters {
		f.OpenOnly = q.Get("open") == "true"
		part, err := h.Networks.ListActions(r.Context(), f)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		list = append(list, part...)
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if !a.DueOn.Equal(b.DueOn) {
			return a.DueOn.Before(b.DueOn)
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	day := h.today()
	items := []actionJSON{}
	for _, a := range list {
		items = append(items, toActionJSON(a, day))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func actionPath(id string) string { return Prefix + "/actiepunten/" + id }

// actions is the resource of actions, seen by who may see their network
// and by their owner.
func (h *Handler) actions() resource[*vios.ActionItem] {
	return resource[*vios.ActionItem]{h: h, kind: vios.RecordAction, notFound: actionNotFound, find: h.Networks.FindAction, unnamed: true,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*vios.ActionItem, error) {
			return h.action(ctx, actor, id, vios.ActionViewNetwork)
		},
		path: func(a *vios.ActionItem) string { return actionPath(a.ID) },
		toJSON: func(a *vios.ActionItem, _ *vios.Actor, _ map[string]*vios.Municipality) any {
			return toActionDetailJSON(a, h.today())
		}}
}

// getAction: GET /api/v1/actiepunten/{id}
func (h *Handler) getAction(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.actions().get(w, r, actor)
}

const actionInvalid = "Het actiepunt is niet volledig of niet juist."

// createAction: POST /api/v1/overleggen/{id}/actiepunten — an action agreed
// in the meeting.
func (h *Handler) createAction(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	m, _, _, err := h.meeting(r.Context(), actor, r.PathValue("id"), vios.ActionRunMeeting)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	a := &vios.ActionItem{MunicipalityID: m.MunicipalityID, MeetingID: m.ID}
	if !h.decode(w, r, actionInvalid, func(b *body) error {
		b.str("wat", &a.Title)
		b.id("eigenaar", &a.OwnerUserID)
		b.date("deadline", &a.DueOn)
		b.id("agendapunt", &a.ItemID)
		return nil
	}, func() error { return a.Validate(m.StartsAt) }) {
		return
	}
	h.actions().done(w, r, actor, a.MunicipalityID, a.ID, h.Networks.CreateAction(r.Context(), a), http.StatusCreated)
}

// updateAction: PATCH /api/v1/actiepunten/{id} — a new status and/or a
// progress note, if the action is unchanged since gewijzigdOp. A
// cancellation (vervallen) takes its reason from the note.
func (h *Handler) updateAction(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	a, err := h.action(r.Context(), actor, r.PathValue("id"), vios.ActionUpdateAction)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var status, note string
	var basedOn time.Time
	if !h.decode(w, r, "Het actiepunt is niet bijgewerkt.", func(b *body) error {
		b.require("gewijzigdOp")
		b.dateTime("gewijzigdOp", &basedOn)
		if b.str("status", &status) && !inCodes(vios.ActionStatuses, status) {
			b.fail("status", "Kies een bestaande status: %s.", codeList(vios.ActionStatuses))
		}
		b.str("notitie", &note)
		return nil
	}, nil, "application/merge-patch+json", "application/json") {
		return
	}
	err = h.Networks.UpdateAction(r.Context(), a.MunicipalityID, a.ID, status, note, basedOn)
	// The reason for a cancellation is the note.
	h.actions().done(w, r, actor, a.MunicipalityID, a.ID, renameFields(err, map[string]string{"reden": "notitie"}), http.StatusOK)
}
