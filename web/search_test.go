package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// addresses are the links, form targets and redirects of a page.
var addresses = regexp.MustCompile(`(?:href|action|src)="([^"]*)"`)

// A member finds a pupil by part of the name, posted; those who may not
// see the name find nothing; fewer than two letters asks for more; the
// name is in no address.
func TestSearchFindsThePupilByName(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	if r := p.do(t, "GET", "/zoeken", sessions["school"], nil); r.status != 303 || r.location != "/zoeken/arnhem" {
		t.Errorf("GET /zoeken: %d %q", r.status, r.location)
	}
	if r := p.do(t, "GET", "/zoeken/arnhem", sessions["school"], nil); r.status != 200 || !strings.Contains(r.body, `method="post" action="/zoeken/arnhem"`) {
		t.Errorf("search form: %d", r.status)
	}
	short := p.do(t, "POST", "/zoeken/arnhem", sessions["school"], url.Values{"zoekterm": {"d"}})
	if short.status != 400 || !strings.Contains(short.body, "Typ minstens twee letters") || !strings.Contains(short.body, `id="zoekterm-fout"`) {
		t.Errorf("one letter: %d", short.status)
	}
	signal := `href="/signalen/arnhem/` + s.ID + `"`
	for _, who := range []string{"school", "politie"} {
		r := p.do(t, "POST", "/zoeken/arnhem", sessions[who], url.Values{"zoekterm": {"daan bak"}})
		if r.status != 200 || !strings.Contains(r.body, "Daan Bakker") || !strings.Contains(r.body, signal) {
			t.Errorf("%s searches daan bak: %d, signal shown %v", who, r.status, strings.Contains(r.body, signal))
		}
		for _, m := range addresses.FindAllStringSubmatch(r.body, -1) {
			if strings.Contains(strings.ToLower(m[1]), "daan") || strings.Contains(strings.ToLower(m[1]), "bakker") {
				t.Errorf("a name in an address: %s", m[1])
			}
		}
		if r.location != "" {
			t.Errorf("the search redirects to %q", r.location)
		}
	}
	// Once there is a case, the name shows it with the route, and its code
	// finds it for youth work too, with the pupil under a pseudonym.
	made := p.do(t, "POST", "/signalen/arnhem/"+s.ID+"/casus", sessions["school"], url.Values{"regiehouder": {users["politie"].ID},
		"plan": {"Gesprek met ouders."}, "evaluatie": {"14"}})
	if made.status != 303 {
		t.Fatalf("make the case: %d", made.status)
	}
	c, _, err := p.db.Casework.ListCases(vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]}),
		vios.CaseFilter{MunicipalityID: p.arnhemID})
	if err != nil || len(c) != 1 {
		t.Fatalf("cases: %d (%v)", len(c), err)
	}
	caseLink := `href="/casussen/arnhem/` + c[0].ID + `"`
	if r := p.do(t, "POST", "/zoeken/arnhem", sessions["politie"], url.Values{"zoekterm": {"Daan"}}); !strings.Contains(r.body, caseLink) ||
		!strings.Contains(r.body, "nog geen verwijzingen") {
		t.Errorf("the police's search shows no case with its route")
	}
	byCode := p.do(t, "POST", "/zoeken/arnhem", sessions["jongerenwerk"], url.Values{"zoekterm": {c[0].Code}})
	if byCode.status != 200 || !strings.Contains(byCode.body, caseLink) || strings.Contains(byCode.body, "Bakker") {
		t.Errorf("youth work searches case %s: %d", c[0].Code, byCode.status)
	}
	youth := p.do(t, "POST", "/zoeken/arnhem", sessions["jongerenwerk"], url.Values{"zoekterm": {"Daan"}})
	if youth.status != 200 || strings.Contains(youth.body, "Bakker") || !strings.Contains(youth.body, `id="niets-gevonden"`) {
		t.Errorf("youth work, who sees a pseudonym, searches Daan: %d", youth.status)
	}
	if r := p.do(t, "POST", "/zoeken/arnhem", sessions["denhaag"], url.Values{"zoekterm": {"Daan"}}); r.status != 403 && r.status != 404 {
		t.Errorf("Den Haag searches Arnhem: %d", r.status)
	}
}

// The signals list filters on school and period as on status and
// phenomenon; a wrong filter is named on the page.
func TestSignalsListFiltersOnSchoolAndPeriod(t *testing.T) {
	p, s, sessions, _ := caseFixture(t)
	knife := `href="/signalen/arnhem/` + s.ID + `"`
	day := s.OccurredOn.Format("2006-01-02")
	school := s.Pupils[0].SchoolID
	for query, shown := range map[string]bool{
		"school=" + school:                                                true,
		"vanaf=" + day + "&totEnMet=" + day:                               true,
		"vanaf=" + s.OccurredOn.AddDate(0, 0, 1).Format("2006-01-02"):     false,
		"totEnMet=" + s.OccurredOn.AddDate(0, 0, -1).Format("2006-01-02"): false,
		"status=" + s.Status + "&fenomeen=wapens":                         true,
	} {
		r := p.do(t, "GET", "/signalen/arnhem?"+query, sessions["school"], nil)
		if r.status != 200 || strings.Contains(r.body, knife) != shown {
			t.Errorf("%s: %d, knife shown %v", query, r.status, strings.Contains(r.body, knife))
		}
	}
	if r := p.do(t, "GET", "/signalen/arnhem?school="+school+"&vanaf="+day, sessions["school"], nil); !strings.Contains(r.body, `value="`+school+`" selected`) ||
		!strings.Contains(r.body, `id="vanaf" name="vanaf" value="`+day+`"`) {
		t.Errorf("the filter form does not keep the filters")
	}
	for query, field := range map[string]string{"vanaf=1-3-2026": "vanaf", "vanaf=2026-03-02&totEnMet=2026-03-01": "totEnMet",
		"status=weg": "status", "fenomeen=onbekend": "fenomeen", "school=" + s.ID: "school"} {
		r := p.do(t, "GET", "/signalen/arnhem?"+query, sessions["school"], nil)
		if r.status != 400 || !strings.Contains(r.body, `id="`+field+`-fout"`) || strings.Contains(r.body, knife) {
			t.Errorf("%s: %d, want 400 naming %s", query, r.status, field)
		}
	}
}

// The paging links of a filtered list keep every filter.
func TestSignalsListPagesKeepTheFilters(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	as := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]})
	school := s.Pupils[0].SchoolID
	for i := 0; i < 50; i++ {
		extra := &vios.Signal{MunicipalityID: p.arnhemID, NetworkID: s.NetworkID, OccurredOn: s.OccurredOn, Phenomenon: "wapens",
			Level: vios.LevelSchool, SchoolIDs: []string{school}, Urgency: vios.UrgencyNormal, Description: "Messen gezien op het plein."}
		if _, err := p.db.Casework.CreateSignal(as, extra); err != nil {
			t.Fatal(err)
		}
	}
	day := s.OccurredOn.Format("2006-01-02")
	first := p.do(t, "GET", "/signalen/arnhem?fenomeen=wapens&school="+school+"&vanaf="+day, sessions["school"], nil)
	next := regexp.MustCompile(`<a class="utrecht-link" href="([^"]+)">Volgende</a>`).FindStringSubmatch(first.body)
	if first.status != 200 || next == nil {
		t.Fatalf("first page: %d, next link %v", first.status, next)
	}
	link := strings.ReplaceAll(next[1], "&amp;", "&")
	u, _ := url.Parse(link)
	if q := u.Query(); q.Get("fenomeen") != "wapens" || q.Get("school") != school || q.Get("vanaf") != day || q.Get("cursor") == "" {
		t.Errorf("the next page's link drops a filter: %s", link)
	}
	second := p.do(t, "GET", link, sessions["school"], nil)
	if second.status != 200 || !strings.Contains(second.body, "Vorige") || !strings.Contains(second.body, "Signalen, nieuwste eerst") {
		t.Errorf("second page: %d", second.status)
	}
	// The first page counts its list; a cursor that is not ours is refused.
	if !strings.Contains(first.body, "51 signalen, nieuwste eerst") {
		t.Errorf("the first page does not count its list")
	}
	bad := p.do(t, "GET", "/signalen/arnhem?fenomeen=wapens&cursor=Jan", sessions["school"], nil)
	if bad.status != 400 || !strings.Contains(bad.body, vios.CursorInvalid) {
		t.Errorf("a cursor not ours: %d", bad.status)
	}
}

// A list longer than vios.TotalCap says "meer dan 1.000" on its first page
// rather than counting on; the cases list pages by cursor too.
func TestLongListsCountUpToTheCap(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	as := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]})
	school := s.Pupils[0].SchoolID
	if err := p.db.Casework.LoadBulkCasework(as, store.BulkCasework{MunicipalityID: p.arnhemID, NetworkID: s.NetworkID,
		ReporterUserID: users["school"].ID, ReporterOrgID: s.ReportingOrganisationID, SchoolID: school, Count: vios.TotalCap + 1,
		Start: p.db.Now()}); err != nil {
		t.Fatal(err)
	}
	signals := p.do(t, "GET", "/signalen/arnhem", sessions["school"], nil)
	if signals.status != 200 || !strings.Contains(signals.body, "Meer dan 1.000 signalen, nieuwste eerst") {
		t.Errorf("signals list beyond the cap: %d", signals.status)
	}
	cases := p.do(t, "GET", "/casussen/arnhem", sessions["school"], nil)
	next := regexp.MustCompile(`<a class="utrecht-link" href="([^"]+)">Volgende</a>`).FindStringSubmatch(cases.body)
	if cases.status != 200 || !strings.Contains(cases.body, "Meer dan 1.000 casussen, nieuwste eerst") || next == nil {
		t.Fatalf("cases list beyond the cap: %d", cases.status)
	}
	second := p.do(t, "GET", strings.ReplaceAll(next[1], "&amp;", "&"), sessions["school"], nil)
	if second.status != 200 || !strings.Contains(second.body, "Casussen, nieuwste eerst") || !strings.Contains(second.body, "Vorige") ||
		!strings.Contains(second.body, "status=open") {
		t.Errorf("second page of cases: %d", second.status)
	}
	if bad := p.do(t, "GET", "/casussen/arnhem?cursor=eyJ0Ijoi", sessions["school"], nil); bad.status != 400 || !strings.Contains(bad.body, vios.CursorInvalid) {
		t.Errorf("a broken cursor: %d", bad.status)
	}
}
