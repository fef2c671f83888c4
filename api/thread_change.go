package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Changing one message of a thread: its writer edits it within ten
// minutes (the earlier text is kept), its writer or the network's chair
// deletes it (a trace stays). Whether the caller may is the store's
// decision; a caller who cannot read the thread gets a 404.

func (h *Handler) threadChangeRoutes() []httpx.Route {
	with := h.threadGuard()
	var routes []httpx.Route
	for _, p := range []string{"/netwerken/{id}/berichten/{bericht}", "/casussen/{id}/berichten/{bericht}"} {
		routes = append(routes,
			httpx.Route{Method: "PATCH", Pattern: Prefix + p, Handler: with("schrijven", h.editThreadMessage)},
			httpx.Route{Method: "DELETE", Pattern: Prefix + p, Handler: with("schrijven", h.deleteThreadMessage)})
	}
	return routes
}

const messageNotFound = "Dit bericht bestaat niet, of u heeft er geen toegang toe."

// messageInThread answers whether the message of the path is in the
// thread of the path as the caller reads it: a message of another thread
// is not found here.
func (h *Handler) messageInThread(r *http.Request) func(ctx context.Context, m, id string) error {
	return func(ctx context.Context, m, id string) error {
		if err := checkID(r.PathValue("bericht")); err != nil {
			return err
		}
		_, _, ids := threadTarget(r)
		networkID, caseID := ids(id)
		t, err := h.Threads.Thread(ctx, m, networkID, caseID)
		if err != nil {
			return err
		}
		for _, msg := range t.Messages {
			if msg.ID == r.PathValue("bericht") {
				return nil
			}
		}
		return vios.Errorf(vios.ENOTFOUND, messageNotFound)
	}
}

// editThreadMessage: PATCH …/berichten/{bericht} — a new tekst for one's
// own message within ten minutes of posting; answered with the thread.
func (h *Handler) editThreadMessage(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	kind, notFound, ids := threadTarget(r)
	var text string
	inThread := h.messageInThread(r)
	m, ok := h.operate(w, r, actor, kind, notFound, operation{invalid: "Het bericht is niet gewijzigd.",
		read: func(b *body) error {
			b.require("tekst")
			b.str("tekst", &text)
			return nil
		},
		mediaTypes: []string{"application/merge-patch+json", "application/json"},
		reach:      inThread,
		change: func(ctx context.Context, m, id string) error {
			if err := inThread(ctx, m, id); err != nil {
				return err
			}
			return h.Threads.EditMessage(ctx, m, r.PathValue("bericht"), text)
		}})
	if !ok {
		return
	}
	networkID, caseID := ids(r.PathValue("id"))
	t, err := h.Threads.Thread(r.Context(), m, networkID, caseID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toThreadJSON(t))
}

// deleteThreadMessage: DELETE …/berichten/{bericht} — the text goes, the
// trace "verwijderd door … op …" stays; answered with 204.
func (h *Handler) deleteThreadMessage(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	kind, notFound, _ := threadTarget(r)
	inThread := h.messageInThread(r)
	if _, ok := h.operate(w, r, actor, kind, notFound, operation{invalid: "Het bericht is niet verwijderd.", noBody: true,
		change: func(ctx context.Context, m, id string) error {
			if err := inThread(ctx, m, id); err != nil {
				return err
			}
			return h.Threads.DeleteMessage(ctx, m, r.PathValue("bericht"))
		}}); ok {
		w.WriteHeader(http.StatusNoContent)
	}
}
