package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// caseFixture is Arnhem's demo casework (the school's knife signal about
// Daan Bakker in the kernteam, whose clause gives youth work no names) with
// sessions of the chair (school), the police, youth work and a Den Haag
// school account.
func caseFixture(t *testing.T) (*platform, *vios.Signal, map[string]string, map[string]*vios.User) {
	t.Helper()
	ctx := context.Background()
	p := newPlatform(t, true)
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	sessions, users := map[string]string{}, map[string]*vios.User{}
	for name, email := range map[string]string{"school": "school@arnhem.demo.example", "politie": "partner@arnhem.demo.example",
		"jongerenwerk": "jongerenwerk@arnhem.demo.example", "denhaag": "school@den-haag.demo.example"} {
		res := p.login(t, email, testPassword)
		if res.cookie == nil {
			t.Fatalf("login %s: %d", email, res.status)
		}
		sessions[name] = res.cookie.Value
		users[name], _, _ = p.db.Accounts.FindCredentials(ctx, email)
	}
	list, _, err := p.db.Casework.ListSignals(vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]}),
		vios.SignalFilter{MunicipalityID: p.arnhemID, Phenomenon: "wapens"})
	if err != nil || len(list) != 1 {
		t.Fatalf("the demo knife signal: %d %v", len(list), err)
	}
	return p, list[0], sessions, users
}

var versionField = regexp.MustCompile(`action="(/casussen/arnhem/[^"]+/plan)" novalidate>\s*<input type="hidden" name="versie" value="([^"]+)">`)

func TestCasePages(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := context.Background()
	form := "/signalen/arnhem/" + s.ID + "/casus"

	// The chair gets the form; youth work, a plain member, does not.
	if r := p.do(t, "GET", form, sessions["school"], nil); r.status != 200 || !strings.Contains(r.body, "Daan Bakker") || !strings.Contains(r.body, `name="regiehouder"`) {
		t.Fatalf("case form: %d", r.status)
	}
	if r := p.do(t, "GET", form, sessions["jongerenwerk"], nil); r.status != 403 {
		t.Errorf("youth work opens the case form: %d", r.status)
	}
	// Without a plan: said beside the field, what was chosen kept, nothing saved.
	bad := p.do(t, "POST", form, sessions["school"], url.Values{"regiehouder": {users["politie"].ID}, "plan": {" "}, "evaluatie": {"14"}})
	if bad.status != 400 || !strings.Contains(bad.body, "Beschrijf het plan") || !strings.Contains(bad.body, `value="`+users["politie"].ID+`" selected`) {
		t.Fatalf("case without a plan: %d", bad.status)
	}
	if _, page, _ := p.db.Casework.ListCases(vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]}), vios.CaseFilter{MunicipalityID: p.arnhemID}); page.Total != 0 {
		t.Fatalf("%d cases after a refused form", page.Total)
	}
	made := p.do(t, "POST", form, sessions["school"], url.Values{"regiehouder": {users["politie"].ID},
		"plan": {"Daan: gesprek met ouders; de wijkagent volgt de dreigementen op Snapchat."}, "evaluatie": {"14"}})
	if made.status != 303 || !strings.HasPrefix(made.location, "/casussen/arnhem/") {
		t.Fatalf("make the case: %d %s", made.status, made.location)
	}
	page := strings.SplitN(made.location, "?", 2)[0]

	// The police sees the name, the plan and why; youth work the pseudonym
	// and no plan; Den Haag nothing.
	police := p.do(t, "GET", page, sessions["politie"], nil)
	for _, want := range []string{"Daan Bakker", "wijkagent volgt de dreigementen", "Waarom zie ik dit?", "grondslag", `name="plan"`} {
		if police.status != 200 || !strings.Contains(police.body, want) {
			t.Errorf("police page (%d) lacks %q", police.status, want)
		}
	}
	youth := p.do(t, "GET", page, sessions["jongerenwerk"], nil)
	if youth.status != 200 || strings.Contains(youth.body, "Daan Bakker") || strings.Contains(youth.body, "Snapchat") ||
		!strings.Contains(youth.body, "(D.B.)") || !strings.Contains(youth.body, "Alleen zichtbaar voor wie de naam mag zien") {
		t.Errorf("youth work page: %d", youth.status)
	}
	if strings.Contains(youth.body, `action="`+page+`/plan"`) || !strings.Contains(youth.body, `action="`+page+`/notities"`) {
		t.Errorf("youth work should add notes but not direct the case")
	}
	if r := p.do(t, "GET", page, sessions["denhaag"], nil); r.status != 403 || strings.Contains(r.body, "Bakker") {
		t.Errorf("Den Haag opens the case: %d", r.status)
	}

	// Two editors of the plan from one version: the second gets 409 and
	// keeps what they typed.
	m := versionField.FindStringSubmatch(police.body)
	if m == nil {
		t.Fatal("no plan form with a version on the police page")
	}
	edit := func(session, plan string) result {
		return p.do(t, "POST", m[1], session, url.Values{"versie": {m[2]}, "plan": {plan}, "regiehouder": {users["politie"].ID}, "evaluatie": {"14"}})
	}
	if r := edit(sessions["school"], "Plan van de school."); r.status != 303 {
		t.Fatalf("first editor: %d", r.status)
	}
	second := edit(sessions["politie"], "Plan van de wijkagent.")
	if second.status != 409 || !strings.Contains(second.body, "Iemand anders heeft deze casus intussen gewijzigd") ||
		!strings.Contains(second.body, "Plan van de wijkagent.") || !strings.Contains(second.body, "Plan van de school.") {
		t.Errorf("second editor: %d", second.status)
	}

	// The route: a table that does not exist is refused; two pending
	// referrals show the warning; a status change shows in the history.
	if r := p.do(t, "POST", page+"/verwijzingen", sessions["jongerenwerk"], url.Values{"tafel": {"bestaat-niet"}}); r.status != 400 ||
		!strings.Contains(r.body, "Kies een bestaande tafel om naar te verwijzen.") || !strings.Contains(r.body, `id="verwijzing-tafel-fout"`) {
		t.Errorf("referral to no table: %d", r.status)
	}
	for _, table := range []string{"jeugdzorg", "leerplicht"} {
		if r := p.do(t, "POST", page+"/verwijzingen", sessions["jongerenwerk"], url.Values{"tafel": {table}, "toelichting": {"Aangemeld."}}); r.status != 303 {
			t.Fatalf("refer to %s: %d", table, r.status)
		}
	}
	route := p.do(t, "GET", page, sessions["politie"], nil)
	if !strings.Contains(route.body, "naar meerdere tafels verwezen") || !strings.Contains(route.body, "Jeugdzorg") {
		t.Errorf("route without a warning")
	}
	found, err := p.db.Casework.FindCase(vios.NewContextWithActor(ctx, &vios.Actor{User: users["politie"]}), p.arnhemID, strings.TrimPrefix(page, "/casussen/arnhem/"))
	if err != nil {
		t.Fatal(err)
	}
	ref := found.Referrals[0]
	if r := p.do(t, "POST", page+"/verwijzingen/"+ref.ID, sessions["politie"], url.Values{"versie": {ref.UpdatedAt.Format(time.RFC3339Nano)},
		"status": {"wachtlijst"}, "toelichting": {"Zes weken."}}); r.status != 303 {
		t.Fatalf("referral status: %d", r.status)
	}
	if r := p.do(t, "GET", page, sessions["politie"], nil); !strings.Contains(r.body, "Op de wachtlijst sinds") || !strings.Contains(r.body, "Zes weken.") ||
		!strings.Contains(r.body, `class="referral-wait">sinds vandaag op de wachtlijst`) ||
		strings.Contains(r.body, "naar meerdere tafels verwezen") {
		t.Errorf("route after the waiting list")
	}

	// Notes: by any member; the text only for readers of names.
	if r := p.do(t, "POST", page+"/notities", sessions["jongerenwerk"], url.Values{"notitie": {"Daan komt weer naar het jongerenwerk."}}); r.status != 303 {
		t.Fatalf("note: %d", r.status)
	}
	if r := p.do(t, "GET", page, sessions["politie"], nil); !strings.Contains(r.body, "Daan komt weer naar het jongerenwerk.") {
		t.Errorf("police does not read the note")
	}

	// Actions: none before the network met; afterwards an action item of
	// its meeting, in the case's table.
	action := url.Values{"wat": {"Brief aan alle ouders"}, "eigenaar": {users["school"].ID}, "deadline": {vios.Date(p.db.Now()).AddDate(0, 1, 0).Format(time.DateOnly)}}
	if r := p.do(t, "POST", page+"/actiepunten", sessions["school"], action); r.status != 409 || !strings.Contains(r.body, "nog geen overleg gehad") {
		t.Errorf("action before any meeting: %d", r.status)
	}
	// After the demo kernteam's first meeting (on a school day, about two weeks on).
	met, _ := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: p.arnhemID, NetworkID: s.NetworkID})
	if len(met) == 0 {
		t.Fatal("the kernteam has no meeting")
	}
	later := met[0].EndsAt.Add(time.Hour)
	p.db.Now = func() time.Time { return later }
	for name, email := range map[string]string{"school": "school@arnhem.demo.example", "politie": "partner@arnhem.demo.example",
		"jongerenwerk": "jongerenwerk@arnhem.demo.example"} {
		sessions[name] = p.login(t, email, testPassword).cookie.Value // two weeks on, sessions have expired
	}
	if r := p.do(t, "POST", page+"/actiepunten", sessions["school"], action); r.status != 303 || !strings.HasPrefix(r.location, page) {
		t.Fatalf("action: %d %s", r.status, r.location)
	}
	if r := p.do(t, "GET", page, sessions["politie"], nil); !strings.Contains(r.body, `id="casus-acties"`) || !strings.Contains(r.body, "Brief aan alle ouders") {
		t.Errorf("case page lacks its action")
	}

	// Closing needs an outcome; closed, the case leaves the open list.
	page2 := p.do(t, "GET", page, sessions["school"], nil)
	version := regexp.MustCompile(`action="` + page + `/sluiten" novalidate>\s*<input type="hidden" name="versie" value="([^"]+)">`).FindStringSubmatch(page2.body)
	if version == nil {
		t.Fatal("no closing form")
	}
	if r := p.do(t, "POST", page+"/sluiten", sessions["school"], url.Values{"versie": {version[1]}, "reden": {"Klaar."}}); r.status != 400 ||
		!strings.Contains(r.body, "Kies de uitkomst van de casus.") || !strings.Contains(r.body, "Klaar.") {
		t.Errorf("closing without an outcome: %d", r.status)
	}
	if r := p.do(t, "POST", page+"/sluiten", sessions["school"], url.Values{"versie": {version[1]}, "uitkomst": {"opgelost"}, "reden": {"Dreiging weg."}}); r.status != 303 {
		t.Fatalf("close: %d", r.status)
	}
	if r := p.do(t, "GET", "/casussen/arnhem", sessions["jongerenwerk"], nil); r.status != 200 || !strings.Contains(r.body, "Er zijn geen casussen") {
		t.Errorf("open cases after closing: %d", r.status)
	}
	closed := p.do(t, "GET", "/casussen/arnhem?status=gesloten", sessions["jongerenwerk"], nil)
	if closed.status != 200 || !strings.Contains(closed.body, found.Code) || !strings.Contains(closed.body, "(D.B.)") || strings.Contains(closed.body, "Bakker") {
		t.Errorf("closed cases as youth work: %d", closed.status)
	}
}

// A signal about two pupils made a case that showed one. The
// case page shows every pupil, each with a route of its own.
func TestCasePageShowsEveryPupil(t *testing.T) {
	p, demo, sessions, users := caseFixture(t)
	school := vios.NewContextWithActor(context.Background(), &vios.Actor{User: users["school"]})
	s := &vios.Signal{MunicipalityID: p.arnhemID, NetworkID: demo.NetworkID, OccurredOn: p.db.Now().AddDate(0, 0, -1),
		Phenomenon: demo.Phenomenon, Level: vios.LevelGroup, Urgency: vios.UrgencyNormal, Description: "Noor en Sem worden samen bedreigd.",
		Pupils: []vios.Pupil{{Name: "Noor Verhoeven", BirthDate: "2011-02-03", SchoolID: demo.Pupils[0].SchoolID, Class: "3A"},
			{Name: "Sem Verhoeven", BirthDate: "2013-04-05", SchoolID: demo.Pupils[0].SchoolID, Class: "1C"}}}
	if _, err := p.db.Casework.CreateSignal(school, s); err != nil {
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
	// The pupils come in the order of their codes: each route runs to the
	// next heading, the last one to the end of the routes.
	section := func(heading string) string {
		at := strings.Index(route, heading)
		if at < 0 {
			return ""
		}
		rest := route[at:]
		if end := strings.Index(rest[1:], "<h3"); end >= 0 {
			return rest[:end+1]
		}
		return rest[:strings.Index(rest, `id="verwijzen"`)]
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

// Another organisation's signal about the same pupil blanked
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
		if _, err := p.db.Casework.CreateSignal(police, s); err != nil {
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
