package vios

import "context"

// PDFPrinter prints an HTML document (complete, with its CSS inline and
// nothing to fetch) as a tagged PDF: headings, lists, tables, language and
// title stay in the PDF's structure, so a screen reader can follow it.
// Without a printer on the installation PDF returns an EUNAVAILABLE error and
// the caller offers the HTML print view instead; it never falls back to an
// untagged PDF.
type PDFPrinter interface {
	PDF(ctx context.Context, html []byte) ([]byte, error)
}
