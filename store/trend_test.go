package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// trendFixture is Arnhem with an overarching network and its next meeting,
// sexting as Arnhem's own phenomenon, and a year of signals: every school
// one sexting signal in the year and pesten every other week (noise).
type trendFixture struct {
	db        *store.DB
	arnhem    string
	regisseur context.Context
	meeting   string
	schools   []string
}

func newTrendFixture(t *testing.T, sextingNow int) trendFixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	f := trendFixture{db: db}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	f.arnhem = m.ID
	reg, _, err := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	f.regisseur = vios.NewContextWithActor(ctx, &vios.Actor{User: reg})
	if err := db.Networks.AddPhenomenon(f.regisseur, &vios.Phenomenon{MunicipalityID: m.ID, Code: "sexting", Label: "Sexting"}); err != nil {
		t.Fatal(err)
	}
	over := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkOverkoepelend, Level: "operationeel", Name: "Overkoepelend overleg Arnhem",
		AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if err := db.Networks.CreateNetwork(f.regisseur, over); err != nil {
		t.Fatal(err)
	}
	day := vios.Date(db.Now()).AddDate(0, 0, 21)
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, vios.Amsterdam).UTC()
	planned, err := db.Networks.PlanMeetings(f.regisseur, m.ID, over.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Stadhuis"}})
	if err != nil {
		t.Fatal(err)
	}
	f.meeting = planned[0].ID
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil || len(orgs) < 6 {
		t.Fatalf("schools of Arnhem: %d, %v", len(orgs), err)
	}
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("kernteam: %v", err)
	}
	windowStart, _ := vios.TrendWindow(db.Now(), 4)
	var list []store.SchoolSignals
	for i, o := range orgs[:6] {
		f.schools = append(f.schools, o.ID)
		sexting := store.SchoolSignals{SchoolID: o.ID, Phenomenon: "eigen-sexting", Days: []time.Time{windowStart.AddDate(0, 0, -7*(10+3*i))}}
		pesten := store.SchoolSignals{SchoolID: o.ID, Phenomenon: "pesten"}
		for w := 1; w <= 56; w += 2 {
			pesten.Days = append(pesten.Days, windowStart.AddDate(0, 0, 28-7*w+i%7))
		}
		list = append(list, sexting, pesten)
	}
	// sextingNow signals in the window, over the first three schools.
	for i := 0; i < sextingNow; i++ {
		list = append(list, store.SchoolSignals{SchoolID: orgs[i%3].ID, Phenomenon: "eigen-sexting", Days: []time.Time{windowStart.AddDate(0, 0, 2+i*3)}})
	}
	reporter := orgs[0].ID
	if err := db.Casework.LoadSchoolSignals(ctx, m.ID, nets[0].ID, reg.ID, reporter, list); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestTrendProposedAcceptedOnce(t *testing.T) {
	f := newTrendFixture(t, 7)
	ctx := context.Background()
	n, err := f.db.Casework.DetectTrends(ctx)
	if err != nil || n != 1 {
		t.Fatalf("detect: %d proposals, %v; want 1", n, err)
	}
	// A second pass, the same night or on another instance, proposes nothing.
	if n, err := f.db.Casework.DetectTrends(ctx); err != nil || n != 0 {
		t.Fatalf("second pass: %d proposals, %v", n, err)
	}
	list, err := f.db.Casework.TrendProposals(f.regisseur, f.arnhem)
	if err != nil || len(list) != 1 {
		t.Fatalf("proposals: %v, %v", list, err)
	}
	p := list[0]
	if p.Phenomenon != "eigen-sexting" || p.Status != vios.TrendOpen || p.Reason != "3 scholen, 7 signalen sexting in 4 weken; normaal 1 per maand" {
		t.Errorf("proposal %+v", p)
	}
	mails := outbox(t, f.db)["regisseur@arnhem.demo.example"]
	told := false
	for _, m := range mails {
		if m.Subject == "Trend voorgesteld voor het overkoepelend overleg" {
			told = true
			if strings.Contains(m.Body, "exting") || strings.Contains(m.Body, "3 scholen") {
				t.Errorf("the mail tells what the trend is: %q", m.Body)
			}
		}
	}
	if !told {
		t.Error("the regisseur was not told")
	}
	// Only the regisseur decides.
	school, _, _ := f.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	asSchool := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
	if _, err := f.db.Casework.TrendProposals(asSchool, f.arnhem); err == nil {
		t.Error("a school reads the trend proposals")
	}
	if _, err := f.db.Casework.AcceptTrend(asSchool, f.arnhem, p.ID); err == nil {
		t.Error("a school accepts a trend")
	}
	got, err := f.db.Casework.AcceptTrend(f.regisseur, f.arnhem, p.ID)
	if err != nil || got.Status != vios.TrendAccepted || got.MeetingID != f.meeting {
		t.Fatalf("accept: %+v, %v", got, err)
	}
	mt, err := f.db.Networks.FindMeeting(f.regisseur, f.arnhem, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	var item *vios.AgendaItem
	for i := range mt.Items {
		if mt.Items[i].ID == got.AgendaItemID {
			item = &mt.Items[i]
		}
	}
	// The regisseur is no member of the network, so reads the texts
	// shielded; the kind, the status and the phenomenon show.
	if item == nil || item.Kind != vios.ItemTrend || item.Status != vios.ItemAccepted || len(item.Phenomena) != 1 || item.Phenomena[0] != "eigen-sexting" {
		t.Fatalf("agenda item %+v", item)
	}
	if _, err := f.db.Casework.DismissTrend(f.regisseur, f.arnhem, p.ID); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("dismissing an accepted trend: %v", err)
	}
}

func TestTrendNotProposedForUsualCounts(t *testing.T) {
	// One sexting signal more than usual, pesten at its usual level: no trend.
	f := newTrendFixture(t, 1)
	if n, err := f.db.Casework.DetectTrends(context.Background()); err != nil || n != 0 {
		t.Fatalf("detect: %d proposals, %v; want none", n, err)
	}
}

func TestTrendDismissed(t *testing.T) {
	f := newTrendFixture(t, 9)
	if n, err := f.db.Casework.DetectTrends(context.Background()); err != nil || n != 1 {
		t.Fatalf("detect: %d, %v", n, err)
	}
	list, _ := f.db.Casework.TrendProposals(f.regisseur, f.arnhem)
	got, err := f.db.Casework.DismissTrend(f.regisseur, f.arnhem, list[0].ID)
	if err != nil || got.Status != vios.TrendDismissed {
		t.Fatalf("dismiss: %+v, %v", got, err)
	}
	mt, _ := f.db.Networks.FindMeeting(f.regisseur, f.arnhem, f.meeting)
	if len(mt.Items) != 0 {
		t.Errorf("a dismissed trend is on the agenda: %+v", mt.Items)
	}
}
