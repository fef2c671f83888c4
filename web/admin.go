package web

import "github.com/vios-platform/vios/httpx"

// adminRoutes lists the routes of this part of the interface (being built).
func (h *Handler) adminRoutes() []httpx.Route { return nil }
