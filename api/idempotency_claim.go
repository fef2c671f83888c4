package api

import (
	"net/http"
	"strings"
)

// A write whose process was killed between its commit and keeping its
// answer left a claim without an answer. The claim holds the ids of the
// records the write touched (vios.IdempotentAnswer.ObjectIDs, kept in the
// write's own transaction), so the replay can still answer as the first
// request would have: the record read afresh, with its status and
// Location. Only where that cannot be known is the answer 409 "Al
// uitgevoerd".

// replayHeader marks a replayed answer: "bewaard" is the first answer as
// it was kept, "opnieuw-gelezen" one rebuilt from the claim (the record as
// it is now, which may differ from the first answer if it changed since).
const replayHeader = "Idempotent-Replayed"

// rereadAfterWrite names, for the writes that add to a record rather than
// make one with an address of its own, the path whose GET gives what
// their first answer gave (201 with it, no Location): the thread after a
// message, the case after a note.
var rereadAfterWrite = map[string]func(r *http.Request) string{
	Prefix + "/netwerken/{id}/berichten": func(r *http.Request) string { return r.URL.Path },
	Prefix + "/casussen/{id}/berichten":  func(r *http.Request) string { return r.URL.Path },
	Prefix + "/casussen/{id}/notities":   func(r *http.Request) string { return Prefix + "/casussen/" + r.PathValue("id") },
}

// answerFromClaim answers r from the claim's record ids and reports
// whether it could: a POST to a collection that made a record with an
// address of its own (the collection's path and the id) answers 201 with
// that Location and the record; a write listed in rereadAfterWrite 201 with
// the record it adds to.
func (h *Handler) answerFromClaim(w http.ResponseWriter, r *http.Request, objectIDs []string) bool {
	for _, id := range objectIDs {
		location := r.URL.Path + "/" + id
		if rec, ok := h.readFresh(r, location); ok {
			rec.header.Set("Location", location)
			h.writeReread(w, rec)
			return true
		}
	}
	reread, ok := rereadAfterWrite[strings.TrimPrefix(r.Pattern, http.MethodPost+" ")]
	if !ok || len(objectIDs) == 0 {
		return false
	}
	rec, ok := h.readFresh(r, reread(r))
	if ok {
		h.writeReread(w, rec)
	}
	return ok
}

// readFresh answers GET path as the caller (the same token), when the API
// has such a route, and reports whether it answered 200.
func (h *Handler) readFresh(r *http.Request, path string) (*recorder, bool) {
	get := r.Clone(r.Context())
	get.Method, get.Body, get.ContentLength = http.MethodGet, http.NoBody, 0
	get.URL.Path, get.URL.RawPath, get.URL.RawQuery, get.RequestURI = path, "", "", ""
	get.Header.Del(idempotencyHeader)
	get.Header.Del("Content-Type")
	if _, pattern := h.mux.Handler(get); pattern == "/api/" || !strings.HasPrefix(pattern, http.MethodGet+" ") {
		return nil, false
	}
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, get)
	return rec, rec.status() == http.StatusOK
}

// writeReread sends the reread record as the first answer: 201.
func (h *Handler) writeReread(w http.ResponseWriter, rec *recorder) {
	rec.code = http.StatusCreated
	rec.header.Set(replayHeader, "opnieuw-gelezen")
	rec.writeTo(w)
}
