// Package pdfprint prints HTML documents as tagged (accessible) PDF with a
// headless Chromium. fpdf cannot tag a PDF; Chromium writes the structure
// tree (headings, lists, tables, language, title) from the semantic HTML.
//
// One browser serves the whole process: it starts at the first job, every
// job gets a tab of its own, a bounded number run at once, each within a
// timeout. The page can fetch nothing: the document is set into a blank tab,
// every request it would make is failed, scripts are off and names do not
// resolve. A browser that crashed is started again for the next job.
package pdfprint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/vios-platform/vios"
)

// Find returns the Chromium to use: VIOS_CHROMIUM (from getenv, nil
// meaning the process's environment), else Debian's binary, else chromium,
// chromium-browser or google-chrome on the PATH (Debian's chromium on the
// PATH is a shell wrapper). "" when there is none; an error when
// VIOS_CHROMIUM names no executable file.
func Find(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if p := getenv("VIOS_CHROMIUM"); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return "", fmt.Errorf("VIOS_CHROMIUM=%s is geen uitvoerbaar bestand", p)
		}
		return p, nil
	}
	if st, err := os.Stat("/usr/lib/chromium/chromium"); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return "/usr/lib/chromium/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", nil
}

// Options tune a Printer; the zero value is sensible.
type Options struct {
	Jobs    int           // jobs at once; 2 when zero
	Timeout time.Duration // per job, the browser's start included; 30 s when zero
}

// Printer prints HTML as tagged PDF. It is a vios.PDFPrinter. A Printer
// without a Chromium (path "") answers every job with EUNAVAILABLE.
type Printer struct {
	path    string
	timeout time.Duration
	slots   chan struct{}

	mu      sync.Mutex
	closed  bool
	browser context.Context // nil until the first job
	stop    func()          // ends the browser and removes its profile
}

var _ vios.PDFPrinter = (*Printer)(nil)

// New returns a printer that uses the Chromium at path (see Find). The
// browser starts at the first job.
func New(path string, opt Options) *Printer {
	if opt.Jobs <= 0 {
		opt.Jobs = 2
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	return &Printer{path: path, timeout: opt.Timeout, slots: make(chan struct{}, opt.Jobs)}
}

// Available says whether this installation can print PDF.
func (p *Printer) Available() bool { return p != nil && p.path != "" }

// ErrUnavailable is the answer when there is no Chromium.
var ErrUnavailable = vios.Errorf(vios.EUNAVAILABLE, "PDF is op deze installatie niet beschikbaar; gebruik de afdrukversie")

// PDF prints a complete HTML document (CSS inline; it may fetch nothing).
func (p *Printer) PDF(ctx context.Context, html []byte) ([]byte, error) {
	if !p.Available() {
		return nil, ErrUnavailable
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.slots }()

	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		b, err := p.browserCtx(ctx)
		if err != nil {
			return nil, err
		}
		out, err := p.print(ctx, b, html)
		if err == nil || ctx.Err() != nil {
			return out, err
		}
		// The browser may have crashed: start a fresh one, once.
		p.reset(b)
		if attempt == 1 {
			return nil, fmt.Errorf("pdfprint: %w", err)
		}
	}
}

// browserCtx returns the running browser, starting it when there is none.
func (p *Printer) browserCtx(ctx context.Context) (context.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, vios.Errorf(vios.EUNAVAILABLE, "de PDF-printer is gestopt")
	}
	if p.browser != nil && p.browser.Err() == nil {
		return p.browser, nil
	}
	dir, err := os.MkdirTemp("", "vios-pdfprint-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(p.path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Scripts are off for the page; without the JIT Chromium also runs
		// under systemd's MemoryDenyWriteExecute.
		chromedp.Flag("js-flags", "--jitless"),
		// A second wall besides the request interception: no name resolves.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.UserDataDir(dir),
		// The server's environment holds the key file's place, the database
		// URL and storage secrets: the browser and its children, readable
		// in /proc/*/environ, get only what they need.
		chromedp.NoInheritEnv,
		chromedp.Env("HOME="+dir, "TMPDIR="+os.TempDir(), "PATH=/usr/bin:/bin", "LANG=C.UTF-8"),
	}
	if os.Geteuid() == 0 {
		// Chromium's sandbox refuses to run as root; as any other user it stays on.
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b, cancelBrowser := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir) // #nosec G104 -- the browser's profile folder in the temporary folder; nothing of ours is in it
	}
	// The context of the first Do is the life of the browser, so it has no
	// timeout; the start is bounded by the job's context here instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(b) }()
	select {
	case err = <-started:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("pdfprint: start Chromium: %w", err)
	}
	p.browser, p.stop = b, stop
	return b, nil
}

// reset ends the browser b when it is still the current one.
func (p *Printer) reset(b context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.browser == b && p.stop != nil {
		p.stop()
		p.browser, p.stop = nil, nil
	}
}

// Close ends the browser; jobs after it fail.
func (p *Printer) Close() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.stop != nil {
		if p.browser != nil {
			chromedp.Cancel(p.browser) // #nosec G104 -- stopping the browser; a browser already gone is stopped too
		}
		p.stop()
		p.browser, p.stop = nil, nil
	}
	return nil
}

// print runs one job in a tab of its own.
func (p *Printer) print(ctx context.Context, browser context.Context, html []byte) ([]byte, error) {
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	// The tab lives as long as the job: the job's deadline closes it.
	stopAfter := context.AfterFunc(ctx, closeTab)
	defer stopAfter()

	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		return nil, err
	}
	// Fail every request the document would make: images, fonts, style
	// sheets, frames. The document itself is set, not loaded.
	paused := chromedp.Events(tab, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient}) // #nosec G104 -- blocking a request of the page; when the tab is gone, so is the request
		}
	}()
	// The load event says the parser is done and every blocked request has
	// failed; printing before it would cut the document short.
	loaded := chromedp.Events(tab, page.LoadEventFired)
	var out []byte
	err := chromedp.Do(tab,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
				return err
			}
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
				return err
			}
			for _, err := range loaded {
				if err != nil {
					return err
				}
				break
			}
			yes, margin := true, 0.0
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
				PrintBackground:         &yes,
				PreferCSSPageSize:       &yes, // the print CSS's @page sets size and margins
				GenerateTaggedPDF:       &yes,
				GenerateDocumentOutline: &yes,
				MarginTop:               &margin, MarginBottom: &margin, MarginLeft: &margin, MarginRight: &margin,
			})
			out = res.Data
			return err
		}),
	)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("pdfprint: Chromium returned no PDF")
	}
	return out, nil
}
