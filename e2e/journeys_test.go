package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// demoNames returns the names of the demo municipalities whose approach
// matches f, in the order of the tables (by name). The filter's Match is the
// reference the store is tested against.
func demoNames(f vios.ApproachFilter) []string {
	var names []string
	for _, s := range demo.Setups() {
		if f.Match(&s.Approach) {
			names = append(names, s.Municipality.Name)
		}
	}
	slices.Sort(names)
	return names
}

// demoSetup returns the demo setup of the municipality with slug.
func demoSetup(t *testing.T, slug string) vios.MunicipalitySetup {
	t.Helper()
	for _, s := range demo.Setups() {
		if s.Municipality.Slug == slug {
			return s
		}
	}
	t.Fatalf("no demo municipality %q", slug)
	return vios.MunicipalitySetup{}
}

// TestHome: the start page introduces the platform, leads to the approaches
// and can be used by keyboard from the first key press.
func TestHome(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)
	tb.open("/", http.StatusOK)

	if title := get(tb, "title", chromedp.Title()); !strings.Contains(title, "VIOS-platform") {
		t.Errorf("title %q, want it to contain VIOS-platform", title)
	}
	tb.do("h1 visible", chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := tb.text("h1"); h1 == "" {
		t.Error("the h1 is empty")
	}

	// Keyboard: the first Tab reaches the skip link, which then shows, and
	// Enter moves the focus to the main content.
	tb.do("press Tab", chromedp.KeyEvent("\t"))
	focused := eval[struct {
		Text    string  `json:"text"`
		Href    string  `json:"href"`
		Width   float64 `json:"width"`
		Height  float64 `json:"height"`
		Top     float64 `json:"top"`
		Visible bool    `json:"visible"`
	}](tb, `(() => {
		const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
		return {text: e.innerText.trim(), href: e.getAttribute("href") || "", width: r.width, height: r.height, top: r.top,
			visible: s.visibility !== "hidden" && s.display !== "none" && s.opacity !== "0"};
	})()`)
	if focused.Text != "Direct naar de inhoud" || focused.Href != "#inhoud" {
		t.Fatalf("first Tab focuses %q (href %q), want the skip link 'Direct naar de inhoud'", focused.Text, focused.Href)
	}
	if !focused.Visible || focused.Width < 10 || focused.Height < 10 || focused.Top < 0 || focused.Top > 900 {
		t.Errorf("the focused skip link is not visible on screen: %+v", focused)
	}
	tb.do("press Enter", chromedp.KeyEvent("\r"))
	tb.waitFor("Enter on the skip link focuses the main content",
		`document.activeElement && document.activeElement.id === "inhoud"`,
		`"focus on " + document.activeElement.outerHTML.slice(0, 80)`)

	// The call to action leads to the approaches.
	tb.do("back to top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	if status := tb.follow(`//a[normalize-space()="Bekijk de aanpakken per gemeente"]`); status != http.StatusOK {
		t.Errorf("following the link: status %d", status)
	}
	if p := tb.path(); p != "/aanpakken" {
		t.Errorf("the link led to %s, want /aanpakken", p)
	}
	if h1 := tb.text("h1"); h1 != "Aanpakken per gemeente" {
		t.Errorf("h1 after the link %q, want Aanpakken per gemeente", h1)
	}

	tb.open("/", http.StatusOK)
	tb.checkAccessibility()
}

// TestApproachesAndFilter: the two tables list every municipality, and the
// filter narrows them in place (htmx) with the URL following along.
func TestApproachesAndFilter(t *testing.T) {
	t.Parallel()
	all := demoNames(vios.ApproachFilter{})
	if len(all) != 12 {
		t.Fatalf("the demo data has %d municipalities, the tests expect the 12 of the report", len(all))
	}
	tb := openPlatform(t)
	tb.open("/aanpakken", http.StatusOK)

	elements := tb.table("#elementen")
	if got := firstColumn(elements); !slices.Equal(got, all) {
		t.Errorf("elements table lists %q, want %q", got, all)
	}
	kernteam := tb.column(elements, "Kernteam(overleg)")
	if cell := tb.row(elements, "Arnhem")[kernteam]; cell != "Actief" {
		t.Errorf("Arnhem under Kernteam(overleg): %q, want Actief", cell)
	}
	reach := tb.table("#bereik")
	if got := firstColumn(reach); !slices.Equal(got, all) {
		t.Errorf("reach table lists %q, want %q", got, all)
	}
	phase := tb.column(reach, "Fase")
	if cell := tb.row(reach, "Groningen")[phase]; !strings.HasPrefix(cell, "Planfase") {
		t.Errorf("Groningen's phase: %q, want Planfase", cell)
	}
	if got := tb.text("#aantal"); got != "12 aanpakken." {
		t.Errorf("count %q, want '12 aanpakken.'", got)
	}
	tb.checkAccessibility()

	// Choosing an element filters at once: htmx replaces the results
	// without loading the page again (the marker survives).
	tb.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.viosSamePage = true`))
	tb.do("choose element otsv",
		chromedp.SetValue(chromedp.CSS("#filter-element"), "otsv"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#filter-element").dispatchEvent(new Event("change", {bubbles: true}))`))
	tb.waitFor("the filter on element otsv shows its result",
		`document.querySelector("#aantal")?.innerText.trim() === "2 aanpakken gevonden met dit filter." && location.search.includes("element=otsv")`,
		`location.search + " / " + document.querySelector("#resultaten")?.innerText.slice(0, 200)`)
	if !eval[bool](tb, `window.viosSamePage === true`) {
		t.Error("the filter loaded a new page; htmx should have replaced #resultaten in place")
	}
	want := []string{"Amsterdam", "Zwolle"}
	if ref := demoNames(vios.ApproachFilter{Element: "otsv"}); !slices.Equal(ref, want) {
		t.Fatalf("demo data: otsv is used by %q, the test expects %q", ref, want)
	}
	if got := firstColumn(tb.table("#elementen")); !slices.Equal(got, want) {
		t.Errorf("filtered elements table lists %q, want %q", got, want)
	}
	if got := firstColumn(tb.table("#bereik")); !slices.Equal(got, want) {
		t.Errorf("filtered reach table lists %q, want %q", got, want)
	}
	if got := tb.value("#filter-element"); got != "otsv" {
		t.Errorf("the element select shows %q after filtering, want otsv", got)
	}
	tb.checkAccessibility()

	// Two filters at once, with the button.
	tb.do("choose po and uitvoering",
		chromedp.SetValue(chromedp.CSS("#filter-element"), ""),
		chromedp.SetValue(chromedp.CSS("#filter-schooltype"), "po"),
		chromedp.SetValue(chromedp.CSS("#filter-fase"), "uitvoering"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Filter toepassen"]`)))
	want = demoNames(vios.ApproachFilter{SchoolType: "po", Phase: "uitvoering"})
	if !slices.Equal(want, []string{"Arnhem", "Parkstad"}) {
		t.Fatalf("demo data: po taking part and in execution are %q, the test expects Arnhem and Parkstad", want)
	}
	tb.waitFor("the filter on po and uitvoering shows its result",
		fmt.Sprintf(`document.querySelector("#aantal")?.innerText.trim() === %s && /schoolType=po/.test(location.search) && /fase=uitvoering/.test(location.search) && !/element=otsv/.test(location.search)`,
			js(fmt.Sprintf("%d aanpakken gevonden met dit filter.", len(want)))),
		`location.search + " / " + document.querySelector("#resultaten")?.innerText.slice(0, 200)`)
	if got := firstColumn(tb.table("#elementen")); !slices.Equal(got, want) {
		t.Errorf("elements table for po + uitvoering lists %q, want %q", got, want)
	}
	if !eval[bool](tb, `window.viosSamePage === true`) {
		t.Error("the button loaded a new page; htmx should have replaced #resultaten in place")
	}
	tb.checkAccessibility()
}

// value returns the value of the form field matching css.
func (tb *tab) value(css string) string {
	tb.t.Helper()
	return get(tb, "value of "+css, chromedp.Value(chromedp.CSS(css)))
}

// TestFilterWithoutJavaScript: the button "Filter toepassen" filters by
// loading the page, for a browser without JavaScript.
func TestFilterWithoutJavaScript(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)
	tb.call("turn JavaScript off", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	tb.open("/aanpakken", http.StatusOK)
	tb.do("choose element otsv", chromedp.SetValue(chromedp.CSS("#filter-element"), "otsv"))
	if status := tb.follow(`//button[normalize-space()="Filter toepassen"]`); status != http.StatusOK {
		t.Fatalf("submitting the filter: status %d", status)
	}
	if p := tb.path(); !strings.HasPrefix(p, "/aanpakken?") || !strings.Contains(p, "element=otsv") {
		t.Errorf("the form led to %s, want /aanpakken?…element=otsv…", p)
	}
	if got := tb.text("#aantal"); got != "2 aanpakken gevonden met dit filter." {
		t.Errorf("count %q", got)
	}
	if got := firstColumn(tb.table("#elementen")); !slices.Equal(got, []string{"Amsterdam", "Zwolle"}) {
		t.Errorf("filtered elements table lists %q, want Amsterdam and Zwolle", got)
	}
	tb.call("turn JavaScript on", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	})
	tb.checkAccessibility()
}

// TestOneMunicipality: a municipality's page shows its approach in full,
// and the tables of /aanpakken link to it.
func TestOneMunicipality(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)
	tb.open("/aanpakken", http.StatusOK)
	if status := tb.follow(`//table[@id="elementen"]//a[normalize-space()="Arnhem"]`); status != http.StatusOK {
		t.Fatalf("following the link Arnhem: status %d", status)
	}
	if p := tb.path(); p != "/aanpakken/arnhem" {
		t.Fatalf("the link Arnhem led to %s", p)
	}
	if h1 := tb.text("h1"); h1 != "VIOS-Arnhem" {
		t.Errorf("h1 %q, want VIOS-Arnhem", h1)
	}
	elements := tb.table("#elementen")
	if row := tb.row(elements, "Kernteam(overleg)"); row[tb.column(elements, "Status")] != "Actief" {
		t.Errorf("Kernteam(overleg) row %q, want status Actief", row)
	}

	schools := tb.table("#scholen")
	types := map[string]int{}
	col := tb.column(schools, "Schooltype")
	for _, r := range schools.Rows {
		types[r[col]]++
	}
	if len(schools.Rows) != 16 || types["VO"] != 13 || types["PO"] != 2 || types["MBO"] != 1 {
		t.Errorf("schools table: %d rows by type %v, want 16: 13 VO, 2 PO, 1 MBO", len(schools.Rows), types)
	}
	if h := tb.text("#kop-scholen"); h != "Deelnemende scholen (16)" {
		t.Errorf("schools heading %q", h)
	}

	partners := tb.texts(`ul[aria-labelledby="kop-partners"] > li`)
	var missing []string
	for _, o := range demoSetup(t, "arnhem").Organisations {
		if o.Kind == vios.OrgSchool {
			continue
		}
		if !slices.ContainsFunc(partners, func(p string) bool { return strings.HasPrefix(p, o.Name) }) {
			missing = append(missing, o.Name)
		}
	}
	if len(partners) == 0 || len(missing) > 0 {
		t.Errorf("partner list %q misses %q", partners, missing)
	}
	tb.checkAccessibility()

	// A region shows that it is a collaboration of municipalities.
	tb.open("/aanpakken/parkstad", http.StatusOK)
	if h1 := tb.text("h1"); h1 != "VIOS-Parkstad" {
		t.Errorf("h1 %q, want VIOS-Parkstad", h1)
	}
	key, value := tb.text("#kerngegevens dt"), tb.text("#kerngegevens dd")
	if key != "Regio" || !strings.Contains(value, "samenwerking van") || !strings.Contains(value, "Heerlen") {
		t.Errorf("Parkstad's first fact is %q: %q, want Regio: … samenwerking van … Heerlen …", key, value)
	}
	tb.checkAccessibility()
}

// TestErrorPages: an unknown municipality and an unknown filter value get a
// Dutch explanation, with the way back.
func TestErrorPages(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)

	tb.open("/aanpakken/utrecht", http.StatusNotFound)
	if h1 := tb.text("h1"); h1 != "Niet gevonden" {
		t.Errorf("404 page h1 %q, want Niet gevonden", h1)
	}
	if msg := tb.text(`[role="alert"]`); !strings.Contains(msg, "niet op het platform") {
		t.Errorf("404 message %q, want a Dutch explanation", msg)
	}
	if tb.count(`main a[href="/aanpakken"]`) == 0 {
		t.Error("the 404 page has no link back to /aanpakken")
	}
	tb.checkAccessibility()

	tb.open("/aanpakken?model=onbekend", http.StatusBadRequest)
	if h1 := tb.text("h1"); h1 != "Aanpakken per gemeente" {
		t.Errorf("400 page h1 %q", h1)
	}
	tb.do("the filter form", chromedp.WaitVisible(chromedp.CSS("#filter-model")))
	alert := tb.text(`[role="alert"]`)
	if !strings.Contains(alert, "model") || !strings.Contains(alert, "onbekend") {
		t.Errorf("400 alert %q, want it to name the unknown model 'onbekend'", alert)
	}
	if n := tb.count("#elementen, #bereik"); n != 0 {
		t.Errorf("the 400 page shows %d result tables, want none", n)
	}
	tb.checkAccessibility()
}

// TestAccessibilityStatement: the statement the law requires is there and
// passes its own checks.
func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)
	tb.open("/", http.StatusOK)
	if status := tb.follow(`//footer//a[normalize-space()="Toegankelijkheidsverklaring"]`); status != http.StatusOK {
		t.Fatalf("following the footer link: status %d", status)
	}
	if p := tb.path(); p != "/toegankelijkheid" {
		t.Errorf("the footer link led to %s", p)
	}
	if h1 := tb.text("h1"); h1 != "Toegankelijkheidsverklaring" {
		t.Errorf("h1 %q, want Toegankelijkheidsverklaring", h1)
	}
	if cur := tb.texts(`nav [aria-current="page"]`); !slices.Equal(cur, []string{"Toegankelijkheid"}) {
		t.Errorf("current menu item %q, want Toegankelijkheid", cur)
	}
	tb.checkAccessibility()
}

// TestFavicon: every page has an icon the browser can load. Without one the
// browser asks for /favicon.ico by itself, and a 404 there shows as an error
// in the console of every page.
func TestFavicon(t *testing.T) {
	t.Parallel()
	tb := openPlatform(t)
	tb.open("/", http.StatusOK)
	icon := eval[string](tb, `document.querySelector('link[rel~="icon"]')?.href ?? new URL("/favicon.ico", location.href).href`)
	resp, err := http.Get(icon)
	if err != nil {
		t.Fatalf("GET %s: %v", icon, err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "image/") {
		t.Errorf("the browser loads the icon from %s and gets status %d (%s): every page then logs "+
			"'Failed to load resource: … 404' in the console; give the layout a <link rel=\"icon\"> to an image "+
			"under /static/, or serve /favicon.ico", icon, resp.StatusCode, ct)
	}
}

// TestChecksFindProblems shows that the checks of every journey can fail:
// on a page with an image without alt text, a script the CSP refuses and an
// uncaught exception, axe-core and the console listener report each.
func TestChecksFindProblems(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		fmt.Fprint(w, `<!doctype html><html lang="nl"><head><title>Fout</title></head><body><main>
<h1>Fout</h1><img src="/plaatje.png"><script>document.title = "inline"</script><script src="/boem.js"></script>
</main></body></html>`)
	})
	mux.HandleFunc("/boem.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `throw new Error("boem")`)
	})
	mux.HandleFunc("/plaatje.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	tb := openTab(t, ts.URL)
	tb.open("/", http.StatusOK)
	r := tb.axe()
	if !slices.ContainsFunc(r.Violations, func(v axeIssue) bool { return v.ID == "image-alt" }) {
		t.Errorf("axe-core did not report the image without alt text; violations: %v", r.Violations)
	}
	problems := strings.Join(tb.takeProblems(), "\n")
	t.Logf("the console listener reported, as it should:\n%s", problems)
	for _, want := range []string{"Content Security Policy", "boem"} {
		if !strings.Contains(problems, want) {
			t.Errorf("console problems do not mention %q:\n%s", want, problems)
		}
	}
}
