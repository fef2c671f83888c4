package api

import (
	"net/http"
	"sort"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Lists share one pattern too: the query is checked at once (unknown keys
// and every wrong value), then the items are read per municipality and
// answered as {"items": […]}, or as one page of a long list.

// queryOK answers the problem of a list's query, naming the keys not in
// keys and the mistakes in v; it returns false when there is one.
func (h *Handler) queryOK(w http.ResponseWriter, r *http.Request, v *vios.Validation, keys ...string) bool {
	if err := vios.JoinInvalid(queryInvalid, httpx.CheckQuery(r.URL.Query(), keys...), v.Err(queryInvalid)); err != nil {
		h.writeError(w, r, err)
		return false
	}
	return true
}

// writeItems answers with the items that list reads in each of the
// municipalities, ordered by less (a stable sort: within a municipality the
// service's order stays).
func writeItems[J any](h *Handler, w http.ResponseWriter, r *http.Request, municipalityIDs []string,
	list func(municipalityID string, munis map[string]*vios.Municipality) ([]J, error), less func(a, b J) bool) {
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []J{}
	for _, m := range municipalityIDs {
		part, err := list(m, munis)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		items = append(items, part...)
	}
	sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// pageLinks are the links of a page of a list: itself, and the pages
// before and after it when there are.
type pageLinks struct {
	Self linkJSON  `json:"self"`
	Prev *linkJSON `json:"prev,omitempty"`
	Next *linkJSON `json:"next,omitempty"`
}

// pageJSON is one page of a list. It holds no total: counting a long list
// costs as much as reading all of it; the next link says it goes on.
type pageJSON[T any] struct {
	Items         []T       `json:"items"`
	PaginaGrootte int       `json:"paginaGrootte"`
	Links         pageLinks `json:"_links"`
}

// newPage makes the page of items for the request r, whose query the links
// keep with another cursor.
func newPage[T any](r *http.Request, items []T, p vios.Page, cq caseworkQuery) pageJSON[T] {
	link := func(c *vios.Cursor) *linkJSON {
		if c == nil {
			return nil
		}
		q := r.URL.Query()
		q.Set("cursor", c.String())
		return &linkJSON{r.URL.Path + "?" + q.Encode()}
	}
	self := r.URL.Path
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.Query().Encode()
	}
	return pageJSON[T]{Items: items, PaginaGrootte: cq.size, Links: pageLinks{Self: linkJSON{self}, Prev: link(p.Prev), Next: link(p.Next)}}
}

// writePage answers with the page cq asks for of a list: list reads it in
// the municipality chosen (and the network, "" for all); a caller who works
// nowhere gets an empty list.
func writePage[T, J any](h *Handler, w http.ResponseWriter, r *http.Request, cq caseworkQuery,
	list func(municipalityID, networkID string, limit int, cursor *vios.Cursor) ([]T, vios.Page, error), toJSON func(T, map[string]*vios.Municipality) J) {
	items := []J{}
	var p vios.Page
	if cq.municipality != nil {
		network := ""
		if cq.network != nil {
			network = cq.network.ID
		}
		page, pg, err := list(cq.municipality.ID, network, cq.size, cq.cursor)
		var munis map[string]*vios.Municipality
		if err == nil {
			munis, err = h.municipalities(r.Context())
		}
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, v := range page {
			items = append(items, toJSON(v, munis))
		}
		p = pg
	}
	writeJSON(w, http.StatusOK, newPage(r, items, p, cq))
}
