package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// quickWorld is the knife world in which the school reported Daan Bakker
// last week: a pupil the school may find again by name.
func quickWorld(t *testing.T) (*meetingPlatform, *vios.Signal) {
	t.Helper()
	p := startMeetingPlatform(t)
	_, kernteam := knifeWorld(t, p)
	ctx := context.Background()
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	org := school.Memberships[0].OrganisationID
	today := vios.Date(p.clock.Now())
	s := &vios.Signal{MunicipalityID: kernteam.MunicipalityID, NetworkID: kernteam.ID, OccurredOn: today.AddDate(0, 0, -7),
		Phenomenon: "wapens", Level: vios.LevelPupil, SchoolIDs: []string{org}, Urgency: vios.UrgencyNormal,
		Description: "Daan had een mes bij zich.",
		Pupils:      []vios.Pupil{{Name: "Daan Bakker", BirthDate: today.AddDate(-13, -2, 0).Format(time.DateOnly), SchoolID: org}}}
	if _, err := p.db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), s); err != nil {
		t.Fatal(err)
	}
	return p, s
}

// signalCount is how many signals the school sees in Arnhem.
func signalCount(t *testing.T, p *meetingPlatform, municipalityID string) int {
	t.Helper()
	ctx := context.Background()
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	_, page, err := p.db.Casework.ListSignals(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), vios.SignalFilter{MunicipalityID: municipalityID, Count: true})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// schoolOnAPhone is the quick world with the school member logged in on a
// 320 px wide screen.
func schoolOnAPhone(t *testing.T) (*meetingPlatform, *vios.Signal, *tab) {
	t.Helper()
	requireBrowser(t)
	p, earlier := quickWorld(t)
	tb := openTab(t, p.base)
	tb.phone()
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	return p, earlier, tb
}

func (tb *tab) phone() {
	tb.t.Helper()
	tb.call("320 px wide", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
		return err
	})
}

// arrives waits until the page script opened shows in its address path
// (and query): unlike waitFor, it keeps asking while the page changes.
func (tb *tab) arrives(what, part string) {
	tb.t.Helper()
	const pause = 50 * time.Millisecond
	for try := 0; try < int(stepTimeout/pause); try++ {
		time.Sleep(pause)
		ctx, cancel := context.WithTimeout(tb.ctx, time.Second)
		here, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname + location.search : ""`))
		cancel()
		if err == nil && strings.Contains(here, part) {
			return
		}
	}
	tb.t.Fatalf("%s: the page did not change to one with %q", what, part)
}

func (tb *tab) fitsSideways(what string) {
	tb.t.Helper()
	if !eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`) {
		tb.t.Errorf("%s scrolls sideways at 320 px", what)
	}
}

// A school member on a phone reports a signal about a pupil the school
// reported before: what happened, the phenomenon, the pupil typed and
// ticked, send — four interactions, the school chosen for them, well within
// 30 seconds of typing.
func TestQuickSignalOnAPhone(t *testing.T) {
	p, earlier, tb := schoolOnAPhone(t)
	before := signalCount(t, p, earlier.MunicipalityID)

	tb.open("/melden", 200)
	if tb.path() != "/signalen/arnhem/melden" {
		t.Fatalf("/melden leads to %s", tb.path())
	}
	if school := tb.value("#school"); school != earlier.SchoolIDs[0] {
		t.Errorf("the school member's school is not chosen: %q", school)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the quick signal form")

	interactions, typed := 0, 0
	what := "Daan dreigde in de pauze een klasgenoot met een mes."
	tb.do("1: what happened", chromedp.SendKeys(chromedp.CSS("#omschrijving"), what))
	interactions, typed = interactions+1, typed+len(what)
	tb.do("2: the phenomenon", chromedp.SetValue(chromedp.CSS("#fenomeen"), "wapens"))
	interactions++
	pupil := "#leerling-" + earlier.Pupils[0].ID
	tb.do("3: type the pupil", chromedp.SendKeys(chromedp.CSS("#zoek-leerling"), "Daan"))
	typed += len("Daan")
	tb.waitFor("the suggestion", `document.querySelector(`+js("#suggesties "+pupil)+`) !== null`, `document.getElementById("suggesties").innerText`)
	if got := tb.text("#suggesties label"); !strings.HasPrefix(got, "Daan Bakker, geboren ") {
		t.Errorf("suggestion: %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the form with suggestions")
	tb.do("3: and pick it", chromedp.Click(chromedp.CSS(pupil)))
	interactions++ // typing and picking the pupil count as one, as the issue counts them
	tb.waitFor("the chosen pupil", `document.querySelector(`+js("#gekozen "+pupil)+`)?.checked === true`, `document.getElementById("gekozen").innerText`)
	tb.do("4: send", chromedp.Click(chromedp.Search(`//button[normalize-space()="Signaal melden"]`)))
	interactions++
	tb.arrives("the signal page", "melding=opgeslagen")

	// At 5 characters a second, a phone typist's pace, the typing takes:
	seconds := float64(typed) / 5
	t.Logf("quick signal with one pupil: %d interactions (5 browser actions: the pupil is typed, then ticked), %d characters typed ≈ %.0f s",
		interactions, typed, seconds)
	if interactions > 4 || seconds > 30 {
		t.Errorf("quick signal: %d interactions, %.0f s of typing; want ≤ 4 and ≤ 30 s", interactions, seconds)
	}
	if got := tb.text("#leerlingen tbody th"); got != "Daan Bakker" {
		t.Errorf("the new signal's pupil: %q", got)
	}
	if n := signalCount(t, p, earlier.MunicipalityID); n != before+1 {
		t.Errorf("signals: %d, want %d", n, before+1)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the signal page")

	// No phenomenon and no place: refused, the fields named, the text kept.
	tb.open("/signalen/arnhem/melden", 200)
	tb.mu.Lock()
	tb.expected[tb.base+"/signalen/arnhem/melden"] = true
	tb.mu.Unlock()
	tb.do("only what happened", chromedp.SetValue(chromedp.CSS("#school"), ""),
		chromedp.SendKeys(chromedp.CSS("#omschrijving"), "Vechtpartij bij de ingang."),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Signaal melden"]`)))
	tb.waitFor("the refusal", `document.getElementById("fouten") !== null`, `document.body.innerText.slice(0, 300)`)
	if got := tb.text("#fouten"); !strings.Contains(got, "fenomeen") || !strings.Contains(got, "school") {
		t.Errorf("refusal: %q", got)
	}
	if got := tb.value("#omschrijving"); got != "Vechtpartij bij de ingang." {
		t.Errorf("the typed text was lost: %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the refused form")
	if n := signalCount(t, p, earlier.MunicipalityID); n != before+1 {
		t.Errorf("signals after the refusal: %d, want %d", n, before+1)
	}
}

// A signal sent without a connection waits in the open page, says so, and
// goes out when the connection returns — once.
func TestQuickSignalSurvivesALostConnection(t *testing.T) {
	p, earlier, tb := schoolOnAPhone(t)
	before := signalCount(t, p, earlier.MunicipalityID)
	tb.open("/signalen/arnhem/melden", 200)
	tb.do("fill in", chromedp.SendKeys(chromedp.CSS("#omschrijving"), "Groep jongeren intimideert leerlingen bij de bushalte."),
		chromedp.SetValue(chromedp.CSS("#fenomeen"), "wapens"))

	connection := func(offline bool) {
		tb.t.Helper()
		tb.call("connection", func(ctx context.Context) error {
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
				return err
			}
			_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline,
				DownloadThroughput: -1, UploadThroughput: -1})
			return err
		})
	}
	tb.mu.Lock()
	tb.expected[tb.base+"/signalen/arnhem/melden"] = true // the failed try while offline
	tb.mu.Unlock()
	connection(true)
	tb.do("send offline", chromedp.Click(chromedp.Search(`//button[normalize-space()="Signaal melden"]`)))
	tb.waitFor("the draft kept", `document.getElementById("melden-status").innerText.includes("Geen verbinding")`,
		`document.getElementById("melden-status").innerText`)
	if n := signalCount(t, p, earlier.MunicipalityID); n != before {
		t.Errorf("signals while offline: %d, want %d", n, before)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the form waiting for the connection")

	connection(false)
	tb.arrives("sent when back online", "melding=opgeslagen")
	if n := signalCount(t, p, earlier.MunicipalityID); n != before+1 {
		t.Errorf("signals after the connection returned: %d, want exactly %d", n, before+1)
	}
}
