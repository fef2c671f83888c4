package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Covenants: the register, parties and signatures, working agreements, the
// action protocol, data-sharing clauses and the compliance page. Every
// change is a new version that says what changed.

func (h *Handler) covenantRoutes() []httpx.Route {
	return append([]httpx.Route{
		{Method: "GET", Pattern: "/convenanten/{gemeente}", Handler: h.listCovenants},
		{Method: "GET", Pattern: "/convenanten/{gemeente}/nieuw", Handler: h.newCovenantForm},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/nieuw", Handler: h.createCovenant},
		{Method: "GET", Pattern: "/convenanten/{gemeente}/{id}", Handler: h.showCovenant},
		{Method: "GET", Pattern: "/convenanten/{gemeente}/{id}/naleving", Handler: h.covenantCompliance},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/partijen", Handler: h.addParty},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/partijen/{partij}/tekenen", Handler: h.signParty},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/partijen/{partij}/terugtrekken", Handler: h.withdrawParty},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/werkafspraken", Handler: h.addAgreement},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/deelafspraken", Handler: h.addClause},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/handelingsprotocol", Handler: h.addProtocolStep},
		{Method: "POST", Pattern: "/convenanten/{gemeente}/{id}/beeindigen", Handler: h.endCovenant},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/deelafspraak", Handler: h.linkNetworkClause},
	}, h.printRoutes("/convenanten/{gemeente}/{id}/afdrukken", "/convenanten/{gemeente}/{id}/convenant.pdf", h.covenantPrint)...)
}

// covenantIn loads the covenant in the path and checks action against it.
func (h *Handler) covenantIn(w http.ResponseWriter, r *http.Request, action vios.Action) (*vios.Municipality, *vios.Covenant, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	c, err := h.Covenants.FindCovenant(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, false
	}
	res := c.Resource()
	if !h.authorize(w, r, action, res) {
		return nil, nil, false
	}
	return m, c, true
}

// partyRow is one party line of the new-covenant form, as typed.
type partyRow struct {
	OrganisationID, Role, Signatories string
}

// partyRows is how many parties the new-covenant form offers.
const partyRows = 4

func (h *Handler) renderCovenantForm(w http.ResponseWriter, r *http.Request, status int, f covenantForm) {
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: f.Municipality.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f.Organisations = orgs
	for len(f.Rows) < partyRows {
		f.Rows = append(f.Rows, partyRow{})
	}
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	h.render(w, r, status, "convenant-form", page{Title: "Nieuw convenant", Current: "netwerken", Data: f})
}

type covenantRow struct {
	Covenant *vios.Covenant
	Status   string
}

func (h *Handler) listCovenants(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	if len(actorRolesIn(actor, m.ID)) == 0 {
		h.authorize(w, r, vios.ActionViewCovenant, vios.Resource{MunicipalityID: m.ID})
		return
	}
	list, err := h.Covenants.ListCovenants(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var rows []covenantRow
	for _, c := range list {
		if vios.Authorize(actor, vios.ActionViewCovenant, c.Resource()) == nil {
			rows = append(rows, covenantRow{c, c.Status(h.now())})
		}
	}
	mayEdit := vios.Authorize(actor, vios.ActionEditCovenant, vios.Resource{MunicipalityID: m.ID}) == nil
	var shared []vios.SharedCovenant
	if mayEdit {
		if shared, err = h.Covenants.ListSharedCovenants(r.Context(), m.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "convenanten", page{Title: "Convenanten", Current: "netwerken", Data: struct {
		Municipality *vios.Municipality
		Covenants    []covenantRow
		MayEdit      bool
		Templates    []vios.CovenantTemplate
		Shared       []vios.SharedCovenant
	}{m, rows, mayEdit, vios.CovenantTemplates, shared}})
}

// covenantForm is the data of the form for a new covenant.
type covenantForm struct {
	Municipality  *vios.Municipality
	Covenant      *vios.Covenant
	Organisations []*vios.Organisation
	Rows          []partyRow
	Template      string
	formOutcome
}

var covenantAnchors = map[string]string{"titel": "titel", "doelen": "doelen", "ingangsdatum": "ingangsdatum",
	"einddatum": "einddatum", "evaluatiedatum": "evaluatiedatum", "partijen": "partijen"}

func (h *Handler) newCovenantForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionEditCovenant)
	if !ok {
		return
	}
	c := &vios.Covenant{MunicipalityID: m.ID, StartsOn: h.today(), EndsOn: h.today().AddDate(4, 0, 0), EvaluateOn: h.today().AddDate(1, 0, 0)}
	code := r.URL.Query().Get("sjabloon")
	if t := vios.FindCovenantTemplate(code); t != nil {
		c = t.Fill(m.ID, h.today())
	} else if example := r.URL.Query().Get("voorbeeld"); example != "" {
		var err error
		if c, err = h.fromExample(r, m, example); err != nil {
			h.renderError(w, r, err)
			return
		}
		code = "voorbeeld:" + example
	}
	h.renderCovenantForm(w, r, http.StatusOK, covenantForm{Municipality: m, Covenant: c, Template: code})
}

// fromExample starts a covenant from another municipality's shared one;
// a covenant that is not shared is not found.
func (h *Handler) fromExample(r *http.Request, m *vios.Municipality, id string) (*vios.Covenant, error) {
	shared, err := h.Covenants.ListSharedCovenants(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range shared {
		if s.Covenant.ID == id {
			return vios.FromExample(s.Covenant, s.Municipality, m.ID, h.today()), nil
		}
	}
	return nil, vios.Errorf(vios.ENOTFOUND, "Dit voorbeeld bestaat niet of wordt niet (meer) gedeeld.")
}

func (h *Handler) createCovenant(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionEditCovenant)
	if !ok || !h.parseForm(w, r) {
		return
	}
	// The template fills what the form does not show (agreements, protocol,
	// clauses); the form sets the rest, and at least two parties.
	code := formValue(r, "sjabloon")
	c := &vios.Covenant{MunicipalityID: m.ID}
	if t := vios.FindCovenantTemplate(code); t != nil {
		c = t.Fill(m.ID, h.today())
	} else if example, ok := strings.CutPrefix(code, "voorbeeld:"); ok {
		var err error
		if c, err = h.fromExample(r, m, example); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	var v vios.Validation
	c.Title, c.Goals = formValue(r, "titel"), formValue(r, "doelen")
	c.StartsOn, c.EndsOn, c.EvaluateOn = dateField(r, "ingangsdatum", &v), dateField(r, "einddatum", &v), dateField(r, "evaluatiedatum", &v)
	c.Shareable = formValue(r, "deelbaar") == "ja"
	var rows []partyRow
	for i := range partyRows {
		n := strconv.Itoa(i)
		row := partyRow{OrganisationID: formValue(r, "partij-"+n), Role: formValue(r, "rol-"+n), Signatories: formValue(r, "tekent-"+n)}
		rows = append(rows, row)
		if row.OrganisationID != "" {
			c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: row.OrganisationID, Role: row.Role,
				Signatories: row.Signatories, Status: vios.PartyInvited})
		}
	}
	err := vios.JoinInvalid("Het convenant is niet volledig of niet juist.", v.Err(""), c.Validate())
	if err == nil {
		err = h.Covenants.CreateCovenant(r.Context(), c)
	}
	if err != nil {
		f := covenantForm{Municipality: m, Covenant: c, Template: code, Rows: rows}
		f.formOutcome = formFailure(err, covenantAnchors)
		h.formFailed(w, r, err, func(status int) { h.renderCovenantForm(w, r, status, f) })
		return
	}
	http.Redirect(w, r, "/convenanten/"+m.Slug+"/"+c.ID+"?melding=aangemaakt", http.StatusSeeOther)
}

// covenantPage is the data of a covenant's page.
type covenantPage struct {
	Municipality  *vios.Municipality
	Covenant      *vios.Covenant
	Status        string
	Version       string
	Today         time.Time
	MayEdit       bool
	Notice        string
	Organisations []*vios.Organisation
	Networks      []*vios.Network
	Activities    []*vios.ProcessingActivity
	Phenomena     []vios.Phenomenon
	Versions      []vios.CovenantVersion
	// Answerable: the parties whose signature waits for this user.
	Answerable map[string]bool
	formOutcome
	Kinds      []vios.Label
	Categories []vios.Label
	Bases      []vios.Label
	// RecipientParties: per clause id, per recipient, the parties of the
	// covenant it names (only those that signed receive anything).
	RecipientParties map[string][][]vios.CovenantParty
	// OtherMunicipalities: the municipalities a clause can name across the
	// border (border.go), and their names for the clauses shown.
	OtherMunicipalities []*vios.Municipality
}

// MunicipalityName returns the name of another municipality by id.
func (p covenantPage) MunicipalityName(id string) string {
	for _, m := range p.OtherMunicipalities {
		if m.ID == id {
			return m.Name
		}
	}
	return id
}

var covenantNotices = map[string]string{
	"aangemaakt": "Het convenant is aangemaakt als concept. Het wordt actief als alle partijen hun ondertekening op het platform hebben bevestigd.",
	"opgeslagen": "De wijziging is opgeslagen als nieuwe versie.",
	"gekoppeld":  "Het netwerk is gekoppeld aan de afspraak over gegevensdeling.",
	"beeindigd":  "Het convenant is beëindigd; de netwerken die erop steunen vallen terug op gepseudonimiseerde bespreking.",
	"bevestigd":  "U heeft de ondertekening bevestigd.",
	"geweigerd":  "U heeft vastgelegd dat uw organisatie niet tekent.",
}

func (h *Handler) showCovenant(w http.ResponseWriter, r *http.Request) {
	m, c, ok := h.covenantIn(w, r, vios.ActionViewCovenant)
	if !ok {
		return
	}
	h.renderCovenant(w, r, http.StatusOK, m, c, nil)
}

func (h *Handler) renderCovenant(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, c *vios.Covenant, err error) {
	actor := vios.ActorFromContext(r.Context())
	p := covenantPage{Municipality: m, Covenant: c, Status: c.Status(h.now()), Version: c.UpdatedAt.Format(time.RFC3339Nano),
		Today: h.today(), MayEdit: vios.Authorize(actor, vios.ActionEditCovenant, c.Resource()) == nil,
		Notice: covenantNotices[r.URL.Query().Get("melding")], formOutcome: blankForm(),
		Kinds: vios.RecipientKinds(), Categories: vios.DataCategories, Bases: vios.LegalBases}
	// The organisations, also for readers: a clause names its recipients by
	// the parties of each kind.
	var lerr error
	p.Organisations, lerr = h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if lerr == nil {
		p.OtherMunicipalities, lerr = h.otherMunicipalities(r, m.ID)
	}
	if lerr == nil && p.MayEdit {
		if p.Networks, lerr = h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: m.ID}); lerr == nil {
			p.Activities, lerr = h.Logbook.ListActivities(r.Context(), m.ID)
		}
	}
	kinds := map[string]string{}
	for _, o := range p.Organisations {
		kinds[o.ID] = vios.RecipientKindOf(o)
	}
	p.RecipientParties = map[string][][]vios.CovenantParty{}
	for i := range c.Clauses {
		p.RecipientParties[c.Clauses[i].ID] = c.RecipientParties(&c.Clauses[i], func(id string) string { return kinds[id] })
	}
	if lerr == nil {
		p.Phenomena, lerr = h.Networks.ListPhenomena(r.Context(), m.ID)
	}
	if lerr == nil {
		p.Versions, lerr = h.Covenants.ListCovenantVersions(r.Context(), m.ID, c.ID)
	}
	if lerr == nil {
		p.Answerable, lerr = h.answerable(r, c.ID)
	}
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	if err != nil {
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(err, map[string]string{"partijen": "partijen", "werkafspraken": "werkafspraken",
			"doel": "clause-doel", "grondslag": "clause-grondslag", "artikel10": "clause-artikel10", "ontvangers": "clause-ontvangers",
			"bewaartermijnSignalen": "clause-signalen", "bewaartermijnCasussen": "clause-casussen", "bewaartermijnVerslagen": "clause-verslagen",
			"wijziging": "partijen", "deelafspraken": "deelafspraken", "handelingsprotocol": "protocol-incident",
			"grensGemeenten": "clause-grens"})
	}
	h.render(w, r, status, "convenant", page{Title: c.Title, Current: "netwerken", Data: p,
		Attachments: h.attachments(r, m, vios.OwnerCovenant, c.ID, p.MayEdit)})
}

// changeCovenant applies change to the covenant in the path and saves it as
// a new version, based on the version the form showed.
func (h *Handler) changeCovenant(w http.ResponseWriter, r *http.Request, anchor string, change func(c *vios.Covenant) (string, error)) {
	m, c, ok := h.covenantIn(w, r, vios.ActionEditCovenant)
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	original, _ := h.Covenants.FindCovenant(r.Context(), m.ID, c.ID)
	summary, err := change(c)
	if err == nil {
		err = h.Covenants.UpdateCovenant(r.Context(), c, summary, basedOn)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderCovenant(w, r, status, m, original, err) })
		return
	}
	http.Redirect(w, r, "/convenanten/"+m.Slug+"/"+c.ID+"?melding=opgeslagen#"+anchor, http.StatusSeeOther)
}

func (h *Handler) addParty(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "partijen", func(c *vios.Covenant) (string, error) {
		p := vios.CovenantParty{OrganisationID: formValue(r, "organisatie"), Role: formValue(r, "rol"),
			Responsibilities: formValue(r, "verantwoordelijkheden"), Signatories: formValue(r, "tekent"), Status: vios.PartyInvited}
		c.Parties = append(c.Parties, p)
		orgs, _ := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: c.MunicipalityID})
		name := "een partij"
		for _, o := range orgs {
			if o.ID == p.OrganisationID {
				name = o.Name
			}
		}
		return "Partij toegevoegd: " + name, nil
	})
}

func (h *Handler) partyOf(c *vios.Covenant, r *http.Request) (*vios.CovenantParty, error) {
	for i := range c.Parties {
		if c.Parties[i].ID == r.PathValue("partij") {
			return &c.Parties[i], nil
		}
	}
	return nil, vios.Errorf(vios.ENOTFOUND, "Deze partij bestaat niet.")
}

func (h *Handler) signParty(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "partijen", func(c *vios.Covenant) (string, error) {
		p, err := h.partyOf(c, r)
		if err != nil {
			return "", err
		}
		var v vios.Validation
		on := dateField(r, "getekendOp", &v)
		v.Check(!on.IsZero(), "partijen", "Vul de datum van ondertekening in.")
		v.Check(on.IsZero() || !on.After(h.today()), "partijen", "De datum van ondertekening ligt niet in de toekomst.")
		if err := v.Err("De ondertekening is niet vastgelegd."); err != nil {
			return "", err
		}
		// A recording: the party itself confirms it (covenant_signature.go).
		p.Status, p.SignedOn = vios.PartyPending, &on
		return "Ondertekening door " + p.OrganisationName + " op " + vios.DutchDate(on) + " vastgelegd; wacht op bevestiging door de partij", nil
	})
}

func (h *Handler) withdrawParty(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "partijen", func(c *vios.Covenant) (string, error) {
		p, err := h.partyOf(c, r)
		if err != nil {
			return "", err
		}
		p.Status, p.SignedOn = vios.PartyWithdrawn, nil
		return p.OrganisationName + " heeft zich teruggetrokken", nil
	})
}

func (h *Handler) addAgreement(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "werkafspraken", func(c *vios.Covenant) (string, error) {
		times, err := strconv.Atoi(formValue(r, "keerPerJaar"))
		if err != nil {
			return "", vios.Invalid("werkafspraken", "Vul in hoe vaak per jaar het overleg is.", "De werkafspraak is niet toegevoegd.")
		}
		a := vios.WorkingAgreement{NetworkID: formValue(r, "netwerk"), Description: formValue(r, "omschrijving"), TimesPerYear: times,
			Chair: formValue(r, "voorzitter"), Participants: formValue(r, "deelnemers")}
		c.Agreements = append(c.Agreements, a)
		return "Werkafspraak toegevoegd: " + a.Description, nil
	})
}

func (h *Handler) addProtocolStep(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "handelingsprotocol", func(c *vios.Covenant) (string, error) {
		step := vios.ProtocolStep{Incident: formValue(r, "incident"), Steps: formValue(r, "stappen")}
		phenomena, err := h.Networks.ListPhenomena(r.Context(), c.MunicipalityID)
		if err != nil {
			return "", err
		}
		known := false
		for _, p := range phenomena {
			known = known || p.Code == step.Incident
		}
		for _, s := range c.Protocol {
			if s.Incident == step.Incident {
				return "", vios.Invalid("handelingsprotocol", "Voor dit soort incident staan al stappen in het protocol.", "De stappen zijn niet toegevoegd.")
			}
		}
		if !known || step.Steps == "" {
			return "", vios.Invalid("handelingsprotocol", "Kies het soort incident en beschrijf de stappen.", "De stappen zijn niet toegevoegd.")
		}
		c.Protocol = append(c.Protocol, step)
		return "Handelingsprotocol aangevuld", nil
	})
}

func (h *Handler) addClause(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "deelafspraken", func(c *vios.Covenant) (string, error) {
		var v vios.Validation
		number := func(name string) int {
			n, err := strconv.Atoi(formValue(r, name))
			v.Check(err == nil, name, "Vul een aantal dagen in.")
			return n
		}
		s := vios.SharingClause{Purpose: formValue(r, "doel"), LegalBasis: formValue(r, "grondslag"),
			Article10: formValue(r, "artikel10") == "ja", Article10Ground: formValue(r, "artikel10Grondslag"),
			Named: formValue(r, "metNaam") == "ja", AcrossSchools: formValue(r, "tussenScholen") == "ja",
			Transfer: formValue(r, "overdracht") == "ja", ActivityIDs: r.PostForm["activiteit"],
			BorderMunicipalities: r.PostForm["grensGemeente"],
			RetentionSignals:     number("bewaartermijnSignalen"), RetentionCases: number("bewaartermijnCasussen"),
			RetentionMinutes: number("bewaartermijnVerslagen")}
		for _, kind := range vios.RecipientKinds() {
			if cats := r.PostForm["ontvanger-"+kind.Code]; len(cats) > 0 {
				s.Recipients = append(s.Recipients, vios.ClauseRecipient{Kind: kind.Code, Categories: cats})
			}
		}
		if err := vios.JoinInvalid("De afspraak over gegevensdeling is niet volledig of niet juist.", v.Err(""), s.Validate()); err != nil {
			return "", err
		}
		c.Clauses = append(c.Clauses, s)
		return "Afspraak over gegevensdeling toegevoegd: " + s.Purpose, nil
	})
}

func (h *Handler) endCovenant(w http.ResponseWriter, r *http.Request) {
	h.changeCovenant(w, r, "status", func(c *vios.Covenant) (string, error) {
		if c.EndedOn != nil {
			return "", vios.Errorf(vios.ECONFLICT, "Dit convenant is al beëindigd.")
		}
		today := h.today()
		c.EndedOn = &today
		return "Beëindigd op " + vios.DutchDate(today), nil
	})
}

// otherMunicipalities lists every municipality but the own one.
func (h *Handler) otherMunicipalities(r *http.Request, own string) ([]*vios.Municipality, error) {
	all, err := h.Organisations.ListMunicipalities(r.Context())
	var out []*vios.Municipality
	for _, m := range all {
		if m.ID != own {
			out = append(out, m)
		}
	}
	return out, err
}
