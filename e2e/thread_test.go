package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// A kernteam's week between meetings, in its thread (issue 14): the police
// member posts about a fight at the tram stop naming a pupil the school
// entered, and is warned that not every member sees names; the youth
// worker, whose organisation the clause gives pseudonyms only, sees the
// message appear without reloading, with the pseudonym and why; the school
// turns the message into a signal about the pupil; the youth worker leaves
// the kernteam and sees nothing new. Every page passes axe and fits 320 px.
func TestKernteamWeekInTheThread(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	_, kernteam := knifeWorld(t, p)
	ctx := context.Background()
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	signal := &vios.Signal{MunicipalityID: kernteam.MunicipalityID, NetworkID: kernteam.ID, OccurredOn: vios.Date(p.clock.Now()).AddDate(0, 0, -3),
		Phenomenon: "pesten", Level: vios.LevelPupil, Description: "Daan wordt gepest in de klas.",
		Pupils: []vios.Pupil{{Name: "Daan Bakker", BirthDate: vios.Date(p.clock.Now()).AddDate(-13, -2, 0).Format(time.DateOnly),
			SchoolID: school.Memberships[0].OrganisationID, Class: "2B"}}}
	if _, err := p.db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), signal); err != nil {
		t.Fatal(err)
	}
	pseudonym := signal.Pupils[0].Code
	thread := "/netwerken/arnhem/" + kernteam.ID + "/berichten"

	// The youth worker has the thread open at their own computer.
	youth := openPrivateTab(t, p.base)
	youth.open("/inloggen", 200)
	youth.submitLogin("jongerenwerk@arnhem.demo.example", loginTestPassword)
	youth.open(thread, 200)
	if got := youth.text("#berichten"); !strings.Contains(got, "nog geen berichten") {
		t.Fatalf("an empty thread shows %q", got)
	}
	youth.checkAccessibility()

	// The police member goes from the kernteam's page to its thread.
	police := openTab(t, p.base)
	police.open("/inloggen", 200)
	police.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	police.open("/netwerken/arnhem/"+kernteam.ID, 200)
	police.follow(chromedp.Search(`//a[@id="naar-berichten"]`))
	if police.path() != thread {
		t.Fatalf("the thread link leads to %s", police.path())
	}
	police.checkAccessibility()
	const text = "Vechtpartij bij de tramhalte na schooltijd; Daan Bakker was erbij. Wie weet meer?"
	police.do("write", chromedp.SendKeys(chromedp.CSS("#tekst"), text))
	police.waitFor("the composer's warning", `document.querySelector("#naam-waarschuwing").innerText.includes("pseudoniem")`,
		`document.querySelector("#naam-waarschuwing").innerText`)
	police.checkAccessibility()
	police.follow(chromedp.Search(`//button[normalize-space()="Plaatsen"]`))
	if got := police.text("#melding"); !strings.Contains(got, "Niet elk lid") {
		t.Errorf("after posting the police is told %q", got)
	}
	if got := police.text(".message__text"); got != text {
		t.Errorf("the police reads %q", got)
	}

	// The youth worker sees it arrive, with the pseudonym.
	youth.waitFor("the message arrives live", `document.querySelectorAll("#berichten .message").length === 1`,
		`document.querySelector("#berichten").innerText`)
	if got := youth.text(".message__text"); strings.Contains(got, "Daan") || !strings.Contains(got, pseudonym) || !strings.Contains(got, "tramhalte") {
		t.Errorf("the youth worker reads %q", got)
	}
	youth.open(thread, 200)
	if got := youth.text("#waarom"); !strings.Contains(got, "pseudoniem") || strings.Contains(got, "Daan") {
		t.Errorf("why the youth worker sees a pseudonym: %q", got)
	}
	youth.narrow()
	youth.open(thread, 200)
	youth.fits("the youth worker's thread")

	// The school makes a signal of the message.
	schoolTab := openPrivateTab(t, p.base)
	schoolTab.open("/inloggen", 200)
	schoolTab.submitLogin("school@arnhem.demo.example", loginTestPassword)
	schoolTab.open(thread, 200)
	if got := schoolTab.text(".message__text"); got != text {
		t.Errorf("the school reads %q", got)
	}
	schoolTab.follow(chromedp.Search(`//a[normalize-space()="Maak er een signaal van"]`))
	schoolTab.checkAccessibility()
	schoolTab.choose("#fenomeen", "Vechtpartijen")
	schoolTab.follow(chromedp.Search(`//button[normalize-space()="Signaal maken"]`))
	if !strings.HasPrefix(schoolTab.path(), "/signalen/arnhem/") {
		t.Fatalf("after making a signal: %s", schoolTab.path())
	}
	if got := schoolTab.text("#leerlingen tbody th"); got != "Daan Bakker" {
		t.Errorf("the signal's pupil: %q", got)
	}
	if got := schoolTab.text("#uit-bericht"); got != "Uit bericht in "+kernteam.Name {
		t.Errorf("the signal's back-link reads %q", got)
	}
	schoolTab.checkAccessibility()
	schoolTab.open(thread, 200)
	if n := schoolTab.count(`a[href^="/signalen/arnhem/"]`); n != 1 {
		t.Errorf("the message links %d signals", n)
	}
	schoolTab.narrow()
	schoolTab.open(thread, 200)
	schoolTab.fits("the school's thread")

	// A file is attached and read back: the police attach a report to
	// their message; the school, who sees the pupil by name, finds it
	// listed and downloads the same bytes; the youth worker, who sees a
	// pseudonym, does not see it at all (a file may name anyone).
	report := "%PDF-1.7\n% Verslag tramhalte, Daan Bakker\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
	pdf := filepath.Join(t.TempDir(), "verslag tramhalte.pdf")
	if err := os.WriteFile(pdf, []byte(report), 0o600); err != nil {
		t.Fatal(err)
	}
	police.open(thread, 200)
	police.do("open the attach form", chromedp.Click(chromedp.CSS(`#berichten .message__attach summary`)))
	police.checkAccessibility()
	police.do("choose the report", chromedp.SetUploadFiles(chromedp.CSS(`#berichten .message__attach input[type=file]`), []string{pdf}))
	if status := police.follow(chromedp.Search(`//button[normalize-space()="Bijlage toevoegen"]`)); status != 200 {
		t.Fatalf("attaching the report: %d", status)
	}
	fileLink := `#berichten .message__attachments a[href^="/bijlagen/arnhem/"]`
	if got := police.text(fileLink); got != "verslag tramhalte.pdf" {
		t.Errorf("the police see the file listed as %q", got)
	}
	schoolTab.open(thread, 200)
	if got := schoolTab.text(fileLink); got != "verslag tramhalte.pdf" {
		t.Errorf("the school sees the file listed as %q", got)
	}
	got := get(schoolTab, "download the report", chromedp.Evaluate[string](`fetch(document.querySelector(`+js(fileLink)+`).href)
		.then(async r => JSON.stringify({status: r.status, body: await r.text()}))`, chromedp.EvalAwaitPromise))
	var download struct {
		Status int
		Body   string
	}
	if err := json.Unmarshal([]byte(got), &download); err != nil {
		t.Fatal(err)
	}
	if download.Status != 200 || download.Body != report {
		t.Errorf("the school's download: %+v", download)
	}
	schoolTab.checkAccessibility()
	schoolTab.fits("the school's thread with a file")
	youth.open(thread, 200)
	if n := youth.count(`#berichten a[href^="/bijlagen/"]`); n != 0 || strings.Contains(youth.text("main"), "verslag tramhalte") {
		t.Errorf("the youth worker sees %d files of the message", n)
	}
	youth.checkAccessibility()
	youth.fits("the youth worker's thread without the file")
	// The school, chairing, makes the message an action item of the
	// police, what to do prefilled with the pupil as a code.
	policeUser, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	start := p.clock.Now().Add(10 * 24 * time.Hour)
	if _, err := p.db.Networks.PlanMeetings(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), kernteam.MunicipalityID, kernteam.ID,
		vios.SeriesPlan{First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Lokaal 1"}, Count: 1}); err != nil {
		t.Fatal(err)
	}
	schoolTab.open(thread, 200)
	schoolTab.follow(chromedp.Search(`//a[normalize-space()="Maak er een actiepunt van"]`))
	if got := schoolTab.value("#wat"); strings.Contains(got, "Daan") || !strings.Contains(got, pseudonym) {
		t.Errorf("what to do is prefilled as %q", got)
	}
	schoolTab.fits("the action form")
	schoolTab.do("owner and deadline", chromedp.SetValue(chromedp.CSS("#eigenaar"), policeUser.ID),
		chromedp.SetValue(chromedp.CSS("#deadline"), vios.Date(p.clock.Now()).AddDate(0, 0, 14).Format(time.DateOnly)))
	schoolTab.follow(chromedp.Search(`//button[normalize-space()="Actiepunt afspreken"]`))
	if n := schoolTab.count(`a[href^="/actiepunten/arnhem/"]`); n != 1 {
		t.Errorf("the message links %d actions: %s", n, schoolTab.text("main"))
	}

	// The chair exports the thread: pupils as codes unless asked for names.
	schoolTab.follow(chromedp.Search(`//a[@id="exporteren"]`))
	if got := schoolTab.text("main"); strings.Contains(got, "Daan") || !strings.Contains(got, pseudonym) {
		t.Errorf("the export reads %q", got)
	}
	schoolTab.fits("the thread's export")

	// The youth worker leaves the kernteam today: nothing new reaches them.
	n, err := p.db.Networks.FindNetwork(ctx, kernteam.MunicipalityID, kernteam.ID)
	if err != nil {
		t.Fatal(err)
	}
	youthUser, _, _ := p.db.Accounts.FindCredentials(ctx, "jongerenwerk@arnhem.demo.example")
	regisseur, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	member := n.ActiveMember(youthUser.ID, vios.Date(p.clock.Now()))
	if err := p.db.Networks.EndNetworkMembership(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), kernteam.MunicipalityID,
		kernteam.ID, member.ID, vios.Date(p.clock.Now())); err != nil {
		t.Fatal(err)
	}
	police.open(thread, 200)
	police.do("write again", chromedp.SendKeys(chromedp.CSS("#tekst"), "Afspraak met de wijkagent staat voor donderdag."))
	police.follow(chromedp.Search(`//button[normalize-space()="Plaatsen"]`))
	youth.open(thread, 403)
	if got := youth.text("main"); strings.Contains(got, "wijkagent") || strings.Contains(got, "tramhalte") {
		t.Errorf("a member who left reads %q", got)
	}
}
