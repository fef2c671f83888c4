package api

import "github.com/vios-platform/vios/httpx"

// caseworkRoutes are the P5 routes: signalen, casussen, verwijzingen,
// leerlingen, alerts.
func (h *Handler) caseworkRoutes() []httpx.Route {
	return nil
}
