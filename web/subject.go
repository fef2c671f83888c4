package web

import "github.com/vios-platform/vios/httpx"

func (h *Handler) subjectRoutes() []httpx.Route { return nil }
