package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// School B's care coordinator reads and fills in school B's meetlat, never
// school A's (page, form, profile and API: 404), nor the municipality's
// (sent on to school B's own); the regisseur reads school B's but does not
// fill it in. Nothing of school A's meetlat reaches school B.
func TestInsiderMeetlat(t *testing.T) {
	in := newInsider(t)
	session, token := in.sessions2[in.schoolBUsr.Email], in.tokens2[in.schoolBUsr.Email]
	year := strconv.Itoa(in.db.Now().Year())
	own, other := "/meetlat/arnhem/scholen/"+in.schoolB, "/meetlat/arnhem/scholen/"+in.schoolA
	if status, _ := in.web(t, session, "POST", own+"/"+year, url.Values{"score-deelname": {"2"}, "afronden": {"nee"}}); status != http.StatusSeeOther {
		t.Fatalf("school B saves its own meetlat: %d", status)
	}
	for _, path := range []string{other, other + "/" + year, other + "/profiel/" + year, "/meetlat/arnhem/" + year, "/meetlat/arnhem/profiel/" + year, "/meetlat/den-haag"} {
		if status, _ := in.web(t, session, "GET", path, nil); status != http.StatusNotFound {
			t.Errorf("school B opens %s: %d", path, status)
		}
	}
	if status, _ := in.web(t, session, "POST", other+"/"+year, url.Values{"score-deelname": {"4"}}); status != http.StatusNotFound {
		t.Errorf("school B fills in school A's meetlat: %d", status)
	}
	for _, q := range []string{"gemeente=arnhem&school=" + in.schoolA, "gemeente=arnhem", "gemeente=den-haag"} {
		if status, _ := in.api(t, token, "GET", "/api/v1/meetlatten/"+year+"?"+q, nil); status != http.StatusNotFound {
			t.Errorf("school B reads the meetlat of %s in the API: %d", q, status)
		}
	}
	if status, body := in.api(t, token, "GET", "/api/v1/meetlatten/"+year+"?gemeente=arnhem&school="+in.schoolB, nil); status != http.StatusOK ||
		!strings.Contains(body, `"opgeslagen":true`) {
		t.Errorf("school B's own meetlat in the API: %d %s", status, body)
	}
	regisseur := in.sessions[vios.RoleRegisseur]
	if status, _ := in.web(t, regisseur, "GET", own+"/"+year, nil); status != http.StatusOK {
		t.Errorf("the regisseur reads school B's meetlat: %d", status)
	}
	if status, _ := in.web(t, regisseur, "POST", own+"/"+year, url.Values{"score-deelname": {"4"}}); status != http.StatusNotFound {
		t.Errorf("the regisseur fills in school B's meetlat: %d", status)
	}
}
