package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Signals: entering a concern about a pupil, a group, a school or a
// neighbourhood (fast, also on a phone), the list of one's networks'
// signals, and one signal with what the reader may see of its pupils.

func (h *Handler) signalRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/signalen", Handler: h.signalMunicipalities},
		{Method: "GET", Pattern: "/signalen/{gemeente}", Handler: h.listSignals},
		{Method: "GET", Pattern: "/signalen/{gemeente}/nieuw", Handler: h.newSignalForm},
		{Method: "POST", Pattern: "/signalen/{gemeente}/nieuw", Handler: h.createSignal},
		{Method: "GET", Pattern: "/signalen/{gemeente}/{id}", Handler: h.showSignal},
		{Method: "POST", Pattern: "/signalen/{gemeente}/{id}/agenderen", Handler: h.putSignalOnAgenda},
		{Method: "POST", Pattern: "/signalen/{gemeente}/{id}/afhandelen", Handler: h.handleSignal},
		{Method: "GET", Pattern: "/signalen/{gemeente}/{id}/aanvullen", Handler: h.completeSignalForm},
		{Method: "POST", Pattern: "/signalen/{gemeente}/{id}/aanvullen", Handler: h.completeSignal},
	}
}

// pupilRows is how many pupils the form offers at once.
const pupilRows = 3

// signalMunicipalities sends the actor to the signals of their
// municipality, or lets them choose when they work in several.
func (h *Handler) signalMunicipalities(w http.ResponseWriter, r *http.Request) {
	h.caseworkMunicipality(w, r, "/signalen/", page{Title: "Signalen en casussen", Current: "signalen"}, "signalen-gemeenten")
}

// mayWorkOnCases reports whether the actor has a place in a network of the
// municipality, or directs it (regisseur).
func (h *Handler) mayWorkOnCases(r *http.Request, actor *vios.Actor, municipalityID string) bool {
	if actor.HasRole(vios.RoleRegisseur, municipalityID) {
		return true
	}
	if len(actorRolesIn(actor, municipalityID)) == 0 {
		return false
	}
	networks, err := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: municipalityID, MemberUserID: actor.User.ID})
	return err == nil && len(networks) > 0
}

// caseworkIn checks the actor may see the casework of the municipality in
// the path: a place in one of its networks, or the regisseur.
func (h *Handler) caseworkIn(w http.ResponseWriter, r *http.Request) (*vios.Actor, *vios.Municipality, bool) {
	actor, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, nil, false
	}
	res := vios.Resource{MunicipalityID: m.ID}
	if h.mayWorkOnCases(r, actor, m.ID) {
		res.InNetwork = vios.PositionMember
	}
	return actor, m, h.authorize(w, r, vios.ActionViewCasework, res)
}

type signalListPage struct {
	Municipality *vios.Municipality
	Signals      []*vios.Signal
	Page         vios.Page
	Networks     []*vios.Network
	Filter       vios.SignalFilter
	From, To     string // the period as typed
	Statuses     []vios.Label
	Matches      []vios.MatchNotice
	Phenomena    []vios.Phenomenon
	Schools      []*vios.Organisation
	Prev, Next   string
	MayEnter     bool
	formOutcome
}

// signalFilterKeys are the list's filters, as the query names them.
var signalFilterKeys = []string{"netwerk", "status", "fenomeen", "school", "vanaf", "totEnMet"}

func (h *Handler) listSignals(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	ctx := r.Context()
	networks, _ := h.memberNetworks(r, actor, m.ID)
	phenomena, err := h.Networks.ListPhenomena(ctx, m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	schools, err := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	choices := vios.SignalChoices{Phenomena: phenomena, Schools: map[string]bool{}}
	for _, o := range schools {
		choices.Schools[o.ID] = true
	}
	// Filters are no personal data: they stay in the address and the
	// paging links. A wrong one is named on the page; nothing is listed.
	f := vios.SignalFilter{MunicipalityID: m.ID, NetworkID: q.Get("netwerk"), Limit: 50, Count: true}
	var v vios.Validation
	f.ReadFilters(q.Get, choices, &v)
	if f.Cursor, ok = h.pageCursor(w, r); !ok {
		return
	}
	p := signalListPage{Municipality: m, Networks: networks, Filter: f, From: q.Get("vanaf"), To: q.Get("totEnMet"),
		Statuses: vios.SignalStatuses, Phenomena: phenomena, Schools: schools, MayEnter: len(networks) > 0, formOutcome: blankForm()}
	status := http.StatusOK
	if err := v.Err("Een filter is niet juist; pas het aan en filter opnieuw."); err != nil {
		status, p.formOutcome = http.StatusBadRequest, formFailure(err, map[string]string{"status": "status", "fenomeen": "fenomeen",
			"school": "school", "vanaf": "vanaf", "totEnMet": "totEnMet"})
	} else if p.Signals, p.Page, err = h.Casework.ListSignals(ctx, f); err != nil {
		h.renderError(w, r, err)
		return
	}
	matches, err := h.Casework.ListMatchNotices(ctx)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, n := range matches {
		if n.MunicipalityID == m.ID {
			p.Matches = append(p.Matches, n)
		}
	}
	keep := url.Values{}
	for _, key := range signalFilterKeys {
		if value := q.Get(key); value != "" {
			keep.Set(key, value)
		}
	}
	p.Prev, p.Next = pageLinks("/signalen/"+m.Slug, keep, p.Page)
	h.render(w, r, status, "signalen", page{Title: "Signalen in " + m.Name, Current: "signalen", Data: p})
}

// memberNetworks are the networks of the municipality the actor has a
// place in today: where they may enter signals.
func (h *Handler) memberNetworks(r *http.Request, actor *vios.Actor, municipalityID string) ([]*vios.Network, error) {
	list, err := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: municipalityID, MemberUserID: actor.User.ID})
	if err != nil {
		return nil, err
	}
	return list, nil
}

type signalFormPage struct {
	Municipality *vios.Municipality
	Signal       *vios.Signal
	Networks     []*vios.Network
	Schools      []*vios.Organisation
	// SchoolRows are the school searches of the pupil rows (the border,
	// issue 18: school_search.go), one per pupil.
	SchoolRows []schoolRow
	Phenomena  []vios.Phenomenon
	Levels     []vios.Label
	Urgencies  []vios.Label
	Date       string
	formOutcome
}

func (h *Handler) newSignalForm(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	s := &vios.Signal{NetworkID: r.URL.Query().Get("netwerk"), Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, OccurredOn: h.today()}
	h.renderSignalForm(w, r, http.StatusOK, actor, m, s, nil)
}

func (h *Handler) renderSignalForm(w http.ResponseWriter, r *http.Request, status int, actor *vios.Actor, m *vios.Municipality, s *vios.Signal, err error) {
	networks, schools, phenomena, cerr := h.signalFormChoices(r, actor, m)
	if cerr != nil {
		h.renderError(w, r, cerr)
		return
	}
	for len(s.Pupils) < pupilRows {
		s.Pupils = append(s.Pupils, vios.Pupil{})
	}
	p := signalFormPage{Municipality: m, Signal: s, Networks: networks, Schools: schools, Phenomena: phenomena,
		Levels: vios.SignalLevels, Urgencies: vios.SignalUrgencies, formOutcome: blankForm()}
	search := r.Method == http.MethodPost && r.PostForm.Has(searchSchoolsButton)
	if p.SchoolRows, cerr = h.schoolRows(r, m, s.Pupils, search); cerr != nil {
		h.renderError(w, r, cerr)
		return
	}
	if !s.OccurredOn.IsZero() {
		p.Date = s.OccurredOn.Format(time.DateOnly)
	}
	if err != nil {
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(withoutListPlaces(err), map[string]string{"netwerk": "netwerk", "datum": "datum", "fenomeen": "fenomeen",
			"niveau": "niveau", "urgentie": "urgentie", "omschrijving": "omschrijving", "scholen": "scholen", "wijk": "wijk",
			"leerlingen": "leerling-0-naam", "leerlingen.naam": "leerling-0-naam", "leerlingen.geboortedatum": "leerling-0-geboortedatum",
			"leerlingen.school": "leerling-0-school", "leerlingen.klas": "leerling-0-klas"})
	}
	h.render(w, r, status, "signaal-form", page{Title: "Nieuw signaal", Current: "signalen", Data: p})
}

// signalFromForm reads the form; empty pupil rows are skipped.
func (h *Handler) signalFromForm(r *http.Request, m *vios.Municipality) *vios.Signal {
	s := &vios.Signal{MunicipalityID: m.ID, NetworkID: formValue(r, "netwerk"), Phenomenon: formValue(r, "fenomeen"),
		Level: formValue(r, "niveau"), Urgency: formValue(r, "urgentie"), Neighbourhood: formValue(r, "wijk"),
		Description: formValue(r, "omschrijving"), SchoolIDs: r.PostForm["scholen"]}
	if d, err := time.ParseInLocation(time.DateOnly, formValue(r, "datum"), vios.Amsterdam); err == nil {
		s.OccurredOn = d
	}
	for i := 0; i < pupilRows; i++ {
		if p := pupilRow(r, i); p.Name != "" || p.BirthDate != "" || p.Class != "" {
			s.Pupils = append(s.Pupils, p)
		}
	}
	return s
}

func (h *Handler) createSignal(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	s := h.signalFromForm(r, m)
	if r.PostForm.Has(searchSchoolsButton) {
		// The school search step of the form without JavaScript: nothing
		// is saved; the form comes back with the matches to choose from.
		s.Pupils = pupilRowsAsTyped(r)
		h.renderSignalForm(w, r, http.StatusOK, actor, m, s, nil)
		return
	}
	if formValue(r, "datum") != "" && s.OccurredOn.IsZero() {
		err := vios.Invalid("datum", "Vul de datum in als jjjj-mm-dd.", "Het signaal is niet volledig of niet juist; er is niets opgeslagen.")
		h.renderSignalForm(w, r, http.StatusBadRequest, actor, m, s, err)
		return
	}
	if _, err := h.Casework.CreateSignal(r.Context(), s); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderSignalForm(w, r, status, actor, m, s, err) })
		return
	}
	http.Redirect(w, r, "/signalen/"+m.Slug+"/"+s.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

type signalPage struct {
	Municipality *vios.Municipality
	Signal       *vios.Signal
	Meetings     []*vios.Meeting
	Notice       string
	Source       *vios.MessageSource // the message it was made from
	formOutcome
	MayDirect bool // make a case, handle it directly
	MayAgenda bool
	// MayComplete: the signal is open and the actor may complete it.
	MayComplete bool
	// JustSaved: the signal was entered just now (the quick signal's
	// confirmation offers to complete it).
	JustSaved bool
	Note      string
	Phenomena []vios.Phenomenon
}

func (h *Handler) showSignal(w http.ResponseWriter, r *http.Request) {
	if m, s, ok := h.pathSignal(w, r); ok {
		h.renderSignal(w, r, http.StatusOK, m, s, nil, "")
	}
}

// pathSignal reads the signal in the path as the actor may see it (the
// read logged), or answers the refusal.
func (h *Handler) pathSignal(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.Signal, bool) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok {
		return nil, nil, false
	}
	s, err := h.Casework.FindSignal(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.lookupFailed(w, r, m, err)
		return nil, nil, false
	}
	return m, s, true
}

func (h *Handler) renderSignal(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, s *vios.Signal, err error, note string) {
	actor := vios.ActorFromContext(r.Context())
	p := signalPage{Municipality: m, Signal: s, formOutcome: blankForm(), Note: note}
	p.Phenomena, _ = h.Networks.ListPhenomena(r.Context(), m.ID)
	mayAttach := false
	if n, nerr := h.Networks.FindNetwork(r.Context(), m.ID, s.NetworkID); nerr == nil {
		res := n.Resource(actor, h.today())
		mayAttach = vios.Authorize(actor, vios.ActionEnterSignal, res) == nil
		p.MayDirect = vios.Authorize(actor, vios.ActionDirectCase, res) == nil
		p.MayAgenda = vios.Authorize(actor, vios.ActionProposeItem, res) == nil && s.Status == vios.SignalNew
	}
	if _, may := h.mayCompleteSignal(r, m, s); may && signalOpen(s) {
		p.MayComplete = true
	}
	if p.MayAgenda {
		p.Meetings = h.agendaChoices(r, m.ID, s.NetworkID)
	}
	p.Source = messageSourcesOf(h, r, m.ID, "signaal", []*vios.Signal{s}, func(s *vios.Signal) string { return s.ID })[s.ID]
	switch r.URL.Query().Get("melding") {
	case "opgeslagen":
		p.Notice, p.JustSaved = "Het signaal is opgeslagen als "+s.Code+".", true
	case "geagendeerd":
		p.Notice = "Het signaal staat op de agenda."
	case "afgehandeld":
		p.Notice = "Het signaal is afgehandeld."
	case "aangevuld":
		p.Notice = "Het signaal is aangevuld."
	}
	if err != nil {
		p.formOutcome = formFailure(err, map[string]string{"overleg": "overleg", "toelichting": "toelichting"})
	}
	h.render(w, r, status, "signaal", page{Title: "Signaal " + s.Code, Current: "signalen", Data: p,
		Attachments: h.attachments(r, m, vios.OwnerSignal, s.ID, mayAttach)})
}

// agendaChoices are the coming meetings a signal can go on: of its own
// network, and signals meetings and overarching meetings of the
// municipality (anonymised there).
func (h *Handler) agendaChoices(r *http.Request, municipalityID, networkID string) []*vios.Meeting {
	from := h.now()
	to := from.AddDate(0, 3, 0)
	list, err := h.Networks.ListMeetings(r.Context(), vios.MeetingFilter{MunicipalityID: municipalityID, From: &from, To: &to, Limit: 200})
	if err != nil {
		return nil
	}
	kinds := map[string]string{}
	networks, _ := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: municipalityID})
	for _, n := range networks {
		kinds[n.ID] = n.Kind
	}
	var out []*vios.Meeting
	for _, mt := range list {
		k := kinds[mt.NetworkID]
		if mt.Status != vios.MeetingCancelled && mt.Status != vios.MeetingHeld &&
			(mt.NetworkID == networkID || k == vios.NetworkOverkoepelend || k == vios.NetworkSignalering) {
			out = append(out, mt)
		}
	}
	return out
}

func (h *Handler) putSignalOnAgenda(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.Casework.PutSignalOnAgenda(r.Context(), m.ID, id, formValue(r, "overleg")); err != nil {
		h.signalFormFailed(w, r, m, id, err, "")
		return
	}
	http.Redirect(w, r, "/signalen/"+m.Slug+"/"+id+"?melding=geagendeerd", http.StatusSeeOther)
}

func (h *Handler) handleSignal(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	note := formValue(r, "toelichting")
	if err := h.Casework.HandleSignal(r.Context(), m.ID, id, note); err != nil {
		h.signalFormFailed(w, r, m, id, err, note)
		return
	}
	http.Redirect(w, r, "/signalen/"+m.Slug+"/"+id+"?melding=afgehandeld", http.StatusSeeOther)
}

// signalFormFailed shows the signal again with the error of a form on it,
// keeping what was typed.
func (h *Handler) signalFormFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, id string, err error, note string) {
	s, ferr := h.Casework.FindSignal(r.Context(), m.ID, id)
	if ferr != nil {
		h.lookupFailed(w, r, m, ferr)
		return
	}
	h.formFailed(w, r, err, func(status int) { h.renderSignal(w, r, status, m, s, err, note) })
}

// listPlace is the place in a list that the domain puts in a field name
// (leerlingen[1].naam, scholen[0]).
var listPlace = regexp.MustCompile(`\[\d+\]`)

// withoutListPlaces names err's fields without their place in a list: the
// form shows the mistakes of the pupils and schools at their list.
func withoutListPlaces(err error) error {
	var e *vios.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &vios.Error{Code: e.Code, Message: e.Message}
	for _, f := range e.Fields {
		f.Field = listPlace.ReplaceAllString(f.Field, "")
		out.Fields = append(out.Fields, f)
	}
	return out
}
