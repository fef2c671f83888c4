package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// narrow makes the tab a 320 px wide phone screen for the rest of the test.
func (tb *tab) narrow() {
	tb.t.Helper()
	tb.call("320 px wide", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
		return err
	})
}

// fits checks the page has no horizontal scrolling (WCAG 1.4.10) and
// passes axe.
func (tb *tab) fits(what string) {
	tb.t.Helper()
	if !eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`) {
		tb.t.Errorf("%s scrolls sideways at 320 px", what)
	}
	tb.checkAccessibility()
}

// choose selects the option of the select whose text contains text.
func (tb *tab) choose(css, text string) {
	tb.t.Helper()
	if got := eval[string](tb, `(() => { const s = document.querySelector(`+js(css)+`);
		const o = [...s.options].find(o => o.text.includes(`+js(text)+`)); if (!o) return "";
		s.value = o.value; return o.value; })()`); got == "" {
		tb.t.Fatalf("%s has no option %q", css, text)
	}
}

// On a phone, the chair of the kernteam adds people to it in one go (a bad
// row refuses the form, named, with what was chosen kept), sees whom the
// alerts derived for the school reach, and the regisseur sets a waiting
// threshold per table.
func TestFollowThroughOnAPhone(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.narrow()
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/netwerken", 200)
	tb.follow(chromedp.Search(`//a[starts-with(normalize-space(),"Kernteam")]`))
	tb.follow(chromedp.Search(`//a[normalize-space()="Meerdere leden tegelijk toevoegen"]`))
	form := tb.path()
	tb.fits("the add-members page")

	// The youth worker for the police, for whom they do not work: refused.
	tb.choose("#rij1-gebruiker", "jongerenwerker")
	tb.choose("#rij1-organisatie", "Politie")
	tb.refused(`//button[normalize-space()="Leden toevoegen"]`, form)
	if got := tb.text("#fouten"); !strings.Contains(got, "Rij 1: Deze persoon werkt niet voor") {
		t.Errorf("refused form: %q", got)
	}
	if got := eval[string](tb, `document.querySelector("#rij1-gebruiker").selectedOptions[0].text`); !strings.Contains(got, "jongerenwerker") {
		t.Errorf("the chosen person was not kept: %q", got)
	}
	tb.fits("the refused add-members page")
	tb.choose("#rij1-organisatie", "Jongerenwerk")
	tb.follow(chromedp.Search(`//button[normalize-space()="Leden toevoegen"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "toegevoegd") {
		t.Errorf("after adding: %q", got)
	}
	if got := tb.text("#ledentabel"); !strings.Contains(got, "Demo jongerenwerker Arnhem") {
		t.Errorf("members: %q", got)
	}

	// The alerts page shows whom the groups of the school reach.
	tb.open("/alerts/arnhem", 200)
	if got := tb.text("#bereik"); !strings.Contains(got, "Het netwerk van mijn school") || !strings.Contains(got, "bereikt 3 personen") {
		t.Errorf("reach of the derived groups: %q", got)
	}
	tb.fits("the alerts page")
	tb.logout()

	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/netwerken", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Wachtdrempels per tafel"]`))
	tb.fits("the thresholds page")
	tb.do("a threshold in words", chromedp.SendKeys(chromedp.CSS("#drempel-jeugdzorg"), "drie"))
	tb.refused(`//button[normalize-space()="Drempels opslaan"]`, "/wachtdrempels/arnhem")
	if got := tb.text("#drempel-jeugdzorg-fout"); !strings.Contains(got, "heel aantal weken") {
		t.Errorf("threshold message: %q", got)
	}
	tb.fits("the refused thresholds page")
	tb.do("three weeks", chromedp.Clear(chromedp.CSS("#drempel-jeugdzorg")), chromedp.SendKeys(chromedp.CSS("#drempel-jeugdzorg"), "3"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Drempels opslaan"]`))
	if got := tb.text("[role=status]"); got != "De wachtdrempels zijn opgeslagen." {
		t.Errorf("after saving: %q", got)
	}
}
