package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/vios-platform/vios/auth"
)

// A new municipality is onboarded end to end: the landelijk role adds
// Purmerend from the web (a code in use is refused at its field), the
// invitation link is shown once; the first beheerder follows it, sets a
// password and a second factor, lands on the first steps, completes the
// approach, adds a school and invites a school member.
func TestOnboardingAMunicipality(t *testing.T) {
	requireBrowser(t)
	base, _ := startPlatformWithDB(t, true)
	tb := openTab(t, base)
	tb.open("/inloggen", 200)
	tb.submitLogin("landelijk@demo.example", loginTestPassword)
	tb.follow(chromedp.Search(`//a[normalize-space()="Een gemeente toevoegen, met een uitnodiging voor haar eerste beheerder"]`))
	tb.checkAccessibility()

	tb.do("fill in a code in use",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Purmerend"),
		chromedp.SendKeys(chromedp.CSS("#code"), "arnhem"),
		chromedp.SendKeys(chromedp.CSS("#email"), "bea@purmerend.example"),
		chromedp.SendKeys(chromedp.CSS("#beheerder"), "Bea Beheer"))
	tb.mu.Lock()
	tb.expected[base+"/gemeenten/nieuw"] = true // the 409 of the refused form
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Gemeente toevoegen"]`)); status != 409 {
		t.Fatalf("a code in use answered %d, want 409", status)
	}
	if got := tb.text("#code-fout"); !strings.Contains(got, "al een gemeente met de code 'arnhem'") {
		t.Errorf("message beside the code: %q", got)
	}
	if got := eval[string](tb, `document.querySelector("#naam").value`); got != "Purmerend" {
		t.Errorf("the name typed was not kept: %q", got)
	}
	tb.checkAccessibility()
	tb.do("correct the code", chromedp.SetValue(chromedp.CSS("#code"), "purmerend"))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Gemeente toevoegen"]`)); status != 201 {
		t.Fatalf("adding Purmerend answered %d, want 201", status)
	}
	// The page with the link fits a phone: the link breaks, the page does
	// not scroll sideways.
	tb.setWidth(320, true)
	tb.checkPage("POST /gemeenten/nieuw", 320)
	tb.setWidth(1280, false)
	link := tb.text("#uitnodigingslink")
	if i := strings.Index(link, "/uitnodiging/"); i < 0 {
		t.Fatalf("no invitation link shown: %q", link)
	} else {
		link = link[i:]
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))

	// The first beheerder follows the link from the mail.
	tb.acceptFirstInvitation(link, "bea@purmerend.example", "purmer-polder-koeien-grazen")
	if n := tb.count("#aan-de-slag-purmerend li"); n != 3 {
		t.Fatalf("the start page shows %d first steps, want 3", n)
	}
	tb.checkAccessibility()

	// The approach, from the elements of the report.
	tb.follow(chromedp.Search(`//a[normalize-space()="Vul de aanpak aan"]`))
	tb.checkAccessibility()
	tb.do("the core team is active",
		chromedp.SetValue(chromedp.CSS(`select[name="element-kernteam"]`), "actief"),
		chromedp.SendKeys(chromedp.CSS(`input[name="toelichting-kernteam"]`), "Per wijk"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Aanpak opslaan"]`))
	if got := tb.text("[role=status]"); got == "" {
		t.Fatal("no confirmation after saving the approach")
	}

	// A school, then its first member.
	tb.open("/beheer/purmerend/organisaties/nieuw", 200)
	tb.do("fill in a school",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Da Vinci College Purmerend"),
		chromedp.SetValue(chromedp.CSS("#soort"), "school"),
		chromedp.SetValue(chromedp.CSS("#schooltype"), "vo"),
		chromedp.SendKeys(chromedp.CSS("#brin"), "21PU"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	tb.open("/beheer/purmerend/gebruikers/uitnodigen", 200)
	school := eval[string](tb, `document.querySelector('#organisatie optgroup[label="Scholen"] option').value`)
	tb.do("invite a school member",
		chromedp.SendKeys(chromedp.CSS("#naam"), "Sem School"),
		chromedp.SendKeys(chromedp.CSS("#email"), "sem@davinci.example"),
		chromedp.SetValue(chromedp.CSS("#rol"), "school"),
		chromedp.SetValue(chromedp.CSS("#organisatie"), school))
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitnodiging versturen"]`))
	if got := tb.text("[role=status]"); got != "De uitnodiging is verstuurd." {
		t.Fatalf("after inviting the school member: %q", got)
	}
	tb.checkAccessibility()
	tb.open("/vandaag", 200)
	if n := tb.count("#aan-de-slag-purmerend"); n != 0 {
		t.Errorf("the first steps stay once the municipality has a school")
	}
}

// acceptFirstInvitation follows a first beheerder's invitation link: a
// password, the first login, the second factor set up and the recovery
// codes put away, to land on the start page.
func (tb *tab) acceptFirstInvitation(link, email, password string) {
	tb.t.Helper()
	tb.open(link, 200)
	tb.do("choose a password",
		chromedp.SendKeys(chromedp.CSS("#nieuw"), password),
		chromedp.SendKeys(chromedp.CSS("#herhaling"), password))
	tb.follow(chromedp.Search(`//button[normalize-space()="Wachtwoord instellen"]`))
	tb.follow(chromedp.Search(`//a[normalize-space()="Naar inloggen"]`))
	tb.submitLogin(email, password)
	if got := tb.path(); got != "/inloggen/tweede-factor-instellen" {
		tb.t.Fatalf("first login goes to %q, want the set-up of the second factor", got)
	}
	secret := tb.text("#sleutel")
	tb.do("type the code from the app", chromedp.SendKeys(chromedp.CSS("#code"), auth.TOTPCode(secret, time.Now())))
	tb.follow(chromedp.Search(`//form[@action="/inloggen/tweede-factor-instellen"]//button[@type="submit"]`))
	tb.follow(chromedp.Search(`//a[normalize-space()="Ik heb ze bewaard, ga verder"]`))
	if got := tb.path(); got != "/vandaag" {
		tb.t.Fatalf("after the second factor: %s, want the start page", got)
	}
}
