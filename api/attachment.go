package api

import (
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Attachments (bijlagen) of signals, cases, covenants, meetings and messages. The
// list and the upload hang under the record; a file is fetched and
// removed by its own id. The store decides access by the owner record.

// attachmentOwners are the records with attachments: their collection in
// the API and how the record locator finds their municipality.
var attachmentOwners = []struct {
	kind       vios.OwnerKind
	collection string
	record     vios.RecordKind
	notFound   string
}{
	{vios.OwnerSignal, "/signalen", vios.RecordSignal, "Dit signaal bestaat niet."},
	{vios.OwnerCase, "/casussen", vios.RecordCase, "Deze casus bestaat niet."},
	{vios.OwnerCovenant, "/convenanten", vios.RecordCovenant, "Dit convenant bestaat niet."},
	{vios.OwnerMeeting, "/overleggen", vios.RecordMeeting, "Dit overleg bestaat niet."},
	{vios.OwnerMessage, "/berichten", vios.RecordMessage, "Dit bericht bestaat niet."},
}

const attachmentNotFound = "Deze bijlage bestaat niet."

func (h *Handler) attachmentRoutes() []httpx.Route {
	with := h.withService(h.Attachments != nil, "attachment")
	routes := []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/bijlagen/{id}/inhoud", Handler: with("lezen", h.downloadAttachment)},
		{Method: "DELETE", Pattern: Prefix + "/bijlagen/{id}", Handler: with("schrijven", h.deleteAttachment)},
	}
	for _, o := range attachmentOwners {
		routes = append(routes,
			httpx.Route{Method: "GET", Pattern: Prefix + o.collection + "/{id}/bijlagen", Handler: with("lezen", h.listAttachments(o.kind, o.record, o.notFound))},
			httpx.Route{Method: "POST", Pattern: Prefix + o.collection + "/{id}/bijlagen", Handler: with("schrijven", h.uploadAttachment(o.kind, o.record, o.notFound))})
	}
	return routes
}

// recordIn refuses an id that is no UUID, then finds the municipality of
// the record.
func (h *Handler) recordIn(r *http.Request, actor *vios.Actor, kind vios.RecordKind, message string) (string, string, error) {
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		return "", "", err
	}
	m, err := h.municipalityOf(r.Context(), actor, kind, id, message)
	return m, id, err
}

// attachmentJSON is an attachment as the API shows it.
type attachmentJSON struct {
	ID             string          `json:"id"`
	Naam           string          `json:"naam"`
	Mediatype      string          `json:"mediatype"`
	Grootte        int64           `json:"grootte"`
	ToegevoegdOp   isoTime         `json:"toegevoegdOp"`
	ToegevoegdDoor string          `json:"toegevoegdDoor"`
	Links          attachmentLinks `json:"_links"`
}

type attachmentLinks struct {
	Inhoud linkJSON `json:"inhoud"`
}

func toAttachmentJSON(a *vios.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Naam: a.Name, Mediatype: a.ContentType, Grootte: a.Size,
		ToegevoegdOp: isoTime(a.UploadedAt), ToegevoegdDoor: a.UploaderName,
		Links: attachmentLinks{Inhoud: linkJSON{Prefix + "/bijlagen/" + a.ID + "/inhoud"}}}
}

func (h *Handler) listAttachments(kind vios.OwnerKind, record vios.RecordKind, notFound string) func(http.ResponseWriter, *http.Request, *vios.Actor) {
	return func(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
		if err := httpx.CheckQuery(r.URL.Query()); err != nil {
			h.writeError(w, r, err)
			return
		}
		m, id, err := h.recordIn(r, actor, record, notFound)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		list, err := h.Attachments.ListAttachments(r.Context(), m, kind, id)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		items := make([]attachmentJSON, 0, len(list))
		for i := range list {
			items = append(items, toAttachmentJSON(&list[i]))
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
	}
}

// uploadAttachment takes multipart/form-data with the file in the part
// "bestand", streamed to the store as it arrives.
func (h *Handler) uploadAttachment(kind vios.OwnerKind, record vios.RecordKind, notFound string) func(http.ResponseWriter, *http.Request, *vios.Actor) {
	return func(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
		m, id, err := h.recordIn(r, actor, record, notFound)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		name, content := httpx.UploadedFile(r, "bestand",
			vios.Errorf(vios.EUNSUPPORTED, "Stuur het bestand als multipart/form-data, in het deel \"bestand\"."),
			&vios.Error{Code: vios.EINVALID, Message: "Er is geen bestand meegestuurd.",
				Fields: []vios.FieldError{{Field: "bestand", Message: "Stuur het bestand in het deel \"bestand\"."}}})
		a, err := h.Attachments.AddAttachment(r.Context(), m, kind, id, name, content)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		w.Header().Set("Location", Prefix+"/bijlagen/"+a.ID+"/inhoud")
		writeJSON(w, http.StatusCreated, toAttachmentJSON(a))
	}
}

// downloadAttachment serves the file itself, as a download only.
func (h *Handler) downloadAttachment(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	m, id, err := h.recordIn(r, actor, vios.RecordAttachment, attachmentNotFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	a, content, err := h.Attachments.OpenAttachment(r.Context(), m, id)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	defer content.Close()
	httpx.ServeAttachment(w, a, content, h.logger.Error)
}

func (h *Handler) deleteAttachment(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	m, id, err := h.recordIn(r, actor, vios.RecordAttachment, attachmentNotFound)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := h.Attachments.DeleteAttachment(r.Context(), m, id); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
