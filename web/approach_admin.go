package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// approachAdminRoutes are all for the beheerder and the regisseur of the
// municipality in the path (vios.ActionEditApproach).
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
// in the path, and returns the municipality.
func (h *Handler) editorFor(w http.ResponseWriter, r *http.Request) (*vios.Municipality, bool) {
	m, err := h.Organisations.FindMunicipalityBySlug(r.Context(), r.PathValue("gemeente"))
	if err != nil {
		if vios.ActorFromContext(r.Context()) == nil {
			http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		} else {
			h.renderError(w, r, err)
		}
		return nil, false
	}
	if !h.authorize(w, r, vios.ActionEditApproach, vios.Resource{MunicipalityID: m.ID}) {
		return nil, false
	}
	return m, true
}

// approachAnchors maps the fields of vios.Approach.Validate to the editor.
var approachAnchors = map[string]string{
	"naam": "naam", "model": "model", "samenvatting": "samenvatting", "elementen": "elementen",
	"bereik.omschrijving": "bereik", "bereik.schooltypen": "bereik-tabel", "fase.fase": "fase",
	"fase.startdatum": "startdatum", "fase.toelichting": "fasetoelichting", "fase.ambitie": "ambitie",
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
	Conflict    bool // someone else saved meanwhile: offer a fresh start
	Problems    []formProblem
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
	Count  string // as typed, so a mistake can be shown and corrected
	// Registered is the number of school records of this type that take
	// part; Warning is set when the approach says otherwise.
	Registered int
	Warning    string
}

// newApproachForm fills the editor from a; registered counts the school
// records taking part per school type.
func newApproachForm(a *vios.Approach, registered map[string]int) approachForm {
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
		row := reachRow{Label: t, Registered: registered[t.Code]}
		if rt := a.ReachFor(t.Code); rt != nil {
			row.Status = rt.Status
			if rt.SchoolCount != 0 {
				row.Count = strconv.Itoa(rt.SchoolCount)
			}
			row.Warning = reachWarning(rt, row.Registered)
		}
		f.SchoolTypes = append(f.SchoolTypes, row)
	}
	return f
}

// reachWarning says when the number of participating schools the approach
// states differs from the school records that take part. The stated number
// may rightly be larger (not every school is registered yet), so this warns
// and does not refuse.
func reachWarning(rt *vios.ReachSchoolType, registered int) string {
	if rt.Status != "deelnemend" || rt.SchoolCount == registered {
		return ""
	}
	schools := "deelnemende scholen"
	if registered == 1 {
		schools = "deelnemende school"
	}
	return "Let op: bij de organisaties staan " + strconv.Itoa(registered) + " " + schools + " van dit type geregistreerd, hier staat " +
		strconv.Itoa(rt.SchoolCount) + ". Pas het aantal of de scholen aan als een van beide niet klopt."
}

// participatingSchools counts the municipality's schools that take part in
// the approach, per school type.
func (h *Handler) participatingSchools(ctx context.Context, municipalityID string) (map[string]int, error) {
	schools, err := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: municipalityID, Kind: vios.OrgSchool})
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, s := range schools {
		if s.InApproach {
			n[s.SchoolType]++
		}
	}
	return n, nil
}

func (h *Handler) editApproachForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	a, err := h.Approaches.FindApproachByMunicipality(r.Context(), m.Slug)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	registered, err := h.participatingSchools(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f := newApproachForm(a, registered)
	f.Saved = r.URL.Query().Get("melding") == "opgeslagen"
	h.render(w, r, http.StatusOK, "beheer-aanpak", page{Title: "Aanpak bewerken – " + a.Name, Current: "beheer", Data: f})
}

func (h *Handler) editApproach(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
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
		err = h.Approaches.UpdateApproach(r.Context(), a, basedOn)
	}
	if err == nil {
		http.Redirect(w, r, "/beheer/"+m.Slug+"/aanpak?melding=opgeslagen", http.StatusSeeOther)
		return
	}
	code := vios.ErrorCode(err)
	if code != vios.EINVALID && code != vios.ECONFLICT {
		h.renderError(w, r, err)
		return
	}
	registered, rerr := h.participatingSchools(r.Context(), m.ID)
	if rerr != nil {
		h.renderError(w, r, rerr)
		return
	}
	// Show what the user typed, with every problem next to its field.
	f := newApproachForm(a, registered)
	f.Version = r.PostFormValue("versie")
	f.StartDate = formValue(r, "startdatum")
	for i := range f.SchoolTypes {
		f.SchoolTypes[i].Count = formValue(r, "aantal-"+f.SchoolTypes[i].Code)
	}
	f.Error = vios.ErrorMessage(err)
	f.Conflict = code == vios.ECONFLICT
	f.Fields, f.Problems = formErrors(err, approachAnchors)
	h.render(w, r, httpx.ErrorStatus(code), "beheer-aanpak", page{Title: "Aanpak bewerken – " + current.Name, Current: "beheer", Data: f})
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
		n := 0
		if s := formValue(r, "aantal-"+t.Code); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				v.Add("bereik.schooltypen", "Vul bij '%s' een aantal scholen in als heel getal.", t.Label)
			}
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

// organisationAnchors maps the fields of vios.Organisation.Validate and
// vios.Person.Validate (prefixed) to the inputs of the organisation page.
var organisationAnchors = map[string]string{
	"naam": "naam", "soort": "soort", "wijk": "wijk", "schooltype": "schooltype", "brin": "brin",
	"inAanpak": "inAanpak", "soortPartner": "soortPartner", "team": "team", "deelnemendeGemeente": "deelnemendeGemeente",
	"persoon-naam": "persoon-naam", "persoon-functie": "persoon-functie", "persoon-email": "persoon-email",
	"persoon-waarvoor": "persoon-waarvoor", "persoon-telefoon": "persoon-telefoon", "persoon-school": "persoon-school",
	"persoon-wijk": "persoon-wijk",
}

// organisationGroup is the organisations of one kind.
type organisationGroup struct {
	vios.Label
	Organisations []*vios.Organisation
}

// organisationsPage is the data of the organisation pages.
type organisationsPage struct {
	Municipality *vios.Municipality
	Groups       []organisationGroup
	Organisation *vios.Organisation
	Kinds        []vios.Label
	SchoolTypes  []vios.Label
	PartnerKinds []vios.Label
	Teams        []vios.Label
	People       []*vios.Person
	Person       vios.Person // the contact person being added, as typed
	// For the sociale kaart fields of a contact person: the schools of the
	// municipality (and their names by id) and the neighbourhoods known.
	Schools        []*vios.Organisation
	SchoolNames    map[string]string
	Neighbourhoods []string
	formOutcome
	Saved bool
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	list, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var groups []organisationGroup
	for _, kind := range vios.OrganisationKinds {
		g := organisationGroup{Label: kind}
		for _, o := range list {
			if o.Kind == kind.Code {
				g.Organisations = append(g.Organisations, o)
			}
		}
		groups = append(groups, g)
	}
	h.render(w, r, http.StatusOK, "beheer-organisaties", page{Title: "Organisaties – " + m.Name, Current: "beheer",
		Data: organisationsPage{Municipality: m, Groups: groups, Saved: r.URL.Query().Get("melding") == "opgeslagen"}})
}

func (h *Handler) organisationForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner}
	if id := r.PathValue("id"); id != "" {
		var err error
		if o, err = h.Approaches.FindOrganisation(r.Context(), m.ID, id); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.renderOrganisation(w, r, http.StatusOK, m, o, nil, vios.Person{})
}

// addPerson adds a contact person to the organisation in the path.
func (h *Handler) addPerson(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	o, err := h.Approaches.FindOrganisation(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := &vios.Person{OrganisationID: o.ID, Name: formValue(r, "persoon-naam"), Function: formValue(r, "persoon-functie"), Email: formValue(r, "persoon-email"),
		Topic: formValue(r, "persoon-waarvoor"), Phone: formValue(r, "persoon-telefoon"), SchoolID: formValue(r, "persoon-school"),
		Neighbourhood: formValue(r, "persoon-wijk")}
	if err := h.Approaches.AddPerson(r.Context(), m.ID, p); err != nil {
		if vios.ErrorCode(err) == vios.EINVALID {
			// The person's fields, not the organisation's, are wrong.
			var v vios.Validation
			for _, f := range vios.ErrorFields(err) {
				v.Add("persoon-"+f.Field, "%s", f.Message)
			}
			h.renderOrganisation(w, r, http.StatusBadRequest, m, o, v.Err("De contactpersoon is niet toegevoegd."), *p)
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties/"+o.ID+"#contactpersonen", http.StatusSeeOther)
}

func (h *Handler) removePerson(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok {
		return
	}
	o, err := h.Approaches.FindOrganisation(r.Context(), m.ID, r.PathValue("id"))
	if err == nil {
		err = h.Approaches.RemovePerson(r.Context(), m.ID, o.ID, r.PathValue("persoon"))
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties/"+o.ID+"#contactpersonen", http.StatusSeeOther)
}

// renderOrganisation shows the organisation form; for an existing
// organisation also its contact persons, which reading logs as processing.
func (h *Handler) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, o *vios.Organisation, err error, person vios.Person) {
	data := organisationsPage{Municipality: m, Organisation: o, Kinds: vios.OrganisationKinds, SchoolTypes: vios.SchoolTypes,
		PartnerKinds: vios.PartnerKinds, Teams: vios.MunicipalTeams, Person: person, formOutcome: blankForm()}
	if o.ID != "" {
		people, perr := h.Approaches.ListPeople(r.Context(), m.ID, o.ID)
		if perr != nil {
			h.renderError(w, r, perr)
			return
		}
		data.People = people
		schools, serr := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
		if serr != nil {
			h.renderError(w, r, serr)
			return
		}
		neighbourhoods, nerr := h.Organisations.DirectoryNeighbourhoods(r.Context(), m.ID)
		if nerr != nil {
			h.renderError(w, r, nerr)
			return
		}
		data.Schools, data.Neighbourhoods, data.SchoolNames = schools, neighbourhoods, map[string]string{}
		for _, s := range schools {
			data.SchoolNames[s.ID] = s.Name
		}
	}
	if err != nil {
		data.formOutcome = formFailure(err, organisationAnchors)
	}
	title := "Nieuwe organisatie"
	if o.ID != "" {
		title = "Organisatie bewerken"
		if o.Name != "" {
			title = o.Name
		}
	}
	h.render(w, r, status, "beheer-organisatie", page{Title: title + " – " + m.Name, Current: "beheer", Data: data})
}

func (h *Handler) saveOrganisation(w http.ResponseWriter, r *http.Request) {
	m, ok := h.editorFor(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	o := &vios.Organisation{MunicipalityID: m.ID}
	if id := r.PathValue("id"); id != "" {
		existing, err := h.Approaches.FindOrganisation(r.Context(), m.ID, id)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		o.ID = existing.ID
	}
	o.Kind, o.Name, o.Neighbourhood = formValue(r, "soort"), formValue(r, "naam"), formValue(r, "wijk")
	o.MemberMunicipality = formValue(r, "deelnemendeGemeente")
	// Only the fields of the chosen kind count; the others are cleared.
	switch o.Kind {
	case vios.OrgSchool:
		o.SchoolType, o.BRIN, o.InApproach = formValue(r, "schooltype"), formValue(r, "brin"), r.PostFormValue("inAanpak") == "ja"
	case vios.OrgPartner:
		o.PartnerKind = formValue(r, "soortPartner")
	case vios.OrgMunicipal:
		o.Team = formValue(r, "team")
	}
	if err := h.Approaches.SaveOrganisation(r.Context(), o); err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			// The form shows what was typed, with the problems beside it.
			h.renderOrganisation(w, r, httpx.ErrorStatus(code), m, o, err, vios.Person{})
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/organisaties?melding=opgeslagen", http.StatusSeeOther)
}
