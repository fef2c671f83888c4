package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Data-sharing clauses on their own, and the register of processing
// activities with the clauses that rely on each activity: what a privacy
// officer checks.

// clauseDetailJSON is one clause with what it means today.
type clauseDetailJSON struct {
	clauseJSON
	Gemeente          string          `json:"gemeente"`
	GemeenteNaam      string          `json:"gemeenteNaam"`
	Convenant         string          `json:"convenant"`
	ConvenantTitel    string          `json:"convenantTitel"`
	ConvenantStatus   string          `json:"convenantStatus"`
	MetNaamToegestaan bool            `json:"metNaamToegestaan"`
	Reden             string          `json:"reden"`
	Links             clauseLinksJSON `json:"_links"`
}

type clauseLinksJSON struct {
	Self      linkJSON `json:"self"`
	Convenant linkJSON `json:"convenant"`
}

const clauseNotFound = "Deze deelafspraak bestaat niet."

// clause finds the clause with id among the covenants of its municipality
// the actor may read, or that governs a network the actor is a member of,
// with its covenant. The store has no look-up of a clause by id, so the
// readable covenants are loaded one by one.
func (h *Handler) clause(ctx context.Context, actor *vios.Actor, id string) (*vios.SharingClause, *vios.Covenant, error) {
	if err := checkID(id); err != nil {
		return nil, nil, err
	}
	m, err := h.municipalityOf(ctx, actor, vios.RecordClause, id, clauseNotFound)
	if err != nil {
		return nil, nil, err
	}
	list, err := h.Covenants.ListCovenants(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	// A member of a network the clause governs may read that clause
	// ("why may I see this?"), even when not a party's employee.
	governs := false
	if h.Networks != nil {
		mine, err := h.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m, MemberUserID: actor.User.ID})
		if err != nil {
			return nil, nil, err
		}
		for _, n := range mine {
			governs = governs || n.ClauseID == id
		}
	}
	for _, summary := range list {
		if !governs && vios.Authorize(actor, vios.ActionViewCovenant, summary.Resource()) != nil {
			continue
		}
		c, err := h.Covenants.FindCovenant(ctx, m, summary.ID)
		if err != nil {
			return nil, nil, err
		}
		for i := range c.Clauses {
			if c.Clauses[i].ID == id {
				return &c.Clauses[i], c, nil
			}
		}
	}
	return nil, nil, vios.Errorf(vios.ENOTFOUND, clauseNotFound)
}

// getClause: GET /api/v1/deelafspraken/{id} — a clause with its covenant's
// title and status, and whether pupils are discussed by name under it
// today.
func (h *Handler) getClause(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := vios.JoinInvalid("De vraag is ongeldig.", checkID(r.PathValue("id")), httpx.CheckQuery(r.URL.Query())); err != nil {
		h.writeError(w, r, err)
		return
	}
	clause, c, err := h.clause(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	now := h.Now()
	sharing := vios.SharingOf(c, clause.ID, now)
	out := clauseDetailJSON{clauseJSON: toClauseJSON(clause), Convenant: c.ID, ConvenantTitel: c.Title, ConvenantStatus: c.Status(now),
		MetNaamToegestaan: sharing.Named, Reden: sharing.Reason,
		Links: clauseLinksJSON{Self: linkJSON{Prefix + "/deelafspraken/" + clause.ID}, Convenant: linkJSON{covenantPath(c.ID)}}}
	if m := munis[c.MunicipalityID]; m != nil {
		out.Gemeente, out.GemeenteNaam = m.Slug, m.Name
	}
	writeJSON(w, http.StatusOK, out)
}

// activityJSON is an entry of the register of processing activities.
type activityJSON struct {
	ID            string        `json:"id"`
	Gemeente      string        `json:"gemeente"`
	GemeenteNaam  string        `json:"gemeenteNaam"`
	URI           string        `json:"uri"`
	Naam          string        `json:"naam"`
	Doel          string        `json:"doel"`
	Grondslag     string        `json:"grondslag"`
	Gegevens      string        `json:"gegevens"`
	Bewaartermijn string        `json:"bewaartermijn"`
	Standaard     bool          `json:"standaard"`
	Versie        int           `json:"versie"`
	SteundDoor    []supportJSON `json:"steundDoor"`
}

// supportJSON is a clause that relies on an activity.
type supportJSON struct {
	ID             string    `json:"id"`
	Doel           string    `json:"doel"`
	Convenant      string    `json:"convenant"`
	ConvenantTitel string    `json:"convenantTitel"`
	Links          selfLinks `json:"_links"`
}

// mayReadRegister reports whether the actor reads the municipality's
// register: its privacy officer, who checks it, and its regisseur, who
// names its activities in the clauses.
func mayReadRegister(actor *vios.Actor, municipalityID string) bool {
	res := vios.Resource{MunicipalityID: municipalityID}
	return vios.Authorize(actor, vios.ActionViewProcessingLog, res) == nil || vios.Authorize(actor, vios.ActionEditCovenant, res) == nil
}

// listActivities: GET /api/v1/verwerkingsactiviteiten — the register of
// every municipality where the user is privacy officer or regisseur, each
// activity with the clauses of the municipality's covenants that rely on
// it. The platform's own activities appear once per municipality, each
// time with that municipality's clauses.
func (h *Handler) listActivities(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	var reach []string
	for _, m := range actor.Municipalities() {
		if mayReadRegister(actor, m) {
			reach = append(reach, m)
		}
	}
	if len(reach) == 0 {
		h.writeError(w, r, vios.Errorf(vios.EFORBIDDEN, "Het verwerkingsregister is er voor de functionaris gegevensbescherming en de regisseur van een gemeente."))
		return
	}
	// Within a municipality the store's order: the platform's activities
	// first, then the municipality's own, by name.
	writeItems(h, w, r, reach, func(m string, munis map[string]*vios.Municipality) ([]activityJSON, error) {
		activities, err := h.Logbook.ListActivities(r.Context(), m)
		if err != nil {
			return nil, err
		}
		support, err := h.support(r.Context(), actor, m)
		items := []activityJSON{}
		for _, a := range activities {
			item := activityJSON{ID: a.ID, URI: vios.ActivityURL(h.BaseURL, a.URI), Naam: a.Name, Doel: a.Purpose, Grondslag: a.LegalBasis, Gegevens: a.DataCategories,
				Bewaartermijn: a.Retention, Standaard: a.MunicipalityID == "", Versie: a.Version, SteundDoor: []supportJSON{}}
			item.SteundDoor = append(item.SteundDoor, support[a.ID]...)
			item.Gemeente, item.GemeenteNaam = municipalityNames(munis, m)
			items = append(items, item)
		}
		return items, err
	}, func(a, b activityJSON) bool { return a.GemeenteNaam < b.GemeenteNaam })
}

// support maps each activity of the municipality's register to the
// clauses that rely on it, in the covenants the actor may read.
func (h *Handler) support(ctx context.Context, actor *vios.Actor, municipalityID string) (map[string][]supportJSON, error) {
	out := map[string][]supportJSON{}
	list, err := h.Covenants.ListCovenants(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	for _, summary := range list {
		if vios.Authorize(actor, vios.ActionViewCovenant, summary.Resource()) != nil {
			continue
		}
		c, err := h.Covenants.FindCovenant(ctx, municipalityID, summary.ID)
		if err != nil {
			return nil, err
		}
		for _, clause := range c.Clauses {
			for _, a := range clause.ActivityIDs {
				out[a] = append(out[a], supportJSON{ID: clause.ID, Doel: clause.Purpose, Convenant: c.ID, ConvenantTitel: c.Title,
					Links: selfLinks{Self: linkJSON{Prefix + "/deelafspraken/" + clause.ID}}})
			}
		}
	}
	return out, nil
}
