package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios/demo"
)

// On a phone, the regisseur opens the municipal dashboard, narrows it to
// knives over the last months, follows the figure to the signals behind
// it and downloads the table as CSV; the school's staff see only their own
// school. Every page passes axe and fits 320 px.
func TestDashboardJourney(t *testing.T) {
	requireBrowser(t)
	ctx := context.Background()
	base, db := startPlatformWithDB(t, true)
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	tb := openPrivateTab(t, base)
	tb.narrow()
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/vandaag", 200)
	if tb.count(`nav a[href="/statistieken/arnhem"]`) != 1 {
		t.Error("the menu does not offer Cijfers")
	}
	tb.open("/statistieken/arnhem", 200)
	if tb.count(`svg.grafiek[role="img"]`) == 0 || tb.count("#perfenomeen caption") != 1 {
		t.Error("the dashboard lacks its charts or their tables")
	}
	tb.fits("the dashboard")

	// Knives, over the last six months, per week.
	tb.choose("#fenomeen", "Wapens")
	tb.choose("#per", "Per week")
	from := db.Now().AddDate(0, -6, 0).Format("2006-01-02")
	eval[string](tb, `document.querySelector("#vanaf").value = `+js(from))
	tb.follow(chromedp.Search(`//button[normalize-space()="Cijfers tonen"]`))
	if p := tb.path(); !strings.Contains(p, "fenomeen=wapens") || !strings.Contains(p, "vanaf="+from) || !strings.Contains(p, "per=week") {
		t.Fatalf("the filters are not in the address: %s", p)
	}
	if row := tb.row(tb.table("#perfenomeen"), "Wapens en messen"); len(row) < 2 || row[1] != "1" {
		t.Fatalf("knives: %v", row)
	}
	if tb.count("#perfenomeen th") > 0 && strings.Contains(tb.text("#perfenomeen"), "Pesten") {
		t.Error("another phenomenon is counted under the filter")
	}
	tb.fits("the filtered dashboard")

	// The CSV of the table, semicolon-separated, as the link downloads it.
	download := tb.download("#perfenomeen-csv")
	if download.Status != 200 || !strings.HasPrefix(download.Type, "text/csv") || !strings.HasPrefix(download.Disposition, "attachment;") ||
		!strings.Contains(download.Body, "Fenomeen;Signalen") || !strings.Contains(download.Body, "Wapens en messen;1") {
		t.Errorf("download: %+v", download)
	}

	// The figure leads to the signals behind it.
	tb.follow(chromedp.Search(`//table[@id="perfenomeen"]//td/a`))
	if p := tb.path(); !strings.HasPrefix(p, "/signalen/arnhem?") || !strings.Contains(p, "fenomeen=wapens") {
		t.Fatalf("the figure leads to %s", p)
	}
	if n := tb.count("#signalen tbody tr"); n != 1 {
		t.Errorf("the list behind the figure shows %d signals, want 1", n)
	}
	tb.fits("the signals behind the figure")

	// The school's staff: their own school only, without the networks'
	// figures; another municipality's dashboard is not there.
	tb.logout()
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/statistieken/arnhem", 200)
	if !strings.Contains(tb.text("main"), "De cijfers van uw school") || tb.count("#overleggen-kop") != 0 {
		t.Error("the school sees more than its own school")
	}
	if n := tb.count("#school option"); n != 2 {
		t.Errorf("the school can choose among %d options, want Alle and its own school", n)
	}
	tb.fits("the school's dashboard")
	tb.open("/statistieken/den-haag", 404)
}

// fetched is a download as the browser fetched it.
type fetched struct {
	Status                  int
	Type, Disposition, Body string
}

// download fetches the link matching css as the browser would follow it.
func (tb *tab) download(css string) fetched {
	tb.t.Helper()
	got := get(tb, "download "+css, chromedp.Evaluate[string](`fetch(document.querySelector(`+js(css)+`).href)
		.then(async r => JSON.stringify({status: r.status, type: r.headers.get("Content-Type"),
			disposition: r.headers.get("Content-Disposition"), body: await r.text()}))`, chromedp.EvalAwaitPromise))
	var f fetched
	if err := json.Unmarshal([]byte(got), &f); err != nil {
		tb.t.Fatal(err)
	}
	return f
}
