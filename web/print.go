package web

import (
	"net/http"

	"github.com/vios-platform/vios/httpx"

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

// printJob is one document to print and where it belongs.
type printJob struct {
	doc      printable
	back     string        // the page it belongs to
	view     string        // its print view (path and query)
	pdf      string        // its PDF (path and query)
	filename string        // of the PDF download
	links    []report.Link // further choices in the print view, such as "with names"
}

// printRoutes are the two routes of a document, its print view and its
// PDF, both made by job. A new document (the safety plan's factsheet) needs
// only a job: its body rendered by its own template into a report.Page.
func (h *Handler) printRoutes(view, pdf string, job func(http.ResponseWriter, *http.Request) (*printJob, bool)) []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: view, Handler: func(w http.ResponseWriter, r *http.Request) {
			if j, ok := job(w, r); ok {
				h.printView(w, r, j)
			}
		}},
		{Method: "GET", Pattern: pdf, Handler: func(w http.ResponseWriter, r *http.Request) {
			if j, ok := job(w, r); ok {
				h.printPDF(w, r, j)
			}
		}},
	}
}

// printView serves the print view of a document.
func (h *Handler) printView(w http.ResponseWriter, r *http.Request, j *printJob) {
	s := report.Style{CSSHref: printCSS, Links: []report.Link{{Href: j.back, Text: "Terug"}}}
	if h.Printer != nil {
		s.Links = append(s.Links, report.Link{Href: j.pdf, Text: "Download als PDF"})
	} else {
		s.Notice = "Een PDF maken kan op deze installatie niet. Druk deze pagina af of bewaar haar vanuit de browser als PDF."
	}
	s.Links = append(s.Links, j.links...)
	body, err := j.doc.HTML(s)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

// printPDF serves a document as a tagged PDF printed from its print view;
// without a printer it sends the reader to the print view.
func (h *Handler) printPDF(w http.ResponseWriter, r *http.Request, j *printJob) {
	if h.Printer == nil {
		http.Redirect(w, r, j.view, http.StatusSeeOther)
		return
	}
	html, err := j.doc.HTML(report.Style{})
	if err == nil {
		var pdf []byte
		pdf, err = h.Printer.PDF(r.Context(), html)
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
			h.download(w, r, "application/pdf", j.filename, pdf, nil)
			return
		}
		h.logger.Error("print PDF", "err", err)
	}
	h.renderError(w, r, err)
}
