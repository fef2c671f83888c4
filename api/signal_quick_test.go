package api_test

import (
	"net/http"
	"testing"
)

// The quick signal through the API: what happened, the phenomenon and the
// school; the network, date, urgency and level follow from the caller's
// place, as in the web form. A pupil found before is named by its id.
func TestCreateQuickSignal(t *testing.T) {
	f := newCaseworkFixture(t)
	first := f.enter(t)
	body := map[string]any{"fenomeen": "wapens", "scholen": []string{f.orgs["school"]},
		"omschrijving": "Weer een mes gezien.", "leerlingen": []map[string]any{{"id": first.Leerlingen[0].ID}}}
	res := f.send(t, f.handler["school"], "POST", "/api/v1/signalen", body)
	s := created[signaal](t, res, "/api/v1/signalen")
	if s.Netwerk != f.kernteam.ID || s.Datum != day(0, 0, 0) || s.Niveau != "leerling" || len(s.Leerlingen) != 1 ||
		s.Leerlingen[0].ID != first.Leerlingen[0].ID {
		t.Errorf("quick signal: network %s date %s level %s pupils %+v", s.Netwerk, s.Datum, s.Niveau, s.Leerlingen)
	}

	// Neither phenomenon nor place: both named at once, nothing stored.
	res = f.send(t, f.handler["school"], "POST", "/api/v1/signalen", map[string]any{"omschrijving": "Iets gezien."})
	want(t, res, http.StatusBadRequest)
	decode[problem](t, res).wantParams(t, "fenomeen", "scholen")
}
