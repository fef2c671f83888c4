package store_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// trainingWorld is the knowledge world (demo municipalities and users) with
// a catalogue entry of the landelijk role.
type trainingWorld struct {
	*knowledgeWorld
	training *vios.Training
}

func newTrainingWorld(t *testing.T) *trainingWorld {
	t.Helper()
	w := &trainingWorld{knowledgeWorld: newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))}
	w.training = &vios.Training{Kind: "training", Title: "Weerbaar tegen groepsdruk", Provider: "Stichting School & Veiligheid",
		Themes: []string{"groepsdruk"}, SchoolTypes: []string{"vo"}}
	if err := w.db.Trainings.CreateTraining(w.as(t, "landelijk@demo.example"), w.training); err != nil {
		t.Fatal(err)
	}
	return w
}

// school is the school of a demo school account.
func (w *trainingWorld) school(t *testing.T, email string) string {
	t.Helper()
	u, _, err := w.db.Accounts.FindCredentials(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Memberships[0].OrganisationID
}

func catalogueSize(t *testing.T, db *store.DB, ctx context.Context) int {
	t.Helper()
	list, err := db.Trainings.ListTrainings(ctx, vios.TrainingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// Who writes the catalogue: the landelijk role for the platform, a
// municipality's regisseur, OTSV and beheerder for their own; a school
// account and another municipality's regisseur are refused; incomplete
// input is refused with every field named. Everyone logged in reads it,
// nobody without login.
func TestTrainingCatalogue(t *testing.T) {
	w := newTrainingWorld(t)
	db := w.db
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	own := &vios.Training{MunicipalityID: w.arnhem, Kind: "workshop", Title: "In gesprek over vapes", Provider: "GGD",
		Themes: []string{"vapes"}, SchoolTypes: []string{"po"}}
	if err := db.Trainings.CreateTraining(regisseur, own); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name string
		ctx  context.Context
		t    vios.Training
		code string
	}{
		{"a school account", w.as(t, "school@arnhem.demo.example"), vios.Training{MunicipalityID: w.arnhem}, vios.EFORBIDDEN},
		{"for another municipality", regisseur, vios.Training{MunicipalityID: w.denHaag}, vios.EFORBIDDEN},
		{"a regisseur for the platform", regisseur, vios.Training{}, vios.EFORBIDDEN},
		{"the landelijk role for a municipality", w.as(t, "landelijk@demo.example"), vios.Training{MunicipalityID: w.arnhem}, vios.EFORBIDDEN},
		{"no title, two statements", regisseur, vios.Training{MunicipalityID: w.arnhem, Statements: []string{"a", "b"}}, vios.EINVALID},
	}
	for _, c := range refused {
		c.t.Kind, c.t.Provider, c.t.Themes = "training", "Aanbieder", []string{"vapes"}
		if c.code != vios.EINVALID {
			c.t.Title = "Overgenomen"
		}
		if err := db.Trainings.CreateTraining(c.ctx, &c.t); vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	if err := (&vios.Training{MunicipalityID: w.arnhem, Statements: []string{"a", "b"}}).Validate(); len(vios.ErrorFields(err)) < 4 {
		t.Errorf("an empty training names %d fields: %v", len(vios.ErrorFields(err)), err)
	}
	if n := catalogueSize(t, db, w.as(t, "partner@den-haag.demo.example")); n != 2 {
		t.Errorf("a partner of Den Haag reads %d trainings, want both", n)
	}
	got, err := db.Trainings.FindTraining(w.as(t, "school@den-haag.demo.example"), own.ID)
	if err != nil || got.MunicipalityName != "Arnhem" || got.Title != own.Title || len(got.Questions()) != len(vios.DefaultTrainingStatements) {
		t.Errorf("Arnhem's entry as Den Haag reads it: %+v, %v", got, err)
	}
	// "Wat werkt bij groepsdruk in het vo?"
	list, err := db.Trainings.ListTrainings(regisseur, vios.TrainingFilter{Theme: "groepsdruk", SchoolType: "vo"})
	if err != nil || len(list) != 1 || list[0].ID != w.training.ID {
		t.Errorf("groepsdruk in het vo: %v, %v", list, err)
	}
	if _, err := db.Trainings.ListTrainings(regisseur, vios.TrainingFilter{Theme: "onbekend"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("an unknown theme: %v", err)
	}
	if _, err := db.Trainings.ListTrainings(context.Background(), vios.TrainingFilter{}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("without login: %v", err)
	}
}

// Sessions: a school account records its own school's session, not
// another's; a regisseur of Den Haag records nothing at Arnhem, and
// Arnhem's regisseur no session at a school of Den Haag. A school account
// lists only its own school's sessions; the trainer is read back.
func TestTrainingSessions(t *testing.T) {
	w := newTrainingWorld(t)
	db := w.db
	schoolA, schoolB := w.school(t, "school@arnhem.demo.example"), w.school(t, "vo@arnhem.demo.example")
	hague := w.school(t, "school@den-haag.demo.example")
	held := vios.Date(db.Now()).AddDate(0, 0, -7)
	session := func(m, school string) *vios.TrainingSession {
		return &vios.TrainingSession{MunicipalityID: m, TrainingID: w.training.ID, SchoolID: school, HeldOn: held, Participants: 12,
			Trainer: "Trainer Anna Jansen"}
	}
	if err := db.Trainings.RecordTrainingSession(w.as(t, "school@arnhem.demo.example"), session(w.arnhem, schoolA)); err != nil {
		t.Fatal(err)
	}
	if err := db.Trainings.RecordTrainingSession(w.as(t, "regisseur@arnhem.demo.example"), session(w.arnhem, schoolB)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		email string
		s     *vios.TrainingSession
		code  string
	}{
		{"another school of the municipality", "school@arnhem.demo.example", session(w.arnhem, schoolB), vios.EFORBIDDEN},
		{"Den Haag's regisseur at Arnhem", "regisseur@den-haag.demo.example", session(w.arnhem, schoolA), vios.EFORBIDDEN},
		{"a school of Den Haag", "regisseur@arnhem.demo.example", session(w.arnhem, hague), vios.EINVALID},
		{"a partner", "partner@arnhem.demo.example", session(w.arnhem, schoolA), vios.EFORBIDDEN},
		{"no participants, a bad address", "regisseur@arnhem.demo.example",
			&vios.TrainingSession{MunicipalityID: w.arnhem, TrainingID: w.training.ID, SchoolID: schoolA, HeldOn: held, Emails: []string{"geen-adres"}},
			vios.EINVALID},
	} {
		if err := db.Trainings.RecordTrainingSession(w.as(t, c.email), c.s); vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	all, err := db.Trainings.ListTrainingSessions(w.as(t, "regisseur@arnhem.demo.example"), w.arnhem)
	if err != nil || len(all) != 2 || all[0].Trainer != "Trainer Anna Jansen" {
		t.Fatalf("the regisseur's sessions: %+v, %v", all, err)
	}
	mine, err := db.Trainings.ListTrainingSessions(w.as(t, "school@arnhem.demo.example"), w.arnhem)
	if err != nil || len(mine) != 1 || mine[0].SchoolID != schoolA {
		t.Errorf("the school's sessions: %+v, %v", mine, err)
	}
	if _, err := db.Trainings.ListTrainingSessions(w.as(t, "regisseur@den-haag.demo.example"), w.arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("Den Haag reads Arnhem's sessions: %v", err)
	}
	evidence, err := db.Approaches.MeetlatEvidence(w.as(t, "regisseur@arnhem.demo.example"), w.arnhem, "", held.Year())
	if err != nil || !regexp.MustCompile(`2 trainingssessies met samen 24 deelnemers; 0 evaluaties`).MatchString(evidence["trainingen"]) {
		t.Errorf("the meetlat's evidence: %q, %v", evidence["trainingen"], err)
	}
}
