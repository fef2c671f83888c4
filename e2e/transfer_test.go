package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

const (
	asMbo            = "mbo@den-haag.demo.example"
	asVo             = "vo@arnhem.demo.example"
	transferPupil    = "Mila Dekker"
	transferSignal   = "Mila werd na schooltijd bedreigd bij de tramhalte; ouders zijn ingelicht."
	transferPlanText = "Mila krijgt een vaste mentor; wekelijks gesprek met de zorgcoördinator."
)

// transferCase gives the demo vo school of Arnhem a core team of its own
// (its demo account chairs it) and a case there: a signal about a pupil
// who moves to Den Haag, directed by that account, with a plan. It returns
// the case, the vo school's account and the Den Haag mbo's.
func transferCase(t *testing.T, db *store.DB, arnhem string) (c *vios.Case, vo, mbo *vios.User) {
	t.Helper()
	ctx := context.Background()
	find := func(email string) *vios.User {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	vo, mbo = find(asVo), find(asMbo)
	school := vo.Memberships[0].OrganisationID
	regisseur := vios.NewContextWithActor(ctx, &vios.Actor{User: find("regisseur@arnhem.demo.example")})
	n := &vios.Network{MunicipalityID: arnhem, Kind: vios.NetworkKernteam, Name: "Kernteam vo-school", SchoolIDs: []string{school},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(regisseur, n); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.AddNetworkMember(regisseur, arnhem, &vios.NetworkMember{NetworkID: n.ID, UserID: vo.ID, OrganisationID: school,
		Position: vios.PositionMember, Function: vios.FunctionChair, JoinedOn: vios.Date(db.Now()).AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: vo})
	s := &vios.Signal{MunicipalityID: arnhem, NetworkID: n.ID, OccurredOn: vios.Date(db.Now()), Phenomenon: "vechtpartijen",
		Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: transferSignal,
		Pupils: []vios.Pupil{{Name: transferPupil, BirthDate: "2011-11-12", SchoolID: school, Class: "4H"}}}
	if _, err := db.Casework.CreateSignal(as, s); err != nil {
		t.Fatal(err)
	}
	c = &vios.Case{MunicipalityID: arnhem, SignalID: s.ID, OwnerUserID: vo.ID, Plan: transferPlanText}
	if _, err := db.Casework.CreateCase(as, c); err != nil {
		t.Fatal(err)
	}
	return c, vo, mbo
}

// transferRecords (page platform): the school's own case, sent under the
// demo transfer clause to the Den Haag mbo, which accepted it.
func (p *pagePlatform) transferRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	hague, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	c, vo, mbo := transferCase(t, p.db, arnhem.ID)
	p.records["schoolcasus"], p.records["mbo"] = c.ID, mbo.Memberships[0].OrganisationID
	school := vios.NewContextWithActor(ctx, &vios.Actor{User: vo})
	plan, err := p.db.Casework.PlanTransfer(school, arnhem.ID, c.ID, c.Pupils[0].ID, p.records["mbo"])
	if err != nil || plan.Clause == nil {
		t.Fatalf("the demo transfer clause: %+v %v", plan, err)
	}
	if _, err := p.db.Casework.SendTransfer(school, arnhem.ID, c.ID, c.Pupils[0].ID, p.records["mbo"], []string{plan.Items[0].Key}); err != nil {
		t.Fatal(err)
	}
	asMboCtx := vios.NewContextWithActor(ctx, &vios.Actor{User: mbo})
	_, received, err := p.db.Casework.ListTransfers(asMboCtx, hague.ID)
	if err != nil || len(received) != 1 {
		t.Fatalf("received: %v %v", received, err)
	}
	p.records["overdracht"] = received[0].ID
	if err := p.db.Casework.DecideTransfer(asMboCtx, hague.ID, received[0].ID, true); err != nil {
		t.Fatal(err)
	}
}

// A pupil of an Arnhem vo school moves to an mbo in Den Haag. Under the
// demo covenant's transfer clause the school's case owner sends the signal
// (the plan may not go); the mbo's contact accepts and reads the signal,
// not the plan. Without the clause only "neem contact op" crosses. On a
// 320 px phone, axe clean on every page.
func TestTransferToTheNextSchool(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	ctx := context.Background()
	db := p.db
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	find := func(email string) *vios.User {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	c, vo, mbo := transferCase(t, db, arnhem.ID)
	schools, err := db.Casework.TransferSchools(vios.NewContextWithActor(ctx, &vios.Actor{User: mbo}))
	mboName, fromType := "", ""
	for _, s := range schools {
		if s.ID == mbo.Memberships[0].OrganisationID {
			mboName = s.Name
			if s.SchoolType != "mbo" || s.MunicipalityName != "Den Haag" {
				t.Fatalf("the receiving school is %s in %s", s.SchoolType, s.MunicipalityName)
			}
		}
		if s.ID == vo.Memberships[0].OrganisationID {
			fromType = s.SchoolType
		}
	}
	if err != nil || mboName == "" || fromType != "vo" {
		t.Fatalf("schools: mbo %q, the Arnhem school is %q: %v", mboName, fromType, err)
	}

	tb := openTab(t, p.base)
	tb.narrow()
	send := func(withClause bool) {
		t.Helper()
		tb.open("/inloggen", 200)
		tb.submitLogin(asVo, loginTestPassword)
		tb.open("/casussen/arnhem/"+c.ID, 200)
		tb.follow(chromedp.Search(`//a[@id="overdragen"]`))
		tb.fits("the school chooser")
		tb.choose("#school", mboName)
		tb.follow(chromedp.Search(`//button[@id="bekijken"]`))
		tb.fits("what may go")
		page := tb.text("main")
		if withClause {
			if tb.count(`input[name="onderdelen"]:checked`) != 1 || tb.count(`input[name="onderdelen"]:disabled`) != 1 ||
				!strings.Contains(tb.text("#voorbeeld"), transferSignal) || strings.Contains(tb.text("#voorbeeld"), transferPlanText) ||
				!strings.Contains(tb.text("#reden"), "Overdracht naar een volgende school") {
				t.Fatalf("the checklist under the clause: %s", page)
			}
		} else if !strings.Contains(tb.text("#alleen-melding"), "neem contact op met Demo") || tb.count(`input[name="onderdelen"]`) != 0 {
			t.Fatalf("without a clause the sender is not told only the notice goes: %s", page)
		}
		tb.follow(chromedp.Search(`//button[@id="versturen"]`))
		if tb.path() != "/overdrachten/arnhem?melding=verzonden" {
			t.Fatalf("after sending: %s", tb.path())
		}
		tb.fits("the sender's transfers")
		tb.logout()
	}
	receive := func() string {
		t.Helper()
		tb.open("/inloggen", 200)
		tb.submitLogin(asMbo, loginTestPassword)
		if tb.count(`nav a[href="/overdrachten/den-haag"]`) != 1 {
			t.Error("the menu of the mbo's contact has no Overdrachten")
		}
		tb.open("/overdrachten/den-haag", 200)
		tb.fits("the inbox of the mbo")
		tb.follow(chromedp.Search(`//table[@id="ontvangen"]//tr[td[normalize-space()="Wacht op de ontvangende school"]]//a`))
		tb.fits("a received transfer")
		return tb.text("main")
	}

	// 1. Under the clause: the signal goes, the plan stays.
	send(true)
	before := receive()
	if strings.Contains(before, transferPupil) || strings.Contains(before, transferSignal) || !strings.Contains(tb.text("#wacht"), "M.D.") {
		t.Fatalf("before acceptance the receiver sees: %s", before)
	}
	tb.follow(chromedp.Search(`//button[@id="aanvaarden"]`))
	tb.fits("the accepted file")
	after := tb.text("main")
	if !strings.Contains(after, transferPupil) || !strings.Contains(after, transferSignal) || strings.Contains(after, transferPlanText) {
		t.Fatalf("the accepted file: %s", after)
	}
	tb.logout()

	// 2. The regisseur ends the transfer clause: only the fact crosses.
	regisseur := vios.NewContextWithActor(ctx, &vios.Actor{User: find("regisseur@arnhem.demo.example")})
	covenants, _ := db.Covenants.ListCovenants(regisseur, arnhem.ID)
	for _, cov := range covenants {
		full, err := db.Covenants.FindCovenant(regisseur, arnhem.ID, cov.ID)
		if err != nil {
			t.Fatal(err)
		}
		kept := full.Clauses[:0]
		for _, cl := range full.Clauses {
			if !cl.Transfer {
				kept = append(kept, cl)
			}
		}
		full.Clauses = kept
		if err := db.Covenants.UpdateCovenant(regisseur, full, "geen overdracht meer", full.UpdatedAt); err != nil {
			t.Fatal(err)
		}
	}
	send(false)
	notice := receive()
	if !strings.Contains(tb.text("#alleen-melding"), "Er is informatie beschikbaar over deze leerling; neem contact op met Demo") ||
		strings.Contains(notice, transferPupil) || strings.Contains(notice, "M.D.") || strings.Contains(notice, transferSignal) {
		t.Fatalf("the notice carries more than the fact: %s", notice)
	}
}
