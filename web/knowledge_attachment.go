package web

import (
	"net/http"
	"slices"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The documents of a knowledge-bank item, under the item's own address:
// an openbaar item's are downloaded without login, as the item is read.
// The store decides who reads and adds them, by the item's own decision.

func (h *Handler) knowledgeAttachmentRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/kennisbank/{id}/bijlagen", Handler: h.uploadKnowledgeFile},
		{Method: "GET", Pattern: "/kennisbank/{id}/bijlagen/{bijlage}", Public: true, Handler: h.downloadKnowledgeFile},
		{Method: "POST", Pattern: "/kennisbank/{id}/bijlagen/{bijlage}/verwijderen", Handler: h.deleteKnowledgeFile},
	}
}

// knowledgeFiles is the documents section of an item's page.
type knowledgeFiles struct {
	ItemID string
	Items  []vios.Attachment
	MayAdd bool
	Accept string
}

// knowledgeFilesOf reads the item's documents for its page; nil when the
// list cannot be read (the section is left out).
func (h *Handler) knowledgeFilesOf(r *http.Request, k *vios.KnowledgeItem, mayAdd bool) *knowledgeFiles {
	list, err := h.Attachments.ListAttachments(r.Context(), k.MunicipalityID, vios.OwnerKnowledge, k.ID)
	if err != nil {
		h.logger.Error("list knowledge documents", "err", err)
		return nil
	}
	return &knowledgeFiles{ItemID: k.ID, Items: list, MayAdd: mayAdd && !k.Withdrawn(),
		Accept: ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp"}
}

// knowledgeFile finds the item of the path and checks that the document
// of the path is one of its own.
func (h *Handler) knowledgeFile(w http.ResponseWriter, r *http.Request) (*vios.KnowledgeItem, string, bool) {
	k, err := h.Knowledge.FindKnowledge(r.Context(), r.PathValue("id"))
	if vios.ErrorCode(err) == vios.EUNAUTHORIZED {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return nil, "", false
	}
	if err == nil {
		var list []vios.Attachment
		list, err = h.Attachments.ListAttachments(r.Context(), k.MunicipalityID, vios.OwnerKnowledge, k.ID)
		if err == nil && !slices.ContainsFunc(list, func(a vios.Attachment) bool { return a.ID == r.PathValue("bijlage") }) {
			err = vios.Errorf(vios.ENOTFOUND, "Deze bijlage bestaat niet.")
		}
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, "", false
	}
	return k, r.PathValue("bijlage"), true
}

func (h *Handler) downloadKnowledgeFile(w http.ResponseWriter, r *http.Request) {
	k, id, ok := h.knowledgeFile(w, r)
	if !ok {
		return
	}
	a, content, err := h.Attachments.OpenAttachment(r.Context(), k.MunicipalityID, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	defer content.Close()
	httpx.ServeAttachment(w, a, content, h.logger.Error)
}

// uploadKnowledgeFile streams the file to the store, as every upload does
// (uploadAttachment): a refused type, a file too large or a virus keeps
// nothing and says why.
func (h *Handler) uploadKnowledgeFile(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	back := "/kennisbank/" + r.PathValue("id")
	k, err := h.Knowledge.FindKnowledge(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	noFile := vios.Errorf(vios.EINVALID, "Kies een bestand om toe te voegen.")
	name, content := httpx.UploadedFile(r, "bestand", noFile, noFile)
	if _, err := h.Attachments.AddAttachment(r.Context(), k.MunicipalityID, vios.OwnerKnowledge, k.ID, name, content); err != nil {
		h.attachmentFailed(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"#bijlagen", http.StatusSeeOther)
}

func (h *Handler) deleteKnowledgeFile(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	k, id, ok := h.knowledgeFile(w, r)
	if !ok {
		return
	}
	back := "/kennisbank/" + k.ID
	if err := h.Attachments.DeleteAttachment(r.Context(), k.MunicipalityID, id); err != nil {
		h.attachmentFailed(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"#bijlagen", http.StatusSeeOther)
}
