package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// A school's care coordinator (school B) reads the dashboard of their own
// school, never school A's: not by asking for it in the filter (web and
// API: 404), and not in the per-school table of their own view; another
// municipality's dashboard is not there for them either.
func TestInsiderStatistics(t *testing.T) {
	in := newInsider(t)
	session, token := in.sessions2[in.schoolBUsr.Email], in.tokens2[in.schoolBUsr.Email]
	if status, _ := in.web(t, session, "GET", "/statistieken/arnhem?school="+in.schoolA, nil); status != http.StatusNotFound {
		t.Errorf("school B reads school A's figures on the page: %d", status)
	}
	if status, body := in.api(t, token, "GET", "/api/v1/statistieken?school="+in.schoolA, nil); status != http.StatusNotFound ||
		!strings.Contains(body, "application/problem+json") && !strings.Contains(body, `"status":404`) {
		t.Errorf("school B reads school A's figures in the API: %d %s", status, body)
	}
	status, body := in.api(t, token, "GET", "/api/v1/statistieken", nil)
	if status != http.StatusOK || !strings.Contains(body, `"alleenEigenScholen":true`) || strings.Contains(body, in.schoolA) {
		t.Errorf("school B's own figures: %d %s", status, body)
	}
	for _, path := range []string{"/statistieken/den-haag", "/statistieken/arnhem/export?tabel=perschool&formaat=csv&school=" + in.schoolA} {
		if status, _ := in.web(t, session, "GET", path, nil); status != http.StatusNotFound {
			t.Errorf("school B opens %s: %d", path, status)
		}
	}
}
