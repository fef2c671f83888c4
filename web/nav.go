package web

import (
	"net/http"
	"slices"

	"github.com/vios-platform/vios"
)

// navItem is one item of the main menu.
type navItem struct {
	Href, Label string
	// Key is the page's Current value that marks the item as the page.
	Key string
}

// places says where the actor has work: the municipalities where they may
// see casework (a place in a network, or the regisseur) and whether any
// administration page is theirs.
type places struct {
	Casework []*vios.Municipality
	Admin    bool
	// Statistics: the first municipality whose dashboard the actor reads.
	Statistics *vios.Municipality
	// Transfers: the first municipality where the actor works at a school
	// (transfers to and from it).
	Transfers *vios.Municipality
	// HelpDesk: the first municipality whose help desk the actor runs.
	HelpDesk *vios.Municipality
}

// actorPlaces finds the actor's places among every municipality.
func (h *Handler) actorPlaces(r *http.Request, actor *vios.Actor) (places, error) {
	var p places
	all, err := h.Organisations.ListMunicipalities(r.Context())
	if err != nil {
		return p, err
	}
	for _, m := range all {
		if !slices.Contains(actor.Municipalities(), m.ID) {
			continue
		}
		if h.mayWorkOnCases(r, actor, m.ID) {
			p.Casework = append(p.Casework, m)
		}
		if p.Transfers == nil && vios.Authorize(actor, vios.ActionTransfer, vios.Resource{MunicipalityID: m.ID}) == nil {
			p.Transfers = m
		}
		if p.HelpDesk == nil && runsHelpDesk(actor, m.ID) {
			p.HelpDesk = m
		}
		if len(h.adminLinks(actor, m)) > 0 {
			p.Admin = true
		}
	}
	p.Admin = p.Admin || (h.Demo && mayReadOutbox(actor))
	p.Statistics = statisticsMunicipality(actor, all)
	return p, nil
}

// reportHref is where "Signaal melden" leads: the quick signal when the
// platform has it, otherwise the full form of the one municipality (or the
// list to choose one from).
func (h *Handler) reportHref(casework []*vios.Municipality) string {
	switch {
	case h.hasRoute("/melden"):
		return "/melden"
	case len(casework) == 1:
		return "/signalen/" + casework[0].Slug + "/nieuw"
	default:
		return "/signalen"
	}
}

// navigation gives the menu items for the actor: each only when its page
// has something for them to do (no item leads to a page that only says
// there is nothing here). A visitor gets the public pages and the login.
func (h *Handler) navigation(r *http.Request, actor *vios.Actor) []navItem {
	if actor == nil || actor.User == nil {
		return []navItem{{"/", "Start", "home"}, {"/aanpakken", "Aanpakken per gemeente", "aanpakken"}, {"/starten", "Starten", "starten"},
			{"/open-data", "Open data", "open-data"}, {"/toegankelijkheid", "Toegankelijkheid", "toegankelijkheid"}, {"/inloggen", "Inloggen", "inloggen"}}
	}
	items := []navItem{{"/vandaag", "Vandaag", "vandaag"}}
	p, err := h.actorPlaces(r, actor)
	if err != nil {
		// The menu is no reason to fail the page: the safe items remain.
		h.logger.Warn("navigation", "err", err)
	}
	if len(p.Casework) > 0 {
		items = append(items, navItem{h.reportHref(p.Casework), "Signaal melden", "melden"})
		if h.hasRoute("/zoeken") {
			items = append(items, navItem{"/zoeken", "Zoeken", "zoeken"})
		}
		items = append(items, navItem{"/netwerken", "Netwerken", "netwerken"}, navItem{"/signalen", "Signalen en casussen", "signalen"},
			navItem{"/actiepunten", "Mijn actiepunten", "actiepunten"})
	} else {
		items = append(items, navItem{"/aanpakken", "Aanpakken per gemeente", "aanpakken"})
	}
	if p.Statistics != nil {
		items = append(items, navItem{"/statistieken/" + p.Statistics.Slug, "Cijfers", "statistieken"})
	}
	if p.Transfers != nil {
		items = append(items, navItem{"/overdrachten/" + p.Transfers.Slug, "Overdrachten", "overdrachten"})
	}
	if p.HelpDesk != nil {
		items = append(items, navItem{"/hulploket/" + p.HelpDesk.Slug, "Hulploket", "hulploket"})
	}
	if p.Admin {
		items = append(items, navItem{"/beheer", "Beheer", "beheer"})
	}
	if vios.Authorize(actor, vios.ActionHandleStartRequest, vios.Resource{}) == nil {
		items = append(items, navItem{"/startvragen", "Startvragen", "startvragen"})
	}
	return append(items, navItem{"/account", "Mijn account", "account"})
}
