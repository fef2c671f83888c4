package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// signalJSON is a signal as the API shows it in a list: without its
// description.
type signalJSON struct {
	recordHeadJSON
	Datum           string       `json:"datum"`
	Melder          string       `json:"melder"`
	MelderNaam      string       `json:"melderNaam"`
	Organisatie     string       `json:"organisatie"`
	OrganisatieNaam string       `json:"organisatieNaam"`
	Fenomeen        string       `json:"fenomeen"`
	Niveau          string       `json:"niveau"`
	Scholen         []schoolJSON `json:"scholen"`
	Wijk            string       `json:"wijk"`
	Urgentie        string       `json:"urgentie"`
	Status          string       `json:"status"`
	Leerlingen      []pupilJSON  `json:"leerlingen"`
	Agendapunt      *string      `json:"agendapunt"`
	Casus           *string      `json:"casus"`
	Alert           *string      `json:"alert"`
	Toegang         accessJSON   `json:"toegang"`
	AangemaaktOp    isoTime      `json:"aangemaaktOp"`
	GewijzigdOp     isoTime      `json:"gewijzigdOp"`
	Links           selfLinks    `json:"_links"`
}

// signalDetailJSON is one signal with its description: null for a reader
// who does not see names, because a description names people.
type signalDetailJSON struct {
	signalJSON
	Omschrijving *string `json:"omschrijving"`
}

type schoolJSON struct {
	ID   string `json:"id"`
	Naam string `json:"naam"`
}

func signalPath(id string) string { return Prefix + "/signalen/" + id }

func toSignalJSON(s *vios.Signal, munis map[string]*vios.Municipality) signalJSON {
	out := signalJSON{
		recordHeadJSON: toRecordHead(s.ID, s.Code, s.MunicipalityID, s.NetworkID, s.NetworkName, munis), Datum: dateString(s.OccurredOn),
		Melder: s.ReporterUserID, MelderNaam: s.ReporterName, Organisatie: s.ReportingOrganisationID,
		OrganisatieNaam: s.ReportingOrganisation, Fenomeen: s.Phenomenon, Niveau: s.Level, Scholen: []schoolJSON{},
		Wijk: s.Neighbourhood, Urgentie: s.Urgency, Status: s.Status, Leerlingen: toPupilsJSON(s.Pupils),
		Agendapunt: strPtr(s.AgendaItemID), Casus: strPtr(s.CaseID), Alert: strPtr(s.AlertID), Toegang: toAccessJSON(s.Access),
		AangemaaktOp: isoTime(s.CreatedAt), GewijzigdOp: isoTime(s.UpdatedAt), Links: selfLinks{Self: linkJSON{signalPath(s.ID)}},
	}
	for i, id := range s.SchoolIDs {
		school := schoolJSON{ID: id}
		if i < len(s.SchoolNames) {
			school.Naam = s.SchoolNames[i]
		}
		out.Scholen = append(out.Scholen, school)
	}
	return out
}

const (
	signalNotFound = "Dit signaal bestaat niet."
	signalInvalid  = "Het signaal is niet volledig of niet juist; er is niets opgeslagen."
)

// listSignals: GET /api/v1/signalen?gemeente=&netwerk=&status=&fenomeen=&school=&vanaf=&totEnMet=&cursor=&paginaGrootte=
// — the signals of the networks the caller has a place in (every network
// of the municipality for its regisseur), newest first.
func (h *Handler) listSignals(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	var v vios.Validation
	cq, err := h.readCaseworkQuery(r.Context(), actor, q, &v, "status", "fenomeen", "school", "vanaf", "totEnMet")
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var period vios.SignalFilter // school and period
	var schools map[string]bool
	if cq.municipality != nil {
		if schools, err = h.schoolsOf(r.Context(), cq.municipality.ID); err != nil {
			h.writeError(w, r, err)
			return
		}
	}
	period.ReadSchoolAndPeriod(q.Get, schools, &v)
	status, phenomenon := q.Get("status"), q.Get("fenomeen")
	if status != "" && !inCodes(vios.SignalStatuses, status) {
		v.Add("status", "Kies een bestaande status: %s.", codeList(vios.SignalStatuses))
	}
	if phenomenon != "" && cq.municipality != nil {
		known, err := h.isPhenomenon(r.Context(), cq.municipality.ID, phenomenon)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		v.Check(known, "fenomeen", phenomenonUnknown)
	}
	if !h.queryOK(w, r, &v, "gemeente", "netwerk", "status", "fenomeen", "school", "vanaf", "totEnMet", "cursor", "paginaGrootte") {
		return
	}
	writePage(h, w, r, cq, func(m, network string, limit int, cursor *vios.Cursor) ([]*vios.Signal, vios.Page, error) {
		return h.Casework.ListSignals(r.Context(), vios.SignalFilter{MunicipalityID: m, NetworkID: network, Status: status,
			Phenomenon: phenomenon, SchoolID: period.SchoolID, From: period.From, To: period.To, Limit: limit, Cursor: cursor})
	}, toSignalJSON)
}

const phenomenonUnknown = "Kies een fenomeen uit de lijst van de gemeente."

// signals is the resource of signals: the detail JSON has the
// description, null for a reader who does not see names.
func (h *Handler) signals() resource[*vios.Signal] {
	return resource[*vios.Signal]{h: h, kind: vios.RecordSignal, notFound: signalNotFound, find: h.Casework.FindSignal,
		path: func(s *vios.Signal) string { return signalPath(s.ID) },
		toJSON: func(s *vios.Signal, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return signalDetailJSON{signalJSON: toSignalJSON(s, munis), Omschrijving: withheld(s.Description)}
		}}
}

// getSignal: GET /api/v1/signalen/{id}
func (h *Handler) getSignal(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.signals().get(w, r, actor)
}

// createSignal: POST /api/v1/signalen — a member enters a signal in a
// network they have a place in; the municipality is the network's. The
// service validates the signal and answers it as the creator may see it.
func (h *Handler) createSignal(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	ctx := r.Context()
	b, ok := h.readBody(w, r)
	if !ok {
		return
	}
	s, err := h.readSignal(ctx, actor, b)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if b.failed() {
		// Nothing is stored, so the service does not see the signal: the
		// domain's check runs here instead, to name every mistake at once.
		choices, err := h.signalChoices(ctx, actor, s.MunicipalityID)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		var quick error
		if s.NetworkID == "" && !b.isBad("netwerk") {
			// The store would choose the network: only the place is checked.
			quick, s.NetworkID = s.QuickDefaults(h.Now()), "-"
		}
		h.writeError(w, r, b.check(signalInvalid, quick, s.Validate(h.Now(), choices)))
		return
	}
	if s.NetworkID != "" {
		s.Defaults(h.Now())
	}
	created, err := h.Casework.CreateSignal(ctx, s)
	h.signals().answer(w, r, actor, created, err, http.StatusCreated)
}

// readSignal reads a new signal from the body; its network must be one the
// caller sees.
func (h *Handler) readSignal(ctx context.Context, actor *vios.Actor, b *body) (*vios.Signal, error) {
	s := &vios.Signal{}
	b.require("fenomeen", "omschrijving")
	var networkID string
	// Without a network, the quick signal: the store chooses the network
	// from the caller's place (below: the municipality).
	quick := b.value("netwerk") == nil
	if !quick && b.id("netwerk", &networkID) {
		n, err := h.seenNetwork(ctx, actor, networkID)
		if err != nil {
			return nil, err
		}
		if n == nil {
			b.fail("netwerk", networkUnseen)
		} else {
			s.NetworkID, s.MunicipalityID = n.ID, n.MunicipalityID
		}
	}
	b.date("datum", &s.OccurredOn)
	b.str("fenomeen", &s.Phenomenon)
	b.str("niveau", &s.Level)
	b.str("urgentie", &s.Urgency)
	b.str("wijk", &s.Neighbourhood)
	b.str("omschrijving", &s.Description)
	if b.strList("scholen", &s.SchoolIDs) {
		for i, id := range s.SchoolIDs {
			if !vios.ValidID(id) {
				b.fail(fmt.Sprintf("scholen[%d]", i), "Geef de school met haar id: een UUID in kleine letters.")
			}
		}
	}
	if quick {
		if err := h.quickMunicipality(ctx, actor, b, s); err != nil {
			return nil, err
		}
	}
	entries, _ := b.objects("leerlingen")
	for _, e := range entries {
		s.Pupils = append(s.Pupils, readPupil(e))
	}
	return s, nil
}

// readPupil reads one pupil of the list leerlingen.
func readPupil(e *body) vios.Pupil {
	var p vios.Pupil
	if e.value("id") != nil {
		// A pupil found before (POST /leerlingen/_zoek): by its id alone.
		e.id("id", &p.ID)
		return p
	}
	e.require("naam", "geboortedatum", "school")
	e.str("naam", &p.Name)
	var born time.Time
	if e.date("geboortedatum", &born) {
		p.BirthDate = born.Format(time.DateOnly)
	}
	e.id("school", &p.SchoolID)
	e.str("klas", &p.Class)
	return p
}

// signalChoices returns the municipality's phenomena and schools; while
// the network, and so the municipality, is not known, the phenomena of
// every municipality of the actor and no schools to check against.
func (h *Handler) signalChoices(ctx context.Context, actor *vios.Actor, municipalityID string) (vios.SignalChoices, error) {
	var c vios.SignalChoices
	ids := []string{municipalityID}
	if municipalityID == "" {
		ids = actor.Municipalities()
	}
	for _, m := range ids {
		list, err := h.Networks.ListPhenomena(ctx, m)
		if err != nil {
			return c, err
		}
		c.Phenomena = append(c.Phenomena, list...)
	}
	if municipalityID == "" {
		return c, nil
	}
	var err error
	if c.Schools, err = h.schoolsOf(ctx, municipalityID); err != nil {
		return c, err
	}
	// A pupil may go to school in another municipality (the border).
	all, err := h.Casework.TransferSchools(ctx)
	c.OtherSchools = map[string]bool{}
	for _, s := range all {
		c.OtherSchools[s.ID] = s.MunicipalityID != municipalityID
	}
	return c, err
}

// putSignalOnAgenda: POST /api/v1/signalen/{id}/_agenderen — a casus item
// about the signal on a meeting of its network, or anonymised on a signals
// or overarching meeting of the municipality.
func (h *Handler) putSignalOnAgenda(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var meetingID string
	h.signals().operate(w, r, actor, operation{invalid: "Het signaal is niet geagendeerd.",
		read: func(b *body) error {
			b.require("overleg")
			b.id("overleg", &meetingID)
			return nil
		},
		change: func(ctx context.Context, m, id string) error {
			_, err := h.Casework.PutSignalOnAgenda(ctx, m, id, meetingID)
			return err
		}}, http.StatusOK)
}

// handleSignal: POST /api/v1/signalen/{id}/_afhandelen — handled directly,
// outside a meeting, with how.
func (h *Handler) handleSignal(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var note string
	h.signals().operate(w, r, actor, operation{invalid: "Het signaal is niet afgehandeld.",
		read:   required("toelichting", &note),
		change: func(ctx context.Context, m, id string) error { return h.Casework.HandleSignal(ctx, m, id, note) }}, http.StatusOK)
}

// quickMunicipality sets the municipality of a signal sent without a
// network: that of its first school, else the caller's only municipality.
func (h *Handler) quickMunicipality(ctx context.Context, actor *vios.Actor, b *body, s *vios.Signal) error {
	schools := s.SchoolIDs
	for _, m := range actor.Municipalities() {
		if len(schools) == 0 {
			break
		}
		ids, err := h.schoolsOf(ctx, m)
		if err != nil {
			return err
		}
		if ids[schools[0]] {
			s.MunicipalityID = m
			return nil
		}
	}
	if len(schools) == 0 && len(actor.Municipalities()) == 1 {
		s.MunicipalityID = actor.Municipalities()[0]
		return nil
	}
	b.fail("netwerk", "Noem het netwerk, of een school van uw gemeente: dan kiest het platform uw netwerk van die school.")
	return nil
}
