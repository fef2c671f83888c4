package api

import (
	"context"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The training catalogue for integrations with a personal token: every
// training with what its participants say, across all municipalities, and
// only above the threshold (resultaat.getoond false: "nog te weinig
// antwoorden", and no means). Adding an entry for the landelijk role
// (gemeente null) or a municipality where the caller writes. The store
// decides who may; there is no result per school or per session.

func (h *Handler) trainingRoutes() []httpx.Route {
	with := h.withService(h.Trainings != nil, "training")
	return []httpx.Route{
		{Method: "GET", Pattern: Prefix + "/trainingen", Handler: with("lezen", h.listTrainings)},
		{Method: "POST", Pattern: Prefix + "/trainingen", Handler: with("schrijven", h.createTraining)},
		{Method: "GET", Pattern: Prefix + "/trainingen/{id}", Handler: with("lezen", h.getTraining)},
	}
}

const (
	trainingNotFound = "Deze training staat niet in de catalogus."
	trainingInvalid  = "De training is niet opgeslagen."
)

// resultJSON is a training's result; the means are there only when shown.
type resultJSON struct {
	Getoond           bool     `json:"getoond"`
	Toelichting       string   `json:"toelichting"`
	AantalAntwoorden  int      `json:"aantalAntwoorden"`
	AantalVooraf      int      `json:"aantalVooraf"`
	GemiddeldCijfer   *float64 `json:"gemiddeldCijfer,omitempty"`
	ScoreVooraf       *float64 `json:"scoreVooraf,omitempty"`
	ScoreNa           *float64 `json:"scoreNa,omitempty"`
	Verandering       *float64 `json:"verandering,omitempty"`
	MinimumAntwoorden int      `json:"minimumAntwoorden"`
}

type trainingJSON struct {
	ID           string     `json:"id"`
	Gemeente     *string    `json:"gemeente"`
	GemeenteNaam string     `json:"gemeenteNaam"`
	Soort        string     `json:"soort"`
	Titel        string     `json:"titel"`
	Aanbieder    string     `json:"aanbieder"`
	Doelgroep    string     `json:"doelgroep"`
	Duur         string     `json:"duur"`
	Kosten       string     `json:"kosten"`
	Beschrijving string     `json:"beschrijving"`
	Themas       []string   `json:"themas"`
	SchoolTypen  []string   `json:"schoolTypen"`
	Stellingen   []string   `json:"stellingen"`
	Resultaat    resultJSON `json:"resultaat"`
	Links        struct {
		Self      linkJSON `json:"self"`
		Webpagina linkJSON `json:"webpagina"`
	} `json:"_links"`
}

func toResultJSON(r vios.TrainingResult) resultJSON {
	out := resultJSON{Getoond: r.Shown(), AantalAntwoorden: r.Respondents, AantalVooraf: r.BeforeRespondents,
		MinimumAntwoorden: vios.TrainingMinRespondents + 1, Toelichting: "Nog te weinig antwoorden."}
	if r.Shown() {
		out.Toelichting = "Het gemiddelde over alle gemeenten op het platform."
		rating, after := r.Rating, r.After
		out.GemiddeldCijfer = &rating
		if r.ShowsChange() {
			before, change := r.Before, r.Change()
			out.ScoreVooraf, out.ScoreNa, out.Verandering = &before, &after, &change
		}
	}
	return out
}

func toTrainingJSON(t *vios.Training) trainingJSON {
	out := trainingJSON{ID: t.ID, GemeenteNaam: t.MunicipalityName, Soort: t.Kind, Titel: t.Title, Aanbieder: t.Provider,
		Doelgroep: t.TargetGroup, Duur: t.Duration, Kosten: t.Cost, Beschrijving: t.Description, Themas: t.Themes,
		SchoolTypen: t.SchoolTypes, Stellingen: t.Questions(), Resultaat: toResultJSON(t.Result)}
	if t.MunicipalitySlug != "" {
		slug := t.MunicipalitySlug
		out.Gemeente = &slug
	}
	if out.Themas == nil {
		out.Themas = []string{}
	}
	if out.SchoolTypen == nil {
		out.SchoolTypen = []string{}
	}
	out.Links.Self, out.Links.Webpagina = linkJSON{Prefix + "/trainingen/" + t.ID}, linkJSON{"/trainingen/" + t.ID}
	return out
}

// listTrainings: GET /api/v1/trainingen?thema=&schoolType= — the trainings
// with a measured effect first, the largest first.
func (h *Handler) listTrainings(w http.ResponseWriter, r *http.Request, _ *vios.Actor) {
	var v vios.Validation
	if !h.queryOK(w, r, &v, "thema", "schoolType") {
		return
	}
	q := r.URL.Query()
	list, err := h.Trainings.ListTrainings(r.Context(), vios.TrainingFilter{Theme: q.Get("thema"), SchoolType: q.Get("schoolType")})
	if err != nil {
		h.writeError(w, r, renameFields(err, map[string]string{"schooltype": "schoolType"}))
		return
	}
	items := make([]trainingJSON, 0, len(list))
	for _, t := range list {
		items = append(items, toTrainingJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (h *Handler) trainingResource() resource[*vios.Training] {
	return resource[*vios.Training]{h: h, unnamed: true,
		lookup: func(ctx context.Context, _ *vios.Actor, id string) (*vios.Training, error) {
			if err := checkID(id); err != nil {
				return nil, err
			}
			t, err := h.Trainings.FindTraining(ctx, id)
			return t, hidden(err, trainingNotFound)
		},
		path: func(t *vios.Training) string { return Prefix + "/trainingen/" + t.ID },
		toJSON: func(t *vios.Training, _ *vios.Actor, _ map[string]*vios.Municipality) any {
			return toTrainingJSON(t)
		}}
}

// getTraining: GET /api/v1/trainingen/{id}
func (h *Handler) getTraining(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.trainingResource().get(w, r, actor)
}

// trainingFields are the domain's field names as the API spells them.
var trainingFields = map[string]string{"schooltypen": "schoolTypen"}

// mayWriteTrainings reports whether the actor writes entries anywhere.
func mayWriteTrainings(actor *vios.Actor) bool {
	if vios.Authorize(actor, vios.ActionEditTraining, vios.Resource{}) == nil {
		return true
	}
	for _, m := range actor.Municipalities() {
		if vios.Authorize(actor, vios.ActionEditTraining, vios.Resource{MunicipalityID: m}) == nil {
			return true
		}
	}
	return false
}

// createTraining: POST /api/v1/trainingen — an entry of the municipality
// gemeente (its code) or, with gemeente null, of the landelijk role.
func (h *Handler) createTraining(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if !mayWriteTrainings(actor) {
		// Refused before the body is read: a refusal says nothing about it.
		h.writeError(w, r, vios.Authorize(actor, vios.ActionEditTraining, vios.Resource{}))
		return
	}
	t := &vios.Training{}
	if !h.decode(w, r, trainingInvalid, func(b *body) error {
		var slug string
		b.require("soort", "titel", "aanbieder", "themas")
		b.str("gemeente", &slug)
		b.str("soort", &t.Kind)
		b.str("titel", &t.Title)
		b.str("aanbieder", &t.Provider)
		b.str("doelgroep", &t.TargetGroup)
		b.str("duur", &t.Duration)
		b.str("kosten", &t.Cost)
		b.str("beschrijving", &t.Description)
		b.strList("themas", &t.Themes)
		b.strList("schoolTypen", &t.SchoolTypes)
		b.strList("stellingen", &t.Statements)
		b.boolean("geenNaam", &t.NoNameConfirmed)
		var err error
		t.MunicipalityID, err = h.municipalityIn(r, b, slug)
		return err
	}, func() error { return renameFields(t.Validate(), trainingFields) }) {
		return
	}
	err := renameFields(h.Trainings.CreateTraining(r.Context(), t), trainingFields)
	res := h.trainingResource()
	if err == nil {
		// Read back: the answer names the municipality as a list does.
		t, err = res.look(r.Context(), actor, t.ID)
	}
	res.answer(w, r, actor, t, err, http.StatusCreated)
}
