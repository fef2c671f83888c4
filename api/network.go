package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/vios-platform/vios"
)

// Networks, meetings and actions for integrations with a personal
// token. Ids in paths are global: a record is looked up in every
// municipality where the token's user holds a role, and a record the user
// may not see is answered as one that does not exist (404), so the API
// tells nobody what exists outside their reach.

// isoTime is a moment as the API writes it: ISO 8601 in UTC, to the
// microsecond, so that a gewijzigdOp read can be sent back unchanged as the
// version a change is based on.
type isoTime time.Time

func (t isoTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000000Z") + `"`), nil
}

func isoPtr(t *time.Time) *isoTime {
	if t == nil {
		return nil
	}
	v := isoTime(*t)
	return &v
}

func dateString(t time.Time) string { return t.Format(time.DateOnly) }

func datePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := dateString(*t)
	return &s
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

type selfLinks struct {
	Self linkJSON `json:"self"`
}

// today is the day memberships are judged on.
func (h *Handler) today() time.Time { return vios.Date(h.Now()) }

// checkID refuses an id that is not a lower-case UUID, as /aanpakken/{id} does.
func checkID(id string) error {
	if vios.ValidID(id) {
		return nil
	}
	return &vios.Error{Code: vios.EINVALID, Message: "De id is ongeldig.",
		Fields: []vios.FieldError{{Field: "id", Message: "Een id is een UUID in kleine letters, zoals 0b6f0d3e-4a53-4c1e-9a57-0f0e5b0e7a11."}}}
}

// findIn refuses an id that is no UUID, then tries find in every
// municipality of the actor and returns the first record found; ENOTFOUND
// with message when there is none.
func findIn[T any](ctx context.Context, h *Handler, actor *vios.Actor, kind vios.RecordKind, id, message string, find func(ctx context.Context, municipalityID string) (T, error)) (T, error) {
	var zero T
	if err := checkID(id); err != nil {
		return zero, err
	}
	m, err := h.municipalityOf(ctx, actor, kind, id, message)
	if err != nil {
		return zero, err
	}
	v, err := find(ctx, m)
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		return zero, vios.Errorf(vios.ENOTFOUND, "%s", message)
	}
	return v, err
}

// municipalityOf returns the municipality of the record of kind with id
// when the actor holds a role there; ENOTFOUND with message when there is
// no such record or it belongs to another municipality, so an outsider
// learns nothing of it.
func (h *Handler) municipalityOf(ctx context.Context, actor *vios.Actor, kind vios.RecordKind, id, message string) (string, error) {
	if h.Records == nil {
		return "", errors.New("api: no record locator")
	}
	m, err := h.Records.MunicipalityOf(ctx, kind, id)
	if vios.ErrorCode(err) == vios.ENOTFOUND || (err == nil && !slices.Contains(actor.Municipalities(), m)) {
		return "", vios.Errorf(vios.ENOTFOUND, "%s", message)
	}
	return m, err
}

const networkNotFound = "Dit netwerk bestaat niet."

// network returns the network with id if the actor may see it, and checks
// action on it: ENOTFOUND when the actor may not see it, EFORBIDDEN when
// they may see it but not do action.
func (h *Handler) network(ctx context.Context, actor *vios.Actor, id string, action vios.Action) (*vios.Network, vios.Resource, error) {
	n, err := findIn(ctx, h, actor, vios.RecordNetwork, id, networkNotFound, func(ctx context.Context, m string) (*vios.Network, error) {
		return h.Networks.FindNetwork(ctx, m, id)
	})
	if err != nil {
		return nil, vios.Resource{}, err
	}
	res, err := h.networkAccess(actor, n, action)
	return n, res, err
}

// networkAccess authorizes action on a network the actor may see, and
// answers ENOTFOUND when they may not see it.
func (h *Handler) networkAccess(actor *vios.Actor, n *vios.Network, action vios.Action) (vios.Resource, error) {
	res := n.Resource(actor, h.today())
	if vios.Authorize(actor, vios.ActionViewNetwork, res) != nil {
		return res, vios.Errorf(vios.ENOTFOUND, networkNotFound)
	}
	return res, vios.Authorize(actor, action, res)
}

// municipalities returns every municipality by id.
func (h *Handler) municipalities(ctx context.Context) (map[string]*vios.Municipality, error) {
	out := map[string]*vios.Municipality{}
	list, err := h.Organisations.ListMunicipalities(ctx)
	for _, m := range list {
		out[m.ID] = m
	}
	return out, err
}

// networkJSON is a network as the API shows it in a list.
type networkJSON struct {
	ID                  string    `json:"id"`
	Gemeente            string    `json:"gemeente"`
	GemeenteNaam        string    `json:"gemeenteNaam"`
	Soort               string    `json:"soort"`
	Naam                string    `json:"naam"`
	Niveau              *string   `json:"niveau"`
	Wijk                string    `json:"wijk"`
	Omschrijving        string    `json:"omschrijving"`
	ElkeWeken           int       `json:"elkeWeken"`
	KeerPerJaar         int       `json:"keerPerJaar"`
	AgendaDagenVooraf   int       `json:"agendaDagenVooraf"`
	VoorstelDagenVooraf int       `json:"voorstelDagenVooraf"`
	AangemaaktOp        isoTime   `json:"aangemaaktOp"`
	GewijzigdOp         isoTime   `json:"gewijzigdOp"`
	Links               selfLinks `json:"_links"`
}

// networkDetailJSON is one network with its schools and members.
type networkDetailJSON struct {
	networkJSON
	Scholen []string     `json:"scholen"`
	Leden   []memberJSON `json:"leden"`
}

type memberJSON struct {
	ID          string  `json:"id"`
	Gebruiker   string  `json:"gebruiker"`
	Naam        string  `json:"naam"`
	Organisatie string  `json:"organisatie"`
	Positie     string  `json:"positie"`
	VervangtLid *string `json:"vervangtLid"`
	Functie     *string `json:"functie"`
	LidVanaf    string  `json:"lidVanaf"`
	LidTot      *string `json:"lidTot"`
}

func toNetworkJSON(n *vios.Network, munis map[string]*vios.Municipality) networkJSON {
	out := networkJSON{
		ID: n.ID, Soort: n.Kind, Naam: n.Name, Niveau: strPtr(n.Level), Wijk: n.Neighbourhood, Omschrijving: n.Description,
		ElkeWeken: n.Cadence.EveryWeeks, KeerPerJaar: n.Cadence.TimesPerYear,
		AgendaDagenVooraf: n.AgendaDaysAhead, VoorstelDagenVooraf: n.ProposalDaysAhead,
		AangemaaktOp: isoTime(n.CreatedAt), GewijzigdOp: isoTime(n.UpdatedAt),
		Links: selfLinks{Self: linkJSON{networkPath(n.ID)}},
	}
	if m := munis[n.MunicipalityID]; m != nil {
		out.Gemeente, out.GemeenteNaam = m.Slug, m.Name
	}
	return out
}

func toNetworkDetailJSON(n *vios.Network, munis map[string]*vios.Municipality) networkDetailJSON {
	out := networkDetailJSON{networkJSON: toNetworkJSON(n, munis), Scholen: []string{}, Leden: []memberJSON{}}
	out.Scholen = append(out.Scholen, n.SchoolIDs...)
	for _, m := range n.Members {
		out.Leden = append(out.Leden, memberJSON{ID: m.ID, Gebruiker: m.UserID, Naam: m.UserName, Organisatie: m.OrganisationName,
			Positie: m.Position, VervangtLid: strPtr(m.DeputyForID), Functie: strPtr(m.Function),
			LidVanaf: dateString(m.JoinedOn), LidTot: datePtr(m.LeftOn)})
	}
	return out
}

// listNetworks: GET /api/v1/netwerken?soort= — in every municipality where
// the user holds a role: all networks for its regisseur, else the ones the
// user is a current member of.
func (h *Handler) listNetworks(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	kind := q.Get("soort")
	var v vios.Validation
	if _, ok := q["soort"]; ok && !inCodes(vios.NetworkKinds, kind) {
		v.Add("soort", "Kies een bestaande soort netwerk: %s.", codeList(vios.NetworkKinds))
	}
	if !h.queryOK(w, r, &v, "soort") {
		return
	}
	writeItems(h, w, r, actor.Municipalities(), func(m string, munis map[string]*vios.Municipality) ([]networkJSON, error) {
		f := vios.NetworkFilter{MunicipalityID: m, Kind: kind}
		if !actor.HasRole(vios.RoleRegisseur, m) {
			f.MemberUserID = actor.User.ID
		}
		list, err := h.Networks.ListNetworks(r.Context(), f)
		items := []networkJSON{}
		for _, n := range list {
			items = append(items, toNetworkJSON(n, munis))
		}
		return items, err
	}, func(a, b networkJSON) bool {
		if a.GemeenteNaam != b.GemeenteNaam {
			return a.GemeenteNaam < b.GemeenteNaam
		}
		return a.Naam < b.Naam
	})
}

func networkPath(id string) string { return Prefix + "/netwerken/" + id }

// networks is the resource of networks, seen by who may see the network.
func (h *Handler) networks() resource[*vios.Network] {
	return resource[*vios.Network]{h: h, kind: vios.RecordNetwork, notFound: networkNotFound, find: h.Networks.FindNetwork,
		lookup: func(ctx context.Context, actor *vios.Actor, id string) (*vios.Network, error) {
			n, _, err := h.network(ctx, actor, id, vios.ActionViewNetwork)
			return n, err
		},
		path: func(n *vios.Network) string { return networkPath(n.ID) },
		toJSON: func(n *vios.Network, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return toNetworkDetailJSON(n, munis)
		}}
}

// getNetwork: GET /api/v1/netwerken/{id}
func (h *Handler) getNetwork(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.networks().get(w, r, actor)
}

const networkInvalid = "De gegevens van het netwerk zijn niet volledig of niet juist."

// readNetworkFields reads the fields a client sets on a network into n.
func readNetworkFields(b *body, n *vios.Network) {
	b.str("soort", &n.Kind)
	b.str("naam", &n.Name)
	n.Level, n.Neighbourhood, n.Description, n.SchoolIDs = "", "", "", nil
	b.str("niveau", &n.Level)
	b.str("wijk", &n.Neighbourhood)
	b.str("omschrijving", &n.Description)
	if b.strList("scholen", &n.SchoolIDs) {
		for _, id := range n.SchoolIDs {
			if !vios.ValidID(id) {
				b.fail("scholen", "Geef de scholen met hun id: een UUID in kleine letters.")
				break
			}
		}
	}
	n.Cadence = vios.Cadence{}
	b.integer("elkeWeken", &n.Cadence.EveryWeeks)
	b.integer("keerPerJaar", &n.Cadence.TimesPerYear)
	b.integer("agendaDagenVooraf", &n.AgendaDaysAhead)
	b.integer("voorstelDagenVooraf", &n.ProposalDaysAhead)
}

// createNetwork: POST /api/v1/netwerken — the regisseur sets up a network
// in a municipality named by its slug.
func (h *Handler) createNetwork(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !h.mayAnywhere(w, r, actor, vios.ActionCreateNetwork) {
		return
	}
	n := &vios.Network{AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if !h.decode(w, r, networkInvalid, func(b *body) error {
		var slug string
		b.require("gemeente", "soort", "naam")
		b.str("gemeente", &slug)
		readNetworkFields(b, n)
		m, err := h.municipalityForNew(r.Context(), actor, b, slug, vios.ActionCreateNetwork)
		if err != nil {
			return err
		}
		if m != nil {
			n.MunicipalityID = m.ID
		}
		return nil
	}, n.Validate) {
		return
	}
	h.networks().done(w, r, actor, n.MunicipalityID, n.ID, h.Networks.CreateNetwork(r.Context(), n), http.StatusCreated)
}

// updateNetwork: PUT /api/v1/netwerken/{id} — replaces the fields (not the
// members) of a network, if it is unchanged since gewijzigdOp.
func (h *Handler) updateNetwork(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	n, _, err := h.network(r.Context(), actor, r.PathValue("id"), vios.ActionManageNetwork)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var basedOn time.Time
	changed := *n
	if !h.decode(w, r, networkInvalid, func(b *body) error {
		b.require("soort", "naam", "agendaDagenVooraf", "voorstelDagenVooraf", "gewijzigdOp")
		b.dateTime("gewijzigdOp", &basedOn)
		readNetworkFields(b, &changed)
		return nil
	}, changed.Validate) {
		return
	}
	h.networks().done(w, r, actor, n.MunicipalityID, n.ID, h.Networks.UpdateNetwork(r.Context(), &changed, basedOn), http.StatusOK)
}

// mayAnywhere answers EFORBIDDEN and returns false when the actor may do
// action in none of their municipalities: someone who may create such
// records nowhere is refused before the body is read; where, the body
// says.
func (h *Handler) mayAnywhere(w http.ResponseWriter, r *http.Request, actor *vios.Actor, action vios.Action) bool {
	for _, m := range actor.Municipalities() {
		if vios.Authorize(actor, action, vios.Resource{MunicipalityID: m}) == nil {
			return true
		}
	}
	h.writeError(w, r, vios.Authorize(actor, action, vios.Resource{}))
	return false
}

// municipalityForNew returns the municipality of a new record, named by slug
// in the body's field gemeente, and checks that the actor may do action
// there: whether they may comes before what is wrong with the rest. An
// unknown slug is a mistake in the body; nil without a municipality.
func (h *Handler) municipalityForNew(ctx context.Context, actor *vios.Actor, b *body, slug string, action vios.Action) (*vios.Municipality, error) {
	munis, err := h.municipalities(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range munis {
		if m.Slug == slug {
			return m, vios.Authorize(actor, action, vios.Resource{MunicipalityID: m.ID})
		}
	}
	if slug != "" {
		b.fail("gemeente", "Onbekende gemeente: geef de code van de gemeente, zoals arnhem of den-haag.")
	}
	return nil, nil
}

func inCodes(list []vios.Label, code string) bool {
	for _, l := range list {
		if l.Code == code {
			return true
		}
	}
	return false
}

func codeList(list []vios.Label) string {
	s := ""
	for i, l := range list {
		if i > 0 {
			s += ", "
		}
		s += l.Code
	}
	return s
}

// queryDate reads an optional date query key as midnight in Amsterdam, the
// start of that day for the platform's users.
func queryDate(q url.Values, key string, v *vios.Validation) *time.Time {
	s, ok := q[key]
	if !ok || len(s) != 1 {
		return nil
	}
	d, err := time.Parse(time.DateOnly, s[0])
	if err != nil {
		v.Add(key, "Geef een datum in de vorm JJJJ-MM-DD.")
		return nil
	}
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vios.Amsterdam)
	return &t
}
