package pdfprint

import (
	"errors"

	"github.com/chromedp/chromedp"
)

// KillForTest kills the browser, as a crash would.
func KillForTest(p *Printer) error {
	p.mu.Lock()
	b := p.browser
	p.mu.Unlock()
	if b == nil {
		return errors.New("no browser running")
	}
	c := chromedp.FromContext(b)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return errors.New("no browser process")
	}
	return c.Browser.Process().Kill()
}
