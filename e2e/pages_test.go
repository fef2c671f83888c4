package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The four pages people work on most (a case, a signal, a network and a
// meeting) read as a page, not as a form dump: one h1, headings without
// skipped levels, the page's main task in sight at 1280 px without
// scrolling, no sideways scrolling at 320 px, axe clean at both widths, in
// the theme's bundled fonts.
// With VIOS_SCREENSHOTS=<dir> the test also writes what it saw there as
// PNGs (<page>-1280.png, <page>-320.png), for before/after comparisons.
func TestPageScreenshots(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	pages := workPages(t, p)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	dir := os.Getenv("VIOS_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, pg := range pages {
		for _, width := range []int64{1280, 320} {
			tb.viewport(width, 800)
			tb.open(pg.path, 200)
			where := pg.name + " page at " + strconv.FormatInt(width, 10) + " px"
			if w := eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`); !w {
				t.Errorf("%s scrolls sideways (%d px wide content)", where, eval[int](tb, `document.documentElement.scrollWidth`))
			}
			if n := tb.count("h1"); n != 1 {
				t.Errorf("%s has %d h1 headings", where, n)
			}
			if skips := eval[[]string](tb, headingSkips); len(skips) > 0 {
				t.Errorf("%s skips heading levels: %v", where, skips)
			}
			if width == 1280 {
				// The main task is the page's one primary button.
				inSight := eval[bool](tb, `(() => { const e = document.querySelector("main .utrecht-button--primary-action, main .utrecht-button-link--primary-action");
					return !!e && e.getBoundingClientRect().bottom <= window.innerHeight && e.offsetParent !== null; })()`)
				if !inSight {
					t.Errorf("%s: the main task (%s) is not in sight without scrolling", where, pg.task)
				} else if got := tb.text("main .utrecht-button--primary-action, main .utrecht-button-link--primary-action"); got != pg.task {
					t.Errorf("%s: the main task is %q, want %q", where, got, pg.task)
				}
			}
			if width == 1280 {
				// The theme's fonts come from the platform itself (the CSP
				// allows no other host): text in Noto Sans, headings in Noto Serif.
				loaded := get(tb, "loaded fonts", chromedp.Evaluate[[]string](`document.fonts.ready.then(set =>
					[...set].filter(f => f.status === "loaded").map(f => f.family.replace(/["']/g, "")))`, chromedp.EvalAwaitPromise))
				for _, family := range []string{"Noto Sans", "Noto Serif"} {
					if !slices.Contains(loaded, family) {
						t.Errorf("%s: the bundled font %s is not loaded (loaded: %v)", where, family, loaded)
					}
				}
			}
			tb.checkAccessibility()
			if dir != "" {
				png := tb.screenshot(width, 2400)
				if err := os.WriteFile(filepath.Join(dir, pg.name+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	tb.clearViewport()
}

type workPage struct {
	name, path string
	task       string // the text of the page's main task, for the chair of the kernteam
}

// workPages fills Arnhem's demo kernteam as a chair would after a month:
// the school's knife signal on the meeting's agenda and made a case with a
// referral and a note (actions wait for a held meeting); a trend proposed; the vapes signal new.
func workPages(t *testing.T, p *meetingPlatform) []workPage {
	t.Helper()
	ctx := context.Background()
	if err := demo.LoadCasework(ctx, p.db.All, p.clock.Now()); err != nil {
		t.Fatal(err)
	}
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	police, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
	signals, _, err := p.db.Casework.ListSignals(as, vios.SignalFilter{MunicipalityID: arnhem.ID})
	if err != nil || len(signals) != 2 {
		t.Fatalf("demo signals: %d %v", len(signals), err)
	}
	var knife, vapes *vios.Signal
	for _, s := range signals {
		if s.Phenomenon == "wapens" {
			knife = s
		} else {
			vapes = s
		}
	}
	meetings, err := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: arnhem.ID, NetworkID: knife.NetworkID})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("demo meeting: %v", err)
	}
	meeting := meetings[0]
	if _, err := p.db.Casework.PutSignalOnAgenda(as, arnhem.ID, knife.ID, meeting.ID); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Networks.ProposeItem(as, arnhem.ID, &vios.AgendaItem{MeetingID: meeting.ID, Kind: vios.ItemTrend,
		Title: "Vapes bij de fietsenstalling", Description: "Meerdere scholen zien verkoop na schooltijd.", Phenomena: []string{"vapes"}}); err != nil {
		t.Fatal(err)
	}
	c, err := p.db.Casework.CreateCase(as, &vios.Case{MunicipalityID: arnhem.ID, SignalID: knife.ID, OwnerUserID: police.ID,
		Plan: "School stuurt een brief aan alle ouders; politie spreekt Daan en zijn ouders; Halt wordt gevraagd.", ReviewEveryDays: 14})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.db.Casework.CreateReferral(as, &vios.Referral{MunicipalityID: arnhem.ID, CaseID: c.ID, PupilID: c.Pupils[0].ID,
		Table: "halt", Note: "Aangemeld na het gesprek met de ouders."}); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Casework.AddCaseNote(as, arnhem.ID, c.ID, "Ouders zijn gebeld; gesprek op school volgende week."); err != nil {
		t.Fatal(err)
	}
	return []workPage{
		{"casus", "/casussen/arnhem/" + c.ID, "Notitie opslaan"},
		{"signaal", "/signalen/arnhem/" + vapes.ID, "Maak er een casus van"},
		{"netwerk", "/netwerken/arnhem/" + knife.NetworkID, "Overleg plannen"},
		{"overleg", "/overleggen/arnhem/" + meeting.ID, "Agenda versturen aan de leden"},
	}
}

// headingSkips lists the headings of the page that go down more than one
// level from the heading before them (an h2 followed by an h4).
const headingSkips = `(() => { let prev = 0; const out = [];
	for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
		const level = +h.tagName[1];
		if (level > prev + 1) out.push("h" + level + " " + JSON.stringify(h.textContent.trim().slice(0, 40)) + " after h" + prev);
		prev = level;
	}
	return out; })()`

// viewport makes the tab width × height CSS px, as a phone (mobile) below
// 800 px.
func (tb *tab) viewport(width, height int64) {
	tb.t.Helper()
	tb.call("viewport", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 800})
		return err
	})
}

func (tb *tab) clearViewport() {
	tb.t.Helper()
	tb.call("clear viewport", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	})
}

// screenshot returns the page shown as a PNG, width px wide and at most
// maxHeight px high, from the top.
func (tb *tab) screenshot(width, maxHeight int64) []byte {
	tb.t.Helper()
	height := min(eval[float64](tb, `document.documentElement.scrollHeight`), float64(maxHeight))
	var png []byte
	tb.call("screenshot", func(ctx context.Context) error {
		yes := true
		r, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes, FromSurface: &yes,
			Clip: &page.Viewport{Width: float64(width), Height: height, Scale: 1}})
		png = r.Data
		return err
	})
	return png
}

// disclose opens the disclosure (a <details> whose summary looks like a
// button) that reads name, as a user clicks it; an open one stays open.
func (tb *tab) disclose(name string) {
	tb.t.Helper()
	closed := `//details[not(@open)]/summary[normalize-space()=` + js(name) + `]`
	if eval[bool](tb, `document.evaluate(`+js(closed)+`, document, null, XPathResult.BOOLEAN_TYPE, null).booleanValue`) {
		tb.do("open "+name, chromedp.Click(chromedp.Search(closed)))
	}
}
