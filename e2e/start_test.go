package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// A municipality that wants to start: on /starten it reads how others
// began, does the self-check (scored on the page, nothing stored), and
// sends a start request carrying it; the landelijk role adds an adviser,
// assigns the request, records advice with a suggested kwartiermaker and
// closes it; the requester's confirmation and advice are in the outbox.
// axe finds nothing on each page, and /starten fits a 320 px phone.
func TestStartRequestJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)

	tb.open("/starten", 200)
	tb.checkAccessibility()
	if main := tb.text("main"); !strings.Contains(main, "Arnhems model") || !strings.Contains(main, "Signaleringsoverleg") || tb.count("#gemeenten tbody tr") < 12 {
		t.Fatalf("/starten: %d municipalities, %q", tb.count("#gemeenten tbody tr"), main)
	}
	tb.follow(chromedp.Search(`//a[@id="naar-zelftest"]`))
	tb.checkAccessibility()
	var clicks []chromedp.Action[chromedp.Void]
	for _, q := range vios.MeetlatQuestions {
		score := "3"
		if q.Code == "regie" {
			score = "1"
		}
		clicks = append(clicks, chromedp.Click(chromedp.CSS("#score-"+q.Code+"-"+score)))
	}
	tb.do("answer the self-check", clicks...)
	tb.follow(chromedp.Search(`//button[normalize-space()="Bekijk het resultaat"]`))
	if !strings.Contains(tb.text("#volgende-stappen"), "Leg de regierol vast") || !strings.Contains(tb.text("#zwakst"), "Gemeentelijke regie") {
		t.Fatalf("the self-check's result: %q", tb.text("main"))
	}
	tb.checkAccessibility()

	const email = "f.bakker@zwolle.example"
	tb.do("ask to start",
		chromedp.SendKeys(chromedp.CSS("#organisatie"), "Gemeente Zwolle"),
		chromedp.SendKeys(chromedp.CSS("#gemeente"), "Zwolle"),
		chromedp.SendKeys(chromedp.CSS("#naam"), "Fatima Bakker"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#vraag"), "Wij willen beginnen met kernteams op onze vo-scholen. Waar starten we?"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Startvraag versturen"]`))
	if !strings.Contains(tb.text("#verstuurd"), "Gemeente Zwolle") {
		t.Fatalf("after sending: %q", tb.text("main"))
	}
	tb.checkAccessibility()

	tb.open("/inloggen", 200)
	tb.submitLogin("landelijk@demo.example", loginTestPassword)
	tb.open("/startvragen/adviseurs", 200)
	tb.checkAccessibility()
	tb.do("add an adviser",
		chromedp.SendKeys(chromedp.CSS("#adviseur-naam"), "Karin de Wit"),
		chromedp.SendKeys(chromedp.CSS("#ervaring"), "Kwartiermaker van een kernteamaanpak in drie gemeenten"))
	tb.choose("#regio", "Overijssel")
	tb.follow(chromedp.Search(`//button[normalize-space()="Toevoegen"]`))
	if !strings.Contains(tb.text("#adviseurs"), "Karin de Wit") {
		t.Fatalf("the advisers: %q", tb.text("main"))
	}

	tb.open("/startvragen", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Gemeente Zwolle"]`))
	tb.checkAccessibility()
	if !strings.Contains(tb.text("#zelftest"), "Gemeentelijke regie: 1") || !strings.Contains(tb.text("#vraag"), "kernteams") {
		t.Fatalf("the request's page: %q", tb.text("main"))
	}
	tb.choose("#adviseur", "Karin de Wit")
	tb.follow(chromedp.Search(`//button[normalize-space()="Toewijzen"]`))
	tb.do("write the advice", chromedp.SendKeys(chromedp.CSS("#advies"), "Begin met een kernteam op twee vo-scholen en leg de regie bij één regisseur."))
	tb.choose("#kwartiermaker", "Karin de Wit")
	tb.follow(chromedp.Search(`//button[normalize-space()="Advies vastleggen en mailen"]`))
	if !strings.Contains(tb.text("#status"), "Advies gegeven") || !strings.Contains(tb.text("#voorgestelde-kwartiermaker"), "Karin de Wit (Overijssel)") {
		t.Fatalf("after the advice: %q", tb.text("main"))
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//button[normalize-space()="Startvraag sluiten"]`))
	if !strings.Contains(tb.text("#status"), "Gesloten") {
		t.Fatalf("after closing: %q", tb.text("main"))
	}

	mails, err := p.db.Accounts.ListMail(t.Context(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range mails {
		if m.Recipient == email {
			subjects = append(subjects, m.Subject)
			if m.Subject == "Advies op uw startvraag" && (!strings.Contains(m.Body, "leg de regie bij één regisseur") || !strings.Contains(m.Body, "Karin de Wit")) {
				t.Errorf("the advice mail: %q", m.Body)
			}
		}
	}
	if len(subjects) != 2 {
		t.Errorf("the requester's mails: %q, want the confirmation and the advice", subjects)
	}

	tb.logout()
	tb.narrow()
	tb.open("/starten", 200)
	tb.fits("/starten")
}
