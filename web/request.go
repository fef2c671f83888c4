package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// What handlers read from a request and answer about it: the form's
// fields, dates and base version, the mistakes in it as the page shows
// them, and the paging of lists.

// formProblem is one line of the error summary above a form, linking to the
// field it is about.
type formProblem struct {
	Anchor  string // id of the field; "" when the problem is not about one field
	Message string
}

// formErrors turns a validation error into the messages per field (several
// messages for one field joined) and the summary, in the order they came.
// anchors maps a field name to the id of its input.
func formErrors(err error, anchors map[string]string) (map[string]string, []formProblem) {
	fields := map[string]string{}
	var summary []formProblem
	for _, fe := range vios.ErrorFields(err) {
		if fields[fe.Field] != "" {
			fields[fe.Field] += " " + fe.Message
		} else {
			fields[fe.Field] = fe.Message
		}
		summary = append(summary, formProblem{Anchor: anchors[fe.Field], Message: fe.Message})
	}
	return fields, summary
}

// fieldMessages joins the messages of each field of err (a password can
// break more than one rule).
func fieldMessages(err error) map[string]string {
	m := map[string]string{}
	for _, f := range vios.ErrorFields(err) {
		if m[f.Field] != "" {
			m[f.Field] += " "
		}
		m[f.Field] += f.Message
	}
	return m
}

// dateField parses a yyyy-mm-dd field; a mistake becomes a field error.
func dateField(r *http.Request, name string, v *vios.Validation) time.Time {
	s := formValue(r, name)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	v.Check(err == nil, name, "Vul een datum in als jjjj-mm-dd.")
	return d
}

// formVersion is the version of the record the form showed ("versie"), so
// that saving over someone else's change meanwhile is refused; zero when
// the form sent none.
func formVersion(r *http.Request) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, formValue(r, "versie"))
	return t
}

// formOutcome is what a page shows of a form that could not be saved: the
// message, the problems listed above the form, and the message per field
// (by the id of the form field).
type formOutcome struct {
	Error    string
	Problems []formProblem
	Fields   map[string]string
}

// formFailure is what a page shows of err at its form: the message, and each
// field's problem at the anchor of its form field.
func formFailure(err error, anchors map[string]string) formOutcome {
	o := formOutcome{Error: vios.ErrorMessage(err)}
	o.Fields, o.Problems = formErrors(err, anchors)
	return o
}

// pageCursor reads where a list's page starts ("cursor" in the query,
// none for the first page); a token we did not make answers a 400 page
// and false.
func (h *Handler) pageCursor(w http.ResponseWriter, r *http.Request) (*vios.Cursor, bool) {
	c, err := vios.ParseCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	return c, true
}

// pageLinks are the links to the pages before and after a list's page at
// base; filter is the query every link keeps. A link is empty where there
// is no such page.
func pageLinks(base string, filter url.Values, p vios.Page) (prev, next string) {
	link := func(c *vios.Cursor) string {
		if c == nil {
			return ""
		}
		v := url.Values{"cursor": {c.String()}}
		for key, values := range filter {
			v[key] = values
		}
		return base + "?" + v.Encode()
	}
	return link(p.Prev), link(p.Next)
}

// listTotal says how many rows a list holds, as far as its page knows: a
// number on the first page (capped: "meer dan 1.000"), the noun alone on
// the pages after it.
func listTotal(p vios.Page, one, many string) string {
	switch {
	case !p.Counted:
		return strings.ToUpper(many[:1]) + many[1:]
	case p.More:
		return "Meer dan " + dutchNumber(vios.TotalCap) + " " + many
	}
	return plural(p.Total, one, many)
}

// dutchNumber writes a count with a dot between the thousands (1.000).
func dutchNumber(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// formFailed shows the form again with the problems of err (400 or 409),
// or the error page for anything else.
func (h *Handler) formFailed(w http.ResponseWriter, r *http.Request, err error, again func(status int)) {
	switch vios.ErrorCode(err) {
	case vios.EINVALID:
		again(http.StatusBadRequest)
	case vios.ECONFLICT:
		again(http.StatusConflict)
	default:
		h.renderError(w, r, err)
	}
}

// fieldName maps "rollen[0].organisatie" to "organisatie".
func fieldName(f string) string {
	if i := strings.LastIndex(f, "."); i >= 0 {
		return f[i+1:]
	}
	return f
}
