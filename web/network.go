package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Networks: the standing groups of an approach, their members and meetings.
// Members see their networks; the municipality's regisseur sees all of them.

func (h *Handler) networkRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/netwerken", Handler: h.listNetworks},
		{Method: "GET", Pattern: "/netwerken/{gemeente}/nieuw", Handler: h.newNetworkForm},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/nieuw", Handler: h.createNetwork},
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}", Handler: h.showNetwork},
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}/bewerken", Handler: h.editNetworkForm},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/bewerken", Handler: h.updateNetwork},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/leden", Handler: h.addNetworkMember},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/leden/{lid}/beeindigen", Handler: h.endNetworkMember},
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}/plannen", Handler: h.planMeetingsForm},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/plannen", Handler: h.planMeetings},
	}
}

// today is the current day in Amsterdam, as membership dates count it.
func (h *Handler) today() time.Time { return vios.Date(h.now()) }

// now is the current time: Deps.Now, or the clock.
func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// networkIn loads the network in the path for an action, answering the
// request itself (login, 403, 404) when it cannot go on.
func (h *Handler) networkIn(w http.ResponseWriter, r *http.Request, action vios.Action, id string) (*vios.Municipality, *vios.Network, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	n, ok := h.networkOf(w, r, actor, m, action, id)
	return m, n, ok
}

// networkOf loads a network of municipality m and checks action against
// the actor's place in it.
func (h *Handler) networkOf(w http.ResponseWriter, r *http.Request, actor *vios.Actor, m *vios.Municipality, action vios.Action, id string) (*vios.Network, bool) {
	n, err := h.Networks.FindNetwork(r.Context(), m.ID, id)
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, false
	}
	return n, h.authorize(w, r, action, n.Resource(actor, h.today()))
}

// lookupFailed answers a record that could not be found: someone without
// any role in the municipality learns nothing, not even "not found" (403,
// with the refusal in the audit trail); others get the error page.
func (h *Handler) lookupFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, err error) {
	actor := vios.ActorFromContext(r.Context())
	if vios.ErrorCode(err) == vios.ENOTFOUND && len(actorRolesIn(actor, m.ID)) == 0 {
		h.authorize(w, r, vios.ActionViewNetwork, vios.Resource{MunicipalityID: m.ID})
		return
	}
	h.renderError(w, r, err)
}

// may reports whether the actor may do action to the network, for showing
// or hiding buttons; the handlers check again.
func (h *Handler) may(a *vios.Actor, action vios.Action, n *vios.Network) bool {
	return vios.Authorize(a, action, n.Resource(a, h.today())) == nil
}

// networkGroup is one municipality on the networks page.
type networkGroup struct {
	Municipality *vios.Municipality
	Networks     []*vios.Network
	MayCreate    bool
	All          bool // the regisseur sees every network, not only their own
}

func (h *Handler) listNetworks(w http.ResponseWriter, r *http.Request) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	var groups []networkGroup
	for _, m := range all {
		if !slices.Contains(actor.Municipalities(), m.ID) {
			continue
		}
		f := vios.NetworkFilter{MunicipalityID: m.ID}
		all := actor.HasRole(vios.RoleRegisseur, m.ID)
		if !all {
			f.MemberUserID = actor.User.ID
		}
		list, err := h.Networks.ListNetworks(r.Context(), f)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		g := networkGroup{Municipality: m, Networks: list, All: all,
			MayCreate: vios.Authorize(actor, vios.ActionCreateNetwork, vios.Resource{MunicipalityID: m.ID}) == nil}
		if len(list) > 0 || g.MayCreate {
			groups = append(groups, g)
		}
	}
	h.render(w, r, http.StatusOK, "netwerken", page{Title: "Netwerken", Current: "netwerken", Data: groups})
}

// networkForm is the data of the form that creates or edits a network.
type networkForm struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Version      string
	Schools      []*vios.Organisation
	Kinds        []vios.Label
	Levels       []vios.Label
	// KeepOwn and KeepClause: the network's own period for its messages
	// (0: the clause's) and the clause's period for signals, in days.
	KeepOwn, KeepClause int
	formOutcome
}

var networkAnchors = map[string]string{"soort": "soort", "naam": "naam", "niveau": "niveau", "scholen": "scholen",
	"wijk": "wijk", "omschrijving": "omschrijving", "elkeWeken": "elkeWeken", "keerPerJaar": "keerPerJaar",
	"agendaDagenVooraf": "agendaDagenVooraf", "voorstelDagenVooraf": "voorstelDagenVooraf", "bewaartermijn": "bewaartermijn"}

func (h *Handler) renderNetworkForm(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, n *vios.Network, err error) {
	schools, lerr := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	f := networkForm{Municipality: m, Network: n, Version: n.UpdatedAt.Format(time.RFC3339Nano), Schools: schools,
		Kinds: vios.NetworkKinds, Levels: vios.NetworkLevels, formOutcome: blankForm()}
	if err != nil {
		f.formOutcome = formFailure(err, networkAnchors)
	}
	title := "Nieuw netwerk"
	if n.ID != "" {
		title = "Netwerk bewerken"
		if h.Threads != nil {
			f.KeepOwn, f.KeepClause, _ = h.Threads.MessageRetention(r.Context(), m.ID, n.ID)
		}
	}
	h.render(w, r, status, "netwerk-form", page{Title: title, Current: "netwerken", Data: f})
}

func (h *Handler) newNetworkForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok {
		return
	}
	n := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkKernteam, Cadence: vios.Cadence{EveryWeeks: 6},
		AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	h.renderNetworkForm(w, r, http.StatusOK, m, n, nil)
}

// networkFromForm reads the network fields; numbers that are no numbers
// become field errors.
func networkFromForm(r *http.Request, n *vios.Network) error {
	var v vios.Validation
	number := func(name string, dst *int) {
		s := formValue(r, name)
		if s == "" {
			*dst = 0
			return
		}
		x, err := strconv.Atoi(s)
		v.Check(err == nil, name, "Vul een heel getal in.")
		*dst = x
	}
	n.Kind, n.Name, n.Level = formValue(r, "soort"), formValue(r, "naam"), formValue(r, "niveau")
	n.Neighbourhood, n.Description = formValue(r, "wijk"), formValue(r, "omschrijving")
	n.SchoolIDs = nil
	for _, id := range r.PostForm["scholen"] {
		if id != "" {
			n.SchoolIDs = append(n.SchoolIDs, id)
		}
	}
	number("elkeWeken", &n.Cadence.EveryWeeks)
	number("keerPerJaar", &n.Cadence.TimesPerYear)
	number("agendaDagenVooraf", &n.AgendaDaysAhead)
	number("voorstelDagenVooraf", &n.ProposalDaysAhead)
	return vios.JoinInvalid("De gegevens van het netwerk zijn niet volledig of niet juist.", v.Err(""), n.Validate())
}

func (h *Handler) createNetwork(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionCreateNetwork)
	if !ok || !h.parseForm(w, r) {
		return
	}
	n := &vios.Network{MunicipalityID: m.ID}
	err := networkFromForm(r, n)
	if err == nil {
		err = h.Networks.CreateNetwork(r.Context(), n)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNetworkForm(w, r, status, m, n, err) })
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=netwerk-aangemaakt", http.StatusSeeOther)
}

func (h *Handler) editNetworkForm(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok {
		return
	}
	h.renderNetworkForm(w, r, http.StatusOK, m, n, nil)
}

func (h *Handler) updateNetwork(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	basedOn := formVersion(r)
	err := networkFromForm(r, n)
	if err == nil {
		err = h.Networks.UpdateNetwork(r.Context(), n, basedOn)
	}
	if err != nil {
		if vios.ErrorCode(err) == vios.ECONFLICT {
			// Show the other person's version, with the message.
			if fresh, ferr := h.Networks.FindNetwork(r.Context(), m.ID, n.ID); ferr == nil {
				n = fresh
			}
		}
		h.formFailed(w, r, err, func(status int) { h.renderNetworkForm(w, r, status, m, n, err) })
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=netwerk-gewijzigd", http.StatusSeeOther)
}

// networkPage is the data of a network's page.
type networkPage struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Schools      []*vios.Organisation
	Current      []vios.NetworkMember
	Former       []vios.NetworkMember
	Upcoming     []*vios.Meeting
	Past         []*vios.Meeting
	OpenActions  []*vios.ActionItem
	Today        time.Time
	Notice       string
	MayManage    bool
	MayRun       bool
	MayFigures   bool
	// For adding a member.
	Candidates    []*vios.User
	Organisations []*vios.Organisation
	Fixed         []vios.NetworkMember
	formOutcome
	JoinedOn string
	// Sharing: what members may see of pupils, and why.
	Sharing *networkSharing
}

var networkNotices = map[string]string{
	"netwerk-aangemaakt": "Het netwerk is aangemaakt. Voeg nu de vaste leden toe.",
	"netwerk-gewijzigd":  "Het netwerk is gewijzigd.",
	"lid-toegevoegd":     "Het lid is toegevoegd.",
	"leden-toegevoegd":   "De leden zijn toegevoegd.",
	"lid-beeindigd":      "Het lidmaatschap is beëindigd; het blijft zichtbaar in de geschiedenis.",
	"gepland":            "De overleggen zijn gepland en de leden hebben een uitnodiging gekregen.",
	"gekoppeld":          "Het netwerk is gekoppeld aan de afspraak over gegevensdeling.",
}

func (h *Handler) showNetwork(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionViewNetwork, r.PathValue("id"))
	if !ok {
		return
	}
	h.renderNetwork(w, r, http.StatusOK, m, n, nil)
}

func (h *Handler) renderNetwork(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, n *vios.Network, err error) {
	ctx := r.Context()
	actor := vios.ActorFromContext(ctx)
	p := networkPage{Municipality: m, Network: n, Today: h.today(), Notice: networkNotices[r.URL.Query().Get("melding")],
		MayManage: h.may(actor, vios.ActionManageNetwork, n), MayRun: h.may(actor, vios.ActionRunMeeting, n),
		MayFigures: h.may(actor, vios.ActionViewNetworkFigures, n), formOutcome: blankForm(),
		JoinedOn: h.today().Format(time.DateOnly)}
	for _, mem := range n.Members {
		if mem.ActiveOn(p.Today) {
			p.Current = append(p.Current, mem)
			if mem.Position == vios.PositionMember {
				p.Fixed = append(p.Fixed, mem)
			}
		} else {
			p.Former = append(p.Former, mem)
		}
	}
	orgs, lerr := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID})
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	for _, o := range orgs {
		if slices.Contains(n.SchoolIDs, o.ID) {
			p.Schools = append(p.Schools, o)
		}
	}
	if p.MayManage {
		p.Organisations = orgs
		if users, uerr := h.memberCandidates(r, m.ID); uerr == nil {
			p.Candidates = users
		} else {
			h.renderError(w, r, uerr)
			return
		}
	}
	now := h.now()
	meetings, lerr := h.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: n.ID})
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	for _, mt := range meetings {
		if mt.EndsAt.After(now) && mt.Status != vios.MeetingHeld {
			p.Upcoming = append(p.Upcoming, mt)
		} else {
			p.Past = append([]*vios.Meeting{mt}, p.Past...)
		}
	}
	if p.OpenActions, lerr = h.Networks.ListActions(ctx, vios.ActionFilter{MunicipalityID: m.ID, NetworkID: n.ID, OpenOnly: true}); lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	if p.Sharing, lerr = h.sharingOf(r, m, n); lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	if err != nil {
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(err, map[string]string{"deelafspraak": "deelafspraak", "gebruiker": "lid-gebruiker", "organisatie": "lid-organisatie",
			"positie": "lid-positie", "vervangtLid": "lid-vervangt", "functie": "lid-functie", "lidVanaf": "lid-vanaf"})
	}
	h.render(w, r, status, "netwerk", page{Title: n.Name, Current: "netwerken", Data: p})
}

// memberCandidates lists the active accounts of the municipality, for the
// member form; reading them is a processing of their personal data.
func (h *Handler) memberCandidates(r *http.Request, municipalityID string) ([]*vios.User, error) {
	users, err := h.Identity.ListUsers(r.Context(), municipalityID)
	if err != nil {
		return nil, err
	}
	var list []*vios.User
	for _, u := range users {
		if !u.Disabled {
			list = append(list, u)
		}
	}
	return list, nil
}

func (h *Handler) addNetworkMember(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	mem := &vios.NetworkMember{NetworkID: n.ID, UserID: formValue(r, "gebruiker"), OrganisationID: formValue(r, "organisatie"),
		Position: formValue(r, "positie"), DeputyForID: formValue(r, "vervangtLid"), Function: formValue(r, "functie")}
	if mem.Position == vios.PositionMember {
		mem.DeputyForID = ""
	}
	var err error
	if mem.JoinedOn, err = time.Parse(time.DateOnly, formValue(r, "lidVanaf")); err != nil {
		err = vios.Invalid("lidVanaf", "Vul de datum in als dd-mm-jjjj.", "Het lidmaatschap is niet volledig of niet juist.")
	} else {
		err = h.Networks.AddNetworkMember(r.Context(), m.ID, mem)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNetwork(w, r, status, m, n, err) })
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=lid-toegevoegd#leden", http.StatusSeeOther)
}

func (h *Handler) endNetworkMember(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok {
		return
	}
	for _, mem := range n.Members {
		if mem.ID == r.PathValue("lid") && mem.LeftOn == nil && !h.confirmed(w, r, "netwerken", confirmation{
			Heading: "Lidmaatschap beëindigen",
			Question: "Wilt u het lidmaatschap van " + mem.UserName + " (" + mem.OrganisationName + ") van " + n.Name +
				" per vandaag beëindigen? Daarna ziet " + mem.UserName + " de overleggen, signalen en casussen van dit netwerk niet meer.",
			Action: r.URL.Path, Button: "Ja, lidmaatschap beëindigen", Back: "/netwerken/" + m.Slug + "/" + n.ID + "#leden"}) {
			return
		}
	}
	if err := h.Networks.EndNetworkMembership(r.Context(), m.ID, n.ID, r.PathValue("lid"), h.today()); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNetwork(w, r, status, m, n, err) })
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=lid-beeindigd#leden", http.StatusSeeOther)
}
