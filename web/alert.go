package web

import "github.com/vios-platform/vios/httpx"

// AlertHub wakes the live alert streams of this process.
type AlertHub struct{}

func (h *Handler) alertRoutes() []httpx.Route { return nil }
