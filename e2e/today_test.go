package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/vios-platform/vios/demo"
)

// The school's and the police officer's mornings at 320 px: logging in
// lands on Vandaag, which fits the phone without sideways scrolling and
// passes axe. The police officer sees the school's new signal there; the
// school does not see its own as new. The "Signaal melden" button is
// checked, not followed: its page comes with the quick signal.
func TestTodayOnAPhone(t *testing.T) {
	requireBrowser(t)
	url, db := startPlatformWithDB(t, true)
	ctx := context.Background()
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		email     string
		newSignal bool
	}{
		{"school@arnhem.demo.example", false},
		{"partner@arnhem.demo.example", true},
	} {
		tb := openTab(t, url)
		tb.call("320 px wide", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
				emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
			return err
		})
		tb.open("/inloggen", 200)
		tb.submitLogin(tt.email, loginTestPassword)
		if tb.path() != "/vandaag" {
			t.Fatalf("%s lands on %s", tt.email, tb.path())
		}
		if n := tb.count("#signaal-melden"); n != 1 {
			t.Errorf("%s: %d Signaal melden buttons", tt.email, n)
		}
		signals := tb.count("#signalen-arnhem li")
		if (signals > 0) != tt.newSignal {
			t.Errorf("%s: %d new signals, want some: %v", tt.email, signals, tt.newSignal)
		}
		if text := tb.text("main"); !strings.Contains(text, "Mijn volgende overleggen") || !strings.Contains(text, "Kernteam") {
			t.Errorf("%s: the coming kernteam meeting is missing", tt.email)
		}
		if fits := eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`); !fits {
			t.Errorf("%s: Vandaag scrolls sideways at 320 px", tt.email)
		}
		tb.checkAccessibility()
		tb.logout()
	}
}
