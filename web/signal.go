package web

import "github.com/vios-platform/vios/httpx"

func (h *Handler) signalRoutes() []httpx.Route { return nil }
