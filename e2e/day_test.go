package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/jobs/pushtest"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/notify"
)

// The day the app group is meant to lose, both sides on a 320 px phone.
// The school: log in, land on Vandaag, report what happened with the pupil
// in four interactions, alert the network of the school. The police member,
// whose phone gets a content-free push: open the alert from the push link
// and acknowledge it, see the new signal on Vandaag, find the pupil by name
// and see the route of the case. Every page passes axe and fits.
func TestTheDayOnAPhone(t *testing.T) {
	p, earlier, school := schoolOnAPhone(t)
	ctx := context.Background()
	as := func(email string) context.Context {
		u, _, err := p.db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return vios.NewContextWithActor(ctx, &vios.Actor{User: u})
	}
	police := as("partner@arnhem.demo.example")
	policeUser := vios.ActorFromContext(police).User

	// Last week's signal became a case the police direct, with Halt asked.
	c := &vios.Case{MunicipalityID: earlier.MunicipalityID, SignalID: earlier.ID, OwnerUserID: policeUser.ID,
		Plan: "Gesprek met Daan en zijn ouders."}
	if _, err := p.db.Casework.CreateCase(as("regisseur@arnhem.demo.example"), c); err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: c.MunicipalityID, CaseID: c.ID,
		PupilID: earlier.Pupils[0].ID, Table: "halt"}); err != nil {
		t.Fatal(err)
	}

	// The police member's phone is subscribed to pushes, at a push service
	// that decrypts what reaches the phone.
	vapid, _, err := keys.LoadOrCreateVAPID(filepath.Join(t.TempDir(), keys.VAPIDFileName))
	if err != nil {
		t.Fatal(err)
	}
	service := pushtest.New(t, vapid.PublicKey)
	host, _ := url.Parse(service.Server.URL)
	p.db.PushHosts = []string{host.Host}
	endpoint, p256dh, auth := service.Device("/telefoon-wijkagent")
	if err := p.db.Accounts.AddPushSubscription(police, &vios.PushSubscription{UserID: policeUser.ID, Name: "Telefoon",
		Endpoint: endpoint, P256dh: p256dh, Auth: auth}); err != nil {
		t.Fatal(err)
	}
	pusher := &jobs.Pusher{Store: p.db.Logs, Keys: jobs.VAPID{PublicKey: vapid.PublicKey, PrivateKey: vapid.PrivateKey, Subscriber: "noreply@vios.example"},
		Hosts: p.db.PushHosts, Client: service.Server.Client(), Logger: slog.New(slog.DiscardHandler)}

	// The school: every login lands on Vandaag, with the big button.
	if school.path() != "/vandaag" {
		t.Fatalf("the school's login lands on %s, want /vandaag", school.path())
	}
	school.checkAccessibility()
	school.fitsSideways("Vandaag of the school")
	school.follow(chromedp.Search(`//a[@id="signaal-melden"]`))
	if school.path() != "/signalen/arnhem/melden" {
		t.Fatalf("Signaal melden leads to %s", school.path())
	}
	interactions := 0
	school.do("1: what happened", chromedp.SendKeys(chromedp.CSS("#omschrijving"), "Daan dreigde bij de fietsenstalling met een mes."))
	interactions++
	school.do("2: the phenomenon", chromedp.SetValue(chromedp.CSS("#fenomeen"), "wapens"))
	interactions++
	pupil := "#leerling-" + earlier.Pupils[0].ID
	school.do("3: type the pupil", chromedp.SendKeys(chromedp.CSS("#zoek-leerling"), "Daan"))
	school.waitFor("the suggestion", `document.querySelector(`+js("#suggesties "+pupil)+`) !== null`, `document.getElementById("suggesties").innerText`)
	school.do("3: and pick it", chromedp.Click(chromedp.CSS(pupil)))
	interactions++
	school.waitFor("the chosen pupil", `document.querySelector(`+js("#gekozen "+pupil)+`)?.checked === true`, `document.getElementById("gekozen").innerText`)
	school.do("4: send", chromedp.Click(chromedp.Search(`//button[normalize-space()="Signaal melden"]`)))
	interactions++
	school.arrives("the new signal", "melding=opgeslagen")
	t.Logf("the school's quick signal with one pupil: %d interactions after Vandaag's button", interactions)
	signalID := strings.TrimPrefix(eval[string](school, `location.pathname`), "/signalen/arnhem/")
	if interactions > 4 || strings.Contains(signalID, "/") {
		t.Fatalf("quick signal: %d interactions, at %s", interactions, school.path())
	}
	school.checkAccessibility()
	school.fitsSideways("the new signal")

	// …and alerts the network of the school, prepared by nobody.
	school.open("/alerts/arnhem", 200)
	const alertText = "Daan is met een mes richting het station gelopen."
	school.do("the network of my school", chromedp.SetValue(chromedp.CSS("#alertgroep"), vios.AudienceSchoolNetwork))
	school.do("what is going on", chromedp.SendKeys(chromedp.CSS("#tekst"), alertText))
	school.follow(chromedp.Search(`//button[normalize-space()="Alert versturen"]`))
	alertPath := eval[string](school, `location.pathname`)
	if !strings.HasPrefix(alertPath, "/alerts/arnhem/") {
		t.Fatalf("after sending the alert: %s", alertPath)
	}
	school.fitsSideways("the alert sent")

	// The police member's phone gets one push, with nothing in it about
	// anyone, and a link to the alert.
	if sent, failed, err := pusher.SendPending(ctx); err != nil || sent != 1 || failed != 0 {
		t.Fatalf("push pass: sent %d, failed %d, %v; want the police member's phone", sent, failed, err)
	}
	payloads := service.Payloads("/telefoon-wijkagent")
	if len(payloads) != 1 {
		t.Fatalf("the phone got %d pushes, want 1", len(payloads))
	}
	var push notify.Push
	if err := json.Unmarshal([]byte(payloads[0]), &push); err != nil {
		t.Fatal(err)
	}
	for _, personal := range []string{"Daan", "Bakker", "mes", "station", earlier.Code} {
		if strings.Contains(payloads[0], personal) {
			t.Errorf("the push carries %q: %s", personal, payloads[0])
		}
	}
	if push.Link != alertPath {
		t.Fatalf("the push links to %q, want the alert %q", push.Link, alertPath)
	}

	// The police member logs in on their phone and lands on Vandaag: the
	// alert waits for them and the school's new signal is there.
	officer := openPrivateTab(t, p.base) // another phone: cookies of its own
	officer.phone()
	officer.open("/inloggen", 200)
	officer.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	if officer.path() != "/vandaag" {
		t.Fatalf("the police member's login lands on %s", officer.path())
	}
	if n := officer.count(`#alerts-arnhem a[href="` + alertPath + `"]`); n != 1 {
		t.Errorf("Vandaag of the police lists the alert %d times: %q", n, officer.text("#alerts-arnhem"))
	}
	if n := officer.count(`#signalen-arnhem a[href="/signalen/arnhem/` + signalID + `"]`); n != 1 {
		t.Errorf("Vandaag of the police lists the school's new signal %d times: %q", n, officer.text("#signalen-arnhem"))
	}
	officer.checkAccessibility()
	officer.fitsSideways("Vandaag of the police")

	// From the push link: acknowledge.
	officer.open(push.Link, 200)
	officer.follow(chromedp.Search(`//button[normalize-space()="Gezien"]`))
	officer.open(push.Link, 200)
	if n := officer.count(`form[action$="/gezien"]`); n != 0 {
		t.Errorf("the alert still asks the police member to acknowledge it")
	}
	if got := officer.text("#alert-status"); !strings.Contains(got, "1 van de") {
		t.Errorf("alert status after acknowledging: %q", got)
	}
	officer.checkAccessibility()
	officer.fitsSideways("the acknowledged alert")

	// Find the pupil by name, and see the route.
	officer.open("/zoeken", 200)
	officer.do("the name", chromedp.SendKeys(chromedp.CSS("#zoekterm"), "daan bakker"))
	officer.follow(chromedp.Search(`//button[normalize-space()="Zoeken"]`))
	if addr := eval[string](officer, `location.href`); strings.Contains(strings.ToLower(addr), "daan") {
		t.Errorf("the name is in the address: %s", addr)
	}
	found := officer.text("#resultaat")
	for _, want := range []string{"Daan Bakker", earlier.Code, c.Code, "Halt: Aangevraagd"} {
		if !strings.Contains(found, want) {
			t.Errorf("the search result lacks %q: %q", want, found)
		}
	}
	if n := officer.count(`#resultaat a[href="/signalen/arnhem/` + signalID + `"]`); n != 1 {
		t.Errorf("the search result does not list today's signal: %q", found)
	}
	officer.checkAccessibility()
	officer.fitsSideways("the search result")
	officer.follow(chromedp.Search(`//a[normalize-space()="` + c.Code + `"]`))
	if got := officer.text("#verwijzingen"); !strings.Contains(got, "Halt") {
		t.Errorf("the case page's route: %q", got)
	}
	officer.checkAccessibility()
	officer.fitsSideways("the case page")
}
