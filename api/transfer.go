package api

import (
	"context"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Transfers (overdrachten) of a pupil's file to the next school: the case
// owner at a school sends one (POST /overdrachten, by ids only), the
// receiving school's staff read it and accept or decline it. The store
// decides every step, as on the web.
func (h *Handler) transferRoutes() []httpx.Route {
	with := h.caseworkGuard()
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/overdrachten", Handler: with("lezen", h.listTransfers)},
		{Method: "POST", Pattern: Prefix + "/overdrachten", Handler: with("schrijven", h.sendTransfer)},
		{Method: "GET", Pattern: Prefix + "/overdrachten/{id}", Handler: with("lezen", h.getTransfer)},
		{Method: "POST", Pattern: Prefix + "/overdrachten/{id}/_aanvaarden", Handler: with("schrijven", h.acceptTransfer)},
		{Method: "POST", Pattern: Prefix + "/overdrachten/{id}/_afwijzen", Handler: with("schrijven", h.declineTransfer)},
	}
}

const transferNotFound = "Deze overdracht bestaat niet."

type transferPupilJSON struct {
	Naam          string `json:"naam"`
	Geboortedatum string `json:"geboortedatum,omitempty"`
	Klas          string `json:"klas,omitempty"`
}

type transferItemJSON struct {
	Soort     string `json:"soort"`
	Categorie string `json:"categorie"`
	Titel     string `json:"titel"`
	Tekst     string `json:"tekst"`
}

type transferJSON struct {
	ID               string             `json:"id"`
	Casus            string             `json:"casus,omitempty"`
	VanSchool        string             `json:"vanSchool"`
	VanGemeente      string             `json:"vanGemeente,omitempty"`
	NaarSchool       string             `json:"naarSchool,omitempty"`
	NaarGemeente     string             `json:"naarGemeente,omitempty"`
	Contactpersoon   string             `json:"contactpersoon,omitempty"`
	AlleenMelding    bool               `json:"alleenMelding"`
	Melding          string             `json:"melding,omitempty"`
	Categorieen      []string           `json:"categorieen"`
	AantalOnderdelen int                `json:"aantalOnderdelen"`
	Status           string             `json:"status"`
	VerzondenOp      time.Time          `json:"verzondenOp"`
	BeslistOp        *time.Time         `json:"beslistOp,omitempty"`
	Initialen        string             `json:"initialen,omitempty"`
	Leerling         *transferPupilJSON `json:"leerling,omitempty"`
	Onderdelen       []transferItemJSON `json:"onderdelen,omitempty"`
}

func toTransferJSON(t *vios.Transfer) transferJSON {
	out := transferJSON{ID: t.ID, Casus: t.CaseID, VanSchool: t.FromSchool, VanGemeente: t.FromMunicipality, NaarSchool: t.ToSchool,
		NaarGemeente: t.ToMunicipality, Contactpersoon: t.Contact, AlleenMelding: t.NoticeOnly, Categorieen: t.Categories,
		AantalOnderdelen: t.ItemCount, Status: t.Status, VerzondenOp: t.CreatedAt.UTC(), BeslistOp: utcPtr(t.DecidedAt), Initialen: t.Initials}
	if out.Categorieen == nil {
		out.Categorieen = []string{}
	}
	if t.NoticeOnly && t.Contact != "" {
		out.Melding = vios.TransferNotice(t.Contact)
	}
	if t.Pupil != nil {
		out.Leerling = &transferPupilJSON{Naam: t.Pupil.Name, Geboortedatum: t.Pupil.BirthDate, Klas: t.Pupil.Class}
	}
	for _, it := range t.Items {
		out.Onderdelen = append(out.Onderdelen, transferItemJSON{Soort: it.Kind, Categorie: it.Category, Titel: it.Title, Tekst: it.Text})
	}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// listTransfers: GET /api/v1/overdrachten — what the caller sent and what
// their schools received, in every municipality where they work at a
// school.
func (h *Handler) listTransfers(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	out := struct {
		Verzonden []transferJSON `json:"verzonden"`
		Ontvangen []transferJSON `json:"ontvangen"`
	}{Verzonden: []transferJSON{}, Ontvangen: []transferJSON{}}
	for _, m := range actor.Municipalities() {
		// Someone without a school role there has none: the store answers
		// empty lists.
		sent, received, err := h.Casework.ListTransfers(r.Context(), m)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, t := range sent {
			out.Verzonden = append(out.Verzonden, toTransferJSON(t))
		}
		for _, t := range received {
			out.Ontvangen = append(out.Ontvangen, toTransferJSON(t))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) transfers() resource[*vios.Transfer] {
	return resource[*vios.Transfer]{h: h, kind: vios.RecordTransfer, notFound: transferNotFound, find: h.Casework.FindTransfer,
		path:    func(t *vios.Transfer) string { return Prefix + "/overdrachten/" + t.ID },
		toJSON:  func(t *vios.Transfer, _ *vios.Actor, _ map[string]*vios.Municipality) any { return toTransferJSON(t) },
		unnamed: true}
}

// getTransfer: GET /api/v1/overdrachten/{id} — a received transfer, for
// the receiving school's staff: its content only once accepted.
func (h *Handler) getTransfer(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.transfers().get(w, r, actor)
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, actor *vios.Actor, accept bool) {
	h.transfers().operate(w, r, actor, operation{invalid: "Er is niets besloten.", noBody: true,
		change: func(ctx context.Context, m, id string) error { return h.Casework.DecideTransfer(ctx, m, id, accept) }}, http.StatusOK)
}

// acceptTransfer: POST /api/v1/overdrachten/{id}/_aanvaarden
func (h *Handler) acceptTransfer(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.decide(w, r, actor, true)
}

// declineTransfer: POST /api/v1/overdrachten/{id}/_afwijzen
func (h *Handler) declineTransfer(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.decide(w, r, actor, false)
}

// sendTransfer: POST /api/v1/overdrachten — the case owner sends the
// chosen items (keys as the web shows them: "signaal:<id>", "plan:<id>",
// "notitie:<id>") of a pupil of the case to a school; without a clause
// only the notice goes and onderdelen must be empty.
func (h *Handler) sendTransfer(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var caseID, pupil, school string
	var items []string
	if !h.decode(w, r, "Er is niets overgedragen.", func(b *body) error {
		b.require("casus", "leerling", "school")
		b.id("casus", &caseID)
		b.id("leerling", &pupil)
		b.id("school", &school)
		b.strList("onderdelen", &items)
		return nil
	}, nil) {
		return
	}
	var sent *vios.Transfer
	_, err := changeRecord(r.Context(), h, actor, vios.RecordCase, caseID, caseNotFound, func(ctx context.Context, m, id string) error {
		var err error
		sent, err = h.Casework.SendTransfer(ctx, m, id, pupil, school, items)
		return err
	})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toTransferJSON(sent))
}
