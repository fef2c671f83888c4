package report

import (
	"context"
	"os"
	"testing"

	"github.com/vios-platform/vios/pdfprint/pdftest"
)

// One Chromium prints every PDF of the package's tests.
func TestMain(m *testing.M) { os.Exit(pdftest.Main(m)) }

// printed is the document as the platform prints it.
func printed(t *testing.T, d *Document) []byte {
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
