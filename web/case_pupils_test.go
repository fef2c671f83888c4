package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// P6 item 5: a signal about two pupils made a case that showed one. The
// case page shows every pupil, each with a route of its own.
func TestCasePageShowsEveryPupil(t *testing.T) {
	p, demo, sessions, users := caseFixture(t)
	school := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]})
	s := &vios.Signal{MunicipalityID: p.arnhemID, NetworkID: demo.NetworkID, OccurredOn: p.db.Now().AddDate(0, 0, -1),
		Phenomenon: demo.Phenomenon, Level: vios.LevelGroup, Urgency: vios.UrgencyNormal, Description: "Noor en Sem worden samen bedreigd.",
		Pupils: []vios.Pupil{{Name: "Noor Verhoeven", BirthDate: "2011-02-03", SchoolID: demo.Pupils[0].SchoolID, Class: "3A"},
			{Name: "Sem Verhoeven", BirthDate: "2013-04-05", SchoolID: demo.Pupils[0].SchoolID, Class: "1C"}}}
	if _, err := p.db.CreateSignal(school, s); err != nil {
		t.Fatal(err)
	}
	made := p.do(t, "POST", "/signalen/arnhem/"+s.ID+"/casus", sessions["school"], url.Values{"regiehouder": {users["politie"].ID},
		"plan": {"Gesprek met beide kinderen en de ouders."}, "evaluatie": {"28"}})
	if made.status != 303 {
		t.Fatalf("make the case: %d", made.status)
	}
	page := strings.SplitN(made.location, "?", 2)[0]
	police := p.do(t, "GET", page, sessions["politie"], nil)
	for _, want := range []string{"Noor Verhoeven", "Sem Verhoeven", "Route van Noor Verhoeven", "Route van Sem Verhoeven", `name="leerling"`} {
		if police.status != 200 || !strings.Contains(police.body, want) {
			t.Errorf("case page (%d) lacks %q", police.status, want)
		}
	}
	// Which pupil is referred is asked, and kept when something else is wrong.
	var sem string
	for _, pupil := range s.Pupils {
		if pupil.Name == "Sem Verhoeven" {
			sem = pupil.ID
		}
	}
	if r := p.do(t, "POST", page+"/verwijzingen", sessions["politie"], url.Values{"tafel": {"halt"}}); r.status != 400 ||
		!strings.Contains(r.body, "Kies de leerling van deze casus die u verwijst.") {
		t.Errorf("referral of no pupil: %d", r.status)
	}
	if r := p.do(t, "POST", page+"/verwijzingen", sessions["politie"], url.Values{"leerling": {sem}}); r.status != 400 ||
		!strings.Contains(r.body, `value="`+sem+`" selected`) {
		t.Errorf("referral to no table forgets the pupil: %d", r.status)
	}
	if r := p.do(t, "POST", page+"/verwijzingen", sessions["politie"], url.Values{"leerling": {sem}, "tafel": {"halt"}}); r.status != 303 {
		t.Fatalf("refer Sem: %d", r.status)
	}
	route := p.do(t, "GET", page, sessions["politie"], nil).body
	// The pupils come in the order of their codes: each route runs to the next heading.
	section := func(heading string) string {
		at := strings.Index(route, heading)
		if at < 0 {
			return ""
		}
		rest := route[at:]
		return rest[:strings.Index(rest[1:], "<h3")+1]
	}
	noorRoute, semRoute := section("Route van Noor Verhoeven"), section("Route van Sem Verhoeven")
	if strings.Contains(noorRoute, "Halt") || !strings.Contains(noorRoute, "Noor Verhoeven is nog nergens naar verwezen.") || !strings.Contains(semRoute, "Halt") {
		t.Errorf("routes: Noor's %q, Sem's %q", noorRoute, semRoute)
	}
	// Youth work sees both pupils by pseudonym.
	youth := p.do(t, "GET", page, sessions["jongerenwerk"], nil)
	if youth.status != 200 || strings.Contains(youth.body, "Verhoeven") || !strings.Contains(youth.body, "(N.V.)") || !strings.Contains(youth.body, "(S.V.)") {
		t.Errorf("youth work page: %d", youth.status)
	}
	// The list of cases names both.
	if list := p.do(t, "GET", "/casussen/arnhem", sessions["politie"], nil); !strings.Contains(list.body, "Noor Verhoeven, Sem Verhoeven") &&
		!strings.Contains(list.body, "Sem Verhoeven, Noor Verhoeven") {
		t.Errorf("the cases list does not name both pupils")
	}
}

// P6 item 6: another organisation's signal about the same pupil blanked
// the class the school had entered. The school's record stays, and the
// difference is shown to those who read names.
func TestSignalPageShowsOtherSources(t *testing.T) {
	p, demo, sessions, users := caseFixture(t)
	daan := demo.Pupils[0]
	police := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["politie"]})
	for _, class := range []string{"", "3C"} {
		s := &vios.Signal{MunicipalityID: p.arnhemID, NetworkID: demo.NetworkID, OccurredOn: p.db.Now().AddDate(0, 0, -1),
			Phenomenon: demo.Phenomenon, Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Daan is aangehouden.",
			Pupils: []vios.Pupil{{Name: daan.Name, BirthDate: daan.BirthDate, SchoolID: daan.SchoolID, Class: class}}}
		if _, err := p.db.CreateSignal(police, s); err != nil {
			t.Fatal(err)
		}
	}
	page := p.do(t, "GET", "/signalen/arnhem/"+demo.ID, sessions["school"], nil)
	row, _, _ := strings.Cut(page.body[strings.Index(page.body, `id="leerlingen"`)+1:], "</table>")
	if page.status != 200 || !strings.Contains(row, ">2B<") || !strings.Contains(row, "noteerde klas 3C") {
		t.Errorf("the school's signal page (%d) shows %s", page.status, row)
	}
	if youth := p.do(t, "GET", "/signalen/arnhem/"+demo.ID, sessions["jongerenwerk"], nil); strings.Contains(youth.body, "3C") || strings.Contains(youth.body, "noteerde") {
		t.Errorf("youth work sees what the police entered")
	}
}
