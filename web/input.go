package web

import (
	"mime"
	"net/http"
	"strings"

	"github.com/vios-platform/vios"
)

// CheckInput refuses a request whose path, query or form holds text that is
// not valid UTF-8 or holds a control character (vios.ValidText), before any
// handler sees it: a page then names the field, and nothing is saved. The
// API (/api/) checks its own input, to answer with problem+json.
func (h *Handler) CheckInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		if !vios.ValidText(r.URL.Path) {
			h.NotFound(w, r)
			return
		}
		if err := vios.CheckValues(r.URL.Query()); err != nil {
			h.renderError(w, r, err)
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" && r.Body != nil && r.Method != http.MethodGet {
			if !h.parseForm(w, r) {
				return
			}
			if err := vios.CheckValues(r.PostForm); err != nil {
				h.renderError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
