package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The regisseur sets up a signals meeting for two schools with fixed
// members and a deputy, adds a phenomenon of the municipality, and a member
// links the meetings to their own calendar.
func TestRegisseurSetsUpANetwork(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/netwerken", 200)
	// The regisseur sees the kernteam without being a member of it.
	if got := tb.texts("#netwerken-arnhem th a"); len(got) != 1 || !strings.HasPrefix(got[0], "Kernteam") {
		t.Fatalf("networks the regisseur sees: %v", got)
	}
	tb.follow(chromedp.Search(`//a[normalize-space()="Netwerk toevoegen in Arnhem"]`))
	tb.checkAccessibility()

	// A kernteam without a school and a cadence that makes no sense: both
	// said beside their fields, nothing saved.
	tb.do("fill in a wrong network",
		chromedp.SetValue(chromedp.CSS("#soort"), "kernteam"),
		chromedp.SendKeys(chromedp.CSS("#naam"), "Signaleringsoverleg Noord"),
		chromedp.SetValue(chromedp.CSS("#elkeWeken"), "6"),
		chromedp.SetValue(chromedp.CSS("#keerPerJaar"), "10"))
	tb.refused(`//button[normalize-space()="Netwerk aanmaken"]`, "/netwerken/arnhem/nieuw")
	if got := tb.text("#scholen-fout"); !strings.Contains(got, "één school") {
		t.Errorf("school message: %q", got)
	}
	if got := tb.text("#keerPerJaar-fout"); !strings.Contains(got, "niet allebei") {
		t.Errorf("cadence message: %q", got)
	}
	tb.checkAccessibility()
	tb.do("correct it: a signals meeting for two schools",
		chromedp.SetValue(chromedp.CSS("#soort"), "signaleringsoverleg"),
		chromedp.Clear(chromedp.CSS("#keerPerJaar")),
		chromedp.Click(chromedp.CSS(`#scholen input[type=checkbox]`)),
		chromedp.Click(chromedp.CSS(`#scholen .utrecht-form-field:nth-of-type(2) input`)))
	tb.follow(chromedp.Search(`//button[normalize-space()="Netwerk aanmaken"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "aangemaakt") {
		t.Fatalf("after creating: %q", got)
	}
	network := tb.path()
	network = network[:strings.Index(network, "?")]
	tb.checkAccessibility()

	// Members: the police as fixed member and chair. Someone is seated only
	// for an organisation they work for: the coordinator is refused for the
	// police. The OTSV colleague sits for a municipal team; a second fixed
	// member for that team is refused, and the coordinator becomes deputy.
	option := func(sel, prefix string) string {
		return eval[string](tb, `[...document.querySelectorAll(`+js(sel+" option")+`)].find(o => o.text.startsWith(`+js(prefix)+`)).value`)
	}
	police := option("#lid-organisatie", "Politie")
	team := option("#lid-organisatie", "Gemeente Arnhem")
	add := func(person, organisation, position, deputyFor, function string) {
		tb.disclose("Lid toevoegen")
		tb.do("fill in a member",
			chromedp.SetValue(chromedp.CSS("#lid-gebruiker"), option("#lid-gebruiker", person)),
			chromedp.SetValue(chromedp.CSS("#lid-organisatie"), organisation),
			chromedp.SetValue(chromedp.CSS("#lid-positie"), position),
			chromedp.SetValue(chromedp.CSS("#lid-functie"), function))
		if deputyFor != "" {
			tb.do("choose whom the deputy replaces", chromedp.SetValue(chromedp.CSS("#lid-vervangt"), option("#lid-vervangt", deputyFor)))
		}
	}
	add("Demo Samenwerkingspartner", police, "lid", "", "voorzitter")
	tb.follow(chromedp.Search(`//button[normalize-space()="Lid toevoegen"]`))
	add("Demo Coördinator", police, "lid", "", "")
	tb.refused(`//button[normalize-space()="Lid toevoegen"]`, network+"/leden")
	if got := tb.text("#organisatie-fout"); !strings.Contains(got, "werkt niet voor Politie") {
		t.Errorf("seat for an organisation the person does not work for: %q", got)
	}
	tb.checkAccessibility()
	add("Demo Operationeel", team, "lid", "", "")
	tb.follow(chromedp.Search(`//button[normalize-space()="Lid toevoegen"]`))
	add("Demo Coördinator", team, "lid", "", "")
	tb.refused(`//button[normalize-space()="Lid toevoegen"]`, network+"/leden")
	if got := tb.text("#organisatie-fout"); !strings.Contains(got, "al een vast lid") {
		t.Errorf("second fixed member message: %q", got)
	}
	add("Demo Coördinator", team, "plaatsvervanger", "Demo Operationeel", "")
	tb.follow(chromedp.Search(`//button[normalize-space()="Lid toevoegen"]`))
	members := tb.table("#ledentabel")
	if len(members.Rows) != 3 {
		t.Fatalf("members: %v", members.Rows)
	}
	if row := tb.row(members, "Demo Coördinator Arnhem"); row[tb.column(members, "Positie")] != "Plaatsvervanger" {
		t.Errorf("deputy row: %v", row)
	}

	// The municipality's own phenomenon, next to the national list.
	tb.open("/fenomenen/arnhem", 200)
	tb.checkAccessibility()
	tb.do("add a phenomenon", chromedp.SendKeys(chromedp.CSS("#fenomeen"), "Lachgas"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Toevoegen"]`))
	if got := tb.texts("#eigen-fenomenen li"); len(got) != 1 || got[0] != "Lachgas" {
		t.Errorf("own phenomena: %v", got)
	}
	tb.do("add it again", chromedp.SendKeys(chromedp.CSS("#fenomeen"), "lachgas"))
	tb.refused(`//button[normalize-space()="Toevoegen"]`, "/fenomenen/arnhem")
	tb.checkAccessibility()
	tb.logout()

	// The chair of the kernteam links the meetings to their calendar: the
	// feed lists the kernteam's meeting and no names; a new link stops the old.
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/account", 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Agendakoppeling maken"]`))
	tb.checkAccessibility()
	link := eval[string](tb, `document.querySelector("#feed-link").value`)
	feed := fetch(t, link)
	if !strings.Contains(feed, "BEGIN:VEVENT") || !strings.Contains(feed, "SUMMARY:Overleg Kernteam") || strings.Contains(feed, "Demo") {
		t.Errorf("calendar feed:\n%s", feed)
	}
	tb.open("/account", 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Agendakoppeling intrekken"]`))
	if got := fetchStatus(t, link); got != http.StatusNotFound {
		t.Errorf("revoked feed answers %d", got)
	}
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("GET feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return string(b)
}

func fetchStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
