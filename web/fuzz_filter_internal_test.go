package web

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// FuzzLogFilter reads any query of the log pages' search form (the
// functional administrator's and the FG's view of the audit trail). Bad
// values and unknown or repeated keys are EINVALID field errors that name
// a key of the query, never a failure of another kind; an accepted filter
// holds only what the form allows: dates as given (to the end of the "tot"
// day), a trace id of 32 hex digits, a user id, short search terms and
// page marks from -1; and it stays in the municipality it was given.
func FuzzLogFilter(f *testing.F) {
	f.Add("van=2026-01-01&tot=2026-12-31&actie=inlog&trace=4bf92f3577b34da6a3ce929d0e0e4736")
	f.Add("gebruiker=3f0c5b1e-8d2a-4c47-9a55-1b2c3d4e5f60&auditVoor=12&verwerkingVoor=-1")
	f.Add("van=2026-02-30&tot=morgen&trace=XYZ&auditVoor=-2&verwerkingVoor=9223372036854775808")
	f.Add("onbekend=1&actie=a&actie=b")
	f.Add("betrokkene=%25_%5C&actie=" + url.QueryEscape(string(make([]byte, 101))))
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/beheer/logboek", nil)
		r.URL.RawQuery = query
		q := r.URL.Query()
		lf, err := logFilter(r, "gemeente-1")
		if lf.MunicipalityID != "gemeente-1" {
			t.Fatalf("the filter left its municipality: %q", lf.MunicipalityID)
		}
		if err != nil {
			if vios.ErrorCode(err) != vios.EINVALID || len(vios.ErrorFields(err)) == 0 {
				t.Fatalf("error %v (%s) for %q", err, vios.ErrorCode(err), query)
			}
			for _, fe := range vios.ErrorFields(err) {
				if _, ok := q[fe.Field]; !ok {
					t.Fatalf("field %q named, not in the query %q", fe.Field, query)
				}
			}
			return
		}
		for k, list := range q {
			if !slices.Contains(logQueryKeys, k) || len(list) != 1 {
				t.Fatalf("accepted key %q (%d times)", k, len(list))
			}
		}
		checkDate(t, q.Get("van"), lf.From, 0)
		checkDate(t, q.Get("tot"), lf.To, 1)
		if (lf.TraceID != "" && !traceIDPattern.MatchString(lf.TraceID)) || (lf.UserID != "" && !vios.ValidID(lf.UserID)) ||
			len(lf.Action) > 100 || len(lf.SubjectID) > 100 || lf.AuditBefore < -1 || lf.ProcessingBefore < -1 {
			t.Fatalf("accepted %+v from %q", lf, query)
		}
	})
}

// checkDate checks that a date of the form is read as midnight in
// Amsterdam, days later.
func checkDate(t *testing.T, s string, got *time.Time, days int) {
	t.Helper()
	if s == "" {
		if got != nil {
			t.Fatalf("a date %v without one in the form", got)
		}
		return
	}
	d, err := time.ParseInLocation(time.DateOnly, s, amsterdam)
	if err != nil || got == nil || !got.Equal(d.AddDate(0, 0, days)) {
		t.Fatalf("date %q read as %v", s, got)
	}
}
