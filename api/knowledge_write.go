package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The knowledge bank for integrations with a personal token: what the
// token's user may read (their municipality's eigen items, the items for
// all municipalities, the openbaar ones), and writing, changing and
// withdrawing items for the municipalities where they are a writer. The
// store decides who may; an item the caller may not read does not exist.

func (h *Handler) knowledgeTokenRoutes() []httpx.Route {
	with := h.withService(h.Knowledge != nil, "knowledge")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/kennisbank", Handler: with("lezen", h.listKnowledge)},
		{Method: "POST", Pattern: Prefix + "/kennisbank", Handler: with("schrijven", h.createKnowledge)},
		{Method: "GET", Pattern: Prefix + "/kennisbank/{id}", Handler: with("lezen", h.getKnowledge)},
		{Method: "PUT", Pattern: Prefix + "/kennisbank/{id}", Handler: with("schrijven", h.updateKnowledge)},
		{Method: "POST", Pattern: Prefix + "/kennisbank/{id}/_intrekken", Handler: with("schrijven", h.withdrawKnowledge)},
	}
}

// knowledgeFields are the domain's field names as the API spells them.
var knowledgeFields = map[string]string{"schooltypen": "schoolTypen"}

// validateKnowledge is k's check with the API's field names.
func validateKnowledge(k *vios.KnowledgeItem) func() error {
	return func() error { return renameFields(k.Validate(), knowledgeFields) }
}

const (
	knowledgeNotFound = "Dit stuk staat niet (meer) in de kennisbank."
	knowledgeInvalid  = "Het stuk voor de kennisbank is niet opgeslagen."
)

// listKnowledge: GET /api/v1/kennisbank?zoeken=&thema=&schoolType=&soort=&gemeente=
func (h *Handler) listKnowledge(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	h.writeKnowledgeList(r.Context(), w, r, Prefix+"/kennisbank/")
}

// knowledgeItem is the item of the path as the caller reads it: one they
// may not read does not exist.
func (h *Handler) knowledgeItem(ctx context.Context, id string) (*vios.KnowledgeItem, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	k, err := h.Knowledge.FindKnowledge(ctx, id)
	return k, hidden(err, knowledgeNotFound)
}

func (h *Handler) knowledgeResource() resource[*vios.KnowledgeItem] {
	return resource[*vios.KnowledgeItem]{h: h, unnamed: true,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.KnowledgeItem, error) {
			return h.knowledgeItem(ctx, id)
		},
		path: func(k *vios.KnowledgeItem) string { return Prefix + "/kennisbank/" + k.ID },
		toJSON: func(k *vios.KnowledgeItem, _ *vios.Actor, _ map[string]*vios.Municipality) any {
			return toKnowledgeJSONAt(k, Prefix+"/kennisbank/")
		}}
}

// getKnowledge: GET /api/v1/kennisbank/{id}
func (h *Handler) getKnowledge(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.knowledgeResource().get(w, r, actor)
}

// readKnowledge reads the fields of an item, all of them: a PUT replaces.
func readKnowledge(b *body, k *vios.KnowledgeItem) {
	b.require("soort", "zichtbaarheid", "titel", "tekst")
	b.str("soort", &k.Kind)
	b.str("zichtbaarheid", &k.Visibility)
	b.str("titel", &k.Title)
	b.str("tekst", &k.Body)
	k.Themes, k.SchoolTypes, k.NoNameConfirmed = nil, nil, false
	b.strList("themas", &k.Themes)
	b.strList("schoolTypen", &k.SchoolTypes)
	b.boolean("geenNaam", &k.NoNameConfirmed)
}

// mayWriteKnowledge reports whether the actor writes items anywhere.
func mayWriteKnowledge(actor *vios.Actor) bool {
	for _, m := range actor.Municipalities() {
		if vios.Authorize(actor, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: m}) == nil {
			return true
		}
	}
	return false
}

// createKnowledge: POST /api/v1/kennisbank — an item of the municipality
// gemeente (its code), where the caller is a writer.
func (h *Handler) createKnowledge(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !mayWriteKnowledge(actor) {
		// Refused before the body is read: a refusal says nothing about it.
		h.writeError(w, r, vios.Authorize(actor, vios.ActionEditKnowledge, vios.Resource{}))
		return
	}
	k := &vios.KnowledgeItem{}
	if !h.decode(w, r, knowledgeInvalid, func(b *body) error {
		var slug string
		b.require("gemeente")
		b.str("gemeente", &slug)
		readKnowledge(b, k)
		var err error
		k.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, validateKnowledge(k)) {
		return
	}
	err := renameFields(h.Knowledge.SaveKnowledge(r.Context(), k), knowledgeFields)
	h.knowledgeResource().answer(w, r, actor, k, err, http.StatusCreated)
}

// knowledgeToWrite is the item of the path for who may change it: one the
// caller may not read does not exist (404), one they read but may not
// change is refused (403).
func (h *Handler) knowledgeToWrite(r *http.Request, actor *vios.Actor) (*vios.KnowledgeItem, error) {
	k, err := h.knowledgeItem(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return k, vios.Authorize(actor, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: k.MunicipalityID})
}

// updateKnowledge: PUT /api/v1/kennisbank/{id} — every field but the
// municipality, which an item keeps.
func (h *Handler) updateKnowledge(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	k, err := h.knowledgeToWrite(r, actor)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if !h.decode(w, r, knowledgeInvalid, func(b *body) error {
		readKnowledge(b, k)
		return nil
	}, validateKnowledge(k)) {
		return
	}
	err = renameFields(h.Knowledge.SaveKnowledge(r.Context(), k), knowledgeFields)
	h.knowledgeResource().answer(w, r, actor, k, err, http.StatusOK)
}

// withdrawKnowledge: POST /api/v1/kennisbank/{id}/_intrekken — nobody finds
// the item any more; it takes no data and answers the withdrawn item.
func (h *Handler) withdrawKnowledge(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	k, err := h.knowledgeToWrite(r, actor)
	if err == nil && k.Withdrawn() {
		err = vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
	}
	if err == nil {
		err = h.Knowledge.WithdrawKnowledge(r.Context(), k.ID)
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	res := h.knowledgeResource()
	k, err = res.look(r.Context(), actor, k.ID)
	res.answer(w, r, actor, k, err, http.StatusOK)
}
