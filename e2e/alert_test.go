package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/jobs"
)

// openPrivateTab opens a tab in a browser context of its own, with its own
// cookies and connections: a second person at another computer, logged in
// at the same time (openTab's tabs share one cookie jar).
func openPrivateTab(t *testing.T, base string) *tab {
	t.Helper()
	requireBrowser(t)
	tb := &tab{t: t, base: base, expected: map[string]bool{}}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	tb.ctx = ctx
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a private tab: %v", err)
	}
	tb.call("emulate focus", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	t.Cleanup(func() {
		for _, p := range tb.takeProblems() {
			t.Errorf("browser console (%s): %s", base, p)
		}
	})
	return tb
}

// alertGroupOfThreeSchools makes an alert group in Arnhem of the police
// (the demo partner account) and three schools: the demo school account and
// two more school employees, the third with a deputy. Returns the new
// accounts' addresses: the second school, the third school, the deputy.
func alertGroupOfThreeSchools(t *testing.T, p *meetingPlatform) (school2, school3, deputy string) {
	t.Helper()
	ctx := context.Background()
	db := p.db
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	regisseur, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
	police, _, _ := db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	schoolA, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	schools, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem.ID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	var others []string
	for _, o := range schools {
		if o.ID != schoolA.Memberships[0].OrganisationID {
			others = append(others, o.ID)
		}
	}
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	// Demo accounts, so that they may skip the second factor here.
	account := func(email, name, school string) *vios.User {
		u := &vios.User{Email: email, Name: name, Demo: true,
			Memberships: []vios.Membership{{MunicipalityID: arnhem.ID, Role: vios.RoleSchool, OrganisationID: school}}}
		if err := db.Accounts.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
		return u
	}
	b := account("zorg@het-rijn-college.example", "Bram Zorgcoördinator", others[0])
	c := account("zorg@de-brug.example", "Carla Zorgcoördinator", others[1])
	d := account("adjunct@de-brug.example", "Dirk Adjunct-directeur", others[1])
	group := &vios.Network{MunicipalityID: arnhem.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep Arnhem-Oost",
		SchoolIDs: []string{schoolA.Memberships[0].OrganisationID, others[0], others[1]}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(as, group); err != nil {
		t.Fatal(err)
	}
	joined := vios.Date(p.clock.Now()).AddDate(0, -1, 0)
	add := func(m vios.NetworkMember) *vios.NetworkMember {
		m.NetworkID, m.JoinedOn = group.ID, joined
		if err := db.Networks.AddNetworkMember(as, arnhem.ID, &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	add(vios.NetworkMember{UserID: police.ID, OrganisationID: police.Memberships[0].OrganisationID, Position: vios.PositionMember, Function: vios.FunctionChair})
	add(vios.NetworkMember{UserID: schoolA.ID, OrganisationID: schoolA.Memberships[0].OrganisationID, Position: vios.PositionMember})
	add(vios.NetworkMember{UserID: b.ID, OrganisationID: others[0], Position: vios.PositionMember})
	fixed := add(vios.NetworkMember{UserID: c.ID, OrganisationID: others[1], Position: vios.PositionMember})
	add(vios.NetworkMember{UserID: d.ID, OrganisationID: others[1], Position: vios.PositionDeputy, DeputyForID: fixed.ID})
	return b.Email, c.Email, d.Email
}

// seenBy returns, per recipient in the alert page's table, what the
// "Gezien" column says.
func seenBy(tb *tab) map[string]string {
	tb.t.Helper()
	tab := tb.table("#ontvangers")
	col := tb.column(tab, "Gezien")
	out := map[string]string{}
	for _, r := range tab.Rows {
		out[r[0]] = r[col]
	}
	return out
}

// An alert between three schools with one late acknowledgement escalating
// (issue 6): the police raises an alert to the alert group; two schools
// see it appear live and acknowledge it, the third does not; after the
// minutes it escalates to that school's deputy and the regisseur, by mail
// without content; the sender sees live who has and who has not seen it,
// and closes it with a summary, which makes it a signal for follow-up.
func TestAlertBetweenThreeSchools(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	school2, school3, deputy := alertGroupOfThreeSchools(t, p)
	code := fmt.Sprintf("A-%d-0001", vios.Date(p.clock.Now()).Year())
	const text = "Vechtpartij bij tramhalte Presikhaaf tussen leerlingen van drie scholen. Ruben (De Brug) wordt online bedreigd."

	// Two schools are at work in the platform, each at their own computer.
	schoolA := openPrivateTab(t, p.base)
	schoolA.open("/inloggen", 200)
	schoolA.submitLogin("school@arnhem.demo.example", loginTestPassword)
	schoolB := openPrivateTab(t, p.base)
	schoolB.open("/inloggen", 200)
	schoolB.submitLogin(school2, loginTestPassword)
	schoolB.open("/signalen/arnhem", 200)

	// The police raises the alert.
	police := openTab(t, p.base)
	police.open("/inloggen", 200)
	police.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	police.open("/signalen/arnhem", 200)
	police.follow(chromedp.Search(`//a[normalize-space()="Acute alerts"]`))
	if police.path() != "/alerts/arnhem" {
		t.Fatalf("the alerts link leads to %s", police.path())
	}
	police.checkAccessibility()
	police.do("write the alert",
		chromedp.SendKeys(chromedp.CSS("#tekst"), text),
		chromedp.SetValue(chromedp.CSS("#fenomeen"), "vechtpartijen"),
		chromedp.SetValue(chromedp.CSS("#escalatie"), "10"))
	police.follow(chromedp.Search(`//button[normalize-space()="Alert versturen"]`))
	page := strings.TrimSuffix(police.path(), "?melding=verstuurd")
	if !strings.HasPrefix(page, "/alerts/arnhem/") || !strings.Contains(police.text("#alert-status"), "0 van de 3") {
		t.Fatalf("after sending: %s, %q", police.path(), police.text("#alert-status"))
	}
	police.checkAccessibility()

	// Both schools see the banner appear without reloading.
	banner := `(document.querySelector("#alert-banner a") || {}).textContent === ` + js("Nieuw acuut alert "+code+" — bekijken")
	for _, tb := range []*tab{schoolA, schoolB} {
		tb.waitFor("the live banner", banner, `document.querySelector("#alert-banner").innerText`)
		tb.checkAccessibility()
	}
	// Each follows it and acknowledges; the sender's table follows live.
	for i, tb := range []*tab{schoolA, schoolB} {
		tb.follow(chromedp.Search(`//div[@id="alert-banner"]//a`))
		if tb.path() != page || tb.text("#alert-tekst") != text {
			t.Fatalf("school %d reads %s: %q", i+1, tb.path(), tb.text("#alert-tekst"))
		}
		tb.checkAccessibility()
		tb.follow(chromedp.Search(`//button[normalize-space()="Gezien"]`))
		if got := tb.text("[role=status]"); !strings.Contains(got, "gezien") {
			t.Errorf("school %d after acknowledging: %q", i+1, got)
		}
		if n := tb.count("#alert-banner a"); n != 0 {
			t.Errorf("school %d still has the banner", i+1)
		}
		tb.checkAccessibility()
		police.waitFor("the sender sees the acknowledgement", fmt.Sprintf(`document.querySelector("#alert-status").innerText.includes("%d van de 3")`, i+1),
			`document.querySelector("#alert-status").innerText`)
	}
	seen := seenBy(police)
	if !strings.HasPrefix(seen["Demo Schoolmedewerker Arnhem"], "Gezien om") || !strings.HasPrefix(seen["Bram Zorgcoördinator"], "Gezien om") ||
		seen["Carla Zorgcoördinator"] != "Nog niet gezien" {
		t.Errorf("the sender sees: %v", seen)
	}

	// The third school does not answer. Ten minutes pass; the escalation
	// pass (the job of cmd/vios) runs.
	p.clock.Set(p.clock.Now().Add(11 * time.Minute))
	escalations := &jobs.Escalations{Store: p.db.Alerts, Logger: slog.New(slog.DiscardHandler)}
	if n, err := escalations.RunOnce(context.Background()); err != nil || n != 1 {
		t.Fatalf("escalation pass: %d %v", n, err)
	}
	police.waitFor("the sender sees the escalation", `document.querySelectorAll("#ontvangers tbody tr").length === 5`,
		`document.querySelector("#ontvangers").innerText`)
	seen = seenBy(police)
	if seen["Carla Zorgcoördinator"] != "Nog niet gezien" || seen["Dirk Adjunct-directeur"] != "Nog niet gezien" || seen["Demo Regisseur (gemeente) Arnhem"] != "Nog niet gezien" {
		t.Errorf("after escalating the sender sees: %v", seen)
	}
	if got := police.text("#alert-status"); !strings.Contains(got, "Opgeschaald") {
		t.Errorf("status after escalating: %q", got)
	}
	police.checkAccessibility()
	p.deliver(t)
	for _, to := range []string{school2, school3, "school@arnhem.demo.example"} {
		if got := p.mailbox.find(to, "Acuut alert in Alertgroep Arnhem-Oost", page); len(got) != 1 {
			t.Errorf("alert mails to %s: %d", to, len(got))
		}
	}
	for _, to := range []string{deputy, "regisseur@arnhem.demo.example"} {
		if got := p.mailbox.find(to, "niet door iedereen gezien", page); len(got) != 1 {
			t.Errorf("escalation mails to %s: %d", to, len(got))
		}
	}
	for _, word := range []string{"Ruben", "tramhalte", "Carla", "Bram"} {
		if got := p.mailbox.find("", word); len(got) != 0 {
			t.Errorf("a mail carries %q: %s", word, got[0].data)
		}
	}
	// The deputy, logging in, is told at once.
	schoolB.logout()
	schoolB.submitLogin(deputy, loginTestPassword)
	schoolB.waitFor("the deputy's banner", banner, `document.querySelector("#alert-banner").innerText`)
	schoolB.checkAccessibility()

	// The sender closes it with a summary; it becomes a signal.
	police.do("summary", chromedp.SendKeys(chromedp.CSS("#samenvatting"), "Wijkagent was binnen tien minuten ter plaatse; de scholen bellen vandaag de ouders."))
	police.follow(chromedp.Search(`//button[normalize-space()="Alert afsluiten"]`))
	if got := police.text("#alert-status"); !strings.HasPrefix(got, "Afgesloten") {
		t.Fatalf("after closing: %q", got)
	}
	police.checkAccessibility()
	police.follow(chromedp.Search(`//a[@id="naar-signaal"]`))
	if got := police.text("#omschrijving"); !strings.Contains(got, text) || !strings.Contains(got, "Afloop: Wijkagent was binnen tien minuten") {
		t.Errorf("the signal's description: %q", got)
	}
	if body := police.text("main"); !strings.Contains(body, "Acuut") || !strings.Contains(body, "Vechtpartijen") {
		t.Errorf("the signal lacks urgency or phenomenon")
	}
	police.checkAccessibility()
	schoolB.waitFor("the banner goes when the alert closes", `document.querySelectorAll("#alert-banner a").length === 0`,
		`document.querySelector("#alert-banner").innerText`)
}
