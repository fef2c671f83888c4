package web

import (
	"net/http"

	"github.com/vios-platform/vios/report"
)

// Printed documents (meeting report, year review, covenant, inzage, a
// thread's export; later the safety plan) come in two forms from one HTML
// document: the print view, a page of its own that is offered first (it is
// the accessible one and needs nothing but a browser), and the PDF that
// Chromium prints from that same HTML, tagged. Without a printer on the
// installation the print view says so and the PDF route leads to it.

// printCSS is where the print view finds report.PrintCSS: a file, since the
// Content-Security-Policy allows no inline style.
const printCSS = "/static/afdrukken.css"

// printable is a document that renders itself as HTML: a report.Document,
// or a report.Page whose body a page's own template rendered.
type printable interface {
	HTML(report.Style) ([]byte, error)
}

// printView serves the print view of doc. back leads to the page it
// belongs to; pdf is the PDF route (with its query) and links are further
// choices such as "with names".
func (h *Handler) printView(w http.ResponseWriter, r *http.Request, doc printable, back, pdf string, links ...report.Link) {
	s := report.Style{CSSHref: printCSS, Links: []report.Link{{Href: back, Text: "Terug"}}}
	if h.Printer != nil {
		s.Links = append(s.Links, report.Link{Href: pdf, Text: "Download als PDF"})
	} else {
		s.Notice = "Een PDF maken kan op deze installatie niet. Druk deze pagina af of bewaar haar vanuit de browser als PDF."
	}
	s.Links = append(s.Links, links...)
	body, err := doc.HTML(s)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

// printPDF serves doc as a tagged PDF printed from its print view; without
// a printer it sends the reader to the print view (the path with
// "/afdrukken" for the PDF's last segment, the query kept).
func (h *Handler) printPDF(w http.ResponseWriter, r *http.Request, doc printable, filename, view string) {
	if h.Printer == nil {
		http.Redirect(w, r, view, http.StatusSeeOther)
		return
	}
	html, err := doc.HTML(report.Style{})
	if err == nil {
		var pdf []byte
		pdf, err = h.Printer.PDF(r.Context(), html)
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
			h.download(w, r, "application/pdf", filename, pdf, nil)
			return
		}
		h.logger.Error("print PDF", "err", err)
	}
	h.renderError(w, r, err)
}
