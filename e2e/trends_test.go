package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// startTrendPlatform serves the demo platform with an overarching network
// of Arnhem (the regisseur chairs it) and its next meeting, and a year of
// sexting signals: six schools one each, then 7 in the last four weeks at
// three schools. The nightly trend job has run.
func startTrendPlatform(t *testing.T) (base, meeting string, schoolNames []string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	reg, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: reg})
	if err := db.Networks.AddPhenomenon(as, &vios.Phenomenon{MunicipalityID: m.ID, Label: "Sexting"}); err != nil {
		t.Fatal(err)
	}
	over := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkOverkoepelend, Level: "operationeel", Name: "Overkoepelend overleg Arnhem",
		AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if err := db.Networks.CreateNetwork(as, over); err != nil {
		t.Fatal(err)
	}
	teams, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgMunicipal})
	if err := db.Networks.AddNetworkMember(as, m.ID, &vios.NetworkMember{NetworkID: over.ID, UserID: reg.ID, OrganisationID: teams[0].ID,
		Position: vios.PositionMember, Function: vios.FunctionChair, JoinedOn: vios.Date(db.Now())}); err != nil {
		t.Fatal(err)
	}
	day := vios.Date(db.Now()).AddDate(0, 0, 21)
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, vios.Amsterdam).UTC()
	planned, err := db.Networks.PlanMeetings(as, m.ID, over.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Stadhuis"}})
	if err != nil {
		t.Fatal(err)
	}
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	nets, _ := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	windowStart, _ := vios.TrendWindow(db.Now(), 4)
	var list []store.SchoolSignals
	for i, s := range schools[:6] {
		schoolNames = append(schoolNames, s.Name)
		list = append(list, store.SchoolSignals{SchoolID: s.ID, Phenomenon: "eigen-sexting", Days: []time.Time{windowStart.AddDate(0, 0, -7*(10+3*i))}})
	}
	for i := 0; i < 7; i++ {
		list = append(list, store.SchoolSignals{SchoolID: schools[i%3].ID, Phenomenon: "eigen-sexting", Days: []time.Time{windowStart.AddDate(0, 0, 2+3*i)}})
	}
	if err := db.Casework.LoadSchoolSignals(ctx, m.ID, nets[0].ID, reg.ID, schools[0].ID, list); err != nil {
		t.Fatal(err)
	}
	if n, err := (&jobs.Trends{Store: db.Casework}).RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("the trend job: %d proposals, %v", n, err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(db.Services(), logger, server.Options{Demo: true, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, planned[0].ID, schoolNames
}

// A regisseur sees a sexting trend across three schools proposed for the
// overarching agenda, accepts it, and finds it on the next overarching
// meeting's agenda; the landelijk role and an anonymous visitor see the
// national view with its small counts suppressed. All on a 320 px phone.
func TestTrendAcrossSchoolsAndTheNationalView(t *testing.T) {
	requireBrowser(t)
	base, meeting, schools := startTrendPlatform(t)
	tb := openTab(t, base)
	tb.narrow()

	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/vandaag", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Trends over scholen heen"]`))
	if got := tb.path(); got != "/trends/arnhem" {
		t.Fatalf("the trends link leads to %s", got)
	}
	reason := tb.text("li.trend strong")
	if reason != "3 scholen, 7 signalen sexting in 4 weken; normaal 1 per maand" {
		t.Errorf("the proposal says %q", reason)
	}
	// Anonymised: no school of Arnhem is named on the page.
	page := tb.text("main")
	for _, school := range schools {
		if strings.Contains(page, school) {
			t.Errorf("the trends page names a school (%q)", school)
		}
	}
	tb.fits("the trend proposals")
	tb.follow(chromedp.Search(`//button[normalize-space()="Op de agenda zetten"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "op de agenda van het volgende overkoepelend overleg") {
		t.Errorf("after accepting: %q", got)
	}
	if n := tb.count("li.trend"); n != 0 {
		t.Errorf("%d proposals still wait", n)
	}
	tb.fits("the decided trend")
	tb.follow(chromedp.Search(`//a[normalize-space()="op de agenda"]`))
	if got := tb.path(); got != "/overleggen/arnhem/"+meeting {
		t.Fatalf("the agenda link leads to %s", got)
	}
	if agenda := tb.text("main"); !strings.Contains(agenda, "Trend: Sexting") || !strings.Contains(agenda, reason) {
		t.Errorf("the overarching agenda lacks the trend: %s", agenda)
	}
	tb.fits("the overarching meeting")
	tb.logout()

	// The landelijk role: Arnhem's 7 sexting signals this quarter show as
	// "< 10".
	tb.submitLogin("landelijk@demo.example", loginTestPassword)
	tb.open("/vandaag", 200)
	tb.follow(chromedp.Search(`//a[starts-with(normalize-space(),"Landelijk overzicht")]`))
	if got := tb.path(); got != "/landelijk" {
		t.Fatalf("the national link leads to %s", got)
	}
	checkNational := func(who string) {
		signals := tb.table("#landelijk-signalen")
		row := tb.row(signals, "Arnhem")
		if got := row[tb.column(signals, "Overig")]; got != "< 10" {
			t.Errorf("%s: Arnhem's sexting shows %q", who, got)
		}
		for _, r := range signals.Rows {
			for _, c := range r[1:] {
				if c != "< 10" && c != "" && c[0] >= '0' && c[0] <= '9' && len(c) == 1 {
					t.Errorf("%s: a count below 10 is shown: %v", who, r)
				}
			}
		}
		approaches := tb.table("#landelijk-aanpakken")
		if row := tb.row(approaches, "Arnhem"); row[tb.column(approaches, "Fase")] != "Uitvoeringsfase" {
			t.Errorf("%s: Arnhem's approach: %v", who, row)
		}
		tb.fits(who + ": the national view")
	}
	checkNational("landelijk")
	tb.logout()

	// Anyone, without logging in: the same figures as open data.
	tb.open("/open-data", 200)
	checkNational("visitor")
	// A quarter that does not exist is refused in Dutch, the current one shown.
	tb.open("/open-data?kwartaal=2027-K7", 400)
	if got := tb.text("[role=alert]"); got != "Geef het kwartaal als jaar-K1 tot jaar-K4, bijvoorbeeld 2027-K1." {
		t.Errorf("a bad quarter: %q", got)
	}
}
