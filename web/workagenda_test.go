package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// agendaFixture is the platform with the demo kernteams, an open action in
// the kernteam of Arnhem and of Den Haag, and sessions of Arnhem's
// regisseur, school employee, OTSV colleague (in no network) and of the
// national role.
type agendaFixture struct {
	*platform
	year     int
	path     string                      // this year's agenda of Arnhem
	actions  map[string]*vios.ActionItem // by municipality slug
	sessions map[string]string           // by role
}

func newAgendaFixture(t *testing.T) *agendaFixture {
	t.Helper()
	ctx := context.Background()
	f := &agendaFixture{platform: newPlatform(t, true), actions: map[string]*vios.ActionItem{}, sessions: map[string]string{}}
	if err := demo.LoadNetworks(ctx, f.db.All, f.db.Now()); err != nil {
		t.Fatal(err)
	}
	f.year = vios.Date(storetest.Now()).Year()
	f.path = "/werkagenda/arnhem/" + strconv.Itoa(f.year)
	for _, slug := range []string{"arnhem", "den-haag"} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		nets, _ := f.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID})
		meetings, _ := f.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: nets[0].ID})
		meeting := meetings[0]
		regisseur, _, _ := f.db.Accounts.FindCredentials(ctx, "regisseur@"+slug+".demo.example")
		partner, _, _ := f.db.Accounts.FindCredentials(ctx, "partner@"+slug+".demo.example")
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
		if err := f.db.Networks.ProposeItem(as, m.ID, &vios.AgendaItem{MeetingID: meeting.ID, Kind: vios.ItemTrend, Title: "Vapes"}); err != nil {
			t.Fatal(err)
		}
		if err := f.db.Networks.PublishAgenda(as, m.ID, meeting.ID); err != nil {
			t.Fatal(err)
		}
		a := &vios.ActionItem{MunicipalityID: m.ID, MeetingID: meeting.ID, Title: "Voorlichting vapes in " + m.Name,
			OwnerUserID: partner.ID, DueOn: meeting.StartsAt.AddDate(0, 0, 14)}
		if err := f.db.Networks.CreateAction(as, a); err != nil {
			t.Fatal(err)
		}
		f.actions[slug] = a
	}
	for role, email := range map[string]string{vios.RoleRegisseur: "regisseur@arnhem.demo.example",
		vios.RoleSchool: "school@arnhem.demo.example", vios.RoleOTSV: "otsv@arnhem.demo.example", vios.RoleLandelijk: "landelijk@demo.example"} {
		res := f.login(t, email, testPassword)
		if res.cookie == nil {
			t.Fatalf("login %s: %d", email, res.status)
		}
		f.sessions[role] = res.cookie.Value
	}
	return f
}

// addPriority adds a running priority to this year's agenda of Arnhem.
func (f *agendaFixture) addPriority(t *testing.T, title string) *vios.Priority {
	t.Helper()
	regisseur, _, _ := f.db.Accounts.FindCredentials(context.Background(), "regisseur@arnhem.demo.example")
	p := &vios.Priority{MunicipalityID: f.arnhemID, Year: f.year, Title: title, Status: vios.PriorityRunning,
		Description: "Scholen melden het steeds vaker.", Target: "Elke school heeft voorlichting gehad"}
	ctx := vios.NewContextWithActor(context.Background(), &vios.Actor{User: regisseur})
	if err := f.db.Networks.AddPriority(ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *agendaFixture) agenda(t *testing.T, year int) *vios.WorkAgenda {
	t.Helper()
	w, err := f.db.Networks.WorkAgenda(context.Background(), f.arnhemID, year)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// Everyone with a role in the municipality reads the work agenda — here a
// school employee, and the OTSV colleague who is in no network — but only
// the regisseur changes it; the national role and other municipalities see
// nothing.
func TestWorkAgendaReadableByTheMunicipality(t *testing.T) {
	f := newAgendaFixture(t)
	p := f.addPriority(t, "Vapes rond scholen terugdringen")
	regisseur, _, _ := f.db.Accounts.FindCredentials(context.Background(), "regisseur@arnhem.demo.example")
	if err := f.db.Networks.LinkPriorityAction(vios.NewContextWithActor(context.Background(), &vios.Actor{User: regisseur}),
		f.arnhemID, p.ID, f.actions["arnhem"].ID); err != nil {
		t.Fatal(err)
	}
	school := f.sessions[vios.RoleSchool]

	if res := f.do(t, "GET", "/werkagenda/arnhem", school, nil); res.status != 303 || res.location != f.path {
		t.Errorf("current year: %d → %q, want %s", res.status, res.location, f.path)
	}
	res := f.do(t, "GET", f.path, school, nil)
	if res.status != 200 {
		t.Fatalf("school reads the agenda: %d", res.status)
	}
	for _, want := range []string{"Werkagenda " + strconv.Itoa(f.year), p.Title, "Elke school heeft voorlichting gehad",
		htmlEscape(f.actions["arnhem"].Title), `id="p-` + p.ID + `-acties"`, "0 van 1 actiepunten gereed (0%), 1 open."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the agenda lacks %q", want)
		}
	}
	if strings.Contains(res.body, `method="post" action="/werkagenda/`) {
		t.Error("a school employee is offered forms that change the agenda")
	}
	if res := f.do(t, "GET", f.path, f.sessions[vios.RoleOTSV], nil); res.status != 200 || !strings.Contains(res.body, p.Title) {
		t.Errorf("OTSV, in no network, reads the agenda: %d", res.status)
	}

	// Changes by the school employee are refused and change nothing.
	for path, form := range map[string]url.Values{
		f.path + "/prioriteiten":                                      {"titel": {"Van de school"}, "status": {"gepland"}},
		f.path + "/prioriteiten/" + p.ID:                              {"titel": {"Anders"}, "status": {"gereed"}, "versie": {p.UpdatedAt.Format(time.RFC3339Nano)}},
		f.path + "/prioriteiten/" + p.ID + "/actiepunten":             {"actiepunt": {f.actions["arnhem"].ID}},
		"/werkagenda/arnhem/" + strconv.Itoa(f.year+1) + "/overnemen": {},
	} {
		if res := f.do(t, "POST", path, school, form); res.status != 403 {
			t.Errorf("school POST %s: %d, want 403", path, res.status)
		}
	}
	if w := f.agenda(t, f.year); len(w.Priorities) != 1 || w.Priorities[0].Title != p.Title || w.Priorities[0].Status != vios.PriorityRunning {
		t.Errorf("after refused changes: %+v", w.Priorities)
	}
	if w := f.agenda(t, f.year+1); len(w.Priorities) != 0 {
		t.Errorf("refused copy copied %d priorities", len(w.Priorities))
	}

	// The national role, another municipality, and a year without agenda.
	if res := f.do(t, "GET", f.path, f.sessions[vios.RoleLandelijk], nil); res.status != 403 {
		t.Errorf("national role: %d", res.status)
	}
	if res := f.do(t, "GET", "/werkagenda/den-haag/"+strconv.Itoa(f.year), school, nil); res.status != 403 {
		t.Errorf("school of Arnhem reads Den Haag's agenda: %d", res.status)
	}
	for _, year := range []string{"1999", strconv.Itoa(f.year + 2), "volgend-jaar"} {
		res := f.do(t, "GET", "/werkagenda/arnhem/"+year, school, nil)
		if res.status != 400 || !strings.Contains(res.body, "Kies een jaar van 2000 tot en met "+strconv.Itoa(f.year+1)) {
			t.Errorf("year %s: %d", year, res.status)
		}
	}
	if res := f.do(t, "GET", f.path, "", nil); res.status != 303 || res.location != "/inloggen" {
		t.Errorf("anonymous: %d %s", res.status, res.location)
	}
}

// The regisseur adds and changes priorities and links actions; bad input
// is a 400 with the message beside the field, and nothing is saved.
func TestRegisseurKeepsTheWorkAgenda(t *testing.T) {
	f := newAgendaFixture(t)
	session := f.sessions[vios.RoleRegisseur]

	// A priority without a title: 400, the message at the field, the typed text kept.
	res := f.do(t, "POST", f.path+"/prioriteiten", session, url.Values{"titel": {" "}, "omschrijving": {"Omdat het moet"}, "status": {"gepland"}})
	if res.status != 400 || !strings.Contains(res.body, `id="nieuw-titel-fout"`) || !strings.Contains(res.body, "Vul de titel van de prioriteit in.") ||
		!strings.Contains(res.body, `aria-describedby="nieuw-titel-fout"`) || !strings.Contains(res.body, "Omdat het moet") {
		t.Errorf("priority without title: %d", res.status)
	}
	// A year after next year: no agenda to add to.
	if res := f.do(t, "POST", "/werkagenda/arnhem/"+strconv.Itoa(f.year+2)+"/prioriteiten", session, url.Values{"titel": {"Later"}, "status": {"gepland"}}); res.status != 400 {
		t.Errorf("priority in the year after next: %d", res.status)
	}
	if w := f.agenda(t, f.year); len(w.Priorities) != 0 {
		t.Fatalf("refused priorities saved: %d", len(w.Priorities))
	}

	res = f.do(t, "POST", f.path+"/prioriteiten", session, url.Values{"titel": {"Wapens: preventie"}, "omschrijving": {"Meer meldingen van messen"},
		"doel": {"Elke vo-school doet mee aan de wapenvoorlichting"}, "status": {"loopt"}})
	if res.status != 303 || !strings.HasPrefix(res.location, f.path+"?melding=toegevoegd#p-") {
		t.Fatalf("add priority: %d %s", res.status, res.location)
	}
	p := f.agenda(t, f.year).Priorities[0]
	version := p.UpdatedAt.Format(time.RFC3339Nano)
	change := f.path + "/prioriteiten/" + p.ID

	// Stopping without a reason: 400 beside the reason, nothing saved.
	res = f.do(t, "POST", change, session, url.Values{"versie": {version}, "titel": {p.Title}, "status": {"gestopt"}, "reden": {""}})
	if res.status != 400 || !strings.Contains(res.body, `id="p-`+p.ID+`-reden-fout"`) || !strings.Contains(res.body, "Geef de reden waarom de prioriteit stopt.") {
		t.Errorf("stop without reason: %d", res.status)
	}
	// Linking an action of Den Haag, or nothing: 400, nothing linked.
	link := change + "/actiepunten"
	res = f.do(t, "POST", link, session, url.Values{"actiepunt": {f.actions["den-haag"].ID}})
	if res.status != 400 || !strings.Contains(res.body, "Kies een actiepunt van een netwerk van deze gemeente.") || !strings.Contains(res.body, `id="p-`+p.ID+`-actiepunt-fout"`) {
		t.Errorf("linking Den Haag's action: %d", res.status)
	}
	if w := f.agenda(t, f.year); w.Priorities[0].Status != vios.PriorityRunning || len(w.Priorities[0].Actions) != 0 {
		t.Fatalf("after refused changes: %+v", w.Priorities[0])
	}
	// The page offers Arnhem's open action, not Den Haag's.
	page := f.do(t, "GET", f.path, session, nil)
	if !strings.Contains(page.body, `<option value="`+f.actions["arnhem"].ID+`">`) || strings.Contains(page.body, f.actions["den-haag"].ID) {
		t.Errorf("the link form does not offer exactly Arnhem's open actions")
	}
	if res := f.do(t, "POST", link, session, url.Values{"actiepunt": {f.actions["arnhem"].ID}}); res.status != 303 {
		t.Fatalf("link: %d", res.status)
	}
	if res := f.do(t, "POST", link, session, url.Values{"actiepunt": {f.actions["arnhem"].ID}}); res.status != 400 || !strings.Contains(res.body, "al aan deze prioriteit gekoppeld") {
		t.Errorf("second link: %d", res.status)
	}
	page = f.do(t, "GET", f.path+"?melding=gekoppeld", session, nil)
	if !strings.Contains(page.body, "0 van 1 actiepunten gereed (0%), 1 open.") || !strings.Contains(page.body, `id="p-`+p.ID+`-acties"`) {
		t.Errorf("progress after linking not shown")
	}

	// A change on a stale version: 409, the typed text kept, nothing saved.
	if res := f.do(t, "POST", change, session, url.Values{"versie": {version}, "titel": {p.Title}, "doel": {"Nieuw doel"}, "status": {"loopt"}}); res.status != 303 {
		t.Fatalf("change: %d", res.status)
	}
	res = f.do(t, "POST", change, session, url.Values{"versie": {version}, "titel": {p.Title}, "doel": {"Mijn eigen doel"}, "status": {"gereed"}})
	if res.status != 409 || !strings.Contains(res.body, "Mijn eigen doel") || !strings.Contains(res.body, "niet opgeslagen") {
		t.Errorf("stale change: %d", res.status)
	}
	if got := f.agenda(t, f.year).Priorities[0]; got.Target != "Nieuw doel" || got.Status != vios.PriorityRunning {
		t.Errorf("stored after a stale change: %q %s", got.Target, got.Status)
	}

	// Next year is empty: the regisseur takes the unfinished priority over.
	next := "/werkagenda/arnhem/" + strconv.Itoa(f.year+1)
	page = f.do(t, "GET", next, session, nil)
	if page.status != 200 || !strings.Contains(page.body, "nog geen prioriteiten") || !strings.Contains(page.body, "Neem de 1 onafgeronde prioriteit van "+strconv.Itoa(f.year)+" over") {
		t.Errorf("empty next year: %d", page.status)
	}
	if res := f.do(t, "POST", next+"/overnemen", session, url.Values{}); res.status != 303 {
		t.Fatalf("copy: %d", res.status)
	}
	if res := f.do(t, "POST", next+"/overnemen", session, url.Values{}); res.status != 409 {
		t.Errorf("second copy: %d", res.status)
	}
	copied := f.agenda(t, f.year+1)
	if len(copied.Priorities) != 1 || copied.Priorities[0].Title != p.Title || len(copied.Priorities[0].Actions) != 1 {
		t.Errorf("copied: %+v", copied.Priorities)
	}
	// A priority of this year is not found under next year's path.
	if res := f.do(t, "POST", next+"/prioriteiten/"+p.ID, session, url.Values{"titel": {"x"}, "status": {"loopt"}}); res.status != 404 {
		t.Errorf("this year's priority under next year: %d", res.status)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
