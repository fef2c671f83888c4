package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/notify"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// The installable web app: Chromium reads the manifest without errors, the
// service worker takes control, and with the network off a page shows the
// Dutch offline page from the worker's cache. The opt-in for push on the
// account page passes axe and fits 320 px, and a push handed to the worker
// (as a push service would) shows as a notice with its link. (Headless
// Chromium cannot subscribe with a real push service; jobs.TestPushEndToEnd
// sends a push end to end to an in-process one.)
func TestInstallableAppOffline(t *testing.T) {
	requireBrowser(t)
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, _ := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		server.Options{Demo: true, HashConcurrency: 1, PushPublicKey: "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tb := openTab(t, ts.URL)

	tb.open("/inloggen", 200)
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)

	// The manifest as Chromium reads it.
	manifest := get(tb, "read the manifest", func(ctx context.Context, _ *chromedp.Target) (page.GetAppManifestResult, error) {
		return chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
	})
	if !strings.HasSuffix(manifest.URL, "/manifest.webmanifest") || len(manifest.Errors) > 0 || !strings.Contains(manifest.Data, `"short_name": "VIOS"`) {
		t.Errorf("manifest %s: errors %v", manifest.URL, manifest.Errors)
	}

	// The service worker controls the pages once it is active.
	tb.open("/account", 200)
	if scope := get(tb, "wait for the service worker", chromedp.Evaluate[string](
		`navigator.serviceWorker.ready.then((r) => r.active ? r.scope : "")`, chromedp.EvalAwaitPromise)); scope != ts.URL+"/" {
		t.Fatalf("service worker scope %q", scope)
	}
	tb.open("/account", 200)
	if !eval[bool](tb, `!!navigator.serviceWorker.controller`) {
		t.Fatal("the service worker does not control the page")
	}
	// It keeps the static shell and nothing else: no page with data.
	cached := get(tb, "list the cache", chromedp.Evaluate[[]string](
		`caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
		chromedp.EvalAwaitPromise))
	for _, p := range cached {
		if p != "/offline" && !strings.HasPrefix(p, "/static/") {
			t.Errorf("the cache holds %s", p)
		}
	}
	if !strings.Contains(strings.Join(cached, " "), "/offline") {
		t.Errorf("the offline page is not cached: %v", cached)
	}

	// The opt-in: accessible, and no sideways scrolling at 320 px.
	if got := tb.text("#push-aan"); got != "Meldingen aanzetten op dit apparaat" {
		t.Errorf("opt-in button %q", got)
	}
	tb.checkAccessibility()
	tb.call("320 px wide", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true})
		return err
	})
	if !eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Error("the account page scrolls sideways at 320 px")
	}
	tb.checkAccessibility()
	tb.call("full width", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		return err
	})

	// A push as the push service delivers it: the service worker shows it
	// with its title, sentence and link, and nothing else.
	registrations := make(chan serviceworker.RegistrationID, 16)
	if err := chromedp.Listen(tb.ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range e.Registrations {
				if r.ScopeURL == ts.URL+"/" && !r.IsDeleted {
					select {
					case registrations <- r.RegistrationID:
					default:
					}
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	tb.call("deliver a push", func(ctx context.Context) error {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: ts.URL}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
			return err
		}
		var id serviceworker.RegistrationID
		select {
		case id = <-registrations:
		case <-ctx.Done():
			return ctx.Err()
		}
		_, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: ts.URL, RegistrationID: id,
			Data: string(notify.AlertRaisedPush("arnhem", "alert-1").Payload())})
		return err
	})
	shown := get(tb, "the notification shown", chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(async (r) => {
		for (let i = 0; i < 50; i++) {
			const list = await r.getNotifications();
			if (list.length) return list[0].title + " | " + list[0].body + " | " + list[0].data.link;
			await new Promise((ok) => setTimeout(ok, 100));
		}
		return "";
	})`, chromedp.EvalAwaitPromise))
	if shown != "VIOS: nieuw alert | Er is een nieuwe alert voor uw school. | /alerts/arnhem/alert-1" {
		t.Errorf("notification shown: %q", shown)
	}

	// The network goes away, for the page and for the service worker
	// (which is restarted to take the emulation): a page gives the offline
	// page, not the browser's error.
	offline := func(off bool) {
		tb.call("network offline", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				EmulateOfflineServiceWorker: &off,
				MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}})
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, serviceworker.StopAllWorkers, cdp.Empty{})
			return err
		})
	}
	offline(true)
	tb.do("open a page offline", chromedp.Navigate(ts.URL+"/netwerken"), chromedp.WaitVisible(chromedp.CSS("#offline")))

	if got := tb.text("h1"); got != "Geen verbinding" {
		t.Errorf("offline heading %q", got)
	}
	tb.checkAccessibility()
	offline(false)
	tb.takeProblems() // the failed requests while offline are the point
	tb.open("/netwerken", 200)
}
