package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// caseJSON is a case as the API shows it in a list.
type caseJSON struct {
	recordHeadJSON
	Signaal string `json:"signaal"`
	// Leerling is the first of Leerlingen, for clients of before 0.5.1.
	Leerling               pupilJSON   `json:"leerling"`
	Leerlingen             []pupilJSON `json:"leerlingen"`
	Regiehouder            string      `json:"regiehouder"`
	RegiehouderNaam        string      `json:"regiehouderNaam"`
	RegiehouderOrganisatie string      `json:"regiehouderOrganisatie"`
	EvaluatieDagen         int         `json:"evaluatieDagen"`
	VolgendeEvaluatie      *string     `json:"volgendeEvaluatie"`
	Status                 string      `json:"status"`
	Uitkomst               *string     `json:"uitkomst"`
	GeslotenOp             *isoTime    `json:"geslotenOp"`
	Toegang                accessJSON  `json:"toegang"`
	AangemaaktOp           isoTime     `json:"aangemaaktOp"`
	GewijzigdOp            isoTime     `json:"gewijzigdOp"`
	Links                  selfLinks   `json:"_links"`
}

// caseDetailJSON is one case with its plan, actions, route and news. The
// plan, the reason it was closed and the notes are sealed free texts: null
// where the store does not open them for the reader.
type caseDetailJSON struct {
	caseJSON
	Plan              *string        `json:"plan"`
	Reden             *string        `json:"reden"`
	Overleg           *string        `json:"overleg"`
	Actiepunten       []actionJSON   `json:"actiepunten"`
	Verwijzingen      []referralJSON `json:"verwijzingen"`
	RouteWaarschuwing *string        `json:"routeWaarschuwing"`
	Notities          []caseNoteJSON `json:"notities"`
}

type caseNoteJSON struct {
	ID           string  `json:"id"`
	Auteur       string  `json:"auteur"`
	AuteurNaam   string  `json:"auteurNaam"`
	Tekst        *string `json:"tekst"`
	AangemaaktOp isoTime `json:"aangemaaktOp"`
}

// referralJSON is one step of a pupil's route.
type referralJSON struct {
	ID              string              `json:"id"`
	Casus           string              `json:"casus"`
	Leerling        *string             `json:"leerling"`
	Tafel           string              `json:"tafel"`
	Status          string              `json:"status"`
	WachtlijstSinds *string             `json:"wachtlijstSinds"`
	Wachtdagen      *int                `json:"wachtdagen"`
	Wachttijd       *string             `json:"wachttijd"`
	Uitkomst        string              `json:"uitkomst"`
	Toelichting     string              `json:"toelichting"`
	AangemaaktOp    isoTime             `json:"aangemaaktOp"`
	GewijzigdOp     isoTime             `json:"gewijzigdOp"`
	Geschiedenis    []referralEventJSON `json:"geschiedenis"`
	Links           referralLinks       `json:"_links"`
}

type referralEventJSON struct {
	Status      string  `json:"status"`
	Op          isoTime `json:"op"`
	Door        string  `json:"door"`
	DoorNaam    string  `json:"doorNaam"`
	Toelichting string  `json:"toelichting"`
}

type referralLinks struct {
	Casus linkJSON `json:"casus"`
}

func casePath(id string) string { return Prefix + "/casussen/" + id }

func toCaseJSON(c *vios.Case, munis map[string]*vios.Municipality) caseJSON {
	out := caseJSON{
		recordHeadJSON: toRecordHead(c.ID, c.Code, c.MunicipalityID, c.NetworkID, c.NetworkName, munis), Signaal: c.SignalID, Leerlingen: toPupilsJSON(c.Pupils),
		Regiehouder: c.OwnerUserID, RegiehouderNaam: c.OwnerName, RegiehouderOrganisatie: c.OwnerOrgName,
		EvaluatieDagen: c.ReviewEveryDays, Status: c.Status, Uitkomst: strPtr(c.Outcome), GeslotenOp: isoPtr(c.ClosedAt),
		Toegang: toAccessJSON(c.Access), AangemaaktOp: isoTime(c.CreatedAt), GewijzigdOp: isoTime(c.UpdatedAt),
		Links: selfLinks{Self: linkJSON{casePath(c.ID)}},
	}
	if !c.NextReviewOn.IsZero() && c.Status == vios.CaseOpen {
		out.VolgendeEvaluatie = datePtr(&c.NextReviewOn)
	}
	if len(c.Pupils) > 0 {
		out.Leerling = out.Leerlingen[0]
	}
	return out
}

func toReferralJSON(r *vios.Referral, today time.Time) referralJSON {
	out := referralJSON{ID: r.ID, Casus: r.CaseID, Leerling: strPtr(r.PupilID), Tafel: r.Table, Status: r.Status, WachtlijstSinds: datePtr(r.WaitingSince),
		Uitkomst: r.Outcome, Toelichting: r.Note, AangemaaktOp: isoTime(r.CreatedAt), GewijzigdOp: isoTime(r.UpdatedAt),
		Geschiedenis: []referralEventJSON{}, Links: referralLinks{Casus: linkJSON{casePath(r.CaseID)}}}
	if days := r.WaitingDays(today); days >= 0 {
		text := r.WaitingText(today)
		out.Wachtdagen, out.Wachttijd = &days, &text
	}
	for _, e := range r.History {
		out.Geschiedenis = append(out.Geschiedenis, referralEventJSON{Status: e.Status, Op: isoTime(e.At), Door: e.ByUserID,
			DoorNaam: e.ByName, Toelichting: e.Note})
	}
	return out
}

func toCaseDetailJSON(c *vios.Case, munis map[string]*vios.Municipality, day time.Time) caseDetailJSON {
	out := caseDetailJSON{caseJSON: toCaseJSON(c, munis), Plan: withheld(c.Plan), Reden: withheld(c.CloseReason),
		Overleg: strPtr(c.MeetingID), Actiepunten: []actionJSON{}, Verwijzingen: []referralJSON{},
		RouteWaarschuwing: strPtr(strings.Join(c.RouteWarnings(), " ")), Notities: []caseNoteJSON{}}
	for _, a := range c.Actions {
		out.Actiepunten = append(out.Actiepunten, toActionJSON(a, day))
	}
	for i := range c.Referrals {
		out.Verwijzingen = append(out.Verwijzingen, toReferralJSON(&c.Referrals[i], day))
	}
	for _, n := range c.Notes {
		out.Notities = append(out.Notities, caseNoteJSON{ID: n.ID, Auteur: n.AuthorID, AuteurNaam: n.AuthorName, Tekst: withheld(n.Text),
			AangemaaktOp: isoTime(n.CreatedAt)})
	}
	return out
}

const (
	caseNotFound     = "Deze casus bestaat niet."
	referralNotFound = "Deze verwijzing bestaat niet."
	caseInvalid      = "De casus is niet volledig of niet juist; er is niets opgeslagen."
)

// caseFields maps the domain's field names to those of the API.
var caseFields = map[string]string{"evaluatie": "evaluatieDagen"}

// listCases: GET /api/v1/casussen?gemeente=&netwerk=&status=&cursor=&paginaGrootte=
func (h *Handler) listCases(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	q := r.URL.Query()
	var v vios.Validation
	cq, err := h.readCaseworkQuery(r.Context(), actor, q, &v, "status")
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	status := q.Get("status")
	if status != "" && !inCodes(vios.CaseStatuses, status) {
		v.Add("status", "Kies een bestaande status: %s.", codeList(vios.CaseStatuses))
	}
	if !h.queryOK(w, r, &v, "gemeente", "netwerk", "status", "cursor", "paginaGrootte") {
		return
	}
	writePage(h, w, r, cq, func(m, network string, limit int, cursor *vios.Cursor) ([]*vios.Case, vios.Page, error) {
		return h.Casework.ListCases(r.Context(), vios.CaseFilter{MunicipalityID: m, NetworkID: network, Status: status,
			Limit: limit, Cursor: cursor})
	}, toCaseJSON)
}

// cases is the resource of cases.
func (h *Handler) cases() resource[*vios.Case] {
	return resource[*vios.Case]{h: h, kind: vios.RecordCase, notFound: caseNotFound, find: h.Casework.FindCase,
		path: func(c *vios.Case) string { return casePath(c.ID) },
		toJSON: func(c *vios.Case, _ *vios.Actor, munis map[string]*vios.Municipality) any {
			return toCaseDetailJSON(c, munis, h.today())
		}}
}

// getCase: GET /api/v1/casussen/{id}
func (h *Handler) getCase(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.cases().get(w, r, actor)
}

// readCaseFields reads what a client sets on a case into c.
func readCaseFields(b *body, c *vios.Case) {
	c.ReviewEveryDays = 0
	b.id("regiehouder", &c.OwnerUserID)
	b.str("plan", &c.Plan)
	b.integer("evaluatieDagen", &c.ReviewEveryDays)
}

// createCase: POST /api/v1/casussen — a case of a signal about a pupil,
// by the chair or secretary of its network or the regisseur.
func (h *Handler) createCase(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	ctx := r.Context()
	c := &vios.Case{}
	if !h.decode(w, r, caseInvalid, func(b *body) error {
		b.require("signaal", "regiehouder", "plan")
		b.id("signaal", &c.SignalID)
		readCaseFields(b, c)
		return nil
	}, func() error {
		// Nothing is stored: whether the signal is in reach is asked here
		// too, to name every mistake at once.
		err := renameFields(c.Validate(), caseFields)
		if c.SignalID == "" {
			return err
		}
		_, found := findRecord(ctx, h, actor, vios.RecordSignal, c.SignalID, signalNotFound, h.Casework.FindSignal)
		switch vios.ErrorCode(found) {
		case "":
			return err
		case vios.ENOTFOUND:
			return vios.JoinInvalid(caseInvalid, err, signalOutOfReach())
		}
		return found
	}) {
		return
	}
	// The case is made where its signal is: in a municipality without it
	// the service answers ENOTFOUND, having stored nothing. Reading the
	// signal first would log a read of its pupils for nothing.
	created, err := findIn(ctx, h, actor, vios.RecordSignal, c.SignalID, signalNotFound, func(ctx context.Context, m string) (*vios.Case, error) {
		c.MunicipalityID = m
		return h.Casework.CreateCase(ctx, c)
	})
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		err = signalOutOfReach()
	}
	h.cases().answer(w, r, actor, created, renameFields(err, caseFields), http.StatusCreated)
}

// signalOutOfReach is the mistake of a case whose signal the caller does
// not see.
func signalOutOfReach() error {
	return vios.Invalid("signaal", "Dit signaal bestaat niet, of u heeft er geen toegang toe.", caseInvalid)
}

// updateCase: PUT /api/v1/casussen/{id} — replaces owner, plan and review
// interval, if the case is unchanged since gewijzigdOp.
func (h *Handler) updateCase(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	c, err := findRecord(r.Context(), h, actor, vios.RecordCase, r.PathValue("id"), caseNotFound, h.Casework.FindCase)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	const unchanged = "De casus is niet gewijzigd."
	var basedOn time.Time
	changed := *c
	if !h.decode(w, r, unchanged, func(b *body) error {
		b.require("regiehouder", "plan", "gewijzigdOp")
		b.dateTime("gewijzigdOp", &basedOn)
		readCaseFields(b, &changed)
		return nil
	}, func() error { return renameFields(changed.Validate(), caseFields) }) {
		return
	}
	err = h.Casework.UpdateCase(r.Context(), &changed, basedOn)
	h.cases().done(w, r, actor, c.MunicipalityID, c.ID, vios.JoinInvalid(unchanged, renameFields(err, caseFields)), http.StatusOK)
}

// addCaseNote: POST /api/v1/casussen/{id}/notities — news on the case: the
// owner's answer to "what happened since?" or any member's update.
func (h *Handler) addCaseNote(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var text string
	h.cases().operate(w, r, actor, operation{invalid: "De notitie is niet opgeslagen.",
		read: func(b *body) error {
			b.require("tekst")
			if b.str("tekst", &text) {
				text = strings.TrimSpace(text)
				if text == "" {
					b.fail("tekst", "Schrijf wat er is gebeurd.")
				} else if len([]rune(text)) > maxNote {
					b.fail("tekst", "Een notitie is hoogstens %d tekens lang.", maxNote)
				}
			}
			return nil
		},
		change: func(ctx context.Context, m, id string) error {
			return renameFields(h.Casework.AddCaseNote(ctx, m, id, text), map[string]string{"notitie": "tekst"})
		}}, http.StatusCreated)
}

// maxNote is the longest note, as the domain's free texts.
const maxNote = 2000

// closeCase: POST /api/v1/casussen/{id}/_sluiten — with an outcome and a
// reason, if the case is unchanged since gewijzigdOp.
func (h *Handler) closeCase(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var outcome, reason string
	var basedOn time.Time
	const notClosed = "De casus is niet gesloten."
	h.cases().operate(w, r, actor, operation{invalid: notClosed,
		read: func(b *body) error {
			b.require("uitkomst", "reden", "gewijzigdOp")
			b.str("uitkomst", &outcome)
			b.str("reden", &reason)
			b.dateTime("gewijzigdOp", &basedOn)
			return nil
		},
		validate: func() error { return vios.ValidateClose(outcome, reason) },
		change: func(ctx context.Context, m, id string) error {
			return vios.JoinInvalid(notClosed, h.Casework.CloseCase(ctx, m, id, outcome, reason, basedOn))
		}}, http.StatusOK)
}

// createReferral: POST /api/v1/casussen/{id}/verwijzingen — a pupil of the
// case is referred to another table (`leerling` may be left out when the
// case has one pupil).
func (h *Handler) createReferral(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	ref := &vios.Referral{}
	var created *vios.Referral
	_, ok := h.operate(w, r, actor, vios.RecordCase, caseNotFound, operation{invalid: "De verwijzing is niet opgeslagen.",
		reach: func(ctx context.Context, m, id string) error {
			_, err := h.Casework.FindCase(ctx, m, id)
			return err
		},
		read: func(b *body) error {
			b.require("tafel")
			b.id("leerling", &ref.PupilID)
			b.str("tafel", &ref.Table)
			b.str("toelichting", &ref.Note)
			return nil
		},
		validate: ref.Validate,
		change: func(ctx context.Context, m, id string) (err error) {
			ref.MunicipalityID, ref.CaseID = m, id
			created, err = h.Casework.CreateReferral(ctx, ref)
			return err
		}})
	if ok {
		writeJSON(w, http.StatusCreated, toReferralJSON(created, h.today()))
	}
}

// updateReferral: PATCH /api/v1/verwijzingen/{id} — a new status of the
// referral (accepted, on the waiting list, started, sent back, closed with
// an outcome), if it is unchanged since gewijzigdOp. The service tells
// nothing of the referral's case, so the answer has no content: the case
// shows the new state.
func (h *Handler) updateReferral(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var status, outcome, note string
	var basedOn time.Time
	_, ok := h.operate(w, r, actor, vios.RecordReferral, referralNotFound, operation{invalid: "De status van de verwijzing is niet gewijzigd.",
		reach: func(ctx context.Context, m, id string) error {
			_, err := h.Casework.FindReferral(ctx, m, id)
			return err
		},
		mediaTypes: []string{"application/merge-patch+json", "application/json"},
		read: func(b *body) error {
			b.require("status", "gewijzigdOp")
			if b.str("status", &status) && (!inCodes(vios.ReferralStatuses, status) || status == vios.ReferralRequested) {
				b.fail("status", "Kies een nieuwe status: %s.", codeList(vios.ReferralStatuses[1:]))
			}
			b.str("uitkomst", &outcome)
			b.str("toelichting", &note)
			b.dateTime("gewijzigdOp", &basedOn)
			if status == vios.ReferralClosed && strings.TrimSpace(outcome) == "" && !b.isBad("uitkomst") {
				b.fail("uitkomst", "Geef de uitkomst bij het afsluiten.")
			}
			return nil
		},
		change: func(ctx context.Context, m, id string) error {
			return h.Casework.UpdateReferral(ctx, m, id, status, outcome, note, basedOn)
		}})
	if ok {
		w.WriteHeader(http.StatusNoContent)
	}
}
