package web

import "github.com/vios-platform/vios/httpx"

// approachAdminRoutes lists the routes of this part of the interface (being built).
func (h *Handler) approachAdminRoutes() []httpx.Route { return nil }
