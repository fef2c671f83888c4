package report

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios/pdfprint/pdftest"
)

func TestThreadPDF(t *testing.T) {
	e := &ThreadExport{Municipality: "Arnhem", Network: "Kernteam", Layer: "Gepseudonimiseerd",
		Messages: []ThreadLine{{Author: "Politie", Organisation: "Politie Arnhem", PostedAt: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC), Text: "Tramhalte, AB12"},
			{Author: "School", Organisation: "College", PostedAt: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), Reply: true, Text: "Dank"}}}
	d, err := ThreadDocument(e)
	if err != nil {
		t.Fatal(err)
	}
	b := string(text(t, d))
	for _, want := range []string{"Berichten van Kernteam", "Gepseudonimiseerd", "Politie (Politie Arnhem), 01-09-2026 10:00", "Tramhalte, AB12",
		"Antwoord – School (College), 01-09-2026 11:00", "Dank"} {
		if !strings.Contains(b, want) {
			t.Errorf("the export lacks %q", want)
		}
	}
	pdftest.Check(t, printed(t, d), "Berichten van Kernteam", "H1", "H3", "P")
}
