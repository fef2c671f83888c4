package web

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/report"
)

// The chair's export of a network's thread: an HTML print view (the
// accessible one) and a PDF made as the meeting report is. Pupils are
// codes unless the chair explicitly asks for names (?namen=ja), which is
// audited; the pupils shown are in the processing log either way.

// threadExport reads the export of the thread in the path.
func (h *Handler) threadExport(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *report.ThreadExport, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	names := r.URL.Query().Get("namen") == "ja"
	t, err := h.Threads.ExportThread(r.Context(), m.ID, r.PathValue("id"), names)
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, false
	}
	e := &report.ThreadExport{Municipality: m.Name, Network: t.NetworkName,
		Layer: "Gepseudonimiseerd: leerlingen staan er als code. Vertrouwelijk."}
	if names {
		e.Layer = "Met namen, voor zover de deelafspraak de voorzitter namen geeft; de export is vastgelegd. Vertrouwelijk."
	}
	for _, msg := range t.Messages {
		line := report.ThreadLine{Author: msg.AuthorName, Organisation: msg.AuthorOrgName, PostedAt: msg.PostedAt, Reply: msg.ReplyToID != ""}
		switch {
		case msg.DeletedAt != nil:
			line.Text = "Bericht verwijderd door " + msg.DeletedByName + " op " + vios.DutchDate(*msg.DeletedAt) + "."
		case msg.WipedAt != nil:
			line.Text = "Tekst gewist na de bewaartermijn."
		case names:
			line.Text = msg.Plain()
		default:
			line.Text = pseudonymousText(t, msg)
		}
		e.Messages = append(e.Messages, line)
	}
	return m, e, true
}

// threadPrint is the export of the thread to print.
func (h *Handler) threadPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, e, ok := h.threadExport(w, r)
	if !ok {
		return nil, false
	}
	doc, err := report.ThreadDocument(e)
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/netwerken/" + m.Slug + "/" + r.PathValue("id") + "/berichten"
	j := &printJob{doc: doc, back: path, view: path + "/afdrukken", pdf: path + "/export.pdf", filename: "berichten.pdf",
		links: []report.Link{{Href: path + "/afdrukken?namen=ja", Text: "Met namen (wordt vastgelegd)"}}}
	if r.URL.Query().Get("namen") == "ja" {
		j.view, j.pdf = j.view+"?namen=ja", j.pdf+"?namen=ja"
		j.links = []report.Link{{Href: path + "/afdrukken", Text: "Zonder namen (leerlingen als code)"}}
	}
	return j, true
}
