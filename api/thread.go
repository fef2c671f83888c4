package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Threads ("berichten") of a network and of a case: the messages the caller
// may read, each pupil in them as the caller may see the pupil (naam,
// pseudoniem or geen) with the reason, and the members' read receipts.

// threadGuard guards the thread routes: the thread and network services
// present.
func (h *Handler) threadGuard() guard {
	return h.withService(h.Networks != nil && h.Threads != nil, "thread")
}

func (h *Handler) threadRoutes() []httpx.Route {
	with := h.threadGuard()
	var routes []httpx.Route
	for _, p := range []string{"/netwerken/{id}/berichten", "/casussen/{id}/berichten"} {
		routes = append(routes,
			httpx.Route{Method: "GET", Pattern: Prefix + p, Handler: with("lezen", h.getThread)},
			httpx.Route{Method: "POST", Pattern: Prefix + p, Handler: with("schrijven", h.postThreadMessage)})
	}
	return routes
}

type messagePartJSON struct {
	Tekst    *string     `json:"tekst"`
	Leerling *string     `json:"leerling"`
	Getoond  *string     `json:"getoond"`
	Toegang  *accessJSON `json:"toegang"`
}

type messageJSON struct {
	ID             string            `json:"id"`
	Schrijver      string            `json:"schrijver"`
	SchrijverNaam  string            `json:"schrijverNaam"`
	Organisatie    string            `json:"organisatie"`
	AntwoordOp     *string           `json:"antwoordOp"`
	Delen          []messagePartJSON `json:"delen"`
	GeplaatstOp    isoTime           `json:"geplaatstOp"`
	BewerktOp      *isoTime          `json:"bewerktOp"`
	VerwijderdOp   *isoTime          `json:"verwijderdOp"`
	VerwijderdDoor *string           `json:"verwijderdDoor"`
	Signaal        *string           `json:"signaal"`
}

type threadReadJSON struct {
	Gebruiker   string   `json:"gebruiker"`
	Naam        string   `json:"naam"`
	TotBericht  *string  `json:"totBericht"`
	GelezenOp   *isoTime `json:"gelezenOp"`
	Organisatie string   `json:"organisatie"`
}

type threadJSON struct {
	Netwerk   string           `json:"netwerk"`
	Casus     *string          `json:"casus"`
	Berichten []messageJSON    `json:"berichten"`
	Gelezen   []threadReadJSON `json:"gelezen"`
}

func toThreadJSON(t *vios.Thread) threadJSON {
	out := threadJSON{Netwerk: t.NetworkID, Casus: strPtr(t.CaseID), Berichten: []messageJSON{}, Gelezen: []threadReadJSON{}}
	for _, m := range t.Messages {
		j := messageJSON{ID: m.ID, Schrijver: m.AuthorID, SchrijverNaam: m.AuthorName, Organisatie: m.AuthorOrgName,
			AntwoordOp: strPtr(m.ReplyToID), Delen: []messagePartJSON{}, GeplaatstOp: isoTime(m.PostedAt),
			BewerktOp: isoPtr(m.EditedAt), VerwijderdOp: isoPtr(m.DeletedAt), VerwijderdDoor: strPtr(m.DeletedByName), Signaal: strPtr(m.SignalID)}
		for _, p := range m.Parts {
			if p.PupilID == "" {
				text := p.Text
				j.Delen = append(j.Delen, messagePartJSON{Tekst: &text})
				continue
			}
			shown := p.Shown
			access := accessJSON{Niveau: p.Level, Reden: p.Reason}
			part := messagePartJSON{Getoond: &shown, Toegang: &access}
			// The id links the pupil across records: only for who sees the name.
			if p.Level == vios.AccessNamed {
				id := p.PupilID
				part.Leerling = &id
			}
			j.Delen = append(j.Delen, part)
		}
		out.Berichten = append(out.Berichten, j)
	}
	for _, r := range t.Reads {
		out.Gelezen = append(out.Gelezen, threadReadJSON{Gebruiker: r.UserID, Naam: r.UserName, TotBericht: strPtr(r.MessageID),
			GelezenOp: isoPtr(r.ReadAt), Organisatie: r.OrganisationName})
	}
	return out
}

// threadTarget is the kind of record a thread's path names, and the
// network and case ids to ask the service for.
func threadTarget(r *http.Request) (kind vios.RecordKind, notFound string, ids func(id string) (string, string)) {
	if strings.HasPrefix(r.URL.Path, Prefix+"/casussen/") {
		return vios.RecordCase, caseNotFound, func(id string) (string, string) { return "", id }
	}
	return vios.RecordNetwork, "Dit netwerk bestaat niet, of u heeft er geen toegang toe.", func(id string) (string, string) { return id, "" }
}

// getThread: GET /api/v1/netwerken/{id}/berichten and
// /api/v1/casussen/{id}/berichten — the newest 500 messages, oldest first.
func (h *Handler) getThread(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	kind, notFound, ids := threadTarget(r)
	t, err := findRecord(r.Context(), h, actor, kind, r.PathValue("id"), notFound,
		func(ctx context.Context, m, id string) (*vios.Thread, error) {
			networkID, caseID := ids(id)
			return h.Threads.Thread(ctx, m, networkID, caseID)
		})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toThreadJSON(t))
}

// postThreadMessage: POST …/berichten — a message (tekst, optionally
// antwoordOp and a leerling to mention); answered with the thread.
func (h *Handler) postThreadMessage(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	kind, notFound, ids := threadTarget(r)
	in := &vios.MessageInput{}
	var pupil string
	m, ok := h.operate(w, r, actor, kind, notFound, operation{invalid: "Het bericht is niet verstuurd.",
		read: func(b *body) error {
			b.require("tekst")
			b.str("tekst", &in.Text)
			b.id("antwoordOp", &in.ReplyToID)
			if b.id("leerling", &pupil) && pupil != "" {
				in.PupilIDs = []string{pupil}
			}
			return nil
		},
		reach: func(ctx context.Context, m, id string) error {
			networkID, caseID := ids(id)
			_, err := h.Threads.ThreadVersion(ctx, m, networkID, caseID)
			return err
		},
		change: func(ctx context.Context, m, id string) error {
			in.MunicipalityID = m
			in.NetworkID, in.CaseID = ids(id)
			_, err := h.Threads.PostMessage(ctx, in)
			return err
		}})
	if !ok {
		return
	}
	t, err := h.Threads.Thread(r.Context(), m, in.NetworkID, in.CaseID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toThreadJSON(t))
}
