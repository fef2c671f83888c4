package web

import (
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Attachments ("bijlagen") on the pages of signals, cases, covenants and
// meetings: a list with download links and a plain multipart form (no
// script needed). The store decides who sees and adds them, by the owner
// record's own decision; the pages only hide the form from who may not.

// attachmentOwners are the pages that carry attachments, by owner kind:
// the path prefix of the record's page (and of its upload route).
var attachmentOwners = map[vios.OwnerKind]string{
	vios.OwnerSignal:   "/signalen/",
	vios.OwnerCase:     "/casussen/",
	vios.OwnerCovenant: "/convenanten/",
	vios.OwnerMeeting:  "/overleggen/",
}

func (h *Handler) attachmentRoutes() []httpx.Route {
	routes := []httpx.Route{
		{Method: "GET", Pattern: "/bijlagen/{gemeente}/{id}", Handler: h.downloadAttachment},
		{Method: "POST", Pattern: "/bijlagen/{gemeente}/{id}/verwijderen", Handler: h.deleteAttachment},
	}
	for _, kind := range []vios.OwnerKind{vios.OwnerSignal, vios.OwnerCase, vios.OwnerCovenant, vios.OwnerMeeting} {
		routes = append(routes, httpx.Route{Method: "POST", Pattern: attachmentOwners[kind] + "{gemeente}/{id}/bijlagen",
			Handler: h.uploadAttachment(kind)})
	}
	return routes
}

// attachmentList is the attachments section of a record's page; nil when
// the reader may not see the record's files (the section is left out).
type attachmentList struct {
	Items        []vios.Attachment
	Municipality string // slug
	Upload       string // the form's action, "" when the reader may not add
	Back         string // the record's page
	Accept       string
}

// attachments reads the list for a record's page; mayAdd is the page's
// own decision whether the reader may change the record.
func (h *Handler) attachments(r *http.Request, m *vios.Municipality, kind vios.OwnerKind, id string, mayAdd bool) *attachmentList {
	list, err := h.Attachments.ListAttachments(r.Context(), m.ID, kind, id)
	if err != nil {
		if vios.ErrorCode(err) != vios.ENOTFOUND {
			h.logger.Error("list attachments", "kind", kind, "err", err)
		}
		return nil
	}
	back := attachmentOwners[kind] + m.Slug + "/" + id
	l := &attachmentList{Items: list, Municipality: m.Slug, Back: back,
		Accept: ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp"}
	if mayAdd {
		l.Upload = back + "/bijlagen"
	}
	return l
}

// attachmentFailure is the page of a refused upload or removal.
type attachmentFailure struct {
	Heading, Message, Back string
}

func (h *Handler) attachmentFailed(w http.ResponseWriter, r *http.Request, err error, back string) {
	code := vios.ErrorCode(err)
	if code == vios.EINTERNAL || code == vios.EUNAUTHORIZED || code == vios.EFORBIDDEN {
		h.renderError(w, r, err)
		return
	}
	status := httpx.ErrorStatus(code)
	heading := map[int]string{
		http.StatusRequestEntityTooLarge: "Het bestand is te groot",
		http.StatusUnsupportedMediaType:  "Dit soort bestand is niet toegestaan",
		http.StatusServiceUnavailable:    "De bijlage kan nu niet worden toegevoegd",
		http.StatusNotFound:              "Niet gevonden",
	}[status]
	if heading == "" {
		heading = "De bijlage is niet toegevoegd"
	}
	h.render(w, r, status, "bijlage-fout", page{Title: heading, Data: attachmentFailure{Heading: heading,
		Message: vios.ErrorMessage(err), Back: back}})
}

// uploadAttachment reads the form as a stream: the file part goes to the
// store as it arrives, never parsed into memory or into a temporary file
// in the clear (ParseMultipartForm would do both).
func (h *Handler) uploadAttachment(kind vios.OwnerKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, m, ok := h.pathMunicipality(w, r)
		if !ok {
			return
		}
		id := r.PathValue("id")
		back := attachmentOwners[kind] + m.Slug + "/" + id
		noFile := vios.Errorf(vios.EINVALID, "Kies een bestand om toe te voegen.")
		name, content := httpx.UploadedFile(r, "bestand", noFile, noFile)
		if _, err := h.Attachments.AddAttachment(r.Context(), m.ID, kind, id, name, content); err != nil {
			h.attachmentFailed(w, r, err, back)
			return
		}
		http.Redirect(w, r, back+"#bijlagen", http.StatusSeeOther)
	}
}

// attachToMessage adds a file to the reader's own message in a thread; a
// refused file leaves the message as it was.
func (h *Handler) attachToMessage(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	back := threadPath(r, m)
	noFile := vios.Errorf(vios.EINVALID, "Kies een bestand om toe te voegen.")
	name, content := httpx.UploadedFile(r, "bestand", noFile, noFile)
	if _, err := h.Attachments.AddAttachment(r.Context(), m.ID, vios.OwnerMessage, r.PathValue("bericht"), name, content); err != nil {
		h.attachmentFailed(w, r, err, back)
		return
	}
	h.AlertHub.Notify()
	http.Redirect(w, r, back+"#bericht-"+r.PathValue("bericht"), http.StatusSeeOther)
}

// downloadAttachment serves a file as a download only (httpx.ServeAttachment).
func (h *Handler) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	a, content, err := h.Attachments.OpenAttachment(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return
	}
	defer content.Close()
	httpx.ServeAttachment(w, a, content, h.logger.Error)
}

func (h *Handler) deleteAttachment(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	back := ownPath(formValue(r, "terug"))
	if err := h.Attachments.DeleteAttachment(r.Context(), m.ID, r.PathValue("id")); err != nil {
		h.attachmentFailed(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"#bijlagen", http.StatusSeeOther)
}

// ownPath returns back if it is a path of this site without a query, and
// "/" otherwise. A browser drops tabs and line breaks from a Location, so
// "/\t/elders" would lead off the site as "//elders".
func ownPath(back string) string {
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\?") ||
		!vios.SingleLine(back) {
		return "/"
	}
	return back
}
