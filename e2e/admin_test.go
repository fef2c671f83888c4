package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The administrator of Arnhem invites a new colleague at a school; the
// colleague follows the link from the mail and sets a password.
func TestAdministratorInvitesAColleague(t *testing.T) {
	requireBrowser(t)
	base, db := startPlatformWithDB(t, true)
	tb := openTab(t, base)
	tb.open("/inloggen", 200)
	tb.submitLogin("beheerder@arnhem.demo.example", loginTestPassword)
	tb.follow(chromedp.Search(`//a[normalize-space()="Beheer"]`))
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Gebruikers en rollen"]`))
	if n := tb.count("#gebruikers tbody tr"); n < 7 {
		t.Errorf("users table has %d rows", n)
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Iemand uitnodigen"]`))
	tb.checkAccessibility()
	schoolOption := eval[string](tb, `document.querySelector('#organisatie optgroup[label="Scholen"] option').value`)
	// First without the school: the form comes back with the mistake
	// beside the field, and what was filled in kept.
	tb.do("fill in the invitation without a school",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Noor Nieuw"),
		chromedp.SendKeys(chromedp.CSS("#email"), "noor@school.example"),
		chromedp.SetValue(chromedp.CSS("#rol"), "school"))
	tb.mu.Lock()
	tb.expected[base+"/beheer/arnhem/gebruikers/uitnodigen"] = true
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Uitnodiging versturen"]`)); status != 400 {
		t.Errorf("invitation without a school: %d, want 400", status)
	}
	if got := tb.text("#organisatie-fout"); got != "Kies de school waar deze persoon werkt." {
		t.Errorf("message beside the organisation: %q", got)
	}
	if got := eval[string](tb, `document.querySelector("#organisatie").getAttribute("aria-describedby")`); got != "organisatie-fout" {
		t.Errorf("organisation field describedby %q", got)
	}
	tb.checkAccessibility()
	tb.do("choose the school", chromedp.SetValue(chromedp.CSS("#organisatie"), schoolOption))
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitnodiging versturen"]`))
	if got := tb.text("[role=status]"); got != "De uitnodiging is verstuurd." {
		t.Fatalf("after inviting: %q", got)
	}
	tb.follow(chromedp.Search(`//a[normalize-space()="Rechtenoverzicht"]`))
	tb.checkAccessibility()

	tb.open("/beheer/uitgaande-mail", 200)
	tb.checkAccessibility()
	// The outbox shows the invitation, but not its link: that is for the
	// colleague's mailbox only. The test takes it from the database.
	if body := tb.text(".mail-body"); strings.Contains(body, "/uitnodiging/") || !strings.Contains(body, "[persoonlijke link verborgen]") {
		t.Errorf("the outbox shows the invitation link: %q", body)
	}
	mails, err := db.Logs.ListOutbox(context.Background(), 10)
	if err != nil || len(mails) == 0 {
		t.Fatalf("outbox: %d mails, %v", len(mails), err)
	}
	body := mails[0].Body
	i := strings.Index(body, "/uitnodiging/")
	if i < 0 {
		t.Fatalf("invitation mail without link: %q", body)
	}
	link := strings.Fields(body[i:])[0]

	// The colleague, in another tab without the administrator's session.
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))
	tb.open(link, 200)
	tb.checkAccessibility()
	tb.do("choose a password",
		chromedp.SendKeys(chromedp.CSS("#nieuw"), "zeven-zwanen-zwemmen-zacht"),
		chromedp.SendKeys(chromedp.CSS("#herhaling"), "zeven-zwanen-zwemmen-zacht"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Wachtwoord instellen"]`))
	if got := tb.text("[role=status]"); !strings.HasPrefix(got, "Uw wachtwoord is ingesteld") {
		t.Errorf("after accepting: %q", got)
	}
	tb.checkAccessibility()

	// The new account logs in with that password and must first set up its
	// second factor.
	tb.follow(chromedp.Search(`//a[normalize-space()="Naar inloggen"]`))
	tb.submitLogin("noor@school.example", "zeven-zwanen-zwemmen-zacht")
	if got := tb.path(); got != "/inloggen/tweede-factor-instellen" {
		t.Errorf("first login goes to %q, want the set-up of the second factor", got)
	}
	// The link from the mail works once.
	tb.open(link, 404)
	if got := tb.text("h1"); got != "Niet gevonden" {
		t.Errorf("used link shows %q", got)
	}
	tb.checkAccessibility()
}

// Forgetting a password: the form answers the same for every address.
func TestForgottenPassword(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startEditorPlatform(t))
	tb.open("/inloggen", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Wachtwoord vergeten?"]`))
	tb.checkAccessibility()
	tb.do("ask for a link", chromedp.SendKeys(chromedp.CSS("#email"), "regisseur@arnhem.demo.example"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Stuur mij een link"]`))
	if got := tb.text("[role=status]"); !strings.HasPrefix(got, "Als er een account bij dit e-mailadres hoort") {
		t.Errorf("answer: %q", got)
	}
	tb.checkAccessibility()
}

// The administrator of Den Haag cannot reach Arnhem's administration: the
// page says so, in Dutch, and Arnhem's users are not shown.
func TestNoWayIntoAnotherMunicipality(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startEditorPlatform(t))
	tb.open("/inloggen", 200)
	tb.submitLogin("beheerder@den-haag.demo.example", loginTestPassword)
	for _, path := range []string{"/beheer/arnhem/gebruikers", "/beheer/arnhem/aanpak", "/logboek/arnhem"} {
		tb.open(path, 403)
		if got := tb.text("h1"); got != "Geen toegang" {
			t.Errorf("%s shows %q", path, got)
		}
		if tb.count("#gebruikers") != 0 {
			t.Errorf("%s shows a users table", path)
		}
	}
	tb.checkAccessibility()
	tb.open("/beheer/den-haag/gebruikers", 200)
}
