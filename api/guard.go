package api

import (
	"errors"
	"net/http"

	"github.com/vios-platform/vios"
)

// actorHandler is a handler that runs for the actor of a checked token.
type actorHandler = func(http.ResponseWriter, *http.Request, *vios.Actor)

// guard wraps a route's handler: a token with scope first, then the
// services the route needs.
type guard func(scope string, next actorHandler) http.HandlerFunc

// withService returns the guard of routes that need the named service:
// present says whether every service they use is configured. The services
// are fixed when New builds the routes, so present is read then. Without
// them a route answers 500 after the token check; the log names the
// service, the answer does not.
func (h *Handler) withService(present bool, name string) guard {
	return func(scope string, next actorHandler) http.HandlerFunc {
		return h.requireToken(scope, func(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
			if !present {
				h.writeError(w, r, errors.New("api: no "+name+" service"))
				return
			}
			next(w, r, actor)
		})
	}
}
