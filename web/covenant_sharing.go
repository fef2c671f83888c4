// A network's data sharing under a covenant's clause, shown and linked from the network's page.

package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/vios-platform/vios"
)

// linkNetworkClause links a network to a clause, from the network's page.
func (h *Handler) linkNetworkClause(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionViewNetwork, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	if !h.authorize(w, r, vios.ActionEditCovenant, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	if err := h.Covenants.LinkNetworkClause(r.Context(), m.ID, n.ID, formValue(r, "deelafspraak")); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNetwork(w, r, status, m, n, err) })
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=gekoppeld#gegevensdeling", http.StatusSeeOther)
}

// networkSharing is the data-sharing section of a network's page.
type networkSharing struct {
	Sharing vios.Sharing
	MayLink bool
	Clauses []clauseOption
	Linked  string
}

type clauseOption struct {
	ID, Label string
}

// sharingOf works out the network's data sharing for its page.
func (h *Handler) sharingOf(r *http.Request, m *vios.Municipality, n *vios.Network) (*networkSharing, error) {
	actor := vios.ActorFromContext(r.Context())
	out := &networkSharing{MayLink: vios.Authorize(actor, vios.ActionEditCovenant, vios.Resource{MunicipalityID: m.ID}) == nil, Linked: n.ClauseID}
	list, err := h.Covenants.ListCovenants(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	for _, summary := range list {
		c, err := h.Covenants.FindCovenant(r.Context(), m.ID, summary.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range c.Clauses {
			if st := c.Status(h.now()); st != vios.CovenantExpired && st != vios.CovenantEnded {
				out.Clauses = append(out.Clauses, clauseOption{s.ID, fmt.Sprintf("%s – %s", c.Title, s.Purpose)})
			}
		}
	}
	if out.Sharing, err = h.Covenants.NetworkSharing(r.Context(), m.ID, n.ID); err != nil {
		return nil, err
	}
	slices.SortFunc(out.Clauses, func(a, b clauseOption) int {
		if a.Label < b.Label {
			return -1
		}
		return 1
	})
	return out, nil
}
