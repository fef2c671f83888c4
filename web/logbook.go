package web

import "github.com/vios-platform/vios/httpx"

// logbookRoutes lists the routes of this part of the interface (being built).
func (h *Handler) logbookRoutes() []httpx.Route { return nil }
