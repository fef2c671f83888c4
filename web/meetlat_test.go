package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// The meetlat's pages: the regisseur opens this year's with the evidence,
// a score off the scale is named at its field and nothing is stored, a
// draft is saved and completed (then read only), the profile and the
// comparison show the scores; a school is sent on to its own meetlat; a
// coordinator gets 404.
func TestMeetlatPages(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	year := strconv.Itoa(p.db.Now().Year())
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	path := "/meetlat/arnhem/" + year

	res := p.do(t, "GET", "/meetlat/arnhem", regisseur, nil)
	if res.status != 200 || !strings.Contains(res.body, "Er is nog geen meetlat ingevuld") || !strings.Contains(res.body, `href="`+path+`"`) {
		t.Fatalf("overview: %d", res.status)
	}
	res = p.do(t, "GET", path, regisseur, nil)
	if res.status != 200 || !strings.Contains(res.body, "Wat het platform laat zien") || !strings.Contains(res.body, "medewerkers van het hulploket") ||
		!strings.Contains(res.body, `id="score-regie-4"`) {
		t.Fatalf("form: %d", res.status)
	}

	form := url.Values{"afronden": {"nee"}, "toelichting": {"Overleg met Jan"}}
	for _, q := range vios.MeetlatQuestions {
		form.Set("score-"+q.Code, "3")
	}
	form.Set("score-deelname", "1")
	form.Set("score-regie", "9")
	if res := p.do(t, "POST", path, regisseur, form); res.status != 400 || !strings.Contains(res.body, `id="score-regie-fout"`) ||
		!strings.Contains(res.body, `href="#score-regie-1"`) {
		t.Fatalf("a score of 9: %d", res.status)
	}
	if res := p.do(t, "GET", "/meetlat/arnhem", regisseur, nil); !strings.Contains(res.body, "Er is nog geen meetlat ingevuld") {
		t.Error("stored after a score of 9")
	}
	form.Set("score-regie", "4")
	if res := p.do(t, "POST", path, regisseur, form); res.status != 303 || res.location != path+"?melding=opgeslagen" {
		t.Fatalf("save the draft: %d %s", res.status, res.location)
	}
	// Den Haag, further along on participation, is named beside Arnhem's
	// completed meetlat only: a draft's scores could be changed again and
	// again to read Den Haag's from the list.
	denHaag := p.login(t, "regisseur@den-haag.demo.example", testPassword).cookie.Value
	other := url.Values{"afronden": {"ja"}}
	for _, q := range vios.MeetlatQuestions {
		other.Set("score-"+q.Code, "4")
	}
	if res := p.do(t, "POST", "/meetlat/den-haag/"+year, denHaag, other); res.status != 303 {
		t.Fatalf("Den Haag completes its meetlat: %d", res.status)
	}
	if res := p.do(t, "GET", "/meetlat/arnhem/profiel/"+year, regisseur, nil); res.status != 200 || strings.Contains(res.body, "Gemeenten die verder zijn") {
		t.Errorf("a draft's profile names other municipalities: %d", res.status)
	}
	form.Set("afronden", "ja")
	if res := p.do(t, "POST", path, regisseur, form); res.status != 303 {
		t.Fatalf("complete: %d %s", res.status, res.body)
	}
	res = p.do(t, "GET", path+"?melding=afgerond", regisseur, nil)
	if !strings.Contains(res.body, "De meetlat is afgerond") || strings.Contains(res.body, `type="radio"`) || !strings.Contains(res.body, "Overleg met Jan") {
		t.Error("a completed meetlat is not shown read only")
	}
	if res := p.do(t, "POST", path, regisseur, form); res.status != 409 {
		t.Errorf("a completed meetlat saved again: %d", res.status)
	}
	res = p.do(t, "GET", "/meetlat/arnhem/profiel/"+year, regisseur, nil)
	if res.status != 200 || !strings.Contains(res.body, "Sterkst:") || !strings.Contains(res.body, "Gemeentelijke regie") ||
		!strings.Contains(res.body, "/kennisbank?thema=samenwerking") || !strings.Contains(res.body, "Gemeenten die verder zijn: Den Haag (4 in "+year+")") {
		t.Errorf("profile: %d %s", res.status, res.body)
	}
	res = p.do(t, "GET", "/meetlat/arnhem", regisseur, nil)
	if !strings.Contains(res.body, `id="vergelijking"`) || !strings.Contains(res.body, "4 – Op orde en geborgd") {
		t.Errorf("comparison: %s", res.body)
	}

	// A school is sent on to its own school's meetlat; a coordinator gets 404.
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	s := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	own := "/meetlat/arnhem/scholen/" + school.Memberships[0].OrganisationID
	if res := p.do(t, "GET", "/meetlat/arnhem", s, nil); res.status != 303 || res.location != own {
		t.Errorf("a school at the municipality's meetlat: %d %s", res.status, res.location)
	}
	if res := p.do(t, "GET", own+"/"+year, s, nil); res.status != 200 || strings.Contains(res.body, `id="score-regie-1"`) || !strings.Contains(res.body, `id="score-deelname-1"`) {
		t.Errorf("the school's meetlat: %d", res.status)
	}
	coordinator := p.login(t, "coordinator@arnhem.demo.example", testPassword).cookie.Value
	if res := p.do(t, "GET", path, coordinator, nil); res.status != 404 {
		t.Errorf("a coordinator: %d", res.status)
	}
}
