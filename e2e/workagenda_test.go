package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// agendaPlatform serves the demo platform on a moving clock with the demo
// kernteams; the kernteam of Arnhem has agreed two open actions.
type agendaPlatform struct {
	base    string
	clock   *clock
	db      *store.DB
	arnhem  string
	actions []*vios.ActionItem
}

func startAgendaPlatform(t *testing.T) *agendaPlatform {
	t.Helper()
	ctx := context.Background()
	p := &agendaPlatform{clock: &clock{t: storetest.Now().UTC()}}
	p.db = storetest.OpenWithDemo(t)
	p.db.Now = p.clock.Now
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, p.db.All, hash); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	m, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	p.arnhem = m.ID
	nets, _ := p.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID})
	meetings, _ := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: nets[0].ID})
	meeting := meetings[0]
	chair, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	partner, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: chair})
	// The regisseur sits in the kernteam for the municipality's team (the
	// work agenda names its actions, which only members read).
	regisseur, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	teams, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgMunicipal})
	if err := p.db.Networks.AddNetworkMember(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), m.ID, &vios.NetworkMember{
		NetworkID: nets[0].ID, UserID: regisseur.ID, OrganisationID: teams[0].ID, Position: vios.PositionMember,
		JoinedOn: vios.Date(p.db.Now())}); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Networks.ProposeItem(as, m.ID, &vios.AgendaItem{MeetingID: meeting.ID, Kind: vios.ItemTrend, Title: "Vapes"}); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Networks.PublishAgenda(as, m.ID, meeting.ID); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		title string
		days  int
	}{{"Voorlichting over vapes in klas 2", 7}, {"Controle bij de fietsenstalling", 21}} {
		action := &vios.ActionItem{MunicipalityID: m.ID, MeetingID: meeting.ID, Title: a.title, OwnerUserID: partner.ID,
			DueOn: vios.Date(meeting.StartsAt).AddDate(0, 0, a.days)}
		if err := p.db.Networks.CreateAction(as, action); err != nil {
			t.Fatal(err)
		}
		p.actions = append(p.actions, action)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(p.db.Services(), logger, server.Options{Demo: true, HashConcurrency: 1, Now: p.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p.base = ts.URL
	return p
}

// The regisseur starts this year's work agenda with a priority, links two
// actions of the demo kernteam to it and sees its progress; when one is
// done and the other late, a school employee reads that on the same page
// without being able to change it.
func TestWorkAgendaPriorityWithActions(t *testing.T) {
	requireBrowser(t)
	p := startAgendaPlatform(t)
	tb := openTab(t, p.base)
	year := strconv.Itoa(vios.Date(p.clock.Now()).Year())
	agenda := "/werkagenda/arnhem/" + year

	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/werkagenda/arnhem", 200)
	if got := tb.path(); got != agenda {
		t.Fatalf("the current agenda is %s, want %s", got, agenda)
	}
	if got := tb.text("#geen-prioriteiten"); !strings.Contains(got, "nog geen prioriteiten") {
		t.Errorf("empty agenda: %q", got)
	}
	tb.checkAccessibility()

	// A priority without a title is refused, with the reason at the field.
	tb.do("a priority without title", chromedp.SendKeys(chromedp.CSS("#nieuw-omschrijving"), "Scholen melden steeds meer vapes."))
	tb.refused(`//button[normalize-space()="Prioriteit toevoegen"]`, agenda+"/prioriteiten")
	if got := tb.text("#nieuw-titel-fout"); got != "Vul de titel van de prioriteit in." {
		t.Errorf("title message: %q", got)
	}
	if got := tb.value("#nieuw-omschrijving"); got != "Scholen melden steeds meer vapes." {
		t.Errorf("the description typed is gone: %q", got)
	}
	tb.checkAccessibility()
	police := eval[string](tb, `[...document.querySelectorAll("#nieuw-eigenaar option")].find(o => o.text.startsWith("Politie")).value`)
	tb.do("complete the priority",
		chromedp.SendKeys(chromedp.CSS("#nieuw-titel"), "Vapes rond scholen terugdringen"),
		chromedp.SetValue(chromedp.CSS("#nieuw-eigenaar"), police),
		chromedp.SendKeys(chromedp.CSS("#nieuw-doel"), "Elke vo-school heeft voorlichting gehad"),
		chromedp.SetValue(chromedp.CSS("#nieuw-status"), vios.PriorityRunning))
	tb.follow(chromedp.Search(`//button[normalize-space()="Prioriteit toevoegen"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "staat op de werkagenda") {
		t.Fatalf("after adding: %q", got)
	}
	section := eval[string](tb, `document.querySelector("section.priority").id`)
	if got := tb.text("#" + section + "-stand"); got != "Loopt" {
		t.Errorf("status: %q", got)
	}

	// Link both actions of the kernteam.
	for _, a := range p.actions {
		tb.do("choose "+a.Title, chromedp.SetValue(chromedp.CSS("#"+section+"-actiepunt"), a.ID))
		tb.follow(chromedp.Search(`//section[@id=` + js(section) + `]//button[starts-with(normalize-space(),"Koppelen")]`))
	}
	actions := tb.table("#" + section + "-acties")
	if got := firstColumn(actions); len(got) != 2 || got[0] != p.actions[0].Title || got[1] != p.actions[1].Title {
		t.Errorf("linked actions: %v", got)
	}
	if got := tb.text("#" + section + "-voortgang"); got != "Voortgang: 0 van 2 actiepunten gereed (0%), 2 open." {
		t.Errorf("progress: %q", got)
	}
	// Nothing is left to link: the chooser says so.
	if got := tb.text("#" + section + "-actiepunt"); !strings.Contains(got, "geen openstaande actiepunten") {
		t.Errorf("chooser after linking both: %q", got)
	}
	tb.checkAccessibility()

	// Stopping it without a reason is refused beside the reason.
	tb.do("open the change form", chromedp.Click(chromedp.Search(`//section[@id=`+js(section)+`]//summary`)))
	tb.do("stop without reason", chromedp.SetValue(chromedp.CSS("#"+section+"-status"), vios.PriorityStopped))
	tb.refused(`//section[@id=`+js(section)+`]//button[normalize-space()="Wijziging opslaan"]`, agenda+"/prioriteiten/"+strings.TrimPrefix(section, "p-"))
	if got := tb.text("#" + section + "-reden-fout"); got != "Geef de reden waarom de prioriteit stopt." {
		t.Errorf("reason message: %q", got)
	}
	tb.checkAccessibility()
	tb.logout()

	// The police report the talk done; three weeks after the meeting the
	// check at the bicycle shed is late.
	ctx := context.Background()
	partner, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	talk, _ := p.db.Networks.FindAction(ctx, p.arnhem, p.actions[0].ID)
	if err := p.db.Networks.UpdateAction(vios.NewContextWithActor(ctx, &vios.Actor{User: partner}), p.arnhem, talk.ID, vios.ActionDone,
		"Voorlichting gegeven", talk.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	p.clock.Set(p.actions[1].DueOn.AddDate(0, 0, 2).Add(9 * time.Hour))

	// A school employee reads the agenda and its progress, and cannot change it.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(agenda, 200)
	if got := tb.text("#" + section + "-voortgang"); got != "Voortgang: 1 van 2 actiepunten gereed (50%), 1 open, waarvan 1 over de deadline." {
		t.Errorf("progress a month on: %q", got)
	}
	actions = tb.table("#" + section + "-acties")
	if row := tb.row(actions, p.actions[1].Title); !strings.Contains(row[tb.column(actions, "Status")], "te laat") {
		t.Errorf("the late action: %v", row)
	}
	if n := tb.count(`form[action^="/werkagenda/"]`); n != 0 {
		t.Errorf("a school employee sees %d forms that change the agenda", n)
	}
	tb.checkAccessibility()
}
