package report

import (
	"context"
	"html/template"
	"os"
	"strings"
	"testing"

	"github.com/vios-platform/vios/pdfprint/pdftest"
)

// One Chromium prints every PDF of the package's tests.
func TestMain(m *testing.M) { os.Exit(pdftest.Main(m)) }

// printed is the document as the platform prints it.
func printed(t *testing.T, d interface{ HTML(Style) ([]byte, error) }) []byte {
	t.Helper()
	h, err := d.HTML(Style{})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := pdftest.Printer(t).PDF(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// Every document is a tagged PDF with its title, headings, fields as a
// list and tables with header cells.
func TestDocumentsAreTaggedPDF(t *testing.T) {
	meeting, err := MeetingDocument(fixture())
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, printed(t, meeting), "Verslag Kernteam Het Baken", "H1", "H2", "H3", "L", "LI", "Table", "TR", "TH", "TD")
	year, err := YearReviewDocument(yearFixture())
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, printed(t, year), "Jaaroverzicht Overkoepelend overleg 2025", "H1", "H2", "Table", "TH", "TD")
}

// A page rendered elsewhere gets the same frame: language, title, h1, CSS
// inline for the PDF or linked for the print view, navigation not printed.
func TestPage(t *testing.T) {
	p := &Page{Title: "Factsheet <veiligheidsplan>", Marking: "Openbaar", Body: template.HTML("<h2>Visie</h2><ul><li>Veilig</li></ul>")}
	inline, err := p.HTML(Style{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="nl">`, "<title>Factsheet &lt;veiligheidsplan&gt;</title>", "<h1>Factsheet &lt;veiligheidsplan&gt;</h1>",
		`<p class="marking">Openbaar</p>`, "<style>", "@page", "<h2>Visie</h2>"} {
		if !strings.Contains(string(inline), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	view, err := p.HTML(Style{CSSHref: "/static/afdrukken.css", Links: []Link{{Href: "/terug", Text: "Terug"}}, Notice: "Geen PDF"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<link rel="stylesheet" href="/static/afdrukken.css">`, `<nav class="print-nav" aria-label="Afdrukversie">`,
		`<a href="/terug">Terug</a>`, "Geen PDF"} {
		if !strings.Contains(string(view), want) {
			t.Errorf("print view lacks %q", want)
		}
	}
	if strings.Contains(string(view), "<style>") {
		t.Error("inline style in the print view")
	}
	pdftest.Check(t, printed(t, p), "Factsheet <veiligheidsplan>", "H1", "H2", "L", "LI")
}
