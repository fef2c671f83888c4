package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// subjectWorld is the knife signal about Jan (with Piet named in it too)
// that became a case with a note and a referral, and the fg of Arnhem.
type subjectWorld struct {
	*caseworkWorld
	fgCtx  context.Context
	signal *vios.Signal
	kase   *vios.Case
	jan    string // the pupil's id
}

func newSubjectWorld(t *testing.T) *subjectWorld {
	t.Helper()
	w := &subjectWorld{caseworkWorld: newCaseworkWorld(t)}
	db := w.db
	fg, _, err := db.Accounts.FindCredentials(context.Background(), "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.fgCtx = w.asUser(fg)
	// The knife signal names Jan and Piet; a second signal about Jan alone
	// became a case.
	w.signal = w.knife()
	w.signal.Pupils = append(w.signal.Pupils, vios.Pupil{Name: "Piet Jansen", BirthDate: "2011-05-06", SchoolID: w.school.ID})
	if _, err := db.Casework.CreateSignal(w.chairCtx, w.signal); err != nil {
		t.Fatal(err)
	}
	for _, p := range w.signal.Pupils {
		if p.Name == "Jan de Vries" {
			w.jan = p.ID
		}
	}
	alone := w.knife()
	alone.Description = "Jan de Vries dreigde opnieuw op Snapchat."
	if _, err := db.Casework.CreateSignal(w.chairCtx, alone); err != nil {
		t.Fatal(err)
	}
	w.kase = &vios.Case{MunicipalityID: w.arnhem, SignalID: alone.ID, OwnerUserID: w.users[vios.RolePartner].ID,
		Plan: "Gesprek met Jan en zijn ouders; Halt-traject."}
	if _, err := db.Casework.CreateCase(w.chairCtx, w.kase); err != nil {
		t.Fatal(err)
	}
	if ids := w.kase.PupilIDs(); len(ids) != 1 || ids[0] != w.jan {
		t.Fatalf("the case is about %v, not Jan", ids)
	}
	if err := db.Casework.AddCaseNote(w.chairCtx, w.arnhem, w.kase.ID, "Jan is op gesprek geweest."); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Casework.CreateReferral(w.chairCtx, &vios.Referral{MunicipalityID: w.arnhem, CaseID: w.kase.ID, Table: "halt"}); err != nil {
		t.Fatal(err)
	}
	return w
}

// processed returns the names of the processing records about the pupil.
func processed(t *testing.T, db *store.DB, municipalityID, pupilID string) []string {
	t.Helper()
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, SubjectID: pupilID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range list {
		names = append(names, r.Name)
	}
	return names
}

func audited(t *testing.T, db *store.DB, municipalityID, action string) int {
	t.Helper()
	list, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: action, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// Only the fg handles data-subject requests; the others get no answer,
// and the fg finds a pupil only by name and date of birth together.
func TestSubjectRequestOnlyForTheFG(t *testing.T) {
	w := newSubjectWorld(t)
	db := w.db
	for role, ctx := range map[string]context.Context{"police": w.as(vios.RolePartner), "regisseur": w.as(vios.RoleRegisseur),
		"den haag": w.hagueCtx} {
		if _, err := db.Casework.FindPupilForRequest(ctx, w.arnhem, "Jan de Vries", "2012-03-04"); vios.ErrorCode(err) != vios.EFORBIDDEN {
			t.Errorf("%s searches: %v", role, err)
		}
		if _, err := db.Casework.ExportPupil(ctx, w.arnhem, w.jan); vios.ErrorCode(err) != vios.EFORBIDDEN {
			t.Errorf("%s exports: %v", role, err)
		}
		if err := db.Casework.CorrectPupil(ctx, &vios.Pupil{ID: w.jan, MunicipalityID: w.arnhem, Name: "X Y", BirthDate: "2012-03-04",
			SchoolID: w.school.ID}); vios.ErrorCode(err) != vios.EFORBIDDEN {
			t.Errorf("%s corrects: %v", role, err)
		}
		if err := db.Casework.ErasePupil(ctx, w.arnhem, w.jan, "verzoek"); vios.ErrorCode(err) != vios.EFORBIDDEN {
			t.Errorf("%s erases: %v", role, err)
		}
	}
	// The fg of Arnhem is no fg of Den Haag.
	hague := municipalityID(t, db, "den-haag")
	if _, err := db.Casework.FindPupilForRequest(w.fgCtx, hague, "Jan de Vries", "2012-03-04"); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the fg in another municipality: %v", err)
	}
	// The fg still sees no pupils in the casework itself.
	if _, err := db.Casework.FindSignal(w.fgCtx, w.arnhem, w.signal.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("the fg reads the signal: %v", err)
	}

	p, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, " jan de VRIES", "2012-03-04")
	if err != nil || p.ID != w.jan || p.Name != "Jan de Vries" || p.Class != "2B" {
		t.Fatalf("found %+v (%v)", p, err)
	}
	if _, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, "Jan de Vries", "2012-03-05"); vios.ErrorCode(err) != vios.ENOTFOUND ||
		!strings.Contains(vios.ErrorMessage(err), "geen leerling met deze naam") {
		t.Errorf("another date of birth: %v", err)
	}
	if _, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, "Jan de Vries", ""); fields(err) != "geboortedatum" {
		t.Errorf("without date of birth: %v (%s)", err, fields(err))
	}
	// Found or not, every search is in the audit trail.
	if n := audited(t, db, w.arnhem, "verzoek-leerling-gezocht"); n != 2 {
		t.Errorf("%d searches audited, want 2", n)
	}
}

// The inzage holds the signal with its description, the case with plan,
// note and referral, and the processing records — and nothing of Piet.
func TestSubjectExport(t *testing.T) {
	w := newSubjectWorld(t)
	db := w.db
	x, err := db.Casework.ExportPupil(w.fgCtx, w.arnhem, w.jan)
	if err != nil {
		t.Fatal(err)
	}
	if x.Pupil.Name != "Jan de Vries" || x.Pupil.BirthDate != "2012-03-04" || x.Pupil.Class != "2B" {
		t.Errorf("pupil %+v", x.Pupil)
	}
	if len(x.Signals) != 2 || !strings.Contains(x.Signals[0].Description, "Snapchat") || len(x.Signals[0].SchoolNames) != 1 {
		t.Fatalf("signals %+v", x.Signals)
	}
	for _, s := range x.Signals {
		for _, p := range s.Pupils {
			if p.Name != "Jan de Vries" {
				t.Errorf("the inzage shows another pupil: %q", p.Display())
			}
		}
	}
	if len(x.Cases) != 1 || !strings.Contains(x.Cases[0].Plan, "Halt-traject") || len(x.Cases[0].Notes) != 1 ||
		x.Cases[0].Notes[0].Text != "Jan is op gesprek geweest." || len(x.Cases[0].Referrals) != 1 || x.Cases[0].Referrals[0].Table != "halt" {
		t.Fatalf("cases %+v", x.Cases)
	}
	// Entry, case and referral were processed before the inzage.
	if len(x.AccessLog) == 0 {
		t.Error("no processing records in the inzage")
	}
	for _, r := range x.AccessLog {
		if r.DataSubjectID != w.jan {
			t.Errorf("a processing record of someone else: %+v", r)
		}
	}
	if names := processed(t, db, w.arnhem, w.jan); names[0] != "inzage-verstrekt" {
		t.Errorf("the export is not logged first: %v", names)
	}
	if n := audited(t, db, w.arnhem, "inzage-verstrekt"); n != 1 {
		t.Errorf("%d exports audited", n)
	}
	if _, err := db.Casework.ExportPupil(w.fgCtx, w.arnhem, "2b5b8b8e-0000-4000-8000-000000000000"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("an unknown pupil: %v", err)
	}
}

// A correction changes what an entitled reader sees; a correction onto
// another pupil's name and date of birth is a conflict.
func TestSubjectCorrection(t *testing.T) {
	w := newSubjectWorld(t)
	db := w.db
	p := &vios.Pupil{ID: w.jan, MunicipalityID: w.arnhem, Name: "Jan de Vriens", BirthDate: "2012-03-14", Class: "2C", SchoolID: w.school.ID}
	if err := db.Casework.CorrectPupil(w.fgCtx, p); err != nil {
		t.Fatal(err)
	}
	police, err := db.Casework.FindSignal(w.as(vios.RolePartner), w.arnhem, w.signal.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range police.Pupils {
		if got.ID == w.jan && (got.Name != "Jan de Vriens" || got.BirthDate != "2012-03-14" || got.Class != "2C" || got.Initials != "J.d.V.") {
			t.Errorf("the police reads %+v", got)
		}
	}
	// The old name and date find nobody; the new ones the same pupil.
	if _, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, "Jan de Vries", "2012-03-04"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("old name: %v", err)
	}
	if found, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, "Jan de Vriens", "2012-03-14"); err != nil || found.ID != w.jan {
		t.Errorf("new name: %v", err)
	}
	// A new signal under the corrected name is about the same pupil.
	again := w.knife()
	again.Pupils[0].Name, again.Pupils[0].BirthDate = "Jan de Vriens", "2012-03-14"
	if _, err := db.Casework.CreateSignal(w.chairCtx, again); err != nil || again.Pupils[0].ID != w.jan {
		t.Errorf("a signal under the corrected name: %v", err)
	}

	onto := &vios.Pupil{ID: w.jan, MunicipalityID: w.arnhem, Name: "piet jansen", BirthDate: "2011-05-06", SchoolID: w.school.ID}
	if err := db.Casework.CorrectPupil(w.fgCtx, onto); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("correction onto Piet: %v", err)
	}
	bad := &vios.Pupil{ID: w.jan, MunicipalityID: w.arnhem, Name: "", BirthDate: "morgen", SchoolID: w.police.ID}
	if err := db.Casework.CorrectPupil(w.fgCtx, bad); !strings.Contains(fields(err), "leerling.naam") || !strings.Contains(fields(err), "leerling.geboortedatum") {
		t.Errorf("bad correction: %v (%s)", err, fields(err))
	}
	elsewhere := *p
	elsewhere.SchoolID = w.police.ID
	if err := db.Casework.CorrectPupil(w.fgCtx, &elsewhere); fields(err) != "leerling.school" {
		t.Errorf("a police station as school: %v (%s)", err, fields(err))
	}
	if names := processed(t, db, w.arnhem, w.jan); !contains(names, "leerling-gecorrigeerd") {
		t.Errorf("the correction is not in the processing log: %v", names)
	}
	if n := audited(t, db, w.arnhem, "leerling-gecorrigeerd"); n != 1 {
		t.Errorf("%d corrections audited", n)
	}
}

// Erasure removes the pupil and its case, wipes the description that
// named it, and leaves Piet and a deletion record without the name.
func TestSubjectErasure(t *testing.T) {
	w := newSubjectWorld(t)
	db := w.db
	if err := db.Casework.ErasePupil(w.fgCtx, w.arnhem, w.jan, "  "); fields(err) != "reden" {
		t.Errorf("without reason: %v", err)
	}
	if err := db.Casework.ErasePupil(w.fgCtx, w.arnhem, w.jan, "Verzoek van de ouders van Jan de Vries"); fields(err) != "reden" {
		t.Errorf("a reason with the name: %v", err)
	}
	if err := db.Casework.ErasePupil(w.fgCtx, w.arnhem, w.jan, "Verzoek van de ouders, ontvangen 28 augustus"); err != nil {
		t.Fatal(err)
	}
	police, err := db.Casework.FindSignal(w.as(vios.RolePartner), w.arnhem, w.signal.ID)
	if err != nil {
		t.Fatal(err)
	}
	if police.Description != "" || len(police.Pupils) != 1 || police.Pupils[0].Name != "Piet Jansen" {
		t.Errorf("after erasure the police reads %q about %+v", police.Description, police.Pupils)
	}
	if _, err := db.Casework.FindCase(w.as(vios.RolePartner), w.arnhem, w.kase.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("the case after erasure: %v", err)
	}
	if _, err := db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, "Jan de Vries", "2012-03-04"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("the erased pupil is found: %v", err)
	}
	if _, err := db.Casework.ExportPupil(w.fgCtx, w.arnhem, w.jan); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("the erased pupil exports: %v", err)
	}
	records, err := db.Casework.ListDeletionRecords(w.fgCtx, w.arnhem)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, r := range records {
		kinds[r.Kind+" "+r.Action] = r.Count
		if r.DryRun || !strings.Contains(r.Reason, "28 augustus") || strings.Contains(r.Reason, "Vries") {
			t.Errorf("record %+v", r)
		}
	}
	if kinds["leerlingen verwijderd"] != 1 || kinds["casussen verwijderd"] != 1 || kinds["signalen gepseudonimiseerd"] != 2 {
		t.Errorf("records %v", kinds)
	}
	// The processing log keeps the pseudonymous id: the erasure itself is
	// on record.
	if names := processed(t, db, w.arnhem, w.jan); names[0] != "leerling-gewist" {
		t.Errorf("processing records after erasure: %v", names)
	}
	if n := audited(t, db, w.arnhem, "leerling-gewist"); n != 1 {
		t.Errorf("%d erasures audited", n)
	}
}
