package api

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Casework for integrations with a personal token: signals, cases and
// their referrals, the search for a pupil, and acute alerts. Every pupil
// appears as the caller may see them in that record — by name, or by
// pseudonym (code and initials) — and every record says why (`toegang`).
// Names and other personal data never go in a path or a query string: a
// search by name is a POST to /leerlingen/_zoek. As for networks, a record
// the caller may see nothing of is answered as one that does not exist.

// caseworkRoutes are the casework routes: signalen, casussen, verwijzingen,
// leerlingen, alerts.
// caseworkGuard guards the casework and transfer routes: the casework,
// alert and network services present (a record's network decides who sees
// what, and signals need the network's phenomena).
func (h *Handler) caseworkGuard() guard {
	return h.withService(h.Networks != nil && h.Casework != nil && h.Alerts != nil, "casework")
}

func (h *Handler) caseworkRoutes() []httpx.Route {
	with := h.caseworkGuard()
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/signalen", Handler: with("lezen", h.listSignals)},
		{Method: "POST", Pattern: Prefix + "/signalen", Handler: with("schrijven", h.createSignal)},
		{Method: "GET", Pattern: Prefix + "/signalen/{id}", Handler: with("lezen", h.getSignal)},
		{Method: "POST", Pattern: Prefix + "/signalen/{id}/_agenderen", Handler: with("schrijven", h.putSignalOnAgenda)},
		{Method: "POST", Pattern: Prefix + "/signalen/{id}/_afhandelen", Handler: with("schrijven", h.handleSignal)},
		{Method: "GET", Pattern: Prefix + "/casussen", Handler: with("lezen", h.listCases)},
		{Method: "POST", Pattern: Prefix + "/casussen", Handler: with("schrijven", h.createCase)},
		{Method: "GET", Pattern: Prefix + "/casussen/{id}", Handler: with("lezen", h.getCase)},
		{Method: "PUT", Pattern: Prefix + "/casussen/{id}", Handler: with("schrijven", h.updateCase)},
		{Method: "POST", Pattern: Prefix + "/casussen/{id}/notities", Handler: with("schrijven", h.addCaseNote)},
		{Method: "POST", Pattern: Prefix + "/casussen/{id}/_sluiten", Handler: with("schrijven", h.closeCase)},
		{Method: "POST", Pattern: Prefix + "/casussen/{id}/verwijzingen", Handler: with("schrijven", h.createReferral)},
		{Method: "PATCH", Pattern: Prefix + "/verwijzingen/{id}", Handler: with("schrijven", h.updateReferral)},
		{Method: "POST", Pattern: Prefix + "/leerlingen/_zoek", Handler: with("lezen", h.searchPupils)},
		{Method: "GET", Pattern: Prefix + "/alerts", Handler: with("lezen", h.listAlerts)},
		{Method: "POST", Pattern: Prefix + "/alerts", Handler: with("schrijven", h.raiseAlert)},
		{Method: "GET", Pattern: Prefix + "/alerts/{id}", Handler: with("lezen", h.getAlert)},
		{Method: "POST", Pattern: Prefix + "/alerts/{id}/_gezien", Handler: with("schrijven", h.acknowledgeAlert)},
		{Method: "POST", Pattern: Prefix + "/alerts/{id}/_afsluiten", Handler: with("schrijven", h.closeAlert)},
	}
}

// pupilJSON is a pupil as the caller may see them in one record: always
// the pseudonym (code and initials) and the school; name, date of birth and
// class only to those who see names.
type pupilJSON struct {
	ID            string  `json:"id"`
	Code          string  `json:"code"`
	Initialen     string  `json:"initialen"`
	Naam          *string `json:"naam,omitempty"`
	Geboortedatum *string `json:"geboortedatum,omitempty"`
	Klas          *string `json:"klas,omitempty"`
	School        string  `json:"school"`
	SchoolNaam    string  `json:"schoolNaam"`
	// Verschillen: where other organisations' entries differ from the
	// shown record ("Halt noteerde klas 2C"); only on a record's own
	// address, for readers of names.
	Verschillen []string `json:"verschillen,omitempty"`
}

func toPupilJSON(p *vios.Pupil) pupilJSON {
	out := pupilJSON{ID: p.ID, Code: p.Code, Initialen: p.Initials, School: p.SchoolID, SchoolNaam: p.SchoolName}
	if p.Named {
		name, birth, class := p.Name, p.BirthDate, p.Class
		out.Naam, out.Geboortedatum, out.Klas = &name, &birth, &class
		out.Verschillen = p.Differences()
	}
	return out
}

func toPupilsJSON(list []vios.Pupil) []pupilJSON {
	out := []pupilJSON{}
	for i := range list {
		out = append(out, toPupilJSON(&list[i]))
	}
	return out
}

// accessJSON answers "why may I see this?" for one record.
type accessJSON struct {
	Niveau string `json:"niveau"`
	Reden  string `json:"reden"`
}

func toAccessJSON(a vios.PupilAccess) accessJSON { return accessJSON{Niveau: a.Level, Reden: a.Reason} }

// withheld is a sealed free text as the API shows it: null when the store
// did not open it for this reader. Such texts are required on entry, so
// empty means withheld.
func withheld(s string) *string { return strPtr(s) }

// recordRef names a record in another: its id, code and address.
type recordRef struct {
	ID    string    `json:"id"`
	Code  string    `json:"code"`
	Links selfLinks `json:"_links"`
}

// recordHeadJSON is how a signal and a case begin: which record, where.
type recordHeadJSON struct {
	ID           string `json:"id"`
	Code         string `json:"code"`
	Gemeente     string `json:"gemeente"`
	GemeenteNaam string `json:"gemeenteNaam"`
	Netwerk      string `json:"netwerk"`
	NetwerkNaam  string `json:"netwerkNaam"`
}

func toRecordHead(id, code, municipalityID, networkID, networkName string, munis map[string]*vios.Municipality) recordHeadJSON {
	out := recordHeadJSON{ID: id, Code: code, Netwerk: networkID, NetwerkNaam: networkName}
	out.Gemeente, out.GemeenteNaam = municipalityNames(munis, municipalityID)
	return out
}

// municipalityNames fills gemeente (the code) and gemeenteNaam of a record.
func municipalityNames(munis map[string]*vios.Municipality, id string) (slug, name string) {
	if m := munis[id]; m != nil {
		return m.Slug, m.Name
	}
	return "", ""
}

// schoolsOf returns the ids of the municipality's schools.
func (h *Handler) schoolsOf(ctx context.Context, municipalityID string) (map[string]bool, error) {
	list, err := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: municipalityID, Kind: vios.OrgSchool})
	out := map[string]bool{}
	for _, o := range list {
		out[o.ID] = true
	}
	return out, err
}

const queryInvalid = "De zoekvraag is ongeldig."

// caseworkQuery is what the lists of signals and cases share: the
// municipality, an optional network and the page.
type caseworkQuery struct {
	municipality *vios.Municipality // nil: the caller works nowhere
	network      *vios.Network
	cursor       *vios.Cursor // where the page starts; nil for the first
	size         int
}

// Paging of the lists: paginaGrootte items per page, 50 unless asked.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// readCaseworkQuery reads gemeente, netwerk, cursor and paginaGrootte. The
// municipality is the one named by its code, else that of netwerk, else
// the only one where the caller holds a role; a caller with roles in
// several municipalities names one. The keys in more are the list's own:
// only refused here when given empty.
func (h *Handler) readCaseworkQuery(ctx context.Context, actor *vios.Actor, q url.Values, v *vios.Validation, more ...string) (caseworkQuery, error) {
	cq := caseworkQuery{size: defaultPageSize}
	for _, k := range append([]string{"gemeente", "netwerk", "cursor", "paginaGrootte"}, more...) {
		if vals, ok := q[k]; ok && len(vals) == 1 && vals[0] == "" {
			v.Add(k, "Geef een waarde, of laat de parameter weg.")
		}
	}
	if c, err := vios.ParseCursor(q.Get("cursor")); err != nil {
		v.Add("cursor", "%s", vios.ErrorMessage(err))
	} else {
		cq.cursor = c
	}
	if s := q.Get("paginaGrootte"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= maxPageSize, "paginaGrootte", "Geef het aantal per pagina: 1 tot en met %d.", maxPageSize)
		cq.size = min(max(n, 1), maxPageSize)
	}
	if id := q.Get("netwerk"); id != "" {
		var err error
		if cq.network, err = h.seenNetwork(ctx, actor, id); err != nil {
			return cq, err
		}
		v.Check(cq.network != nil, "netwerk", networkUnseen)
	}
	m, err := h.chooseMunicipality(ctx, actor, q.Get("gemeente"), cq.network, v)
	cq.municipality = m
	return cq, err
}

const networkUnseen = "Dit netwerk bestaat niet, of u heeft er geen toegang toe."

// seenNetwork returns the network that a field of a request names, nil
// when the caller may not see it: then the field is wrong, rather than
// the whole request about something that does not exist.
func (h *Handler) seenNetwork(ctx context.Context, actor *vios.Actor, id string) (*vios.Network, error) {
	n, _, err := h.network(ctx, actor, id, vios.ActionViewNetwork)
	switch vios.ErrorCode(err) {
	case vios.ENOTFOUND, vios.EINVALID:
		return nil, nil
	}
	return n, err
}

// isPhenomenon reports whether code is on the municipality's list of
// phenomena.
func (h *Handler) isPhenomenon(ctx context.Context, municipalityID, code string) (bool, error) {
	list, err := h.Networks.ListPhenomena(ctx, municipalityID)
	for _, p := range list {
		if p.Code == code {
			return true, err
		}
	}
	return false, err
}

// chooseMunicipality returns the municipality a list or search is about:
// the one named by slug (a municipality where the caller holds no role is
// EFORBIDDEN), else that of network, else the only one where the caller
// holds a role. Mistakes are added to v; nil without mistakes means the
// caller holds no role anywhere.
func (h *Handler) chooseMunicipality(ctx context.Context, actor *vios.Actor, slug string, network *vios.Network, v *vios.Validation) (*vios.Municipality, error) {
	munis, err := h.municipalities(ctx)
	if err != nil {
		return nil, err
	}
	mine := actor.Municipalities()
	var m *vios.Municipality
	switch {
	case slug != "":
		for _, candidate := range munis {
			if candidate.Slug == slug {
				m = candidate
			}
		}
		if m == nil {
			v.Add("gemeente", "Onbekende gemeente: geef de code van de gemeente, zoals arnhem of den-haag.")
			return nil, nil
		}
		if !slices.Contains(mine, m.ID) {
			return nil, vios.Errorf(vios.EFORBIDDEN, "U werkt niet in deze gemeente.")
		}
		if network != nil && network.MunicipalityID != m.ID {
			v.Add("netwerk", "Dit netwerk hoort niet bij de gekozen gemeente.")
		}
		return m, nil
	case network != nil:
		return munis[network.MunicipalityID], nil
	case len(mine) > 1:
		v.Add("gemeente", "U werkt in meer dan één gemeente: kies er een met de code van de gemeente, zoals arnhem.")
		return nil, nil
	case len(mine) == 1:
		return munis[mine[0]], nil
	}
	return nil, nil
}
