package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The work agenda of this year through the API: a priority with a linked
// action and its progress, for every role of the municipality.
func TestWorkAgendaAPI(t *testing.T) {
	f := newCovFixture(t)
	regisseur := f.as("regisseur")
	year := vios.Date(storetest.Now()).Year()
	p := &vios.Priority{MunicipalityID: f.arnhem.ID, Year: year, Title: "Minder wapens rond scholen", Target: "Geen wapenincidenten meer", Status: vios.PriorityRunning}
	if err := f.db.AddPriority(regisseur, p); err != nil {
		t.Fatal(err)
	}
	res := f.send(t, f.handler["school"], "GET", "/api/v1/werkagendas?gemeente=arnhem&jaar="+strconv.Itoa(year), nil)
	want(t, res, http.StatusOK)
	var body struct {
		Items []struct {
			Gemeente     string
			Jaar         int
			Prioriteiten []struct {
				Titel     string
				Status    string
				Voortgang struct{ Totaal, Percentage int }
			}
		}
	}
	if err := json.Unmarshal(res.body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Items) != 1 || body.Items[0].Jaar != year || len(body.Items[0].Prioriteiten) != 1 ||
		body.Items[0].Prioriteiten[0].Titel != "Minder wapens rond scholen" || body.Items[0].Prioriteiten[0].Voortgang.Totaal != 0 {
		t.Errorf("work agenda: %+v", body)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "GET", "/api/v1/werkagendas?gemeente=arnhem", nil), http.StatusForbidden, "/api/v1/werkagendas")
}
