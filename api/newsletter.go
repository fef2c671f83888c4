package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The trend newsletters, read-only, with a personal token: what the
// token's user reads on the web — the sent newsletters of every
// municipality where they have a role, and the drafts too where they are
// the regisseur. Counts below 5 read "minder dan 5" here as everywhere.

func (h *Handler) newsletterRoutes() []httpx.Route {
	with := h.withService(h.Newsletters != nil, "newsletter")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/nieuwsbrieven", Handler: with("lezen", h.listNewsletters)},
		{Method: "GET", Pattern: Prefix + "/nieuwsbrieven/{id}", Handler: with("lezen", h.getNewsletter)},
	}
}

const newsletterNotFound = "Deze nieuwsbrief bestaat niet of u heeft er geen toegang toe."

type newsletterSectionJSON struct {
	Sleutel string `json:"sleutel"`
	Titel   string `json:"titel"`
	Tekst   string `json:"tekst"`
}

type newsletterJSON struct {
	ID           string                  `json:"id"`
	Gemeente     string                  `json:"gemeente"`
	GemeenteNaam string                  `json:"gemeenteNaam"`
	Maand        string                  `json:"maand"` // 2026-11
	Status       string                  `json:"status"`
	Onderwerp    string                  `json:"onderwerp"`
	Inleiding    string                  `json:"inleiding"`
	Secties      []newsletterSectionJSON `json:"secties"`
	VerzondenOp  *isoTime                `json:"verzondenOp,omitempty"`
	GewijzigdOp  isoTime                 `json:"gewijzigdOp"`
	Links        struct {
		Self      linkJSON `json:"self"`
		Webpagina linkJSON `json:"webpagina"`
	} `json:"_links"`
}

func toNewsletterJSON(n *vios.Newsletter) newsletterJSON {
	out := newsletterJSON{ID: n.ID, Gemeente: n.MunicipalityID, GemeenteNaam: n.MunicipalityName, Maand: n.Month.Format("2006-01"),
		Status: n.Status, Onderwerp: n.Subject(), Inleiding: n.Intro, Secties: []newsletterSectionJSON{},
		GewijzigdOp: isoTime(n.UpdatedAt)}
	for _, s := range n.Sections {
		out.Secties = append(out.Secties, newsletterSectionJSON{Sleutel: s.Key, Titel: s.Title, Tekst: s.Body})
	}
	if n.SentAt != nil {
		at := isoTime(*n.SentAt)
		out.VerzondenOp = &at
	}
	out.Links.Self = linkJSON{Prefix + "/nieuwsbrieven/" + n.ID}
	out.Links.Webpagina = linkJSON{"/nieuwsbrieven/" + n.MunicipalitySlug + "/" + n.ID}
	return out
}

// listNewsletters: GET /api/v1/nieuwsbrieven, newest month first, without
// their sections' texts (read one for those).
func (h *Handler) listNewsletters(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	var v vios.Validation
	if !h.queryOK(w, r, &v) {
		return
	}
	list, err := h.Newsletters.ReadableNewsletters(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := make([]newsletterJSON, 0, len(list))
	for _, n := range list {
		items = append(items, toNewsletterJSON(n))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getNewsletter: GET /api/v1/nieuwsbrieven/{id}
func (h *Handler) getNewsletter(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	resource[*vios.Newsletter]{h: h, unnamed: true,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.Newsletter, error) {
			if err := checkID(id); err != nil {
				return nil, err
			}
			n, err := h.Newsletters.FindNewsletter(ctx, id)
			return n, hidden(err, newsletterNotFound)
		},
		path: func(n *vios.Newsletter) string { return Prefix + "/nieuwsbrieven/" + n.ID },
		toJSON: func(n *vios.Newsletter, _ *vios.Actor, _ map[string]*vios.Municipality) any {
			return toNewsletterJSON(n)
		}}.get(w, r, actor)
}
