package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The police member, on a phone, finds the pupil reported last month by
// name and sees the route of the case: one letter asks for more, the name
// is posted (never in the address), the page passes axe and fits 320 px.
func TestPoliceFindsThePupilAndTheRoute(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	_, kernteam := knifeWorld(t, p)
	ctx := context.Background()
	db := p.db
	as := func(email string) context.Context {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return vios.NewContextWithActor(ctx, &vios.Actor{User: u})
	}
	school, police := as("school@arnhem.demo.example"), as("partner@arnhem.demo.example")
	schoolOrg := vios.ActorFromContext(school).User.Memberships[0].OrganisationID
	now := vios.Date(p.clock.Now())
	s := &vios.Signal{MunicipalityID: kernteam.MunicipalityID, NetworkID: kernteam.ID, OccurredOn: now.AddDate(0, -1, 0),
		Phenomenon: "wapens", Level: vios.LevelPupil, SchoolIDs: []string{schoolOrg}, Urgency: vios.UrgencyHigh,
		Description: "Daan had een mes bij zich in de pauze.",
		Pupils:      []vios.Pupil{{Name: "Daan Bakker", BirthDate: now.AddDate(-13, -2, 0).Format(time.DateOnly), SchoolID: schoolOrg, Class: "2B"}}}
	if _, err := db.Casework.CreateSignal(school, s); err != nil {
		t.Fatal(err)
	}
	c := &vios.Case{MunicipalityID: kernteam.MunicipalityID, SignalID: s.ID, OwnerUserID: vios.ActorFromContext(police).User.ID,
		Plan: "Gesprek met Daan en zijn ouders."}
	if _, err := db.Casework.CreateCase(as("regisseur@arnhem.demo.example"), c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: c.MunicipalityID, CaseID: c.ID,
		PupilID: s.Pupils[0].ID, Table: "halt"}); err != nil {
		t.Fatal(err)
	}

	tb := openTab(t, p.base)
	tb.call("320 px wide", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
		return err
	})
	fits := func(what string) {
		t.Helper()
		if !eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`) {
			t.Errorf("%s scrolls sideways at 320 px", what)
		}
		tb.checkAccessibility()
	}
	tb.open("/inloggen", 200)
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open("/zoeken", 200)
	if tb.path() != "/zoeken/arnhem" {
		t.Fatalf("search of a one-municipality user: %s", tb.path())
	}
	fits("the search form")
	tb.do("one letter", chromedp.SendKeys(chromedp.CSS("#zoekterm"), "D"))
	tb.refused(`//button[normalize-space()="Zoeken"]`, "/zoeken/arnhem")
	if got := tb.text("#zoekterm-fout"); !strings.Contains(got, "twee letters") {
		t.Errorf("one letter: %q", got)
	}
	fits("the search asking for more")
	retype := func(text string) {
		t.Helper()
		eval[string](tb, `document.querySelector("#zoekterm").value = ""`)
		tb.do("type "+text, chromedp.SendKeys(chromedp.CSS("#zoekterm"), text))
	}
	retype("daan bak")
	tb.follow(chromedp.Search(`//button[normalize-space()="Zoeken"]`))
	if addr := eval[string](tb, `location.href`); strings.Contains(strings.ToLower(addr), "daan") {
		t.Errorf("the name is in the address: %s", addr)
	}
	found := tb.text("#resultaat")
	for _, want := range []string{"Daan Bakker", s.Code, c.Code, "Halt: Aangevraagd"} {
		if !strings.Contains(found, want) {
			t.Errorf("the result lacks %q: %q", want, found)
		}
	}
	fits("the search result")
	// The case code finds the case directly.
	retype(c.Code)
	tb.follow(chromedp.Search(`//button[normalize-space()="Zoeken"]`))
	if got := tb.text("#casus"); !strings.Contains(got, c.Code) || !strings.Contains(got, "Daan Bakker: Halt: Aangevraagd") {
		t.Errorf("the case by its code: %q", got)
	}
	fits("the case found by its code")
}
