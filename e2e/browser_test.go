package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// axeSource is axe-core, injected into every page that is checked.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeTags are the rule sets of WCAG 2.1 level A and AA (see CONVENTIONS.md,
// "Look and access").
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// stepTimeout bounds every browser step after the browser has started.
const stepTimeout = 20 * time.Second

// browser is the one Chromium of this test binary, started by TestMain.
var browser struct {
	ctx     context.Context // the first tab; every test opens a new tab from it
	path    string          // the Chromium executable
	missing string          // why no Chromium was found
	err     error           // why Chromium did not start
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

// runTests starts the browser (when there is one), runs the tests and stops
// the browser again. The tests themselves decide to skip or fail when there
// is no browser (see openTab).
func runTests(m *testing.M) int {
	path, why := findChromium()
	if path == "" {
		browser.missing = why
		return m.Run()
	}
	browser.path = path
	dir, err := os.MkdirTemp("", "vios-e2e-chromium-")
	if err != nil {
		browser.err = err
		return m.Run()
	}
	defer os.RemoveAll(dir)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// No timeout here: the context of the first Run is the life of the browser.
	if err := chromedp.Do(ctx); err != nil {
		browser.err = err
		return m.Run()
	}
	browser.ctx = ctx
	code := m.Run()
	// Close the browser before its profile folder is removed.
	if err := chromedp.Cancel(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: closing Chromium: %v\n", err)
	}
	return code
}

// findChromium returns the Chromium to use: VIOS_CHROMIUM, else
// /usr/lib/chromium/chromium, else chromium on the PATH. Without one it
// returns "" and the reason.
func findChromium() (path, why string) {
	if p := os.Getenv("VIOS_CHROMIUM"); p != "" {
		if isExecutable(p) {
			return p, ""
		}
		return "", fmt.Sprintf("VIOS_CHROMIUM=%s is not an executable file", p)
	}
	if p := "/usr/lib/chromium/chromium"; isExecutable(p) {
		return p, ""
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, ""
	}
	return "", "neither /usr/lib/chromium/chromium nor chromium on the PATH exists"
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// requireBrowser skips the test when there is no Chromium, or fails it in
// CI, where nothing may be skipped. A Chromium that does not start always
// fails the test.
func requireBrowser(t *testing.T) {
	t.Helper()
	switch {
	case browser.missing != "" && os.Getenv("CI") == "true":
		t.Fatalf("Chromium not installed (%s); in CI the browser tests must run: install it with `apt-get install chromium` or set VIOS_CHROMIUM", browser.missing)
	case browser.missing != "":
		t.Skipf("Chromium not installed; run make test which installs it (%s)", browser.missing)
	case browser.err != nil:
		t.Fatalf("Chromium %s did not start: %v", browser.path, browser.err)
	}
}

// startPlatform serves the platform on a fresh database with the demo data
// and returns its base URL; everything stops when the test ends.
func startPlatform(t *testing.T) string {
	t.Helper()
	db := storetest.OpenWithDemo(t)
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(db.Services(), logger)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// tab is one browser tab of a test, on the platform at base. It records
// every console error, uncaught exception and browser log error (CSP
// violations among them) and fails the test with them when it ends.
type tab struct {
	t    *testing.T
	ctx  context.Context // no timeout: steps add their own
	base string

	mu       sync.Mutex
	problems []string
	expected map[string]bool // URLs whose HTTP error status the test asked for
}

// openPlatform starts the platform for the test and opens a tab on it.
func openPlatform(t *testing.T) *tab {
	t.Helper()
	requireBrowser(t)
	return openTab(t, startPlatform(t))
}

// openTab opens a new tab in the shared browser; base is prefixed to the
// paths given to open.
func openTab(t *testing.T, base string) *tab {
	t.Helper()
	requireBrowser(t)
	tb := &tab{t: t, base: base, expected: map[string]bool{}}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithListener(tb.listen))
	tb.ctx = ctx
	// Registered first, so it runs last: the problems check below runs
	// while the tab is still open.
	t.Cleanup(cancel)
	// The first Run of a context opens the tab and binds the tab's event
	// loop to the context it gets, so it gets no timeout either.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	// Tabs run side by side; each behaves as if it had the focus, so that
	// keyboard focus and :focus styles work as for a user.
	tb.call("emulate focus", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	t.Cleanup(func() {
		for _, p := range tb.takeProblems() {
			t.Errorf("browser console: %s", p)
		}
	})
	return tb
}

// listen runs in the tab's event loop: it must return fast.
func (tb *tab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		problem = "uncaught exception: " + exceptionText(ev.ExceptionDetails)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			problem = fmt.Sprintf("console.%s(%s)", ev.Type, remoteObjects(ev.Args))
		}
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e == nil || e.Level != cdplog.EntryLevelError {
			return
		}
		if e.Source == cdplog.EntrySourceNetwork && strings.HasSuffix(e.URL, "/favicon.ico") {
			// The browser's own request when a page names no icon:
			// TestFavicon checks it, so that it fails one test, not all.
			return
		}
		tb.mu.Lock()
		expected := e.Source == cdplog.EntrySourceNetwork && tb.expected[e.URL]
		tb.mu.Unlock()
		if expected {
			return
		}
		problem = fmt.Sprintf("%s error: %s", e.Source, e.Text)
		if e.URL != "" {
			problem += " (" + e.URL + ")"
		}
	default:
		return
	}
	tb.mu.Lock()
	tb.problems = append(tb.problems, problem)
	tb.mu.Unlock()
}

// takeProblems returns the problems recorded so far and forgets them.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	s := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		s += " " + d.Exception.Description
	}
	if d.URL != "" {
		s += fmt.Sprintf(" at %s:%d:%d", d.URL, d.LineNumber+1, d.ColumnNumber+1)
	}
	return s
}

func remoteObjects(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, ", ")
}

// call runs f with a step timeout and fails the test when it fails.
func (tb *tab) call(what string, f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// do runs steps with a step timeout and fails the test when one fails.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(what, func(ctx context.Context) error { return chromedp.Do(ctx, steps...) })
}

// get runs one action with a step timeout and returns its value.
func get[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	var v T
	tb.call(what, func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, a)
		return err
	})
	return v
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	return get(tb, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// open loads path and fails unless the server answers with status; an
// expected error status is not a console problem.
func (tb *tab) open(path string, status int) {
	tb.t.Helper()
	u := tb.base + path
	if status >= 400 {
		tb.mu.Lock()
		tb.expected[u] = true
		tb.mu.Unlock()
	}
	resp := get(tb, "open "+path, chromedp.NavigateResponse(u))
	if resp == nil {
		tb.t.Fatalf("open %s: no response", path)
	}
	if int(resp.Status) != status {
		tb.t.Fatalf("open %s: status %d %s, want %d", path, resp.Status, resp.StatusText, status)
	}
}

// follow clicks sel, waits for the page it leads to and returns its status.
func (tb *tab) follow(sel chromedp.Search) int {
	tb.t.Helper()
	var status int
	tb.call("follow "+string(sel), func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel))
		if err == nil && resp != nil {
			status = int(resp.Status)
		}
		return err
	})
	return status
}

// path returns the path and query of the page shown.
func (tb *tab) path() string {
	tb.t.Helper()
	return eval[string](tb, `location.pathname + location.search`)
}

// text returns the visible text of the first element matching the CSS
// selector, waiting until it is visible.
func (tb *tab) text(css string) string {
	tb.t.Helper()
	return strings.TrimSpace(get(tb, "read "+css, chromedp.Text(chromedp.CSS(css))))
}

// count returns how many elements match the CSS selector now.
func (tb *tab) count(css string) int {
	tb.t.Helper()
	return eval[int](tb, `document.querySelectorAll(`+js(css)+`).length`)
}

// texts returns the trimmed visible text of every element matching css.
func (tb *tab) texts(css string) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll(`+js(css)+`)].map(e => e.innerText.trim())`)
}

// table is a table as a user reads it: the column headings and the cells
// of every body row (the row heading first).
type table struct {
	Head []string   `json:"head"`
	Rows [][]string `json:"rows"`
}

func (tb *tab) table(css string) table {
	tb.t.Helper()
	return eval[table](tb, `(() => {
		const t = document.querySelector(`+js(css)+`);
		if (!t) return {head: [], rows: []};
		const cells = tr => [...tr.cells].map(c => c.innerText.trim());
		return {head: t.tHead ? cells(t.tHead.rows[0]) : [], rows: [...t.tBodies].flatMap(b => [...b.rows].map(cells))};
	})()`)
}

// column returns the index of the column with heading h, failing the test
// when there is none.
func (tb *tab) column(tab table, h string) int {
	tb.t.Helper()
	for i, x := range tab.Head {
		if x == h {
			return i
		}
	}
	tb.t.Fatalf("no column %q in %q", h, tab.Head)
	return -1
}

// row returns the row whose heading (first cell) is name.
func (tb *tab) row(tab table, name string) []string {
	tb.t.Helper()
	for _, r := range tab.Rows {
		if len(r) > 0 && r[0] == name {
			return r
		}
	}
	tb.t.Fatalf("no row %q in the table", name)
	return nil
}

// firstColumn returns the first cell of every row.
func firstColumn(tab table) []string {
	var out []string
	for _, r := range tab.Rows {
		if len(r) > 0 {
			out = append(out, r[0])
		}
	}
	return out
}

// waitFor waits until the JavaScript predicate is true; on a timeout it
// fails with what describe (a JavaScript expression) shows of the page.
func (tb *tab) waitFor(what, predicate, describe string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		state := "?"
		if s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](describe)); err == nil {
			state = s
		}
		tb.t.Fatalf("%s: %v; the page shows: %s", what, err, state)
	}
}
