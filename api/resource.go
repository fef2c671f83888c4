package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// One pattern serves every record of the API: look the record up for the
// caller (a record out of their reach does not exist), read the body of a
// change once (decode, operate), let the service change and validate it,
// map its error to a problem, and answer with the record as it is then.

// findRecord looks up the record of kind with id, global in the API, in the
// municipality it belongs to, when the actor works there (findIn); find is a store
// method that works within one municipality. Writes use it too: a store
// method that changes a record answers ENOTFOUND, having changed nothing,
// in a municipality without it, so a change is tried where the record may
// be and no read needs to come first.
func findRecord[T any](ctx context.Context, h *Handler, actor *vios.Actor, kind vios.RecordKind, id, notFound string, find func(ctx context.Context, municipalityID, id string) (T, error)) (T, error) {
	return findIn(ctx, h, actor, kind, id, notFound, func(ctx context.Context, m string) (T, error) { return find(ctx, m, id) })
}

// changeRecord runs change on the record of kind with id in the
// municipality that has it (see findRecord) and returns that municipality.
func changeRecord(ctx context.Context, h *Handler, actor *vios.Actor, kind vios.RecordKind, id, notFound string, change func(ctx context.Context, municipalityID, id string) error) (string, error) {
	return findRecord(ctx, h, actor, kind, id, notFound, func(ctx context.Context, m, id string) (string, error) { return m, change(ctx, m, id) })
}

// resource is what the handlers of one kind of record share: how to find
// one in a municipality, how to look one up for the caller, its address,
// and its JSON for the caller.
type resource[T any] struct {
	h        *Handler
	kind     vios.RecordKind // tells the record's municipality (findRecord)
	notFound string
	find     func(ctx context.Context, municipalityID, id string) (T, error)
	// lookup finds the record with id for the caller and checks they may
	// see it; nil: find it in its municipality (findRecord).
	lookup func(ctx context.Context, actor *vios.Actor, id string) (T, error)
	path   func(T) string
	toJSON func(v T, actor *vios.Actor, munis map[string]*vios.Municipality) any
	// unnamed: the JSON names no municipality, so toJSON gets none.
	unnamed bool
}

// look looks up the record with id for the caller.
func (res resource[T]) look(ctx context.Context, actor *vios.Actor, id string) (T, error) {
	if res.lookup != nil {
		return res.lookup(ctx, actor, id)
	}
	return findRecord(ctx, res.h, actor, res.kind, id, res.notFound, res.find)
}

// get answers GET …/{id}, which takes no query keys.
func (res resource[T]) get(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		res.h.writeError(w, r, err)
		return
	}
	v, err := res.look(r.Context(), actor, r.PathValue("id"))
	res.answer(w, r, actor, v, err, http.StatusOK)
}

// answer writes the record v with status (a new one, 201, with its
// address in Location), or err.
func (res resource[T]) answer(w http.ResponseWriter, r *http.Request, actor *vios.Actor, v T, err error, status int) {
	if err != nil {
		res.h.writeError(w, r, err)
		return
	}
	var munis map[string]*vios.Municipality
	if !res.unnamed {
		if munis, err = res.h.municipalities(r.Context()); err != nil {
			res.h.writeError(w, r, err)
			return
		}
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", res.path(v))
	}
	writeJSON(w, status, res.toJSON(v, actor, munis))
}

// reread answers a change with the record as it is now in the
// municipality m where it changed.
func (res resource[T]) reread(w http.ResponseWriter, r *http.Request, actor *vios.Actor, m, id string, status int) {
	if res.find == nil {
		// A record without a look-up of its own in one municipality (a
		// meeting, read with its network): looked up as the caller.
		v, err := res.look(r.Context(), actor, id)
		res.answer(w, r, actor, v, err, status)
		return
	}
	v, err := res.find(r.Context(), m, id)
	res.answer(w, r, actor, v, err, status)
}

// done answers a change of the service: its error, or the record with id
// as it is now in the municipality m.
func (res resource[T]) done(w http.ResponseWriter, r *http.Request, actor *vios.Actor, m, id string, err error, status int) {
	if err != nil {
		res.h.writeError(w, r, err)
		return
	}
	res.reread(w, r, actor, m, id, status)
}

// operation is a change to the record named in the path: POST …/{id}/_…,
// a note or referral added to it, a PATCH.
type operation struct {
	invalid    string   // the problem's message when the data is wrong
	noBody     bool     // the operation takes no data
	mediaTypes []string // the body's media types; application/json when none
	// read reads the data from the body; validate is the domain's check
	// of it that the service makes again (see decode).
	read     func(b *body) error
	validate func() error
	change   func(ctx context.Context, municipalityID, id string) error
	// reach reads the record as the caller; a request with a wrong body is
	// answered 404 rather than with the body's problem when the caller may
	// not see the record at all (nothing is told of records out of reach).
	reach func(ctx context.Context, municipalityID, id string) error
}

// required reads the body of an operation that takes one text, field,
// into dst.
func required(field string, dst *string) func(b *body) error {
	return func(b *body) error {
		b.require(field)
		b.str(field, dst)
		return nil
	}
}

// operate runs op and answers with the record as it is then.
func (res resource[T]) operate(w http.ResponseWriter, r *http.Request, actor *vios.Actor, op operation, status int) {
	op.reach = func(ctx context.Context, m, id string) error {
		_, err := res.find(ctx, m, id)
		return err
	}
	if m, ok := res.h.operate(w, r, actor, res.kind, res.notFound, op); ok {
		res.reread(w, r, actor, m, r.PathValue("id"), status)
	}
}

// operate reads op's data, runs it on the record in the path where the
// record is and returns that municipality; it answers the problem and
// returns false when anything is wrong.
func (h *Handler) operate(w http.ResponseWriter, r *http.Request, actor *vios.Actor, kind vios.RecordKind, notFound string, op operation) (string, bool) {
	if err := checkID(r.PathValue("id")); err != nil {
		h.writeError(w, r, err)
		return "", false
	}
	// A body problem is told only to a caller who can see the record.
	outOfReach := func() bool {
		if op.reach == nil {
			return false
		}
		if _, err := changeRecord(r.Context(), h, actor, kind, r.PathValue("id"), notFound, op.reach); err != nil {
			h.writeError(w, r, err)
			return true
		}
		return false
	}
	rw := &reachWriter{ResponseWriter: w, outOfReach: outOfReach}
	if op.noBody {
		if !h.readNoBody(rw, r, op.invalid) {
			return "", false
		}
	} else if !h.decode(rw, r, op.invalid, op.read, op.validate, op.mediaTypes...) {
		return "", false
	}
	m, err := changeRecord(r.Context(), h, actor, kind, r.PathValue("id"), notFound, op.change)
	if err != nil {
		h.writeError(w, r, err)
		return "", false
	}
	return m, true
}

// readNoBody accepts a request that changes a record without data: no
// body, or an empty JSON object. It answers a problem and returns false
// for anything else, so that data sent by mistake is not ignored.
func (h *Handler) readNoBody(w http.ResponseWriter, r *http.Request, message string) bool {
	if r.ContentLength == 0 {
		return true
	}
	b, ok := h.readBody(w, r)
	if !ok {
		return false
	}
	if err := b.check(message); err != nil {
		h.writeError(w, r, err)
		return false
	}
	return true
}

// reachWriter holds back a problem about the request's body until the
// caller is known to see the record: for a caller who does not, outOfReach
// answers 404 itself and the body's problem is dropped.
type reachWriter struct {
	http.ResponseWriter
	outOfReach func() bool
	decided    bool
	dropped    bool
}

func (rw *reachWriter) WriteHeader(status int) {
	if !rw.decided {
		rw.decided = true
		if status >= 400 && rw.outOfReach() {
			rw.dropped = true
			return
		}
	}
	if !rw.dropped {
		rw.ResponseWriter.WriteHeader(status)
	}
}

func (rw *reachWriter) Write(b []byte) (int, error) {
	if !rw.decided {
		rw.WriteHeader(http.StatusOK)
	}
	if rw.dropped {
		return len(b), nil
	}
	return rw.ResponseWriter.Write(b)
}
