package web

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The XLSX export neutralises a text cell that a spreadsheet would run as a
// formula, as the CSV does, and keeps counts as numbers.
func TestXLSXCellsAreNeutralised(t *testing.T) {
	body, err := xlsxOf("Cijfers", [][]string{{"School", "Signalen"}, {"=HYPERLINK(\"http://x\")", "3"}, {"-1", "@SUM(A1)"}})
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{"A2": `'=HYPERLINK("http://x")`, "B2": "3", "B3": "'@SUM(A1)"} {
		if got, _ := book.GetCellValue("Cijfers", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
		if f, _ := book.GetCellFormula("Cijfers", cell); f != "" {
			t.Errorf("%s holds a formula %q", cell, f)
		}
	}
	if typ, _ := book.GetCellType("Cijfers", "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("a count is written as text")
	}
}
