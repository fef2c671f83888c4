package web

import "github.com/vios-platform/vios/httpx"

// OIDCProvider is an OpenID Connect identity provider users can log in with.
type OIDCProvider struct{}

// oidcRoutes lists the single sign-on routes (being built).
func (h *Handler) oidcRoutes() []httpx.Route { return nil }
