package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

// Data-subject requests, for the privacy officer (fg) of a municipality:
// find a pupil by name and date of birth (posted, never in the address),
// see everything held about them, hand it out as PDF or JSON, correct it,
// erase it; and the record of what retention and erasure removed, with a
// dry run of the retention job. Every step is logged by the store.

func (h *Handler) subjectRoutes() []httpx.Route {
	return append([]httpx.Route{
		{Method: "GET", Pattern: "/inzage/{gemeente}", Handler: h.subjectSearchForm},
		{Method: "POST", Pattern: "/inzage/{gemeente}", Handler: h.subjectSearch},
		{Method: "GET", Pattern: "/inzage/{gemeente}/{id}", Handler: h.showSubject},
		{Method: "GET", Pattern: "/inzage/{gemeente}/{id}/json", Handler: h.subjectJSON},
		{Method: "POST", Pattern: "/inzage/{gemeente}/{id}/correctie", Handler: h.correctSubject},
		{Method: "POST", Pattern: "/inzage/{gemeente}/{id}/wissen", Handler: h.eraseSubject},
		{Method: "GET", Pattern: "/bewaartermijnen/{gemeente}", Handler: h.listDeletions},
		{Method: "POST", Pattern: "/bewaartermijnen/{gemeente}/proefrun", Handler: h.previewRetention},
	}, h.printRoutes("/inzage/{gemeente}/{id}/afdrukken", "/inzage/{gemeente}/{id}/pdf", h.subjectPrint)...)
}

type subjectSearchPage struct {
	Municipality *vios.Municipality
	Name, Born   string
	Notice       string
	formOutcome
}

func (h *Handler) subjectSearchForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok {
		return
	}
	p := subjectSearchPage{Municipality: m, formOutcome: blankForm()}
	if r.URL.Query().Get("melding") == "gewist" {
		p.Notice = "De leerling is gewist. Wat er is verwijderd, staat bij de bewaartermijnen."
	}
	h.renderSubjectSearch(w, r, http.StatusOK, p)
}

func (h *Handler) renderSubjectSearch(w http.ResponseWriter, r *http.Request, status int, p subjectSearchPage) {
	h.render(w, r, status, "subject-search", page{Title: "Inzage, correctie en wissen", Current: "beheer", Data: p})
}

func (h *Handler) subjectSearch(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := subjectSearchPage{Municipality: m, Name: formValue(r, "naam"), Born: formValue(r, "geboortedatum"), formOutcome: blankForm()}
	pupil, err := h.Casework.FindPupilForRequest(r.Context(), m.ID, p.Name, p.Born)
	switch vios.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/inzage/"+m.Slug+"/"+pupil.ID, http.StatusSeeOther)
	case vios.EINVALID:
		p.formOutcome = formFailure(err, map[string]string{"naam": "naam", "geboortedatum": "geboortedatum"})
		h.renderSubjectSearch(w, r, http.StatusBadRequest, p)
	case vios.ENOTFOUND:
		// Not found is an answer, not an error page: the fg may have typed
		// the name differently.
		p.Error = vios.ErrorMessage(err)
		h.renderSubjectSearch(w, r, http.StatusNotFound, p)
	default:
		h.renderError(w, r, err)
	}
}

type subjectPage struct {
	Municipality *vios.Municipality
	Export       *vios.PupilExport
	Phenomena    []vios.Phenomenon
	Schools      []*vios.Organisation
	Correction   vios.Pupil // the correction form, as typed
	Reason       string
	Notice       string
	formOutcome
}

// subjectAnchors maps the fields of a correction and an erasure to the
// inputs of the page.
var subjectAnchors = map[string]string{"leerling.naam": "correctie-naam", "leerling.geboortedatum": "correctie-geboortedatum",
	"leerling.klas": "correctie-klas", "leerling.school": "correctie-school", "reden": "wissen-reden", "bevestig": "wissen-bevestig"}

// subjectFor loads the export of the pupil in the path for the fg.
func (h *Handler) subjectFor(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.PupilExport, bool) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok {
		return nil, nil, false
	}
	x, err := h.Casework.ExportPupil(r.Context(), m.ID, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, false
	}
	return m, x, true
}

func (h *Handler) showSubject(w http.ResponseWriter, r *http.Request) {
	m, x, ok := h.subjectFor(w, r)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("melding") == "gecorrigeerd" {
		notice = "De gegevens van de leerling zijn gecorrigeerd."
	}
	h.renderSubject(w, r, http.StatusOK, m, x, x.Pupil, "", notice, nil)
}

func (h *Handler) renderSubject(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, x *vios.PupilExport,
	correction vios.Pupil, reason, notice string, err error) {
	p := subjectPage{Municipality: m, Export: x, Correction: correction, Reason: reason, Notice: notice, formOutcome: blankForm()}
	var lerr error
	if p.Phenomena, lerr = h.Networks.ListPhenomena(r.Context(), m.ID); lerr == nil {
		p.Schools, lerr = h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	}
	if lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	if err != nil {
		p.formOutcome = formFailure(err, subjectAnchors)
	}
	h.render(w, r, status, "subject", page{Title: "Inzage leerling " + x.Pupil.Code, Current: "beheer", Data: p})
}

// phenomenonLabeller names phenomena as the municipality does.
func phenomenonLabeller(list []vios.Phenomenon) func(string) string {
	return func(code string) string {
		for _, p := range list {
			if p.Code == code {
				return p.Label
			}
		}
		return code
	}
}

// subjectPrint is the inzage to print.
func (h *Handler) subjectPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, x, ok := h.subjectFor(w, r)
	if !ok {
		return nil, false
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	var doc *report.Document
	if err == nil {
		doc, err = report.PupilDocument(&report.PupilReport{Municipality: m.Name, Export: x, PhenomenonLabel: phenomenonLabeller(phenomena)})
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path := "/inzage/" + m.Slug + "/" + x.Pupil.ID
	return &printJob{doc: doc, back: path, view: path + "/afdrukken", pdf: path + "/pdf", filename: "inzage-" + x.Pupil.Code + ".pdf"}, true
}

func (h *Handler) subjectJSON(w http.ResponseWriter, r *http.Request) {
	_, x, ok := h.subjectFor(w, r)
	if !ok {
		return
	}
	body, err := json.MarshalIndent(subjectDocument(x, h.BaseURL), "", "  ")
	h.download(w, r, "application/json; charset=utf-8", "inzage-"+x.Pupil.Code+".json", body, err)
}

func (h *Handler) correctSubject(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok || !h.parseForm(w, r) {
		return
	}
	p := &vios.Pupil{ID: r.PathValue("id"), MunicipalityID: m.ID, Name: formValue(r, "naam"), BirthDate: formValue(r, "geboortedatum"),
		Class: formValue(r, "klas"), SchoolID: formValue(r, "school")}
	typed := *p
	if err := h.Casework.CorrectPupil(r.Context(), p); err != nil {
		h.subjectFormFailed(w, r, m, typed, "", err)
		return
	}
	http.Redirect(w, r, "/inzage/"+m.Slug+"/"+p.ID+"?melding=gecorrigeerd", http.StatusSeeOther)
}

func (h *Handler) eraseSubject(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok || !h.parseForm(w, r) {
		return
	}
	id, reason := r.PathValue("id"), formValue(r, "reden")
	var err error
	if formValue(r, "bevestig") != "ja" {
		err = vios.Invalid("bevestig", "Bevestig dat u alle gegevens van deze leerling wilt wissen.", "De leerling is niet gewist.")
	} else {
		err = h.Casework.ErasePupil(r.Context(), m.ID, id, reason)
	}
	if err != nil {
		h.subjectFormFailed(w, r, m, vios.Pupil{}, reason, err)
		return
	}
	http.Redirect(w, r, "/inzage/"+m.Slug+"?melding=gewist", http.StatusSeeOther)
}

// subjectFormFailed shows the pupil again with the form's error beside the
// fields and what was typed kept. (Reading the pupil again is an inzage
// too, and logged as such.)
func (h *Handler) subjectFormFailed(w http.ResponseWriter, r *http.Request, m *vios.Municipality, typed vios.Pupil, reason string, err error) {
	code := vios.ErrorCode(err)
	if code != vios.EINVALID && code != vios.ECONFLICT {
		h.renderError(w, r, err)
		return
	}
	x, xerr := h.Casework.ExportPupil(r.Context(), m.ID, r.PathValue("id"))
	if xerr != nil {
		h.renderError(w, r, xerr)
		return
	}
	if typed.ID == "" {
		typed = x.Pupil
	}
	h.formFailed(w, r, err, func(status int) { h.renderSubject(w, r, status, m, x, typed, reason, "", err) })
}

type deletionsPage struct {
	Municipality *vios.Municipality
	Records      []vios.DeletionRecord
	Clauses      map[string]string // clause id → purpose, for the clauses the records name
	Notice       string
}

func (h *Handler) listDeletions(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok {
		return
	}
	list, err := h.Casework.ListDeletionRecords(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := deletionsPage{Municipality: m, Records: list}
	if n, err := strconv.Atoi(r.URL.Query().Get("proefrun")); err == nil {
		if n == 0 {
			p.Notice = "Proefrun uitgevoerd: er is nu niets over de bewaartermijn."
		} else {
			p.Notice = "Proefrun uitgevoerd: bovenaan de lijst staat wat de verwijdertaak nu zou doen (gemarkeerd als proefrun). Er is niets gewijzigd."
		}
	}
	h.render(w, r, http.StatusOK, "deletions", page{Title: "Bewaartermijnen en verwijderingen", Current: "beheer", Data: p})
}

func (h *Handler) previewRetention(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionSubjectRequest)
	if !ok {
		return
	}
	list, err := h.Casework.PreviewRetention(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/bewaartermijnen/"+m.Slug+"?"+url.Values{"proefrun": {strconv.Itoa(len(list))}}.Encode(), http.StatusSeeOther)
}

// The JSON document of an inzage: Dutch names, as the API uses, and only
// what concerns the pupil.
type (
	subjectJSONDoc struct {
		OpgemaaktOp  time.Time           `json:"opgemaaktOp"`
		Leerling     subjectJSONPupil    `json:"leerling"`
		Signalen     []subjectJSONSignal `json:"signalen"`
		Casussen     []subjectJSONCase   `json:"casussen"`
		Alerts       []subjectJSONAlert  `json:"alerts"`
		Verwerkingen []subjectJSONRecord `json:"verwerkingen"`
	}
	subjectJSONPupil struct {
		Code                string     `json:"code"`
		Naam                string     `json:"naam"`
		Geboortedatum       string     `json:"geboortedatum"`
		School              string     `json:"school"`
		Klas                string     `json:"klas"`
		VastgelegdOp        time.Time  `json:"vastgelegdOp"`
		GepseudonimiseerdOp *time.Time `json:"gepseudonimiseerdOp,omitempty"`
		// Bronnen: what each organisation entered, the shown record first.
		Bronnen []subjectJSONSource `json:"bronnen"`
	}
	subjectJSONSource struct {
		Organisatie   string    `json:"organisatie"`
		Getoond       bool      `json:"getoond"`
		Naam          string    `json:"naam"`
		Geboortedatum string    `json:"geboortedatum"`
		School        string    `json:"school"`
		Klas          string    `json:"klas"`
		IngevoerdOp   time.Time `json:"ingevoerdOp"`
		GewijzigdOp   time.Time `json:"gewijzigdOp"`
	}
	subjectJSONSignal struct {
		Code         string   `json:"code"`
		Datum        string   `json:"datum"`
		Netwerk      string   `json:"netwerk"`
		Organisatie  string   `json:"ingebrachtDoor"`
		Fenomeen     string   `json:"fenomeen"`
		Niveau       string   `json:"niveau"`
		Urgentie     string   `json:"urgentie"`
		Scholen      []string `json:"scholen"`
		Wijk         string   `json:"wijk,omitempty"`
		Omschrijving string   `json:"omschrijving"`
		Status       string   `json:"status"`
	}
	subjectJSONCase struct {
		Code         string                `json:"code"`
		Netwerk      string                `json:"netwerk"`
		Regiehouder  string                `json:"regiehouder"`
		Plan         string                `json:"plan"`
		Status       string                `json:"status"`
		Uitkomst     string                `json:"uitkomst,omitempty"`
		RedenSluiten string                `json:"redenSluiten,omitempty"`
		GeslotenOp   *time.Time            `json:"geslotenOp,omitempty"`
		Acties       []string              `json:"acties"`
		Notities     []subjectJSONNote     `json:"notities"`
		Verwijzingen []subjectJSONReferral `json:"verwijzingen"`
	}
	subjectJSONNote struct {
		Auteur string    `json:"auteur"`
		Op     time.Time `json:"op"`
		Tekst  string    `json:"tekst"`
	}
	subjectJSONReferral struct {
		Tafel       string     `json:"tafel"`
		Status      string     `json:"status"`
		WachtSinds  *time.Time `json:"wachtlijstSinds,omitempty"`
		Uitkomst    string     `json:"uitkomst,omitempty"`
		Toelichting string     `json:"toelichting,omitempty"`
		Verloop     []string   `json:"verloop"`
	}
	subjectJSONAlert struct {
		Code         string    `json:"code"`
		Op           time.Time `json:"op"`
		Tekst        string    `json:"tekst"`
		Samenvatting string    `json:"samenvatting,omitempty"`
	}
	subjectJSONRecord struct {
		Op                    time.Time `json:"op"`
		Verwerking            string    `json:"verwerking"`
		Verwerkingsactiviteit string    `json:"verwerkingsactiviteit"`
		TraceID               string    `json:"traceId"`
	}
)

func subjectDocument(x *vios.PupilExport, baseURL string) subjectJSONDoc {
	p := x.Pupil
	doc := subjectJSONDoc{OpgemaaktOp: x.ExportedAt.UTC(), Leerling: subjectJSONPupil{Code: p.Code, Naam: p.Name, Geboortedatum: p.BirthDate,
		School: p.SchoolName, Klas: p.Class, VastgelegdOp: p.CreatedAt.UTC(), GepseudonimiseerdOp: p.PseudonymisedAt, Bronnen: []subjectJSONSource{}},
		Signalen: []subjectJSONSignal{}, Casussen: []subjectJSONCase{}, Alerts: []subjectJSONAlert{}, Verwerkingen: []subjectJSONRecord{}}
	for _, src := range p.Sources {
		doc.Leerling.Bronnen = append(doc.Leerling.Bronnen, subjectJSONSource{Organisatie: src.OrganisationName, Getoond: src.Shown,
			Naam: src.Name, Geboortedatum: src.BirthDate, School: src.SchoolName, Klas: src.Class, IngevoerdOp: src.EnteredAt.UTC(),
			GewijzigdOp: src.UpdatedAt.UTC()})
	}
	for _, s := range x.Signals {
		doc.Signalen = append(doc.Signalen, subjectJSONSignal{Code: s.Code, Datum: s.OccurredOn.Format(time.DateOnly), Netwerk: s.NetworkName,
			Organisatie: s.ReportingOrganisation, Fenomeen: s.Phenomenon, Niveau: s.Level, Urgentie: s.Urgency,
			Scholen: append([]string{}, s.SchoolNames...), Wijk: s.Neighbourhood, Omschrijving: s.Description, Status: s.Status})
	}
	for _, c := range x.Cases {
		jc := subjectJSONCase{Code: c.Code, Netwerk: c.NetworkName, Regiehouder: strings.TrimSpace(c.OwnerName + " (" + c.OwnerOrgName + ")"),
			Plan: c.Plan, Status: c.Status, Uitkomst: c.Outcome, RedenSluiten: c.CloseReason, GeslotenOp: c.ClosedAt,
			Acties: []string{}, Notities: []subjectJSONNote{}, Verwijzingen: []subjectJSONReferral{}}
		for _, a := range c.Actions {
			jc.Acties = append(jc.Acties, a.Title)
		}
		for _, n := range c.Notes {
			jc.Notities = append(jc.Notities, subjectJSONNote{Auteur: n.AuthorName, Op: n.CreatedAt.UTC(), Tekst: n.Text})
		}
		for _, ref := range c.Referrals {
			jr := subjectJSONReferral{Tafel: ref.Table, Status: ref.Status, WachtSinds: ref.WaitingSince, Uitkomst: ref.Outcome,
				Toelichting: ref.Note, Verloop: []string{}}
			for _, e := range ref.History {
				jr.Verloop = append(jr.Verloop, e.At.UTC().Format(time.RFC3339)+" "+e.Status)
			}
			jc.Verwijzingen = append(jc.Verwijzingen, jr)
		}
		doc.Casussen = append(doc.Casussen, jc)
	}
	for _, a := range x.Alerts {
		doc.Alerts = append(doc.Alerts, subjectJSONAlert{Code: a.Code, Op: a.RaisedAt.UTC(), Tekst: a.Text, Samenvatting: a.Summary})
	}
	for _, rec := range x.AccessLog {
		doc.Verwerkingen = append(doc.Verwerkingen, subjectJSONRecord{Op: time.UnixMilli(rec.StartMS).UTC(), Verwerking: rec.Name,
			Verwerkingsactiviteit: vios.ActivityURL(baseURL, rec.ActivityID), TraceID: rec.TraceID})
	}
	return doc
}
