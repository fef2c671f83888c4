package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
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
	// A signal about school B at a table school B does not sit at (the
	// kernteam of school A) is not in school B's signals list, so not in
	// its counts either: a count of one on one day names the pupil.
	ctx := context.Background()
	schoolA, _, _ := in.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	elsewhere := &vios.Signal{MunicipalityID: in.arnhem.ID, NetworkID: in.kernteam.ID, OccurredOn: in.db.Now(), Phenomenon: "wapens",
		Level: vios.LevelGroup, Description: "Melding over school B", SchoolIDs: []string{in.schoolB}}
	if _, err := in.db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: schoolA}), elsewhere); err != nil {
		t.Fatal(err)
	}
	if status, body := in.api(t, token, "GET", "/api/v1/statistieken", nil); status != http.StatusOK || !strings.Contains(body, `"signalen":0`) {
		t.Errorf("school B counts a signal of a table it does not sit at: %d %s", status, body)
	}
	if status, body := in.api(t, in.tokens[vios.RoleRegisseur], "GET", "/api/v1/statistieken?school="+in.schoolB, nil); status != http.StatusOK || strings.Contains(body, `"signalen":0`) {
		t.Errorf("the regisseur's count of school B: %d %s", status, body)
	}
	for _, path := range []string{"/statistieken/den-haag", "/statistieken/arnhem/export?tabel=perschool&formaat=csv&school=" + in.schoolA} {
		if status, _ := in.web(t, session, "GET", path, nil); status != http.StatusNotFound {
			t.Errorf("school B opens %s: %d", path, status)
		}
	}
}
