package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// maxBody is the largest request body the API reads; the server refuses
// larger ones too, but the API does not rely on that.
const maxBody = 1 << 20

// body is a JSON object sent with a write. It is read field by field, so
// that a request with several mistakes hears of all of them at once: a
// value of the wrong type, a missing field and an unknown field each add a
// field error, and the handler joins them with the domain's own checks.
type body struct {
	fields map[string]json.RawMessage
	used   map[string]bool
	v      vios.Validation
	bad    map[string]bool // fields with an error of their own
	// An object inside a list of the request (see objects) reports its
	// mistakes to the body it came from, named path.field, so that
	// invalidParams says which element of which list is wrong.
	parent   *body
	path     string
	children []*body
	// unknownDone: the unknown fields are reported (failUnknown), once.
	unknownDone bool
}

// readBody reads the request body as a JSON object. When the body cannot be
// used at all (another media type, not JSON, too large) it answers with a
// problem and returns false.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, mediaTypes ...string) (*body, bool) {
	if len(mediaTypes) == 0 {
		mediaTypes = []string{"application/json"}
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !slices.Contains(mediaTypes, mt) {
		writeProblem(w, Problem{Status: http.StatusUnsupportedMediaType, Instance: r.URL.Path,
			Detail: "Stuur de gegevens als JSON, met de header Content-Type: " + mediaTypes[0] + "."})
		return nil, false
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(http.MaxBytesReader(w, r.Body, maxBody)); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			writeProblem(w, Problem{Status: http.StatusRequestEntityTooLarge, Instance: r.URL.Path,
				Detail: "De gegevens zijn te groot: hoogstens 1 MiB."})
			return nil, false
		}
		h.writeError(w, r, err)
		return nil, false
	}
	if duplicates, bad := inspect(raw.Bytes()); len(duplicates)+len(bad) > 0 {
		var v vios.Validation
		for _, f := range bad {
			v.Add(f, "%s", vios.BadTextMessage)
		}
		for _, f := range duplicates {
			v.Add(f, "Dit veld staat meer dan eens in het object: geef het één keer.")
		}
		message := vios.BadInputMessage
		if len(bad) == 0 {
			message = "De gegevens bevatten een veld dat meer dan eens voorkomt."
		}
		h.writeError(w, r, v.Err(message))
		return nil, false
	}
	b := &body{used: map[string]bool{}, bad: map[string]bool{}}
	dec := json.NewDecoder(&raw)
	if err := dec.Decode(&b.fields); err != nil || b.fields == nil || dec.More() {
		writeProblem(w, Problem{Status: http.StatusBadRequest, Instance: r.URL.Path,
			Detail: "De gegevens zijn geen geldig JSON-object."})
		return nil, false
	}
	return b, true
}

// decode reads the body of a write with read, which returns the errors
// that are no mistake of the body itself (a refusal, a failed look-up, the
// domain's checks the service does not make). validate is the domain's
// check of what was read, which the service makes again: it runs here only
// when the body has mistakes of its own, so that the answer names every
// mistake at once while nothing goes to the service; otherwise the service
// validates, once. decode answers the problem and returns false when
// anything is wrong.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, invalid string, read func(b *body) error, validate func() error,
	mediaTypes ...string) bool {
	b, ok := h.readBody(w, r, mediaTypes...)
	if !ok {
		return false
	}
	err := read(b)
	if err == nil && validate != nil && b.failed() {
		err = validate()
	}
	if err := b.check(invalid, err); err != nil {
		h.writeError(w, r, err)
		return false
	}
	return true
}

// value returns the raw value of field, or nil when it is absent or null.
func (b *body) value(field string) json.RawMessage {
	b.used[field] = true
	v, ok := b.fields[field]
	if !ok || string(v) == "null" {
		return nil
	}
	return v
}

func (b *body) fail(field, format string, args ...any) {
	if b.parent != nil {
		b.parent.fail(b.path+"."+field, format, args...)
		return
	}
	b.bad[field] = true
	b.v.Add(field, format, args...)
}

// isBad reports whether field has an error of its own already.
func (b *body) isBad(field string) bool {
	if b.parent != nil {
		return b.parent.isBad(b.path + "." + field)
	}
	return b.bad[field]
}

// require reports every field that is absent (or null).
func (b *body) require(fields ...string) {
	for _, f := range fields {
		if b.value(f) == nil && !b.isBad(f) {
			b.fail(f, "Vul dit veld in.")
		}
	}
}

// boolean reads a true/false field into dst.
func (b *body) boolean(field string, dst *bool) bool {
	return decodeField(b, field, dst, "Geef hier true of false.")
}

// objects reads a field holding a list of JSON objects. Each object comes
// back as a body of its own whose mistakes, unknown fields included, are
// named field[i].name in this one. An element that is no object is
// reported and left out. It reports whether the field was given as a list.
func (b *body) objects(field string) ([]*body, bool) {
	v := b.value(field)
	if v == nil {
		return nil, false
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(v, &raws); err != nil {
		b.fail(field, "Geef hier een lijst van objecten.")
		return nil, false
	}
	list := make([]*body, 0, len(raws))
	for i, raw := range raws {
		path := fmt.Sprintf("%s[%d]", field, i)
		c := &body{used: map[string]bool{}, parent: b, path: path}
		if err := json.Unmarshal(raw, &c.fields); err != nil || c.fields == nil {
			b.fail(path, "Geef hier een JSON-object.")
			continue
		}
		b.children = append(b.children, c)
		list = append(list, c)
	}
	return list, true
}

// str reads a string field into dst; it reports whether the field was given.
func (b *body) str(field string, dst *string) bool {
	return decodeField(b, field, dst, "Geef hier tekst (een JSON-string).")
}

// integer reads a whole number field into dst.
func (b *body) integer(field string, dst *int) bool {
	v := b.value(field)
	if v == nil {
		return false
	}
	var f float64
	if err := json.Unmarshal(v, &f); err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		b.fail(field, "Geef hier een geheel getal.")
		return false
	}
	*dst = int(f)
	return true
}

// strList reads a list of strings into dst.
func (b *body) strList(field string, dst *[]string) bool {
	return decodeField(b, field, dst, "Geef hier een lijst van teksten.")
}

// decodeField reads field into dst when it holds a T, and leaves dst as it
// was when not; hint is the reason given then. It reports whether dst was
// set.
func decodeField[T any](b *body, field string, dst *T, hint string) bool {
	raw := b.value(field)
	if raw == nil {
		return false
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		b.fail(field, "%s", hint)
		return false
	}
	*dst = v
	return true
}

// id reads a field that names a record by its id.
func (b *body) id(field string, dst *string) bool {
	var s string
	if !b.str(field, &s) {
		return false
	}
	if !vios.ValidID(s) {
		b.fail(field, "Geef een id: een UUID in kleine letters.")
		return false
	}
	*dst = s
	return true
}

// dateTime reads an ISO 8601 date-time with a time zone (Z or an offset).
func (b *body) dateTime(field string, dst *time.Time) bool {
	return b.timeIn(field, time.RFC3339Nano, "Geef een tijdstip in ISO 8601 met tijdzone, zoals 2026-03-03T13:00:00Z.", dst)
}

// date reads a calendar date (JJJJ-MM-DD) as midnight UTC, the form the
// domain keeps dates in.
func (b *body) date(field string, dst *time.Time) bool {
	return b.timeIn(field, time.DateOnly, "Geef een datum in de vorm JJJJ-MM-DD.", dst)
}

// timeIn reads a string in layout as a time in UTC; hint is the reason
// given for a string that does not fit.
func (b *body) timeIn(field, layout, hint string, dst *time.Time) bool {
	var s string
	if !b.str(field, &s) {
		return false
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		b.fail(field, "%s", hint)
		return false
	}
	*dst = t.UTC()
	return true
}

// check joins the field errors of the body, unknown fields included, with
// the domain's errors; a domain error about a field that already has an
// error of the body is left out, so each mistake is named once.
func (b *body) check(message string, domain ...error) error {
	b.failUnknown()
	var v vios.Validation
	errs := []error{b.v.Err(message)}
	for _, err := range domain {
		if vios.ErrorCode(err) != vios.EINVALID {
			errs = append(errs, err)
			continue
		}
		for _, f := range vios.ErrorFields(err) {
			if !b.covered(f.Field) {
				v.Add(f.Field, "%s", f.Message)
			}
		}
	}
	errs = append(errs, v.Err(message))
	return vios.JoinInvalid(message, errs...)
}

// failed reports whether the body has mistakes of its own, unknown fields
// included: then nothing may be stored.
func (b *body) failed() bool {
	b.failUnknown()
	return b.v.Err("") != nil
}

// failUnknown reports the fields nobody read, in this body and in the
// objects of its lists.
func (b *body) failUnknown() {
	if b.unknownDone {
		return
	}
	b.unknownDone = true
	var unknown []string
	for k := range b.fields {
		if !b.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		b.note(k, "Onbekend veld.")
	}
	for _, c := range b.children {
		c.failUnknown()
	}
}

// note reports a mistake in field that leaves the rest of the body's
// meaning intact (an unknown field), so the domain's errors about the
// fields around it are still reported.
func (b *body) note(field, message string) {
	if b.parent != nil {
		b.parent.note(b.path+"."+field, message)
		return
	}
	b.v.Add(field, "%s", message)
}

// covered reports whether the body already named a mistake in field or
// in an element of it (field[i]…): a domain error about the field as a
// whole then adds nothing the client can act on before fixing that one.
func (b *body) covered(field string) bool {
	if b.bad[field] {
		return true
	}
	for k := range b.bad {
		if strings.HasPrefix(k, field+"[") || strings.HasPrefix(k, field+".") {
			return true
		}
	}
	return false
}

// prefixFields returns err with prefix before the name of each of its
// fields: a domain check of one element of a list.
func prefixFields(err error, prefix string) error {
	var e *vios.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &vios.Error{Code: e.Code, Message: e.Message}
	for _, f := range e.Fields {
		f.Field = prefix + f.Field
		out.Fields = append(out.Fields, f)
	}
	return out
}

// renameFields returns err with its field names mapped: where the domain
// names a field differently from the request body.
func renameFields(err error, names map[string]string) error {
	var e *vios.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &vios.Error{Code: e.Code, Message: e.Message}
	for _, f := range e.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}
