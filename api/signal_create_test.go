package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

// Creating a signal about one pupil writes one processing record for that
// pupil: the answer is read in the transaction that stored the signal, not
// in a second one that logs a second read. The answer is what the creator
// sees when they read the signal again.
func TestCreateSignalOneProcessingRecord(t *testing.T) {
	f := newCaseworkFixture(t)
	records := func(pupilID string) int {
		t.Helper()
		list, err := f.db.Logs.SearchProcessing(t.Context(), vios.LogFilter{MunicipalityID: f.arnhem.ID, SubjectID: pupilID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	for i, who := range []string{"school", "jongerenwerk"} {
		t.Run(who, func(t *testing.T) {
			b := f.signalBody()
			pupil := b["leerlingen"].([]map[string]any)[0]
			pupil["naam"] = []string{"Noor Bakker", "Ilse Visser"}[i]
			res := f.send(t, f.handler[who], "POST", "/api/v1/signalen", b)
			want(t, res, http.StatusCreated)
			created := decode[signaal](t, res)
			if len(created.Leerlingen) != 1 {
				t.Fatalf("the answer shows %d pupils, want 1", len(created.Leerlingen))
			}
			pupilID := created.Leerlingen[0].ID
			if n := records(pupilID); n != 1 {
				t.Errorf("%d processing records for the pupil after the create, want 1", n)
			}
			res2 := f.send(t, f.handler[who], "GET", "/api/v1/signalen/"+created.ID, nil)
			want(t, res2, http.StatusOK)
			if !bytes.Equal(res.body, res2.body) {
				t.Errorf("the answer to the create is not what the creator reads:\n%s\n%s", res.body, res2.body)
			}
			if n := records(pupilID); n != 2 {
				t.Errorf("%d processing records after a read as well, want 2", n)
			}
		})
	}
}

// Making a case of the signal writes one processing record for its pupil
// too, and answers with the case as its maker reads it.
func TestCreateCaseOneProcessingRecord(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	pupilID := s.Leerlingen[0].ID
	before, err := f.db.Logs.SearchProcessing(t.Context(), vios.LogFilter{MunicipalityID: f.arnhem.ID, SubjectID: pupilID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	res := f.send(t, f.handler["school"], "POST", "/api/v1/casussen", map[string]any{"signaal": s.ID, "regiehouder": f.users["partner"].ID,
		"plan": "Gesprek met Sam en ouders; wijkagent houdt contact.", "evaluatieDagen": 28})
	want(t, res, http.StatusCreated)
	after, err := f.db.Logs.SearchProcessing(t.Context(), vios.LogFilter{MunicipalityID: f.arnhem.ID, SubjectID: pupilID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(after) - len(before); n != 1 {
		t.Errorf("%d processing records for the pupil after making the case, want 1", n)
	}
	c := decode[casus](t, res)
	res2 := f.send(t, f.handler["school"], "GET", "/api/v1/casussen/"+c.ID, nil)
	want(t, res2, http.StatusOK)
	if !bytes.Equal(res.body, res2.body) {
		t.Errorf("the answer to the create is not what the maker reads:\n%s\n%s", res.body, res2.body)
	}
}
