package report

import (
	"bytes"
	"embed"
	"html/template"
	"strings"
	"unicode"
)

// A Document is what a report shows, block by block, rendered as one
// semantic HTML document: a title (h1), sections (h2), labelled parts (h3),
// fields as a list (Chromium tags ul, not dl), tables with header cells, paragraphs. The
// same HTML is the print view in the browser and, printed by Chromium, the
// tagged PDF.
type Document struct {
	Title   string
	Author  string // the municipality
	Marking string // under the title, e.g. "Vertrouwelijk"
	Blocks  []Block
}

// Block is one part of a document; Kind says which fields it uses.
type Block struct {
	Kind   string     // subtitle, heading, label, meta, note, para, fields, table
	Text   string     // subtitle, heading, label, meta, note
	Paras  [][]string // para: paragraphs of lines
	Fields []Field    // fields
	Table  *Table     // table
}

// Field is a label with its value.
type Field struct {
	Label, Value string
	ID           string // an anchor, for tests and links
}

// Table has header cells in Head; without Head the first cell of each row
// heads its row. A cell's lines are separated by "\n".
type Table struct {
	Head    []string
	Rows    [][]string
	Numeric []bool // per column: right-aligned figures
}

//go:embed templates/*.html print.css
var files embed.FS

// PrintCSS is the style of every printed document: the print view links it
// (served by the web package), the PDF has it inline.
var PrintCSS, _ = files.ReadFile("print.css")

var shell = template.Must(template.New("document.html").Funcs(template.FuncMap{
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"numeric": func(t *Table, i int) bool {
		return i < len(t.Numeric) && t.Numeric[i]
	},
}).ParseFS(files, "templates/*.html"))

// Link is a link in the print view's navigation (not printed).
type Link struct{ Href, Text string }

// Style says how a document is rendered: for the PDF the CSS is inline and
// there is no navigation; for the print view in the browser the CSS is a
// file (the Content-Security-Policy allows no inline style) and links lead
// back and to the PDF.
type Style struct {
	CSSHref string // empty: the CSS inline
	Links   []Link
	Notice  string // shown above the document, not printed (e.g. that PDF is unavailable)
	Marking string // under the title, printed too (e.g. "Vertrouwelijk")
}

// Wrap makes a complete HTML document of a body rendered elsewhere (e.g. a
// page's own template), with the language, title and print CSS every
// printed document has.
func Wrap(title, author string, body template.HTML, s Style) ([]byte, error) {
	var b bytes.Buffer
	err := shell.ExecuteTemplate(&b, "document.html", struct {
		Title, Author string
		Body          template.HTML
		Style         Style
		CSS           template.CSS
	}{title, author, body, s, template.CSS(PrintCSS)}) // #nosec G203 -- body is html/template output; PrintCSS is our own embedded style sheet
	return b.Bytes(), err
}

// Page is a printed document whose body a template of its own rendered
// (semantic HTML: h2 and lower, lists, tables with th); Wrap adds the
// language, title, h1 and print CSS.
type Page struct {
	Title, Author, Marking string
	Body                   template.HTML
}

// HTML renders the page.
func (p *Page) HTML(s Style) ([]byte, error) {
	if s.Marking == "" {
		s.Marking = p.Marking
	}
	return Wrap(p.Title, p.Author, p.Body, s)
}

// HTML renders the document.
func (d *Document) HTML(s Style) ([]byte, error) {
	var body bytes.Buffer
	if err := shell.ExecuteTemplate(&body, "blocks.html", d); err != nil {
		return nil, err
	}
	if s.Marking == "" {
		s.Marking = d.Marking
	}
	return Wrap(d.Title, d.Author, template.HTML(body.String()), s) // #nosec G203 -- html/template output
}

// doc builds a Document; the layout code of each report calls it.
type doc struct{ d *Document }

func newDoc(title, author string) *doc {
	// Every report holds data of the network's partners, often about pupils.
	return &doc{d: &Document{Title: clean(title), Author: clean(author), Marking: "Vertrouwelijk"}}
}

func (d *doc) add(b Block) { d.d.Blocks = append(d.d.Blocks, b) }

func (d *doc) document() (*Document, error) { return d.d, nil }

// title is the h1; the document's title already says it, so it is not a
// block of its own.
func (d *doc) title(string) {}

func (d *doc) subtitle(s string) {
	if s != "" {
		d.add(Block{Kind: "subtitle", Text: clean(s)})
	}
}

// field is a label with its value; fields in a row make one list.
func (d *doc) field(label, value string) { d.fieldID("", label, value) }

func (d *doc) fieldID(id, label, value string) {
	f := Field{Label: clean(label), Value: clean(value), ID: id}
	if n := len(d.d.Blocks); n > 0 && d.d.Blocks[n-1].Kind == "fields" {
		d.d.Blocks[n-1].Fields = append(d.d.Blocks[n-1].Fields, f)
		return
	}
	d.add(Block{Kind: "fields", Fields: []Field{f}})
}

func (d *doc) heading(s string) { d.add(Block{Kind: "heading", Text: clean(s)}) }
func (d *doc) label(s string)   { d.add(Block{Kind: "label", Text: clean(s)}) }
func (d *doc) note(s string)    { d.add(Block{Kind: "note", Text: clean(s)}) }

func (d *doc) meta(s string) {
	if s != "" {
		d.add(Block{Kind: "meta", Text: clean(s)})
	}
}

// para is free text such as minutes, with the writer's paragraphs and
// line breaks kept.
func (d *doc) para(s string) {
	var paras [][]string
	for _, p := range strings.Split(strings.ReplaceAll(clean(s), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, strings.Split(p, "\n"))
		}
	}
	if len(paras) > 0 {
		d.add(Block{Kind: "para", Paras: paras})
	}
}

// table adds a table; header says whether cols name the columns.
func (d *doc) table(cols []column, rows [][]string, header bool) {
	t := &Table{Numeric: make([]bool, len(cols))}
	for i, c := range cols {
		t.Numeric[i] = c.align == "R"
		if header {
			t.Head = append(t.Head, clean(c.head))
		}
	}
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = clean(c)
		}
		t.Rows = append(t.Rows, cells)
	}
	d.add(Block{Kind: "table", Table: t})
}

type column struct {
	head  string
	align string // "R" for figures
}

// clean makes text safe to lay out: valid UTF-8, no control characters
// but line breaks, tabs as spaces.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r == '\r':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}
