package web

import (
	"bytes"
	"encoding/csv"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// FuzzMarkdown renders any text as a safety plan section or knowledge-bank
// item is rendered. Whatever the input, the HTML holds only the elements of
// the policy, no attribute but a link's href (http, https, mailto, tel or
// relative) and its rel="noreferrer", so no script, style, image or event
// handler reaches a reader; and sanitising it again changes nothing.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Kop\n\n- een\n- **twee**\n\n> citaat\n\n```\ncode\n```",
		"[Wet](https://wetten.overheid.nl/BWBR0011454) | a |\n|---|---|\n| b | c |",
		"<script>alert(1)</script>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
		"<img src=x onerror=alert(1)>", "![](/export.pdf)", "<a href=\"data:text/html,x\">a</a>",
		"[x](<javascript:alert(1)>)", "<https://example.org>", "[x](vbscript:y) ~~weg~~",
		"<div style=\"x\" onclick=\"y\">z</div>", "&lt;script&gt;", "[a]: javascript:x\n\n[a]",
	} {
		f.Add(s)
	}
	allowed := map[string]bool{}
	for _, e := range []string{"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong",
		"blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "del", "a"} {
		allowed[e] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(markdown(s))
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("element <%s> in %q (from %q)", tok.Data, out, s)
			}
			for _, a := range tok.Attr {
				switch {
				case tok.Data == "a" && a.Key == "href":
					checkHref(t, a.Val, out)
				case tok.Data == "a" && a.Key == "rel" && strings.Contains(a.Val, "noreferrer"):
				default:
					t.Fatalf("attribute %s=%q on <%s> in %q (from %q)", a.Key, a.Val, tok.Data, out, s)
				}
			}
		}
		if again := markdownPolicy.Sanitize(out); again != out {
			t.Fatalf("sanitising the output again changes it:\n%q\n%q", out, again)
		}
	})
}

func checkHref(t *testing.T, href, out string) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("href %q does not parse in %q", href, out)
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
	default:
		t.Fatalf("href %q with scheme %q in %q", href, u.Scheme, out)
	}
}

// FuzzSpreadsheetCells writes any cells the way the CSV and XLSX exports
// do (the dashboard, the admin's review lists) and reads the files back as
// a spreadsheet would. No text cell can start as a formula (= + - @ tab
// CR), none holds a formula, every text reads back as httpx.SafeCell made
// it (only an apostrophe in front, the text itself intact) and whole
// numbers in the XLSX stay numbers.
func FuzzSpreadsheetCells(f *testing.F) {
	f.Add("=HYPERLINK(\"http://x\")", "+31 6 1234", "@SUM(A1)")
	f.Add("\t=1", "\r=1", "-1")
	f.Add("a;b\"c\nd", "'=al neutraal", "7")
	f.Add("", " =1", "=1+1;=2")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, s := range []string{a, b, c} {
			if !vios.ValidText(s) {
				return // the platform refuses such text at the door (vios.ValidText)
			}
		}
		records := func() [][]string { return [][]string{{"School", "Aantal"}, {a, b}, {c, "3"}} }
		want := records()
		checkCSV(t, records(), want)
		checkXLSX(t, records(), want)
	})
}

func checkCSV(t *testing.T, records, want [][]string) {
	t.Helper()
	rec := httptest.NewRecorder()
	writeCSVSeparated(rec, "x.csv", ';', records)
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff")))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v\n%q", err, rec.Body.String())
	}
	if len(got) != len(want) {
		t.Fatalf("CSV has %d rows, want %d: %q", len(got), len(want), rec.Body.String())
	}
	for i := range want {
		for j, in := range want[i] {
			// encoding/csv reads a quoted CR LF as LF, as spreadsheets do.
			if norm := strings.ReplaceAll(httpx.SafeCell(in), "\r\n", "\n"); got[i][j] != norm {
				t.Fatalf("CSV cell %d,%d = %q, want %q", i, j, got[i][j], norm)
			}
			checkNotFormula(t, "CSV", got[i][j])
		}
	}
}

func checkXLSX(t *testing.T, records, want [][]string) {
	t.Helper()
	body, err := xlsxOf("Cijfers", records)
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer book.Close()
	for i := range want {
		for j, in := range want[i] {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if f, _ := book.GetCellFormula("Cijfers", cell); f != "" {
				t.Fatalf("XLSX %s holds formula %q (from %q)", cell, f, in)
			}
			got, err := book.GetCellValue("Cijfers", cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			typ, _ := book.GetCellType("Cijfers", cell)
			if n, err := strconv.Atoi(in); err == nil && i > 0 {
				if got != strconv.Itoa(n) || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Fatalf("XLSX %s = %q (%v), want the number %d", cell, got, typ, n)
				}
				continue
			}
			if got != httpx.SafeCell(in) {
				t.Fatalf("XLSX %s = %q, want %q", cell, got, httpx.SafeCell(in))
			}
			checkNotFormula(t, "XLSX", got)
		}
	}
}

func checkNotFormula(t *testing.T, kind, cell string) {
	t.Helper()
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		t.Fatalf("%s cell %q starts as a formula", kind, cell)
	}
}
