package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The knowledge bank: protocols, covenants, agreements, example safety
// plans and handreikingen that municipalities share. /kennisbank is public:
// without login it lists the openbaar items, with login also what the
// account may read. The store decides who reads and writes what.

func (h *Handler) knowledgeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/kennisbank", Public: true, Handler: h.listKnowledge},
		{Method: "GET", Pattern: "/kennisbank/{id}", Public: true, Handler: h.showKnowledge},
		{Method: "GET", Pattern: "/kennisbank/{gemeente}/nieuw", Handler: h.newKnowledge},
		{Method: "POST", Pattern: "/kennisbank/{gemeente}/nieuw", Handler: h.createKnowledge},
		{Method: "GET", Pattern: "/kennisbank/{id}/wijzigen", Handler: h.editKnowledge},
		{Method: "POST", Pattern: "/kennisbank/{id}/wijzigen", Handler: h.saveKnowledge},
		{Method: "POST", Pattern: "/kennisbank/{id}/intrekken", Handler: h.withdrawKnowledge},
	}
}

// knowledgeListPage is the list with its filters.
type knowledgeListPage struct {
	Filter         vios.KnowledgeFilter
	Items          []*vios.KnowledgeItem
	Municipalities []vios.Label // who shares items the reader may read
	Writable       []*vios.Municipality
	Error          string
}

func (h *Handler) listKnowledge(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := knowledgeListPage{Filter: vios.KnowledgeFilter{Query: q.Get("zoeken"), Theme: q.Get("thema"), SchoolType: q.Get("schooltype"),
		Kind: q.Get("soort"), MunicipalityID: q.Get("gemeente")}}
	status := http.StatusOK
	items, err := h.Knowledge.SearchKnowledge(r.Context(), p.Filter)
	switch {
	case vios.ErrorCode(err) == vios.EINVALID:
		status, p.Error = http.StatusBadRequest, vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			p.Error += " " + f.Message
		}
	case err != nil:
		h.renderError(w, r, err)
		return
	}
	p.Items = items
	if p.Municipalities, err = h.Knowledge.KnowledgeMunicipalities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	if p.Writable, err = h.knowledgeWritable(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "kennisbank", page{Title: "Kennisbank", Current: "kennisbank", Data: p})
}

// knowledgeWritable are the municipalities the actor writes items for.
func (h *Handler) knowledgeWritable(r *http.Request) ([]*vios.Municipality, error) {
	actor := vios.ActorFromContext(r.Context())
	if actor == nil || actor.User == nil {
		return nil, nil
	}
	all, err := h.Organisations.ListMunicipalities(r.Context())
	var out []*vios.Municipality
	for _, m := range all {
		if vios.Authorize(actor, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: m.ID}) == nil {
			out = append(out, m)
		}
	}
	return out, err
}

// knowledgeItemPage is one item, its body rendered as the safety plan's
// sections are (markdown.go).
type knowledgeItemPage struct {
	Item     *vios.KnowledgeItem
	HTML     template.HTML
	MayEdit  bool
	Notice   string
	Withdraw string // the withdraw form's action
	Files    *knowledgeFiles
}

func (h *Handler) showKnowledge(w http.ResponseWriter, r *http.Request) {
	k, err := h.Knowledge.FindKnowledge(r.Context(), r.PathValue("id"))
	if vios.ErrorCode(err) == vios.EUNAUTHORIZED {
		// Not openbaar: who logs in may read it.
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := knowledgeItemPage{Item: k, HTML: markdown(k.Body),
		MayEdit: vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionEditKnowledge, vios.Resource{MunicipalityID: k.MunicipalityID}) == nil,
		Notice:  map[string]string{"opgeslagen": "Het stuk is opgeslagen.", "ingetrokken": "Het stuk is ingetrokken: niemand vindt het nog in de kennisbank."}[r.URL.Query().Get("melding")]}
	p.Files = h.knowledgeFilesOf(r, k, p.MayEdit)
	h.render(w, r, http.StatusOK, "kennisbank-stuk", page{Title: k.Title + " – Kennisbank", Current: "kennisbank", Data: p})
}

// knowledgeFormPage is the form to write or change an item.
type knowledgeFormPage struct {
	Item         *vios.KnowledgeItem
	Municipality string // the sharing municipality's name
	Action       string
	Kinds        []vios.Label
	Visibilities []vios.Label
	Themes       []vios.Label
	SchoolTypes  []vios.Label
	formOutcome
}

func (h *Handler) renderKnowledgeForm(w http.ResponseWriter, r *http.Request, status int, k *vios.KnowledgeItem, municipality, action string, f formOutcome) {
	title := "Nieuw stuk voor de kennisbank"
	if k.ID != "" {
		title = "Stuk wijzigen"
	}
	h.render(w, r, status, "kennisbank-form", page{Title: title + " – Kennisbank", Current: "kennisbank", Data: knowledgeFormPage{
		Item: k, Municipality: municipality, Action: action, Kinds: vios.KnowledgeKinds, Visibilities: vios.KnowledgeVisibilities,
		Themes: vios.DefaultPhenomena, SchoolTypes: vios.SchoolTypes, formOutcome: f}})
}

func (h *Handler) newKnowledge(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.authorize(w, r, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	k := &vios.KnowledgeItem{MunicipalityID: m.ID, Kind: "handreiking", Visibility: vios.VisibilityOwn}
	h.renderKnowledgeForm(w, r, http.StatusOK, k, m.Name, "/kennisbank/"+m.Slug+"/nieuw", blankForm())
}

// knowledgeFromForm reads the form's fields into k.
func knowledgeFromForm(r *http.Request, k *vios.KnowledgeItem) {
	k.Kind, k.Visibility = formValue(r, "soort"), formValue(r, "zichtbaarheid")
	k.Title, k.Body = formValue(r, "titel"), formValue(r, "tekst")
	k.Themes, k.SchoolTypes = r.PostForm["themas"], r.PostForm["schooltypen"]
	k.NoNameConfirmed = formValue(r, "geenNaam") == "ja"
}

func (h *Handler) createKnowledge(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	k := &vios.KnowledgeItem{MunicipalityID: m.ID}
	knowledgeFromForm(r, k)
	if err := h.Knowledge.SaveKnowledge(r.Context(), k); err != nil {
		k.ID = ""
		h.formFailed(w, r, err, func(status int) {
			h.renderKnowledgeForm(w, r, status, k, m.Name, "/kennisbank/"+m.Slug+"/nieuw", formFailure(err, nil))
		})
		return
	}
	http.Redirect(w, r, "/kennisbank/"+k.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

// writableKnowledge is the item of the path, for its writers only.
func (h *Handler) writableKnowledge(w http.ResponseWriter, r *http.Request) (*vios.KnowledgeItem, bool) {
	if _, ok := h.requireLogin(w, r); !ok {
		return nil, false
	}
	k, err := h.Knowledge.FindKnowledge(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	if !h.authorize(w, r, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: k.MunicipalityID}) {
		return nil, false
	}
	return k, true
}

func (h *Handler) editKnowledge(w http.ResponseWriter, r *http.Request) {
	k, ok := h.writableKnowledge(w, r)
	if !ok {
		return
	}
	h.renderKnowledgeForm(w, r, http.StatusOK, k, k.MunicipalityName, "/kennisbank/"+k.ID+"/wijzigen", blankForm())
}

func (h *Handler) saveKnowledge(w http.ResponseWriter, r *http.Request) {
	k, ok := h.writableKnowledge(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	knowledgeFromForm(r, k)
	if err := h.Knowledge.SaveKnowledge(r.Context(), k); err != nil {
		h.formFailed(w, r, err, func(status int) {
			h.renderKnowledgeForm(w, r, status, k, k.MunicipalityName, "/kennisbank/"+k.ID+"/wijzigen", formFailure(err, nil))
		})
		return
	}
	http.Redirect(w, r, "/kennisbank/"+k.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

func (h *Handler) withdrawKnowledge(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.requireLogin(w, r); !ok {
		return
	}
	id := r.PathValue("id")
	if err := h.Knowledge.WithdrawKnowledge(r.Context(), id); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/kennisbank/"+url.PathEscape(id)+"?melding=ingetrokken", http.StatusSeeOther)
}
