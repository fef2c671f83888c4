// Package httpx holds what the web and API packages share: the route table
// that the authorization matrix and the OpenAPI test walk, and the one
// mapping from domain error codes to HTTP status codes.
package httpx

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/vios-platform/vios"
)

// Route is one registered route. Public routes need no login.
type Route struct {
	Method  string // GET, POST, …
	Pattern string // a net/http ServeMux path pattern
	Public  bool
	Handler http.HandlerFunc
}

// Register adds every route to mux.
func Register(mux *http.ServeMux, routes []Route) {
	for _, r := range routes {
		mux.Handle(r.Method+" "+r.Pattern, r.Handler)
	}
}

// ErrorStatus maps a domain error code to an HTTP status code.
func ErrorStatus(code string) int {
	switch code {
	case vios.EINVALID:
		return http.StatusBadRequest
	case vios.ENOTFOUND:
		return http.StatusNotFound
	case vios.ECONFLICT:
		return http.StatusConflict
	case vios.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case vios.EFORBIDDEN:
		return http.StatusForbidden
	case vios.ETOOMANY:
		return http.StatusTooManyRequests
	case vios.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case vios.EUNSUPPORTED:
		return http.StatusUnsupportedMediaType
	case vios.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// CheckQuery reports, all at once, query keys outside allowed and keys given
// more than once, so a mistyped filter is an error rather than ignored.
func CheckQuery(q url.Values, allowed ...string) error {
	var v vios.Validation
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case !slices.Contains(allowed, k):
			if len(allowed) == 0 {
				v.Add(k, "Onbekende zoekterm: hier zijn geen zoektermen mogelijk.")
			} else {
				v.Add(k, "Onbekende zoekterm. Mogelijk zijn: %s.", strings.Join(allowed, ", "))
			}
		case len(q[k]) > 1:
			v.Add(k, "Geef deze zoekterm hoogstens één keer op.")
		}
	}
	return v.Err("De vraag bevat een onbekende of dubbele zoekterm.")
}
