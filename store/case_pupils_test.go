package store_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// siblings is a signal the school enters about two pupils: a brother and
// a sister who were threatened together.
func (w *caseworkWorld) siblings() *vios.Signal {
	s := w.knife()
	s.Description = "Noor en Sem Verhoeven worden samen bedreigd."
	s.Pupils = []vios.Pupil{{Name: "Noor Verhoeven", BirthDate: "2011-02-03", SchoolID: w.school.ID, Class: "3A"},
		{Name: "Sem Verhoeven", BirthDate: "2013-04-05", SchoolID: w.school.ID, Class: "1C"}}
	return s
}

// siblingsCase is a case with plan made from the siblings' signal.
func (w *caseworkWorld) siblingsCase(t *testing.T, plan string) *vios.Case {
	t.Helper()
	s := w.siblings()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	c := &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: w.users[vios.RolePartner].ID, Plan: plan}
	if _, err := w.db.Casework.CreateCase(w.chairCtx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// A signal with two pupils made a case that held only one of
// them. The case holds every pupil, and each pupil has a route of its own.
func TestCaseHoldsEveryPupil(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	c := w.siblingsCase(t, "Gesprek met beide kinderen en de ouders.")
	police := w.as(vios.RolePartner)
	got, err := db.Casework.FindCase(police, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got.Pupils {
		names = append(names, p.Display())
	}
	if strings.Join(names, ", ") != "Noor Verhoeven, Sem Verhoeven" && strings.Join(names, ", ") != "Sem Verhoeven, Noor Verhoeven" {
		t.Fatalf("the case holds %v, want both siblings", names)
	}
	noor, sem := got.Pupils[0].ID, got.Pupils[1].ID
	if got.Pupils[0].Name != "Noor Verhoeven" {
		noor, sem = sem, noor
	}

	// With two pupils a referral says whose it is; a pupil of another
	// case is refused; nothing is saved either time.
	if _, err := db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: "halt"}); fields(err) != "leerling" {
		t.Errorf("referral of no pupil: %v (%s)", err, fields(err))
	}
	other := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, PupilID: other.Pupils[0].ID, Table: "x"}); fields(err) != "leerling,tafel" && fields(err) != "tafel,leerling" {
		t.Errorf("referral of a pupil of no case to no table: %v (%s)", err, fields(err))
	}
	// Noor goes to Halt; Sem to two tables that did not accept him yet.
	for _, r := range []vios.Referral{{PupilID: noor, Table: "halt"}, {PupilID: sem, Table: "jeugdzorg"}, {PupilID: sem, Table: "veilig-thuis"}} {
		r.MunicipalityID, r.CaseID = w.arnhem, c.ID
		if _, err := db.Casework.CreateReferral(police, &r); err != nil {
			t.Fatal(err)
		}
	}
	got, err = db.Casework.FindCase(police, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	routes := got.Routes()
	if len(routes) != 2 {
		t.Fatalf("%d routes, want one per pupil", len(routes))
	}
	for _, r := range routes {
		var tables []string
		for _, ref := range r.Referrals {
			tables = append(tables, ref.Table)
		}
		slices.Sort(tables) // made at one moment of the test clock
		want := map[string]string{"Noor Verhoeven": "halt", "Sem Verhoeven": "jeugdzorg veilig-thuis"}[r.Pupil.Name]
		if strings.Join(tables, " ") != want {
			t.Errorf("route of %s: %v, want %s", r.Pupil.Name, tables, want)
		}
	}
	if warnings := got.RouteWarnings(); len(warnings) != 1 || !strings.HasPrefix(warnings[0], "Sem Verhoeven: ") {
		t.Errorf("route warnings %q, want one about Sem", warnings)
	}

	// Both are found by their case, and the reads of both are logged.
	for _, id := range []string{noor, sem} {
		if list, _, err := db.Casework.ListCases(police, vios.CaseFilter{MunicipalityID: w.arnhem, PupilID: id}); err != nil || len(list) != 1 || len(list[0].Pupils) != 2 {
			t.Errorf("cases of pupil %s: %d (%v)", id, len(list), err)
		}
		if n := subjectRecords(t, db, w.arnhem, id); n < 3 {
			t.Errorf("%d processing records about pupil %s", n, id)
		}
	}
	// Youth work sees both by pseudonym.
	youth, err := db.Casework.FindCase(w.asUser(w.youth), w.arnhem, c.ID)
	if err != nil || len(youth.Pupils) != 2 || youth.Pupils[0].Named || youth.Pupils[1].Named {
		t.Errorf("youth work sees %+v (%v)", youth.Pupils, err)
	}

	// Erasing Noor on request leaves the case to Sem: her route and her
	// link go, the plan (which may name her) is wiped.
	fg, _, err := db.Accounts.FindCredentials(w.chairCtx, "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.ErasePupil(w.asUser(fg), w.arnhem, noor, "verzoek van de ouders"); err != nil {
		t.Fatal(err)
	}
	got, err = db.Casework.FindCase(police, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pupils) != 1 || got.Pupils[0].ID != sem || len(got.Referrals) != 2 || got.Plan != "" {
		t.Errorf("after erasing Noor: pupils %+v, %d referrals, plan %q", got.Pupils, len(got.Referrals), got.Plan)
	}
}

// A second organisation's signal about the same pupil blanked
// the class the school had entered. Another organisation's entry is kept
// beside the school's and shown as a difference; nothing is overwritten.
func TestPupilKeepsEverySource(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	school := w.knife() // Jan de Vries, class 2B, entered by the school
	if _, err := db.Casework.CreateSignal(w.chairCtx, school); err != nil {
		t.Fatal(err)
	}
	police := w.as(vios.RolePartner)
	enter := func(class, schoolID string) *vios.Signal {
		t.Helper()
		s := w.knife()
		s.Description = "Jan de Vries is aangehouden."
		s.Pupils[0].Name, s.Pupils[0].Class, s.Pupils[0].SchoolID = "jan de vries", class, schoolID
		if _, err := db.Casework.CreateSignal(police, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	shown := func(t *testing.T) vios.Pupil {
		t.Helper()
		s, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, school.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s.Pupils[0]
	}
	// The police enters Jan without a class: the school's 2B stays.
	enter("", w.school.ID)
	if p := shown(t); p.Class != "2B" || p.Name != "Jan de Vries" {
		t.Fatalf("after the police's entry the school sees %q in class %q", p.Name, p.Class)
	}
	// The police enters him again in 2C at another school: the shown
	// record is still the school's, the police's entry is beside it.
	own := enter("2C", w.otherSchool.ID)
	p := shown(t)
	if p.Class != "2B" || p.SchoolID != w.school.ID {
		t.Errorf("the school's record became class %q at %s", p.Class, p.SchoolName)
	}
	diff := strings.Join(p.Differences(), "; ")
	for _, want := range []string{w.police.Name + " noteerde klas 2C", w.police.Name + " noteerde school " + w.otherSchool.Name,
		w.police.Name + " schreef de naam als jan de vries"} {
		if !strings.Contains(diff, want) {
			t.Errorf("differences %q lack %q", diff, want)
		}
	}
	if len(p.Sources) != 2 || !p.Sources[0].Shown || p.Sources[0].OrganisationID != w.school.ID || p.Sources[1].Class != "2C" {
		t.Errorf("sources %+v", p.Sources)
	}
	// The police reads back its own entry, and the school's beside it.
	theirs, err := db.Casework.FindSignal(police, w.arnhem, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q := theirs.Pupils[0]; q.Class != "2C" || q.SchoolID != w.otherSchool.ID || q.Name != "jan de vries" ||
		!slices.Contains(q.Differences(), w.school.Name+" noteerde klas 2B") {
		t.Errorf("the police reads its own signal as %q in %q at %s, differences %q", q.Name, q.Class, q.SchoolName, q.Differences())
	}
	if list, _, err := db.Casework.ListSignals(police, vios.SignalFilter{MunicipalityID: w.arnhem}); err != nil || len(list) != 3 {
		t.Errorf("police's list: %d (%v)", len(list), err)
	} else {
		// In every record the police sees the pupil as it entered him.
		for _, s := range list {
			if s.Pupils[0].Class != "2C" {
				t.Errorf("police's list shows %s with class %q, want its own 2C", s.Code, s.Pupils[0].Class)
			}
		}
	}
	if found, err := db.Casework.FindPupils(police, w.arnhem, "Jan de Vries", "2012-03-04"); err != nil || len(found) != 1 || found[0].Class != "2C" {
		t.Errorf("the police's search finds %+v (%v), want its own entry", found, err)
	}
	// The school's own new entry changes its record; an entry without a
	// class keeps its class.
	again := w.knife()
	again.Pupils[0].Class = ""
	if _, err := db.Casework.CreateSignal(w.chairCtx, again); err != nil {
		t.Fatal(err)
	}
	if p := shown(t); p.Class != "2B" {
		t.Errorf("the school's own entry without a class blanked it: %q", p.Class)
	}
	// Youth work, which sees the pseudonym, gets neither class nor sources.
	youth, err := db.Casework.FindSignal(w.asUser(w.youth), w.arnhem, school.ID)
	if err != nil || youth.Pupils[0].Class != "" || len(youth.Pupils[0].Sources) != 0 || len(youth.Pupils[0].Differences()) != 0 {
		t.Errorf("youth work sees class %q, sources %+v (%v)", youth.Pupils[0].Class, youth.Pupils[0].Sources, err)
	}
	// The police's entry is sealed, bound to its own row.
	id := rawScalar(t, db, `SELECT id FROM pupil_sources WHERE pupil_id = ?`, p.ID)
	// A two-letter class may well occur in base64 by chance: the stored
	// value must have the keyring's shape, v<version>.<base64url>.
	if stored := rawValue(t, db, "pupil_sources", "class_sealed", id); !regexp.MustCompile(`^v[0-9]+\.[A-Za-z0-9_-]{20,}$`).MatchString(stored) {
		t.Errorf("the police's class is stored as %q", stored)
	}

	// The inzage holds every source; erasure removes them.
	fg, _, err := db.Accounts.FindCredentials(w.chairCtx, "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	x, err := db.Casework.ExportPupil(w.asUser(fg), w.arnhem, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Pupil.Sources) != 2 || x.Pupil.Sources[1].OrganisationName != w.police.Name || x.Pupil.Sources[1].Class != "2C" {
		t.Errorf("inzage sources %+v", x.Pupil.Sources)
	}
	if err := db.Casework.ErasePupil(w.asUser(fg), w.arnhem, p.ID, "verzoek van de ouders"); err != nil {
		t.Fatal(err)
	}
	if left := rawScalar(t, db, `SELECT COUNT(*) FROM pupil_sources`); left != "0" {
		t.Errorf("%s sources left after erasure", left)
	}
}

// inRawTx runs fn in a transaction of its own, behind the store's back,
// and commits it; fn writes its queries with ? placeholders through
// db.Rebind.
func inRawTx(t *testing.T, db *store.DB, fn func(ctx context.Context, tx *store.Tx)) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	fn(ctx, tx)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// rawScalar reads one value behind the store's back.
func rawScalar(t *testing.T, db *store.DB, query string, args ...any) string {
	t.Helper()
	var v string
	inRawTx(t, db, func(ctx context.Context, tx *store.Tx) {
		if err := tx.QueryRowContext(ctx, db.Rebind(query), args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	})
	return v
}

// Retention removes what other organisations entered about a pupil with
// the pupil's own identifying data.
func TestRetentionRemovesEverySource(t *testing.T) {
	w := newRetentionWorld(t)
	police := w.caseworkWorld.knife()
	police.Pupils[0].Class = "2C"
	if _, err := w.db.Casework.CreateSignal(w.as(vios.RolePartner), police); err != nil {
		t.Fatal(err)
	}
	if n := rawScalar(t, w.db, `SELECT COUNT(*) FROM pupil_sources`); n != "1" {
		t.Fatalf("%s sources after the police's entry", n)
	}
	w.at(366)
	w.run(t, true)
	if n := rawScalar(t, w.db, `SELECT COUNT(*) FROM pupil_sources`); n != "1" {
		t.Errorf("the dry run removed sources: %s left", n)
	}
	w.run(t, false)
	if w.found(t, "Jan de Vries", "2012-03-04") {
		t.Error("Jan is still found after his signals expired")
	}
	if n := rawScalar(t, w.db, `SELECT COUNT(*) FROM pupil_sources`); n != "0" {
		t.Errorf("%s sources left of a pseudonymised pupil", n)
	}
	w.at(366 + 91)
	if got := w.run(t, false); got["leerlingen verwijderd"] != 1 {
		t.Errorf("after the grace: %v", got)
	}
}

// Migration 00021 gives cases made before it the pupils the old code
// dropped, and keeps each referral with the one pupil the case had.
func TestMigrationGivesCasesTheirPupilsBack(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	c := w.siblingsCase(t, "Gesprek met beide kinderen.")
	ctx := context.Background()
	if err := db.MigrateDownTo(ctx, 20); err != nil {
		t.Fatal(err)
	}
	// Before 00021 a case held the signal's first pupil only; so did its route.
	first := rawScalar(t, db, `SELECT pupil_id FROM cases WHERE id = ?`, c.ID)
	rawExec(t, db, `INSERT INTO referrals (id, municipality_id, case_id, table_code, status, created_by, created_at, updated_at)
		SELECT 'a0000000-0000-4000-8000-000000000001', municipality_id, id, 'halt', 'aangevraagd', owner_user_id, created_at, updated_at
		FROM cases WHERE id = ?`, c.ID)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := db.Casework.FindCase(w.as(vios.RolePartner), w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pupils) != 2 || len(got.Referrals) != 1 || got.Referrals[0].PupilID != first {
		t.Errorf("after the migration: pupils %v, referrals %+v (first pupil %s)", got.PupilIDs(), got.Referrals, first)
	}
	if src := rawScalar(t, db, `SELECT source_org_id FROM pupils WHERE id = ?`, first); src != w.school.ID {
		t.Errorf("the pupil's source is %s, want the school", src)
	}
}

// rawExec changes rows behind the store's back.
func rawExec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	inRawTx(t, db, func(ctx context.Context, tx *store.Tx) {
		if _, err := tx.ExecContext(ctx, db.Rebind(query), args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	})
}
