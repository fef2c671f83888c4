package api

import (
	"context"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Covenants for integrations with a personal token: the covenants of
// the municipalities where the token's user holds a role, their parties,
// working agreements, action protocol and data-sharing clauses, and how
// well the working agreements are kept. As for networks, a covenant the
// user may not read is answered as one that does not exist (404).

// covenantStatuses is the code list of a covenant's status.
var covenantStatuses = labelsOf(vios.CovenantStatusLabel, vios.CovenantDraft, vios.CovenantActive, vios.CovenantExpired, vios.CovenantEnded)

// partyStatuses is the code list of a party's status.
var partyStatuses = labelsOf(vios.PartyStatusLabel, vios.PartyInvited, vios.PartyPending, vios.PartySigned, vios.PartyDeclined,
	vios.PartyWithdrawn)

// labelsOf makes a code list of codes whose list the domain keeps to itself.
func labelsOf(label func(string) string, codes ...string) []vios.Label {
	list := make([]vios.Label, 0, len(codes))
	for _, c := range codes {
		list = append(list, vios.Label{Code: c, Label: label(c)})
	}
	return list
}

// covenantJSON is a covenant as the API shows it in a list.
type covenantJSON struct {
	ID             string        `json:"id"`
	Gemeente       string        `json:"gemeente"`
	GemeenteNaam   string        `json:"gemeenteNaam"`
	Titel          string        `json:"titel"`
	Status         string        `json:"status"`
	Ingangsdatum   string        `json:"ingangsdatum"`
	Einddatum      string        `json:"einddatum"`
	Evaluatiedatum string        `json:"evaluatiedatum"`
	BeeindigdOp    *string       `json:"beeindigdOp"`
	Deelbaar       bool          `json:"deelbaar"`
	GebaseerdOp    string        `json:"gebaseerdOp"`
	Versie         int           `json:"versie"`
	AangemaaktOp   isoTime       `json:"aangemaaktOp"`
	GewijzigdOp    isoTime       `json:"gewijzigdOp"`
	Links          covenantLinks `json:"_links"`
}

type covenantLinks struct {
	Self     linkJSON `json:"self"`
	Naleving linkJSON `json:"naleving"`
}

// covenantDetailJSON is one covenant with everything in it.
type covenantDetailJSON struct {
	covenantJSON
	Doelen             string          `json:"doelen"`
	Partijen           []partyJSON     `json:"partijen"`
	Werkafspraken      []agreementJSON `json:"werkafspraken"`
	Handelingsprotocol []protocolJSON  `json:"handelingsprotocol"`
	Deelafspraken      []clauseJSON    `json:"deelafspraken"`
}

type partyJSON struct {
	ID                    string  `json:"id"`
	Organisatie           string  `json:"organisatie"`
	OrganisatieNaam       string  `json:"organisatieNaam"`
	Rol                   string  `json:"rol"`
	Verantwoordelijkheden string  `json:"verantwoordelijkheden"`
	Ondertekenaars        string  `json:"ondertekenaars"`
	Status                string  `json:"status"`
	GetekendOp            *string `json:"getekendOp"`
	// NietBevestigd: marked signed before parties confirmed their own
	// signature (0.12.0), and not confirmed since.
	NietBevestigd bool     `json:"nietBevestigd"`
	VastgelegdOp  *isoTime `json:"vastgelegdOp"`
	BeantwoordOp  *isoTime `json:"beantwoordOp"`
}

// agreementJSON is a working agreement. It has no id: the store gives the
// agreements new ids with every version, so an id would name nothing.
type agreementJSON struct {
	Netwerk      *string `json:"netwerk"`
	NetwerkNaam  *string `json:"netwerkNaam"`
	Omschrijving string  `json:"omschrijving"`
	KeerPerJaar  int     `json:"keerPerJaar"`
	Voorzitter   string  `json:"voorzitter"`
	Deelnemers   string  `json:"deelnemers"`
}

type protocolJSON struct {
	Incident string `json:"incident"`
	Stappen  string `json:"stappen"`
}

type clauseJSON struct {
	ID                      string          `json:"id"`
	Doel                    string          `json:"doel"`
	Grondslag               *string         `json:"grondslag"`
	Artikel10               bool            `json:"artikel10"`
	Artikel10Grondslag      string          `json:"artikel10Grondslag"`
	MetNaam                 bool            `json:"metNaam"`
	TussenScholen           bool            `json:"tussenScholen"`
	Overdracht              bool            `json:"overdracht"`
	OverdrachtGemeenten     []string        `json:"overdrachtGemeenten"`
	GrensGemeenten          []string        `json:"grensGemeenten"`
	Ontvangers              []recipientJSON `json:"ontvangers"`
	BewaartermijnSignalen   int             `json:"bewaartermijnSignalen"`
	BewaartermijnCasussen   int             `json:"bewaartermijnCasussen"`
	BewaartermijnVerslagen  int             `json:"bewaartermijnVerslagen"`
	Verwerkingsactiviteiten []string        `json:"verwerkingsactiviteiten"`
	Links                   selfLinks       `json:"_links"`
}

type recipientJSON struct {
	Soort       string   `json:"soort"`
	Categorieen []string `json:"categorieen"`
	// Organisaties: the parties of the kind that receive; empty: every
	// party of the kind.
	Organisaties []string `json:"organisaties"`
}

func covenantPath(id string) string { return Prefix + "/convenanten/" + id }

func toCovenantJSON(c *vios.Covenant, munis map[string]*vios.Municipality, now time.Time) covenantJSON {
	out := covenantJSON{
		ID: c.ID, Titel: c.Title, Status: c.Status(now), Ingangsdatum: dateString(c.StartsOn), Einddatum: dateString(c.EndsOn),
		Evaluatiedatum: dateString(c.EvaluateOn), BeeindigdOp: datePtr(c.EndedOn), Deelbaar: c.Shareable, GebaseerdOp: c.BasedOn,
		Versie: c.Version, AangemaaktOp: isoTime(c.CreatedAt), GewijzigdOp: isoTime(c.UpdatedAt),
		Links: covenantLinks{Self: linkJSON{covenantPath(c.ID)}, Naleving: linkJSON{covenantPath(c.ID) + "/naleving"}},
	}
	if m := munis[c.MunicipalityID]; m != nil {
		out.Gemeente, out.GemeenteNaam = m.Slug, m.Name
	}
	return out
}

func toClauseJSON(s *vios.SharingClause) clauseJSON {
	out := clauseJSON{ID: s.ID, Doel: s.Purpose, Grondslag: strPtr(s.LegalBasis), Artikel10: s.Article10,
		Artikel10Grondslag: s.Article10Ground, MetNaam: s.Named, TussenScholen: s.AcrossSchools, Ontvangers: []recipientJSON{},
		Overdracht: s.Transfer, OverdrachtGemeenten: append([]string{}, s.TransferMunicipalities...),
		GrensGemeenten:        append([]string{}, s.BorderMunicipalities...),
		BewaartermijnSignalen: s.RetentionSignals, BewaartermijnCasussen: s.RetentionCases, BewaartermijnVerslagen: s.RetentionMinutes,
		Verwerkingsactiviteiten: []string{}, Links: selfLinks{Self: linkJSON{Prefix + "/deelafspraken/" + s.ID}}}
	for _, r := range s.Recipients {
		out.Ontvangers = append(out.Ontvangers, recipientJSON{Soort: r.Kind, Categorieen: append([]string{}, r.Categories...),
			Organisaties: append([]string{}, r.OrganisationIDs...)})
	}
	out.Verwerkingsactiviteiten = append(out.Verwerkingsactiviteiten, s.ActivityIDs...)
	return out
}

func toCovenantDetailJSON(c *vios.Covenant, munis map[string]*vios.Municipality, now time.Time) covenantDetailJSON {
	out := covenantDetailJSON{covenantJSON: toCovenantJSON(c, munis, now), Doelen: c.Goals, Partijen: []partyJSON{},
		Werkafspraken: []agreementJSON{}, Handelingsprotocol: []protocolJSON{}, Deelafspraken: []clauseJSON{}}
	for _, p := range c.Parties {
		out.Partijen = append(out.Partijen, partyJSON{ID: p.ID, Organisatie: p.OrganisationID, OrganisatieNaam: p.OrganisationName,
			Rol: p.Role, Verantwoordelijkheden: p.Responsibilities, Ondertekenaars: p.Signatories, Status: p.Status,
			GetekendOp: datePtr(p.SignedOn), NietBevestigd: p.Unconfirmed(), VastgelegdOp: isoTimePtr(p.Signature.RecordedAt),
			BeantwoordOp: isoTimePtr(p.Signature.DecidedAt)})
	}
	for _, a := range c.Agreements {
		out.Werkafspraken = append(out.Werkafspraken, agreementJSON{Netwerk: strPtr(a.NetworkID), NetwerkNaam: networkName(a),
			Omschrijving: a.Description, KeerPerJaar: a.TimesPerYear, Voorzitter: a.Chair, Deelnemers: a.Participants})
	}
	for _, s := range c.Protocol {
		out.Handelingsprotocol = append(out.Handelingsprotocol, protocolJSON{Incident: s.Incident, Stappen: s.Steps})
	}
	for i := range c.Clauses {
		out.Deelafspraken = append(out.Deelafspraken, toClauseJSON(&c.Clauses[i]))
	}
	return out
}

// networkName is the name of the agreement's network, nil without one.
func networkName(a vios.WorkingAgreement) *string {
	if a.NetworkID == "" {
		return nil
	}
	name := a.NetworkName
	return &name
}

const covenantNotFound = "Dit convenant bestaat niet."

// covenant returns the covenant with id if the actor may read it, and
// checks action on it: ENOTFOUND when they may not read it, EFORBIDDEN
// when they may read it but not do action.
func (h *Handler) covenant(ctx context.Context, actor *vios.Actor, id string, action vios.Action) (*vios.Covenant, error) {
	c, err := findIn(ctx, h, actor, vios.RecordCovenant, id, covenantNotFound, func(ctx context.Context, m string) (*vios.Covenant, error) {
		return h.Covenants.FindCovenant(ctx, m, id)
	})
	if err != nil {
		return nil, err
	}
	if vios.Authorize(actor, vios.ActionViewCovenant, c.Resource()) != nil {
		return nil, vios.Errorf(vios.ENOTFOUND, covenantNotFound)
	}
	if action != vios.ActionViewCovenant {
		if err := vios.Authorize(actor, action, c.Resource()); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// listCovenants: GET /api/v1/convenanten?status= — in every municipality
// where the user holds a role, the covenants they may read: all of them
// for the municipality's staff, else those their organisation is party to.
func (h *Handler) listCovenants(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	status := q.Get("status")
	var v vios.Validation
	if _, ok := q["status"]; ok && !inCodes(covenantStatuses, status) {
		v.Add("status", "Kies een bestaande status: %s.", codeList(covenantStatuses))
	}
	if !h.queryOK(w, r, &v, "status") {
		return
	}
	now := h.Now()
	// Within a municipality the store's order: newest first, then by title.
	writeItems(h, w, r, actor.Municipalities(), func(m string, munis map[string]*vios.Municipality) ([]covenantJSON, error) {
		list, err := h.Covenants.ListCovenants(r.Context(), m)
		items := []covenantJSON{}
		for _, c := range list {
			if vios.Authorize(actor, vios.ActionViewCovenant, c.Resource()) != nil || (status != "" && c.Status(now) != status) {
				continue
			}
			items = append(items, toCovenantJSON(c, munis, now))
		}
		return items, err
	}, func(a, b covenantJSON) bool { return a.GemeenteNaam < b.GemeenteNaam })
}

// covenants is the resource of covenants, seen by who may read them.
func (h *Handler) covenants() resource[*vios.Covenant] {
	return resource[*vios.Covenant]{h: h, kind: vios.RecordCovenant, notFound: covenantNotFound, find: h.Covenants.FindCovenant,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*vios.Covenant, error) {
			return h.covenant(ctx, actor, id, vios.ActionViewCovenant)
		},
		path: func(c *vios.Covenant) string { return covenantPath(c.ID) },
		toJSON: func(c *vios.Covenant, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return toCovenantDetailJSON(c, munis, h.Now())
		}}
}

// getCovenant: GET /api/v1/convenanten/{id}
func (h *Handler) getCovenant(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.covenants().get(w, r, actor)
}

// createCovenant: POST /api/v1/convenanten — the regisseur draws up a
// covenant in a municipality named by its slug, from scratch or from a
// template that fills what the body leaves out.
func (h *Handler) createCovenant(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !h.mayAnywhere(w, r, actor, vios.ActionEditCovenant) {
		return
	}
	c := &vios.Covenant{}
	if !h.decode(w, r, covenantInvalid, func(b *body) error {
		var slug, code string
		b.require("gemeente", "partijen")
		b.str("gemeente", &slug)
		var template *vios.CovenantTemplate
		if b.str("sjabloon", &code) {
			if template = vios.FindCovenantTemplate(code); template == nil {
				b.fail("sjabloon", "Onbekend sjabloon. Mogelijk is: %s.", templateCodes())
			}
		} else {
			b.require("titel", "doelen", "ingangsdatum", "einddatum", "evaluatiedatum")
		}
		m, err := h.municipalityForNew(r.Context(), actor, b, slug, vios.ActionEditCovenant)
		if err != nil {
			return err
		}
		var lists *covenantLists
		if m != nil {
			if lists, err = h.covenantLists(r.Context(), m.ID); err != nil {
				return err
			}
			c.MunicipalityID = m.ID
			if template != nil {
				// The template's dates follow the start the body gives.
				start := h.today()
				if given, ok := peekDate(b, "ingangsdatum"); ok {
					start = given
				}
				c = template.Fill(m.ID, start)
			}
		}
		readCovenantFields(b, c, nil, lists, h.today())
		// The service does not check the clauses one by one.
		return vios.JoinInvalid(covenantInvalid, validateCovenant(c)...)
	}, nil) {
		return
	}
	h.covenants().done(w, r, actor, c.MunicipalityID, c.ID, h.Covenants.CreateCovenant(r.Context(), c), http.StatusCreated)
}

func templateCodes() string {
	var list []vios.Label
	for _, t := range vios.CovenantTemplates {
		list = append(list, vios.Label{Code: t.Code, Label: t.Name})
	}
	return codeList(list)
}

// updateCovenant: PUT /api/v1/convenanten/{id} — replaces the whole
// covenant as a new version, if it is unchanged since gewijzigdOp; a
// clause sent back with its id stays the same clause, so the networks
// linked to it stay linked.
func (h *Handler) updateCovenant(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	current, err := h.covenant(r.Context(), actor, r.PathValue("id"), vios.ActionEditCovenant)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	lists, err := h.covenantLists(r.Context(), current.MunicipalityID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var basedOn time.Time
	var summary string
	changed := &vios.Covenant{ID: current.ID, MunicipalityID: current.MunicipalityID, BasedOn: current.BasedOn,
		Version: current.Version, CreatedAt: current.CreatedAt, UpdatedAt: current.UpdatedAt}
	if !h.decode(w, r, covenantInvalid, func(b *body) error {
		b.require("titel", "doelen", "ingangsdatum", "einddatum", "evaluatiedatum", "partijen", "werkafspraken",
			"handelingsprotocol", "deelafspraken", "wijziging", "gewijzigdOp")
		b.dateTime("gewijzigdOp", &basedOn)
		if b.str("wijziging", &summary) && trimmed(summary) == "" {
			b.fail("wijziging", "Beschrijf kort wat er in deze versie verandert.")
		}
		var ended time.Time
		if b.date("beeindigdOp", &ended) {
			if ended.After(h.today()) {
				b.fail("beeindigdOp", "Een convenant wordt beëindigd op een dag die geweest is of vandaag; een latere einddatum is de einddatum.")
			} else {
				changed.EndedOn = &ended
			}
		} else if current.EndedOn != nil && !b.isBad("beeindigdOp") {
			b.fail("beeindigdOp", "Een beëindigd convenant blijft beëindigd: stuur beeindigdOp mee zoals gelezen.")
		}
		readCovenantFields(b, changed, current, lists, h.today())
		return vios.JoinInvalid(covenantInvalid, validateCovenant(changed)...)
	}, nil) {
		return
	}
	h.covenants().done(w, r, actor, current.MunicipalityID, current.ID, h.Covenants.UpdateCovenant(r.Context(), changed, summary, basedOn), http.StatusOK)
}

// complianceJSON is how well a covenant's working agreements are kept.
type complianceJSON struct {
	Convenant       string               `json:"convenant"`
	ConvenantTitel  string               `json:"convenantTitel"`
	Vanaf           string               `json:"vanaf"`
	Tot             string               `json:"tot"`
	Oordeel         string               `json:"oordeel"`
	Nagekomen       bool                 `json:"nagekomen"`
	Evaluatiedatum  string               `json:"evaluatiedatum"`
	EvaluatieTeLaat bool                 `json:"evaluatieTeLaat"`
	NietGetekend    []string             `json:"nietGetekend"`
	Werkafspraken   []agreementCheckJSON `json:"werkafspraken"`
	Links           complianceLinksJSON  `json:"_links"`
}

type complianceLinksJSON struct {
	Self      linkJSON `json:"self"`
	Convenant linkJSON `json:"convenant"`
}

type agreementCheckJSON struct {
	Omschrijving string   `json:"omschrijving"`
	Netwerk      *string  `json:"netwerk"`
	NetwerkNaam  *string  `json:"netwerkNaam"`
	KeerPerJaar  int      `json:"keerPerJaar"`
	Verwacht     int      `json:"verwacht"`
	Gehouden     int      `json:"gehouden"`
	TeBeoordelen bool     `json:"teBeoordelen"`
	Nagekomen    bool     `json:"nagekomen"`
	Afwezig      []string `json:"afwezig"`
}

// getCompliance: GET /api/v1/convenanten/{id}/naleving — each working
// agreement against the meetings its network held over the last year of
// the covenant, the parties that have not signed and whether the
// evaluation is overdue.
func (h *Handler) getCompliance(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	c, err := h.covenant(r.Context(), actor, r.PathValue("id"), vios.ActionViewCovenant)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	networks := map[string]*vios.Network{}
	meetings := map[string][]*vios.Meeting{}
	for _, a := range c.Agreements {
		if a.NetworkID == "" || networks[a.NetworkID] != nil {
			continue
		}
		n, err := h.Networks.FindNetwork(r.Context(), c.MunicipalityID, a.NetworkID)
		if vios.ErrorCode(err) == vios.ENOTFOUND {
			continue // checked as an agreement without a network
		} else if err != nil {
			h.writeError(w, r, err)
			return
		}
		list, err := h.Networks.ListMeetings(r.Context(), vios.MeetingFilter{MunicipalityID: c.MunicipalityID, NetworkID: n.ID, WithDetails: true})
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		networks[n.ID], meetings[n.ID] = n, list
	}
	check := vios.CheckCompliance(c, networks, meetings, h.Now())
	out := complianceJSON{Convenant: c.ID, ConvenantTitel: c.Title, Vanaf: dateString(check.From), Tot: dateString(check.To),
		Oordeel: check.Verdict(), Nagekomen: check.Kept(), Evaluatiedatum: dateString(c.EvaluateOn), EvaluatieTeLaat: check.EvaluationOverdue,
		NietGetekend: append([]string{}, check.Unsigned...), Werkafspraken: []agreementCheckJSON{},
		Links: complianceLinksJSON{Self: linkJSON{covenantPath(c.ID) + "/naleving"}, Convenant: linkJSON{covenantPath(c.ID)}}}
	for _, a := range check.Agreements {
		out.Werkafspraken = append(out.Werkafspraken, agreementCheckJSON{Omschrijving: a.Agreement.Description,
			Netwerk: strPtr(a.Agreement.NetworkID), NetwerkNaam: networkName(a.Agreement), KeerPerJaar: a.Agreement.TimesPerYear,
			Verwacht: a.Expected, Gehouden: a.Held, TeBeoordelen: a.Tracked && !a.TooEarly, Nagekomen: a.Kept, Afwezig: append([]string{}, a.Absent...)})
	}
	writeJSON(w, http.StatusOK, out)
}
