package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The knowledge bank's openbaar items, for anyone without a token: the
// same list, search (Dutch, with stemming) and filters as /kennisbank.
// Items shared with the platform or the own municipality are not here.
func (h *Handler) knowledgeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/open/kennisbank", Public: true, Handler: h.listOpenKnowledge},
		{Method: "GET", Pattern: Prefix + "/open/kennisbank/{id}", Public: true, Handler: h.getOpenKnowledge},
	}
}

type knowledgeJSON struct {
	ID            string   `json:"id"`
	Gemeente      string   `json:"gemeente"`
	GemeenteNaam  string   `json:"gemeenteNaam"`
	Soort         string   `json:"soort"`
	Zichtbaarheid string   `json:"zichtbaarheid"`
	Titel         string   `json:"titel"`
	Tekst         string   `json:"tekst"`
	Themas        []string `json:"themas"`
	SchoolTypen   []string `json:"schoolTypen"`
	GewijzigdOp   isoTime  `json:"gewijzigdOp"`
	IngetrokkenOp *isoTime `json:"ingetrokkenOp,omitempty"` // only its writers read a withdrawn item
	Links         struct {
		Self      linkJSON `json:"self"`
		Webpagina linkJSON `json:"webpagina"`
	} `json:"_links"`
}

func toKnowledgeJSON(k *vios.KnowledgeItem) knowledgeJSON {
	return toKnowledgeJSONAt(k, Prefix+"/open/kennisbank/")
}

// toKnowledgeJSONAt is the item with its address under base.
func toKnowledgeJSONAt(k *vios.KnowledgeItem, base string) knowledgeJSON {
	out := knowledgeJSON{ID: k.ID, Gemeente: k.MunicipalityID, GemeenteNaam: k.MunicipalityName, Soort: k.Kind, Zichtbaarheid: k.Visibility,
		Titel: k.Title, Tekst: k.Body, Themas: k.Themes, SchoolTypen: k.SchoolTypes, GewijzigdOp: isoTime(k.UpdatedAt)}
	if out.Themas == nil {
		out.Themas = []string{}
	}
	if out.SchoolTypen == nil {
		out.SchoolTypen = []string{}
	}
	if k.WithdrawnAt != nil {
		at := isoTime(*k.WithdrawnAt)
		out.IngetrokkenOp = &at
	}
	out.Links.Self, out.Links.Webpagina = linkJSON{base + k.ID}, linkJSON{"/kennisbank/" + k.ID}
	return out
}

// knowledgeKeys are the query keys of the list.
var knowledgeKeys = []string{"zoeken", "thema", "schoolType", "soort", "gemeente"}

// listOpenKnowledge: GET /api/v1/open/kennisbank?zoeken=&thema=&schoolType=&soort=&gemeente=
func (h *Handler) listOpenKnowledge(w http.ResponseWriter, r *http.Request) {
	// Without a caller: the store shows openbaar items only.
	h.writeKnowledgeList(vios.NewContextWithActor(r.Context(), nil), w, r, Prefix+"/open/kennisbank/")
}

// writeKnowledgeList answers the items that the actor of ctx may read and
// that match the query; base is the address of an item.
func (h *Handler) writeKnowledgeList(ctx context.Context, w http.ResponseWriter, r *http.Request, base string) {
	q := r.URL.Query()
	var v vios.Validation
	if !h.queryOK(w, r, &v, knowledgeKeys...) {
		return
	}
	list, err := h.Knowledge.SearchKnowledge(ctx, vios.KnowledgeFilter{Query: q.Get("zoeken"), Theme: q.Get("thema"),
		SchoolType: q.Get("schoolType"), Kind: q.Get("soort"), MunicipalityID: q.Get("gemeente")})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]knowledgeJSON, 0, len(list))
	for _, k := range list {
		items = append(items, toKnowledgeJSONAt(k, base))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getOpenKnowledge: GET /api/v1/open/kennisbank/{id}
func (h *Handler) getOpenKnowledge(w http.ResponseWriter, r *http.Request) {
	resource[*vios.KnowledgeItem]{h: h, unnamed: true,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.KnowledgeItem, error) {
			k, err := h.Knowledge.FindKnowledge(vios.NewContextWithActor(ctx, nil), id)
			if vios.ErrorCode(err) == vios.EUNAUTHORIZED {
				// Not openbaar: as if it did not exist.
				return nil, vios.Errorf(vios.ENOTFOUND, "Dit stuk staat niet in de openbare kennisbank.")
			}
			return k, err
		},
		path: func(k *vios.KnowledgeItem) string { return Prefix + "/open/kennisbank/" + k.ID },
		toJSON: func(k *vios.KnowledgeItem, _ *vios.Actor, _ map[string]*vios.Municipality) any {
			return toKnowledgeJSON(k)
		}}.get(w, r, nil)
}
