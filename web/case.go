package web

import "github.com/vios-platform/vios/httpx"

func (h *Handler) caseRoutes() []httpx.Route { return nil }
