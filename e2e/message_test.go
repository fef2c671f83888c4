package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Messages look like what they say: an error, a warning, information and a
// success each have the NL Design System colours of their variant (no longer
// one pink box with a red bar for all), the role that goes with it, pass
// axe-core (colour contrast included) and fit a 320 px wide screen. The
// administrator's "intrekken" asks first, on a page that needs no script.
func TestMessagesLookAsTheirKind(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startEditorPlatform(t))
	colours := map[string]string{}
	look := func(kind, role string) {
		t.Helper()
		sel := ".utrecht-alert--" + kind
		if got := eval[string](tb, `document.querySelector(`+js(sel)+`).getAttribute("role")`); got != role {
			t.Errorf("%s message: role %q, want %q", kind, got, role)
		}
		colours[kind] = eval[string](tb, `(() => { const s = getComputedStyle(document.querySelector(`+js(sel)+`));
			return s.backgroundColor + " / " + s.borderTopColor + " / " + s.color; })()`)
		tb.checkAccessibility()
		tb.call("320 px wide", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
				emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
			return err
		})
		if w := eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`); !w {
			t.Errorf("%s message page scrolls sideways at 320 px", kind)
		}
		tb.call("full width", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		})
	}

	tb.open("/inloggen", 200)
	look("info", "status") // this is a demo environment
	tb.expected[tb.base+"/inloggen"] = true
	tb.submitLogin("beheerder@arnhem.demo.example", "niet-het-wachtwoord")
	look("error", "alert")

	tb.open("/inloggen", 200)
	tb.submitLogin("beheerder@arnhem.demo.example", loginTestPassword)
	tb.open("/beheer/arnhem/gebruikers", 200)
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(),"intrekken")]`))
	if q := tb.text("#vraag"); !strings.HasPrefix(q, "Wilt u de rol ") {
		t.Errorf("revoking a role asks: %q", q)
	}
	look("warning", "alert")
	tb.follow(chromedp.Search(`//button[normalize-space()="Ja, rol intrekken"]`))
	if got := tb.text("[role=status]"); got != "De rol is ingetrokken." {
		t.Errorf("after confirming: %q", got)
	}
	look("ok", "status")

	t.Logf("message colours (background / border / text): %v", colours)
	seen := map[string]string{}
	for kind, c := range colours {
		if other, ok := seen[c]; ok {
			t.Errorf("%s and %s messages look the same: %s", kind, other, c)
		}
		seen[c] = kind
		if kind != "error" && strings.HasPrefix(c, "rgb(253, 236, 238)") {
			t.Errorf("the %s message is pink: %s", kind, c)
		}
	}
}
