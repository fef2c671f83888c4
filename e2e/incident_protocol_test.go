package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The school's incident protocol for weapons: the regisseur makes the
// municipality's defaults from the covenant; the school starts its own from
// the default, lets a step call the wijkagent, and its card shows the
// wijkagent of the sociale kaart, also after a new one took over. A knife
// signal asks the school to evaluate; it does. On a 320 px phone the card
// is two taps from an alert. The legal checklist shows what is missing.
func TestIncidentProtocolJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	_, kernteam := knifeWorld(t, p)
	ctx := context.Background()
	db := p.db
	arnhem := kernteam.MunicipalityID
	setup := vios.NewSystemContext(ctx, "testopzet")
	school, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	police, _, _ := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	schoolID, policeID := school.Memberships[0].OrganisationID, police.Memberships[0].OrganisationID
	agent := &vios.Person{OrganisationID: policeID, Name: "Willem Wijkagent", Function: "wijkagent", Phone: "06 1111 2222", SchoolID: schoolID}
	if err := db.Approaches.AddPerson(setup, arnhem, agent); err != nil {
		t.Fatal(err)
	}

	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	defaultsFromCovenant(t, tb)
	tb.logout()

	// The school makes its own protocol for weapons from the default.
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	protocolPath := weaponsProtocolWithWijkagent(t, tb, "Willem Wijkagent", "06 1111 2222")

	// A new wijkagent on the sociale kaart: the card follows.
	if err := db.Approaches.RemovePerson(setup, arnhem, policeID, agent.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Approaches.AddPerson(setup, arnhem, &vios.Person{OrganisationID: policeID, Name: "Wendy Wijkagent", Function: "wijkagent",
		Phone: "06 5555 6666", SchoolID: schoolID}); err != nil {
		t.Fatal(err)
	}
	tb.open(protocolPath+"/kaart", 200)
	if got := tb.text("#stappen"); !strings.Contains(got, "Wendy Wijkagent") || strings.Contains(got, "Willem") {
		t.Errorf("the card after the change: %q", got)
	}

	// A knife signal of the school asks it to evaluate the protocol.
	today := vios.Date(p.clock.Now())
	reportKnife(t, p, kernteam, school, schoolID, "Daan Bakker")
	evaluateFromToday(t, tb, "Daan")

	// On a phone: an alert of weapons, then the card, in two taps.
	group := &vios.Network{MunicipalityID: arnhem, Kind: vios.NetworkAlertgroep, Name: "Alertgroep school en politie", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(setup, group); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*vios.User{school, police} {
		m := &vios.NetworkMember{NetworkID: group.ID, UserID: u.ID, OrganisationID: u.Memberships[0].OrganisationID, Position: vios.PositionMember, JoinedOn: today}
		if u == school {
			m.Function = vios.FunctionChair
		}
		if err := db.Networks.AddNetworkMember(setup, arnhem, m); err != nil {
			t.Fatal(err)
		}
	}
	alert := &vios.Alert{MunicipalityID: arnhem, NetworkID: group.ID, Text: "Iemand met een mes bij de ingang", Phenomenon: "wapens"}
	if err := db.Alerts.RaiseAlert(vios.NewContextWithActor(ctx, &vios.Actor{User: police}), alert); err != nil {
		t.Fatal(err)
	}
	tb.narrow()
	tb.open("/vandaag", 200)
	tb.follow(chromedp.Search(`//a[@href="/alerts/arnhem/` + alert.ID + `"]`))
	tb.fits("the alert")
	tb.follow(chromedp.Search(`//a[@id="wat-te-doen"]`))
	if got := tb.text("h1"); got != "Wat te doen bij Wapens en messen" {
		t.Errorf("the second tap opens %q", got)
	}
	if got := tb.text("#stappen"); !strings.Contains(got, "Wendy Wijkagent") {
		t.Errorf("the card from the alert is not the school's: %q", got)
	}
	tb.fits("the card")

	// The legal checklist: missing until the school states it; the safety
	// policy only an approved safety plan meets.
	tb.open("/wettelijke-eisen/arnhem", 200)
	if got := tb.text("#eisen-bijschrift"); got != "5 van 5 eisen ontbreken" {
		t.Errorf("empty checklist: %q", got)
	}
	tb.do("state the registration", chromedp.Click(chromedp.CSS("#registratie")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	if got := tb.text("#eisen-bijschrift"); got != "4 van 5 eisen ontbreken" {
		t.Errorf("checklist after saving: %q", got)
	}
	if got := tb.text("#eis-veiligheidsbeleid"); !strings.Contains(got, "Geen vastgesteld veiligheidsplan") {
		t.Errorf("safety policy: %q", got)
	}
	tb.fits("the checklist")
	tb.logout()

	// The regisseur sees every school against the requirements.
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/wettelijke-eisen/arnhem", 200)
	if n := tb.count("#scholen tbody tr"); n < 2 {
		t.Errorf("%d schools in the municipality's table", n)
	}
	tb.fits("the municipality's checklist")
}

// defaultsFromCovenant plays the regisseur (logged in) making the
// municipality's default protocols from the covenant.
func defaultsFromCovenant(t *testing.T, tb *tab) {
	t.Helper()
	tb.open("/incidentprotocollen/arnhem", 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Overnemen uit het convenant"]`))
	if got := tb.text("#protocollen"); !strings.Contains(got, "Wapens en messen") || !strings.Contains(got, "Standaard van de gemeente") {
		t.Fatalf("defaults from the covenant: %q", got)
	}
	tb.checkAccessibility()
}

// weaponsProtocolWithWijkagent plays a school (logged in) making its own
// protocol for weapons from the default, its first step calling the
// wijkagent; the card shows the agent of the sociale kaart. It returns the
// protocol's path.
func weaponsProtocolWithWijkagent(t *testing.T, tb *tab, agent, phone string) string {
	t.Helper()
	tb.open("/incidentprotocollen/arnhem", 200)
	tb.choose("#fenomeen", "Wapens en messen")
	tb.follow(chromedp.Search(`//button[normalize-space()="Protocol maken"]`))
	protocolPath := strings.SplitN(tb.path(), "?", 2)[0]
	tb.checkAccessibility()
	tb.do("let the first step call the wijkagent",
		chromedp.SetValue(chromedp.CSS("#wie-0"), "Teamleider"),
		chromedp.SetValue(chromedp.CSS("#bel-0"), vios.CallWijkagent))
	tb.follow(chromedp.Search(`//button[normalize-space()="Protocol opslaan"]`))
	if got := tb.text("#stappen"); !strings.Contains(got, "Teamleider") || !strings.Contains(got, agent) {
		t.Fatalf("steps after saving: %q", got)
	}
	tb.open(protocolPath+"/kaart", 200)
	if got := tb.text("#stappen"); !strings.Contains(got, agent) || !strings.Contains(got, phone) {
		t.Errorf("the card does not show the wijkagent: %q", got)
	}
	if lang := eval[string](tb, `document.documentElement.lang`); lang != "nl" || !strings.HasPrefix(eval[string](tb, `document.title`), "Wat te doen bij Wapens en messen") {
		t.Errorf("card language %q, title %q", lang, eval[string](tb, `document.title`))
	}
	tb.checkAccessibility()
	return protocolPath
}

// evaluateFromToday plays the school (logged in) that finds the request to
// evaluate its weapons protocol on today's page, without the pupil's name,
// and evaluates.
func evaluateFromToday(t *testing.T, tb *tab, pupil string) {
	t.Helper()
	tb.open("/vandaag", 200)
	if got := tb.text("#protocol-evaluaties-arnhem"); !strings.Contains(got, "Evalueer het protocol Wapens en messen") || strings.Contains(got, pupil) {
		t.Fatalf("today's evaluation request: %q", got)
	}
	tb.follow(chromedp.Search(`//ul[@id="protocol-evaluaties-arnhem"]//a`))
	tb.do("evaluate",
		chromedp.Click(chromedp.CSS("#gevolgd-deels")),
		chromedp.SendKeys(chromedp.CSS("#goed"), "Snel de wijkagent gebeld."),
		chromedp.SendKeys(chromedp.CSS("#anders"), "Eerst de ouders bellen."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Evaluatie opslaan"]`))
	if got := tb.text("#evaluaties"); !strings.Contains(got, "gevolgd: Deels") || !strings.Contains(got, "Eerst de ouders bellen.") {
		t.Errorf("the evaluation kept with the protocol: %q", got)
	}
	tb.checkAccessibility()
}

// reportKnife has reporter (a member of the kernteam) enter a signal of a
// knife in a pupil's bag at the school.
func reportKnife(t *testing.T, p *meetingPlatform, kernteam *vios.Network, reporter *vios.User, schoolID, pupil string) {
	t.Helper()
	today := vios.Date(p.clock.Now())
	knife := &vios.Signal{MunicipalityID: kernteam.MunicipalityID, NetworkID: kernteam.ID, OccurredOn: today, Phenomenon: "wapens", Level: vios.LevelPupil,
		SchoolIDs: []string{schoolID}, Urgency: vios.UrgencyHigh, Description: "Mes in de tas.",
		Pupils: []vios.Pupil{{Name: pupil, BirthDate: today.AddDate(-13, 0, 0).Format(time.DateOnly), SchoolID: schoolID}}}
	if _, err := p.db.Casework.CreateSignal(vios.NewContextWithActor(context.Background(), &vios.Actor{User: reporter}), knife); err != nil {
		t.Fatal(err)
	}
}
