package api

import (
	"net/http"
	"time"

	"github.com/vios-platform/vios"
)

// The municipal dashboard as data: GET /api/v1/statistieken, with the same
// access as the page /statistieken/{gemeente} (the regisseur the whole
// municipality, a school's staff their own school) and the same filters.
// Counts only: no names of people, nothing of pupils.

type countJSON struct {
	Sleutel string `json:"sleutel"`
	Label   string `json:"label"`
	Aantal  int    `json:"aantal"`
}

type statisticsJSON struct {
	Gemeente           string                `json:"gemeente"`
	Vanaf              string                `json:"vanaf"`
	TotEnMet           string                `json:"totEnMet"`
	Per                string                `json:"per"`
	Fenomeen           string                `json:"fenomeen,omitempty"`
	School             string                `json:"school,omitempty"`
	AlleenEigenScholen bool                  `json:"alleenEigenScholen"`
	Signalen           int                   `json:"signalen"`
	PerPeriode         []countJSON           `json:"perPeriode"`
	PerFenomeen        []countJSON           `json:"perFenomeen"`
	PerSchool          []countJSON           `json:"perSchool"`
	PerWijk            []countJSON           `json:"perWijk"`
	PerSchooltype      []countJSON           `json:"perSchooltype"`
	Casussen           statisticsCasesJSON   `json:"casussen"`
	Verwijzingen       []statisticsTableJSON `json:"verwijzingen"`
	Alerts             statisticsAlertsJSON  `json:"alerts"`
}

type statisticsCasesJSON struct {
	Geopend    int         `json:"geopend"`
	Gesloten   int         `json:"gesloten"`
	Uitkomsten []countJSON `json:"uitkomsten"`
}

type statisticsTableJSON struct {
	Tafel             string   `json:"tafel"`
	Verwezen          int      `json:"verwezen"`
	Wachtend          int      `json:"wachtend"`
	MediaanWachtdagen *float64 `json:"mediaanWachtdagen"`
}

type statisticsAlertsJSON struct {
	Aantal                       int      `json:"aantal"`
	Bevestigingen                int      `json:"bevestigingen"`
	MediaanMinutenTotBevestiging *float64 `json:"mediaanMinutenTotBevestiging"`
}

func toCounts(list []vios.Count) []countJSON {
	out := []countJSON{}
	for _, c := range list {
		out = append(out, countJSON{c.Key, c.Label, c.Count})
	}
	return out
}

// orNull gives a median, null where there was none (-1).
func orNull(v float64) *float64 {
	if v < 0 {
		return nil
	}
	return &v
}

// getStatistics: GET /api/v1/statistieken — the dashboard of the
// municipality `gemeente` (default: the first where the token's user reads
// one). A municipality whose figures the user may not read, or that does
// not exist, is 404; a wrong filter 400; both as problem+json.
func (h *Handler) getStatistics(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if h.Statistics == nil || h.Organisations == nil {
		h.writeError(w, r, vios.Errorf(vios.EINTERNAL, "no statistics service"))
		return
	}
	q := r.URL.Query()
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var m *vios.Municipality
	for _, id := range actor.Municipalities() {
		c := munis[id]
		if c == nil || (q.Get("gemeente") != "" && c.Slug != q.Get("gemeente")) {
			continue
		}
		if _, err := vios.AuthorizeStatistics(actor, id); err == nil && (m == nil || c.Name < m.Name) {
			m = c
		}
	}
	if m == nil {
		// Refused or unknown alike: the store records the refusal.
		other := ""
		for _, c := range munis {
			if c.Slug == q.Get("gemeente") {
				other = c.ID
			}
		}
		if other != "" {
			_, err = h.Statistics.Statistics(r.Context(), vios.StatisticsFilter{MunicipalityID: other})
		}
		if other == "" || err == nil {
			err = vios.Errorf(vios.ENOTFOUND, "%s", vios.StatisticsNotFound)
		}
		h.writeError(w, r, err)
		return
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	schools, err := h.schoolsOf(r.Context(), m.ID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var v vios.Validation
	f := vios.ReadStatisticsFilter(q.Get, m.ID, phenomena, schools, h.Now(), &v)
	if !h.queryOK(w, r, &v, "gemeente", "vanaf", "totEnMet", "per", "fenomeen", "school") {
		return
	}
	s, err := h.Statistics.Statistics(r.Context(), f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := statisticsJSON{Gemeente: m.Slug, Vanaf: f.From.Format(time.DateOnly), TotEnMet: f.To.Format(time.DateOnly), Per: f.Grain,
		Fenomeen: f.Phenomenon, School: f.SchoolID, AlleenEigenScholen: s.Schools != nil, Signalen: s.Signals,
		PerPeriode: toCounts(s.PerPeriod), PerFenomeen: toCounts(s.PerPhenomenon), PerSchool: toCounts(s.PerSchool),
		PerWijk: toCounts(s.PerNeighbourhood), PerSchooltype: toCounts(s.PerSchoolType),
		Casussen:     statisticsCasesJSON{Geopend: s.CasesOpened, Gesloten: s.CasesClosed, Uitkomsten: toCounts(s.Outcomes)},
		Verwijzingen: []statisticsTableJSON{},
		Alerts:       statisticsAlertsJSON{Aantal: s.Alerts, Bevestigingen: s.Acknowledgements, MediaanMinutenTotBevestiging: orNull(s.MedianAckMinutes)}}
	for _, t := range s.Referrals {
		out.Verwijzingen = append(out.Verwijzingen, statisticsTableJSON{Tafel: t.Table, Verwezen: t.Made, Wachtend: t.Waiting,
			MediaanWachtdagen: orNull(t.MedianWaitingDays)})
	}
	writeJSON(w, http.StatusOK, out)
}
