package web_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint/pdftest"
	"github.com/vios-platform/vios/server"
)

// One Chromium prints the PDFs of all the package's tests.
func TestMain(m *testing.M) { os.Exit(pdftest.Main(m)) }

var titleTag = regexp.MustCompile(`<title>([^<]*)</title>`)

// The meeting report's print view is a document of its own (Dutch, titled,
// its CSS a file under the CSP) that offers the PDF; the PDF is printed
// from it, tagged.
func TestPrintViewAndTaggedPDF(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	base := "/overleggen/arnhem/" + m.ID
	view := p.do(t, "GET", base+"/afdrukken", sessions[vios.RoleSchool], nil)
	for _, want := range []string{`<html lang="nl">`, `<link rel="stylesheet" href="/static/afdrukken.css">`,
		`<a href="` + base + `/verslag.pdf">Download als PDF</a>`, `<main>`, "Vertrouwelijk"} {
		if view.status != 200 || !strings.Contains(view.body, want) {
			t.Errorf("print view %d lacks %q", view.status, want)
		}
	}
	if strings.Contains(view.body, "<style") {
		t.Error("inline style in the print view: the CSP refuses it")
	}
	title := titleTag.FindStringSubmatch(view.body)
	if title == nil || !strings.HasPrefix(title[1], "Verslag ") {
		t.Fatalf("title: %v", title)
	}
	pdf := p.do(t, "GET", base+"/verslag.pdf", sessions[vios.RoleSchool], nil)
	if pdf.status != 200 {
		t.Fatalf("PDF: %d", pdf.status)
	}
	pdftest.Check(t, []byte(pdf.body), title[1], "H1", "H2", "L", "LI")

	css := p.do(t, "GET", "/static/afdrukken.css", "", nil)
	if css.status != 200 || !strings.Contains(css.body, "@page") {
		t.Errorf("print CSS: %d", css.status)
	}
}

// Without Chromium the platform still prints: the print view says a PDF
// cannot be made here, and the PDF route leads to the print view.
func TestPrintWithoutPrinter(t *testing.T) {
	p := newPlatformWith(t, server.Options{Demo: true, HashConcurrency: 1})
	c := createCovenant(t, p, p.db.Now(), nil)
	partner := p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	base := "/convenanten/arnhem/" + c.ID
	view := p.do(t, "GET", base+"/afdrukken", partner, nil)
	if view.status != 200 || !strings.Contains(view.body, "Een PDF maken kan op deze installatie niet") ||
		strings.Contains(view.body, "Download als PDF") || !strings.Contains(view.body, c.Title) {
		t.Errorf("print view without a printer: %d", view.status)
	}
	if res := p.do(t, "GET", base+"/convenant.pdf", partner, nil); res.status != 303 || res.location != base+"/afdrukken" {
		t.Errorf("PDF without a printer: %d %q", res.status, res.location)
	}
}
