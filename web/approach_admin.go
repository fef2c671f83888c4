package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// approachEditor is what editing needs beyond the read services; the store
// (*store.DB) provides it.
type approachEditor interface {
	UpdateApproach(ctx context.Context, a *vios.Approach, basedOn time.Time) error
	SaveOrganisation(ctx context.Context, o *vios.Organisation) error
	FindOrganisation(ctx context.Context, municipalityID, id string) (*vios.Organisation, error)
	ListPeople(ctx context.Context, municipalityID, organisationID string) ([]*vios.Person, error)
	AddPerson(ctx context.Context, municipalityID string, p *vios.Person) error
	RemovePerson(ctx context.Context, municipalityID, organisationID, personID string) error
}

func (h *Handler) approachAdminRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/beheer/{gemeente}/aanpak", Handler: h.editApproachForm},
		{Method: "POST", Pattern: "/beheer/{gemeente}/aanpak", Handler: h.editApproach},
		{Method: "GET", Pattern: "/beheer/{gemeente}/organisaties", Handler: h.listOrganisations},
		{Method: "GET", Pattern: "/beheer/{gemeente}/organisaties/nieuw", Handler: h.organisationForm},
		{Method: "POST", Pattern: "/beheer/{gemeente}/organisaties/nieuw", Handler: h.saveOrganisation},
		{Method: "GET", Pattern: "/beheer/{gemeente}/organisaties/{id}", Handler: h.organisationForm},
		{Method: "POST", Pattern: "/beheer/{gemeente}/organisaties/{id}", Handler: h.saveOrganisation},
		{Method: "POST", Pattern: "/beheer/{gemeente}/organisaties/{id}/personen", Handler: h.addPerson},
		{Method: "POST", Pattern: "/beheer/{gemeente}/organisaties/{id}/personen/{persoon}/verwijderen", Handler: h.removePerson},
	}
}

// editorFor checks that the actor may edit the approach of the municipality
// in the path, and returns it with the editor.
func (h *Handler) editorFor(w http.ResponseWriter, r *http.Request) (*vios.Municipality, approachEditor, bool) {
	m, err := h.Organisations.FindMunicipalityBySlug(r.Context(), r.PathValue("gemeente"))
	if err != nil {
		if vios.ActorFromContext(r.Context()) == nil {
			http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		} else {
			h.renderError(w, r, err)
		}
		return nil, nil, false
	}
	if !h.authorize(w, r, vios.ActionEditApproach, vios.Resource{MunicipalityID: m.ID}) {
		return nil, nil, false
	}
	editor, ok := h.Approaches.(approachEditor)
	if !ok {
		h.renderError(w, r, vios.Errorf(vios.EINTERNAL, "no approach editor"))
		return nil, nil, false
	}
	return m, editor, true
}

// approachForm is the data of the approach editor.
type approachForm struct {
	Approach    *vios.Approach
	Version     string
	StartDate   string
	Elements    []elementRow
	SchoolTypes []reachRow
	Models      []vios.Label
	Phases      []vios.Label
	Statuses    []vios.Label
	Reach       []vios.Label
	Error       string
	Fields      map[string]string
	Saved       bool
}

type elementRow struct {
	vios.Label
	Status, Note string
}

type reachRow struct {
	vios.Label
	Status string
	Count  int
}

func newApproachForm(a *vios.Approach) approachForm {
	f := approachForm{Approach: a, Version: a.UpdatedAt.Format(time.RFC3339Nano), Models: vios.Models,
		Phases: vios.Phases, Statuses: vios.ElementStatuses, Reach: vios.ReachStatuses, Fields: map[string]string{}}
	if a.Phase.StartDate != nil {
		f.StartDate = a.Phase.StartDate.Format(time.DateOnly)
	}
	for _, e := range vios.Elements {
		row := elementRow{Label: e}
		if el := a.Element(e.Code); el != nil {
			row.Status, row.Note = el.Status, el.Note
		}
		f.Elements = append(f.Elements, row)
	}
	for _, t := range vios.SchoolTypes {
		row := reachRow{Label: t}
		if rt := a.ReachFor(t.Code); rt != nil {
			row.Status, row.Count = rt.Status, rt.SchoolCount
		}
		f.SchoolTypes = append(f.SchoolTypes, row)
	}
	return f
}

func (h *Handler) editApproachForm(w http.ResponseWriter, r *http.Request) {
	m, _, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	a, err := h.Approaches.FindApproachByMunicipality(r.Context(), m.Slug)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f := newApproachForm(a)
	f.Saved = r.URL.Query().Get("melding") == "opgeslagen"
	h.render(w, r, http.StatusOK, "beheer-aanpak", page{Title: "Aanpak bewerken – " + a.Name, Current: "beheer", Data: f})
}

func (h *Handler) editApproach(w http.ResponseWriter, r *http.Request) {
	m, editor, ok := h.editorFor(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	current, err := h.Approaches.FindApproachByMunicipality(r.Context(), m.Slug)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	a, basedOn, problems := approachFromForm(r, current)
	err = vios.JoinInvalid("De aanpak is niet opgeslagen: verbeter de gemarkeerde velden.", problems, a.Validate())
	if err == nil {
		err = editor.UpdateApproach(r.Context(), a, basedOn)
	}
	if err != nil {
		code := vios.ErrorCode(err)
		if code != vios.EINVALID && code != vios.ECONFLICT {
			h.renderError(w, r, err)
			return
		}
		// Show what the user typed, with every problem next to its field.
		f := newApproachForm(a)
		f.Version = r.PostFormValue("versie")
		f.StartDate = r.PostFormValue("startdatum")
		f.Error = vios.ErrorMessage(err)
		for _, fe := range vios.ErrorFields(err) {
			f.Fields[fe.Field] = fe.Message
		}
		h.render(w, r, httpx.ErrorStatus(code), "beheer-aanpak", page{Title: "Aanpak bewerken – " + current.Name, Current: "beheer", Data: f})
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/aanpak?melding=opgeslagen", http.StatusSeeOther)
}

// approachFromForm reads the editor's fields into a copy of current; what
// cannot be read at all (a date, a number) is reported as a field error.
func approachFromForm(r *http.Request, current *vios.Approach) (*vios.Approach, time.Time, error) {
	var v vios.Validation
	a := &vios.Approach{ID: current.ID, MunicipalityID: current.MunicipalityID, Municipality: current.Municipality,
		Name: formValue(r, "naam"), Model: formValue(r, "model"), Summary: formValue(r, "samenvatting"),
		Reach: vios.Reach{Description: formValue(r, "bereik")},
		Phase: vios.Phase{Phase: formValue(r, "fase"), Remark: formValue(r, "fasetoelichting"), Ambition: formValue(r, "ambitie")}}
	for _, e := range vios.Elements {
		if status := formValue(r, "element-"+e.Code); status != "" {
			a.Elements = append(a.Elements, vios.ApproachElement{Code: e.Code, Status: status, Note: formValue(r, "toelichting-"+e.Code)})
		}
	}
	for _, t := range vios.SchoolTypes {
		status := formValue(r, "bereik-"+t.Code)
		if status == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("aantal-" + t.Code)))
		if r.PostFormValue("aantal-"+t.Code) == "" {
			n, err = 0, nil
		}
		if err != nil {
			v.Add("bereik.schooltypen", "Vul bij '%s' een aantal scholen in als heel getal.", t.Label)
		}
		a.Reach.SchoolTypes = append(a.Reach.SchoolTypes, vios.ReachSchoolType{SchoolType: t.Code, Status: status, SchoolCount: n})
	}
	if s := formValue(r, "startdatum"); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("fase.startdatum", "Vul de startdatum in als jjjj-mm-dd, bijvoorbeeld 2021-03-01.")
		} else {
			a.Phase.StartDate = &d
		}
	}
	basedOn, err := time.Parse(time.RFC3339Nano, r.PostFormValue("versie"))
	if err != nil {
		v.Add("versie", "Het formulier is onvolledig verstuurd. Open de pagina opnieuw.")
	}
	return a, basedOn, v.Err("De aanpak is niet opgeslagen.")
}

// organisationsPage is the data of the organisation pages.
type organisationsPage struct {
	Municipality  *vios.Municipality
	Organisations []*vios.Organisation
	Organisation  *vios.Organisation
	Kinds         []vios.Label
	SchoolTypes   []vios.Label
	PartnerKinds  []vios.Label
	Teams         []vios.Label
	People        []*vios.Person
	PersonError   string
	Error         string
	Fields        map[string]string
	Saved         bool
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) {
	m, _, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	list, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "beheer-organisaties", page{Title: "Organisaties – " + m.Name, Current: "beheer",
		Data: organisationsPage{Municipality: m, Organisations: list, Saved: r.URL.Query().Get("melding") == "opgeslagen"}})
}

func (h *Handler) organisationForm(w http.ResponseWriter, r *http.Request) {
	m, editor, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner}
	if id := r.PathValue("id"); id != "" {
		var err error
		if o, err = editor.FindOrganisation(r.Context(), m.ID, id); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.renderOrganisation(w, r, http.StatusOK, m, o, nil)
}

// addPerson adds a contact person to the organisation in the path.
func (h *Handler) addPerson(w http.ResponseWriter, r *http.Request) {
	m, editor, ok := h.editorFor(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	o, err := editor.FindOrganisation(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := &vios.Person{OrganisationID: o.ID, Name: formValue(r, "persoon-naam"), Function: formValue(r, "persoon-functie"), Email: formValue(r, "persoon-email")}
	if err := editor.AddPerson(r.Context(), m.ID, p); err != nil {
		if vios.ErrorCode(err) == vios.EINVALID {
			// The person's fields, not the organisation's, are wrong.
			var v vios.Validation
			for _, f := range vios.ErrorFields(err) {
				v.Add("persoon-"+f.Field, "%s", f.Message)
			}
			h.renderOrganisation(w, r, http.StatusBadRequest, m, o, v.Err("De contactpersoon is niet toegevoegd."))
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties/"+o.ID+"#contactpersonen", http.StatusSeeOther)
}

func (h *Handler) removePerson(w http.ResponseWriter, r *http.Request) {
	m, editor, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	if err := editor.RemovePerson(r.Context(), m.ID, r.PathValue("id"), r.PathValue("persoon")); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties/"+r.PathValue("id")+"#contactpersonen", http.StatusSeeOther)
}

func (h *Handler) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, o *vios.Organisation, err error) {
	data := organisationsPage{Municipality: m, Organisation: o, Kinds: vios.OrganisationKinds, SchoolTypes: vios.SchoolTypes,
		PartnerKinds: vios.PartnerKinds, Teams: vios.MunicipalTeams, Fields: map[string]string{}}
	if o.ID != "" {
		editor := h.Approaches.(approachEditor)
		people, perr := editor.ListPeople(r.Context(), m.ID, o.ID)
		if perr != nil {
			h.renderError(w, r, perr)
			return
		}
		data.People = people
	}
	if err != nil {
		data.Error = vios.ErrorMessage(err)
		for _, fe := range vios.ErrorFields(err) {
			data.Fields[fe.Field] = fe.Message
		}
	}
	title := "Nieuwe organisatie"
	if o.ID != "" {
		title = o.Name
	}
	h.render(w, r, status, "beheer-organisatie", page{Title: title + " – " + m.Name, Current: "beheer", Data: data})
}

func (h *Handler) saveOrganisation(w http.ResponseWriter, r *http.Request) {
	m, editor, ok := h.editorFor(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	o := &vios.Organisation{MunicipalityID: m.ID}
	if id := r.PathValue("id"); id != "" {
		existing, err := editor.FindOrganisation(r.Context(), m.ID, id)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		o.ID = existing.ID
	}
	o.Kind, o.Name, o.Neighbourhood = formValue(r, "soort"), formValue(r, "naam"), formValue(r, "wijk")
	// Only the fields of the chosen kind count; the others are cleared.
	switch o.Kind {
	case vios.OrgSchool:
		o.SchoolType, o.BRIN, o.InApproach = formValue(r, "schooltype"), formValue(r, "brin"), r.PostFormValue("inAanpak") == "ja"
	case vios.OrgPartner:
		o.PartnerKind = formValue(r, "soortPartner")
	case vios.OrgMunicipal:
		o.Team = formValue(r, "team")
	}
	if err := editor.SaveOrganisation(r.Context(), o); err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			h.renderOrganisation(w, r, httpx.ErrorStatus(code), m, o, err)
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties?melding=opgeslagen", http.StatusSeeOther)
}
