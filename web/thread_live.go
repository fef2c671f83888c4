package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// threadStream tells an open thread page, by server-sent events, that the
// thread changed ("event: bericht"); static/thread.js then fetches the
// messages again (a read like any other, logged). The stream itself reads
// no message: only ThreadVersion, when woken by the hub (a change here or,
// on PostgreSQL, through any instance) or every poll. A client that does
// not ask for a stream gets the version of the moment once.
func (h *Handler) threadStream(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	networkID, caseID := threadOf(r)
	version, err := h.Threads.ThreadVersion(ctx, m.ID, networkID, caseID)
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	wake, closed, stop := h.AlertHub.subscribe()
	defer stop()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(chunk string) bool {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout)) // #nosec G104 -- net/http's own writer supports it; a client that stops reading fails the write below
		if _, err := fmt.Fprint(w, chunk); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 3000\n\n") || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return
	}
	look := func(woken bool) (wrote, ok bool) {
		rctx := ctx
		if woken {
			rctx = vios.NewContextWithFreshReads(ctx)
		}
		now, err := h.Threads.ThreadVersion(rctx, m.ID, networkID, caseID)
		if err != nil {
			// Left the network, or the database is gone: the page stops
			// listening rather than asking again and again.
			send("event: einde\ndata: \n\n")
			return false, false
		}
		if now == version {
			return false, true
		}
		version = now
		return true, send("event: bericht\ndata: gewijzigd\n\n")
	}
	h.streamLoop(r, wake, closed, send, look)
}
