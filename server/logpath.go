package server

import (
	"net/http"
	"strings"

	"github.com/vios-platform/vios/httpx"
)

// loggedWildcards are the path wildcards whose values the request log may
// show: ids, slugs and years, which say nothing without the database. Every
// other wildcard ({token} of the calendar feed, the reset and invitation
// links, and whatever a new route names) is written as its name, so a
// secret in a path cannot reach the log by a route that forgot to say so.
var loggedWildcards = map[string]bool{
	"gemeente": true, "id": true, "jaar": true, "lid": true, "partij": true, "persoon": true,
	"provider": true, "punt": true, "rol": true, "school": true, "trace": true, "verwijzing": true,
}

// patternMux returns a mux that knows every route's pattern, only to look
// patterns up for the request log (the API has a mux of its own).
func patternMux(routes []httpx.Route) *http.ServeMux {
	mux := http.NewServeMux()
	nop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, r := range routes {
		mux.Handle(r.Method+" "+r.Pattern, nop)
	}
	return mux
}

// loggedPath is r's path as the request log writes it: the values of
// wildcards not in loggedWildcards replaced by {name}. A path no route
// matches (a mistyped link may still hold a token) keeps its first segment.
func (s *Server) loggedPath(r *http.Request) string {
	_, pattern := s.patterns.Handler(r)
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	segs := strings.Split(r.URL.Path, "/")
	if pattern == "" {
		if len(segs) > 2 {
			return "/" + segs[1] + "/…"
		}
		return r.URL.Path
	}
	for i, p := range strings.Split(pattern, "/") {
		if i >= len(segs) || !strings.HasPrefix(p, "{") || p == "{$}" {
			continue
		}
		name := strings.TrimSuffix(strings.Trim(p, "{}"), "...")
		if loggedWildcards[name] {
			continue
		}
		if strings.HasSuffix(p, "...}") {
			segs = append(segs[:i], p) // the rest of the path is one value
			break
		}
		segs[i] = p
	}
	return strings.Join(segs, "/")
}
