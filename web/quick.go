package web

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The quick signal: from any page and from a phone, what happened, the
// phenomenon and the school or neighbourhood, optionally pupils found as
// one types; the rest (network, date, urgency) follows from the reporter's
// place in the store's CreateSignal, the same service method the full form
// uses. static/melden.js sends the form with fetch and keeps it in the
// open page while the connection is gone; the form's one-time key makes
// the resend store no second signal.

func (h *Handler) quickSignalRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/melden", Handler: h.quickSignalStart},
		{Method: "GET", Pattern: "/signalen/{gemeente}/melden", Handler: h.quickSignalForm},
		{Method: "POST", Pattern: "/signalen/{gemeente}/melden", Handler: h.createQuickSignal},
		{Method: "POST", Pattern: "/signalen/{gemeente}/melden/leerlingen", Handler: h.suggestPupils},
	}
}

// quickSignalStart sends the actor to the quick signal of the municipality
// they have a network place in, or lets them choose among several.
func (h *Handler) quickSignalStart(w http.ResponseWriter, r *http.Request) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	var mine []*vios.Municipality
	for _, m := range all {
		if len(actorRolesIn(actor, m.ID)) == 0 {
			continue
		}
		if networks, err := h.memberNetworks(r, actor, m.ID); err == nil && len(networks) > 0 {
			mine = append(mine, m)
		}
	}
	if len(mine) == 1 {
		http.Redirect(w, r, "/signalen/"+mine[0].Slug+"/melden", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "melden-gemeenten", page{Title: "Signaal melden", Current: "melden", Data: mine})
}

// chosenPupil is a pupil chosen from the suggestions: its id, and the
// label the form showed (sent back with the form, shown only to the one
// who chose it).
type chosenPupil struct{ ID, Label string }

type quickPage struct {
	Municipality *vios.Municipality
	Signal       *vios.Signal
	School       string
	Schools      []*vios.Organisation
	Phenomena    []vios.Phenomenon
	Chosen       []chosenPupil
	NewPupil     vios.Pupil
	FormKey      string
	MayEnter     bool
	formOutcome
}

func (h *Handler) quickSignalForm(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok {
		return
	}
	p := quickPage{Signal: &vios.Signal{}, FormKey: newFormKey()}
	// A school member reports about their own school, nearly always.
	for _, ms := range actor.User.Memberships {
		if ms.MunicipalityID == m.ID && ms.Role == vios.RoleSchool && p.School == "" {
			p.School = ms.OrganisationID
		}
	}
	h.renderQuickSignal(w, r, http.StatusOK, actor, m, p, nil)
}

// newFormKey is a form's one-time key: random, no personal data.
func newFormKey() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (h *Handler) renderQuickSignal(w http.ResponseWriter, r *http.Request, status int, actor *vios.Actor, m *vios.Municipality, p quickPage, err error) {
	networks, schools, phenomena, cerr := h.signalFormChoices(r, actor, m)
	if cerr != nil {
		h.renderError(w, r, cerr)
		return
	}
	p.Municipality, p.Schools, p.Phenomena, p.MayEnter, p.formOutcome = m, schools, phenomena, len(networks) > 0, blankForm()
	if err != nil {
		p.Error = vios.ErrorMessage(err)
		p.Fields, p.Problems = formErrors(withoutListPlaces(err), map[string]string{"omschrijving": "omschrijving", "fenomeen": "fenomeen",
			"scholen": "school", "wijk": "wijk", "leerlingen": "zoek-leerling", "leerlingen.id": "zoek-leerling",
			"leerlingen.naam": "nieuw-naam", "leerlingen.geboortedatum": "nieuw-geboortedatum", "leerlingen.school": "school"})
	}
	h.render(w, r, status, "melden", page{Title: "Signaal melden", Current: "melden", Data: p})
}

// signalFormChoices are what the signal forms offer: the networks the
// actor has a place in, the municipality's schools and its phenomena.
func (h *Handler) signalFormChoices(r *http.Request, actor *vios.Actor, m *vios.Municipality) ([]*vios.Network, []*vios.Organisation, []vios.Phenomenon, error) {
	networks, err := h.memberNetworks(r, actor, m.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	schools, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		return nil, nil, nil, err
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	return networks, schools, phenomena, err
}

// quickFromForm reads the quick form: the chosen pupils by id, and a pupil
// not found by name and date of birth, of the chosen school.
func quickFromForm(r *http.Request, m *vios.Municipality) (*vios.Signal, quickPage) {
	p := quickPage{School: formValue(r, "school"), FormKey: formValue(r, "sleutel"),
		NewPupil: vios.Pupil{Name: formValue(r, "nieuw-naam"), BirthDate: formValue(r, "nieuw-geboortedatum")}}
	s := &vios.Signal{MunicipalityID: m.ID, Phenomenon: formValue(r, "fenomeen"), Description: formValue(r, "omschrijving"),
		Neighbourhood: formValue(r, "wijk"), FormKey: p.FormKey}
	if p.School != "" {
		s.SchoolIDs = []string{p.School}
	}
	seen := map[string]bool{}
	for _, id := range r.PostForm["leerling"] {
		if id == "" || seen[id] || len(p.Chosen) >= 30 {
			continue
		}
		seen[id] = true
		p.Chosen = append(p.Chosen, chosenPupil{ID: id, Label: formValue(r, "label-"+id)})
		s.Pupils = append(s.Pupils, vios.Pupil{ID: id})
	}
	if p.NewPupil.Name != "" || p.NewPupil.BirthDate != "" {
		np := p.NewPupil
		np.SchoolID = p.School
		s.Pupils = append(s.Pupils, np)
	}
	p.Signal = s
	return s, p
}

func (h *Handler) createQuickSignal(w http.ResponseWriter, r *http.Request) {
	actor, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	s, p := quickFromForm(r, m)
	if _, err := h.Casework.CreateSignal(r.Context(), s); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderQuickSignal(w, r, status, actor, m, p, err) })
		return
	}
	target := "/signalen/" + m.Slug + "/" + s.ID + "?melding=opgeslagen"
	if r.Header.Get("HX-Request") == "true" {
		// melden.js sent it: it opens the page itself, so the signal page
		// is read (and logged) once, not once for fetch and once again.
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

type suggestions struct {
	Pupils  []*vios.Pupil
	Message string
}

// suggestPupils answers the pupil search of the quick form (htmx) with the
// suggestions fragment. The text comes by POST: a name is never in a URL.
func (h *Handler) suggestPupils(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.caseworkIn(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	var data suggestions
	list, err := h.Casework.SuggestPupils(r.Context(), m.ID, r.PostFormValue("zoek"))
	switch {
	case vios.ErrorCode(err) == vios.EINVALID:
		data.Message = vios.ErrorFields(err)[0].Message
	case err != nil:
		h.logger.Error("suggest pupils", "route", r.Pattern, "err", err)
		data.Message = "Zoeken lukt nu niet. Vul hieronder naam en geboortedatum in."
	case len(list) == 0:
		data.Message = "Geen leerling gevonden die u mag zien. Vul hieronder naam en geboortedatum in."
	}
	data.Pupils = list
	var buf bytes.Buffer
	if err := h.pages["melden"].ExecuteTemplate(&buf, "suggesties", data); err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w) // #nosec G104 -- the page is rendered; a write error can only mean the client went away
}
