package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and trainings: Den Haag records a session with a named trainer
// and five anonymous answers. Arnhem's regisseur neither reads nor records
// Den Haag's sessions, nor records one at a school of Den Haag, nor adds a
// training in Den Haag's name or the platform's; a school account records
// nothing for another school and writes nothing in the catalogue. Nobody
// reads the five answers' scores, on the web or through the API, nor can
// narrow the results to one school. Afterwards no session or training was
// added.
func TestInsiderTrainings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "test")
	in := &insider{fixture: f}
	hague, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools := func(m string) []*vios.Organisation {
		list, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m, Kind: vios.OrgSchool})
		if err != nil || len(list) == 0 {
			t.Fatalf("schools: %v", err)
		}
		return list
	}
	hagueSchool, arnhemSchools := schools(hague.ID)[0], schools(arnhem.ID)
	training := f.records["training"][false]
	const trainer = "Trainer Piet Bakker"
	session := &vios.TrainingSession{MunicipalityID: hague.ID, TrainingID: training, SchoolID: hagueSchool.ID, HeldOn: vios.Date(f.db.Now()),
		Trainer: trainer, Participants: 6}
	if err := f.db.Trainings.RecordTrainingSession(sys, session); err != nil {
		t.Fatal(err)
	}
	var answers []vios.Evaluation
	for range 5 {
		answers = append(answers, vios.Evaluation{Phase: vios.PhaseAfter, Rating: 1, Scores: []int{1, 1, 1, 1}})
	}
	if err := f.db.Trainings.ImportEvaluations(sys, session.ID, answers); err != nil {
		t.Fatal(err)
	}
	count := func() (int, int) {
		list, err := f.db.Trainings.ListTrainings(sys, vios.TrainingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range []string{hague.ID, arnhem.ID} {
			s, err := f.db.Trainings.ListTrainingSessions(sys, m)
			if err != nil {
				t.Fatal(err)
			}
			n += len(s)
		}
		return len(list), n
	}
	trainings, sessions := count()

	regisseur, school := vios.RoleRegisseur, vios.RoleSchool
	record := func(schoolID string) url.Values {
		return url.Values{"training": {training}, "school": {schoolID}, "datum": {"2026-11-02"}, "deelnemers": {"12"}}
	}
	newTraining := func(namens string) url.Values {
		return url.Values{"namens": {namens}, "soort": {"workshop"}, "titel": {"Overgenomen"}, "aanbieder": {"Wij"}, "themas": {"vapes"}}
	}
	for _, c := range []struct {
		role, method, path string
		form               url.Values
		want               int
	}{
		{regisseur, "GET", "/trainingssessies/den-haag", nil, 403},
		{regisseur, "POST", "/trainingssessies/den-haag", record(hagueSchool.ID), 403},
		{regisseur, "POST", "/trainingssessies/arnhem", record(hagueSchool.ID), 400},
		{regisseur, "POST", "/trainingen/nieuw", newTraining("den-haag"), 403},
		{regisseur, "POST", "/trainingen/nieuw", newTraining(""), 403},
		{vios.RoleOTSV, "GET", "/trainingssessies/den-haag", nil, 403},
		{school, "POST", "/trainingen/nieuw", newTraining("arnhem"), 403},
		{vios.RolePartner, "GET", "/trainingssessies/arnhem", nil, 403},
		{vios.RoleCoordinator, "POST", "/trainingssessies/arnhem", record(arnhemSchools[0].ID), 403},
	} {
		status, page := in.web(t, f.sessions[c.role], c.method, c.path, c.form)
		if status != c.want || strings.Contains(page, trainer) {
			t.Errorf("web %s %s %s: %d, want %d", c.role, c.method, c.path, status, c.want)
		}
	}
	// The school account: its own school only.
	schoolUser, _, err := f.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range arnhemSchools {
		if s.ID == schoolUser.Memberships[0].OrganisationID {
			continue
		}
		if status, _ := in.web(t, f.sessions[school], "POST", "/trainingssessies/arnhem", record(s.ID)); status != 403 {
			t.Errorf("the school records a session at %s: %d", s.Name, status)
		}
	}
	for _, c := range []struct {
		role string
		body map[string]any
		want int
	}{
		{regisseur, map[string]any{"gemeente": "den-haag", "soort": "workshop", "titel": "X", "aanbieder": "Y", "themas": []string{"vapes"}}, 403},
		{regisseur, map[string]any{"soort": "workshop", "titel": "X", "aanbieder": "Y", "themas": []string{"vapes"}}, 403},
		{school, map[string]any{"gemeente": "arnhem", "soort": "workshop", "titel": "X", "aanbieder": "Y", "themas": []string{"vapes"}}, 403},
	} {
		if got, doc := in.api(t, f.tokens[c.role], "POST", "/api/v1/trainingen", c.body); got != c.want {
			t.Errorf("api %s POST /api/v1/trainingen: %d, want %d: %s", c.role, got, c.want, doc)
		}
	}

	// Five answers: no figure anywhere, nor by narrowing to the school.
	for _, role := range []string{regisseur, vios.RoleLandelijk, school} {
		_, page := in.web(t, f.sessions[role], "GET", "/trainingen/"+training, nil)
		if !strings.Contains(page, "Nog te weinig antwoorden") || strings.Contains(page, "Gemiddeld cijfer") {
			t.Errorf("%s reads the scores of five answers on the web", role)
		}
		_, doc := in.api(t, f.tokens[role], "GET", "/api/v1/trainingen/"+training, nil)
		if !strings.Contains(doc, `"getoond":false`) || strings.Contains(doc, "gemiddeldCijfer") || strings.Contains(doc, "scoreNa") {
			t.Errorf("%s reads the scores of five answers in the API: %s", role, doc)
		}
		if got, _ := in.api(t, f.tokens[role], "GET", "/api/v1/trainingen?school="+hagueSchool.ID, nil); got != http.StatusBadRequest {
			t.Errorf("%s narrows the results to a school: %d", role, got)
		}
	}
	if n, m := count(); n != trainings || m != sessions {
		t.Errorf("after the attempts: %d trainings and %d sessions, before %d and %d", n, m, trainings, sessions)
	}
}
