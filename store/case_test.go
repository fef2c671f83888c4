package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

const knifePlan = "Jan de Vries: gesprek met ouders; de wijkagent kijkt naar de dreigementen op Snapchat."

// knifeCase enters the knife signal as the school (the chair) and makes it
// a case with the police officer as owner.
func (w *caseworkWorld) knifeCase(t *testing.T, name string) (*vios.Signal, *vios.Case) {
	t.Helper()
	s := w.knife()
	s.Pupils[0].Name = name
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	c := &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: w.users[vios.RolePartner].ID, Plan: knifePlan, ReviewEveryDays: 14}
	if _, err := w.db.Casework.CreateCase(w.chairCtx, c); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// mailsAbout returns the mails in the outbox whose subject contains s.
func mailsAbout(t *testing.T, db *store.DB, s string) []*vios.OutboxEntry {
	t.Helper()
	all, err := db.Logs.ListOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []*vios.OutboxEntry
	for _, m := range all {
		if strings.Contains(m.Subject, s) {
			out = append(out, m)
		}
	}
	return out
}

func TestCaseFromSignal(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	meetings := w.plan(t, 24*time.Hour, 2)
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(48 * time.Hour) // the first meeting has been held
	police := w.users[vios.RolePartner]
	newCase := func(owner string) *vios.Case {
		return &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: owner, Plan: knifePlan, ReviewEveryDays: 14}
	}

	// A member who does not chair the network does not direct cases; an
	// owner outside the network is refused; nothing is saved either time.
	if _, err := db.Casework.CreateCase(w.as(vios.RolePartner), newCase(police.ID)); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a plain member makes a case: %v", err)
	}
	if _, err := db.Casework.CreateCase(w.chairCtx, newCase(w.users[vios.RoleOTSV].ID)); vios.ErrorCode(err) != vios.EINVALID || fields(err) != "regiehouder" {
		t.Errorf("owner outside the network: %v (%s)", err, fields(err))
	}
	if _, err := db.Casework.CreateCase(w.chairCtx, &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: police.ID}); fields(err) != "plan" {
		t.Errorf("case without a plan: %v (%s)", err, fields(err))
	}
	if _, page, err := db.Casework.ListCases(w.chairCtx, vios.CaseFilter{MunicipalityID: w.arnhem}); err != nil || page.Total != 0 {
		t.Fatalf("after refusals: %d cases (%v)", page.Total, err)
	}

	c := newCase(police.ID)
	if _, err := db.Casework.CreateCase(w.chairCtx, c); err != nil {
		t.Fatal(err)
	}
	if c.Code != "C-2026-0001" || c.NetworkID != w.network.ID || len(c.Pupils) != 1 || c.Pupils[0].ID != s.Pupils[0].ID || c.MeetingID != meetings[0].ID {
		t.Errorf("case: code %s network %s pupils %v meeting %s", c.Code, c.NetworkID, c.PupilIDs(), c.MeetingID)
	}
	if c.OwnerOrgID != w.police.ID || c.ReportingOrganisationID != w.school.ID {
		t.Errorf("owner organisation %s, reporter %s", c.OwnerOrgID, c.ReportingOrganisationID)
	}
	if want := vios.Date(w.now).AddDate(0, 0, 14); !c.NextReviewOn.Equal(want) {
		t.Errorf("next review %s, want %s", c.NextReviewOn, want)
	}
	signal, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, s.ID)
	if err != nil || signal.Status != vios.SignalCase || signal.CaseID != c.ID {
		t.Errorf("signal after the case: %s %s (%v)", signal.Status, signal.CaseID, err)
	}
	if _, err := db.Casework.CreateCase(w.chairCtx, newCase(police.ID)); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("a second case of the signal: %v", err)
	}
	// The new owner is told, without content.
	told := mailsAbout(t, db, "U houdt de regie over casus "+c.Code)
	if len(told) != 1 || told[0].Recipient != police.Email || strings.Contains(told[0].Body, "Vries") {
		t.Errorf("owner mails: %+v", told)
	}
	// The plan is sealed in the database.
	if stored := rawValue(t, db, "cases", "plan_sealed", c.ID); stored == "" || strings.Contains(stored, "Vries") || strings.Contains(stored, "Snapchat") {
		t.Errorf("plan stored as %q", stored)
	}
}

func TestCaseWhoSeesWhat(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	s, c := w.knifeCase(t, "Jan de Vries")
	if err := db.Casework.AddCaseNote(w.as(vios.RolePartner), w.arnhem, c.ID, "Gesprek gehad met Jan en zijn moeder."); err != nil {
		t.Fatal(err)
	}
	pupil := s.Pupils[0].ID
	before := subjectRecords(t, db, w.arnhem, pupil)

	// The police (entitled by the clause) sees the name, the plan and the notes.
	police, err := db.Casework.FindCase(w.as(vios.RolePartner), w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if police.Pupils[0].Display() != "Jan de Vries" || police.Plan != knifePlan || len(police.Notes) != 1 || !strings.Contains(police.Notes[0].Text, "moeder") {
		t.Errorf("police sees %q, plan %q, notes %+v", police.Pupils[0].Display(), police.Plan, police.Notes)
	}
	if !police.Access.Named() || !strings.Contains(police.Access.Reason, "politie-informatie") {
		t.Errorf("police access %+v", police.Access)
	}
	// The school, which brought the signal in, reads plan and notes.
	school, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if school.Plan != knifePlan || len(school.Notes) != 1 || !strings.Contains(school.Notes[0].Text, "moeder") {
		t.Errorf("school reads plan %q, notes %+v", school.Plan, school.Notes)
	}
	// Youth work (not entitled) sees the pseudonym, that there is a note,
	// but neither plan nor note text.
	youth, err := db.Casework.FindCase(w.asUser(w.youth), w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if youth.Pupils[0].Display() != s.Pupils[0].Code+" (J.d.V.)" || youth.Pupils[0].Name != "" || youth.Plan != "" {
		t.Errorf("youth work sees %q (name %q), plan %q", youth.Pupils[0].Display(), youth.Pupils[0].Name, youth.Plan)
	}
	if len(youth.Notes) != 1 || youth.Notes[0].Text != "" || !strings.Contains(youth.Access.Reason, "geen ondertekende partij") {
		t.Errorf("youth work notes %+v, why %q", youth.Notes, youth.Access.Reason)
	}
	list, page, err := db.Casework.ListCases(w.asUser(w.youth), vios.CaseFilter{MunicipalityID: w.arnhem, Status: vios.CaseOpen})
	if err != nil || page.Total != 1 || len(list) != 1 || list[0].Pupils[0].Named || list[0].Plan != "" {
		t.Fatalf("youth work's list: %d of %d (%v)", len(list), page.Total, err)
	}
	// Someone of another municipality and the OTSV account (no member)
	// see nothing, not even that it exists.
	for name, ctx := range map[string]context.Context{"den haag": w.hagueCtx, "otsv": w.as(vios.RoleOTSV)} {
		if _, err := db.Casework.FindCase(ctx, w.arnhem, c.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s: %v, want not found", name, err)
		}
		if list, _, err := db.Casework.ListCases(ctx, vios.CaseFilter{MunicipalityID: w.arnhem}); err != nil || len(list) != 0 {
			t.Errorf("%s lists %d cases (%v)", name, len(list), err)
		}
		if err := db.Casework.AddCaseNote(ctx, w.arnhem, c.ID, "Poging"); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s adds a note: %v", name, err)
		}
	}
	// Every read of the pupil is in the processing log: police, school,
	// youth work's page and list.
	if n := subjectRecords(t, db, w.arnhem, pupil); n != before+4 {
		t.Errorf("processing records about the pupil: %d, want %d", n, before+4)
	}
}

func TestCaseConcurrentEdits(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	opened, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Two people edit the plan from the same version, on a stopped clock:
	// the second is told, and the first one's plan is what is stored.
	first := *opened
	first.Plan = "Eerste versie van het plan."
	if err := db.Casework.UpdateCase(w.chairCtx, &first, opened.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	second := *opened
	second.Plan = "Tweede versie van een collega."
	err = db.Casework.UpdateCase(w.as(vios.RolePartner), &second, opened.UpdatedAt)
	if vios.ErrorCode(err) != vios.ECONFLICT || !strings.Contains(vios.ErrorMessage(err), "Iemand anders heeft deze casus intussen gewijzigd") {
		t.Fatalf("second editor: %v", err)
	}
	stored, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if stored.Plan != "Eerste versie van het plan." || !stored.UpdatedAt.After(opened.UpdatedAt) {
		t.Errorf("stored plan %q, updated %s (was %s)", stored.Plan, stored.UpdatedAt, opened.UpdatedAt)
	}
	// The owner (who does not chair the network) directs the case too:
	// from the fresh version, with a new interval.
	third := *stored
	third.Plan, third.ReviewEveryDays = "Derde versie, door de regiehouder.", 7
	if err := db.Casework.UpdateCase(w.as(vios.RolePartner), &third, stored.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if want := vios.Date(w.now).AddDate(0, 0, 7); !third.NextReviewOn.Equal(want) {
		t.Errorf("next review after a new interval: %s, want %s", third.NextReviewOn, want)
	}
	// Youth work is a member but neither chairs nor owns it.
	youthEdit := third
	youthEdit.Plan = ""
	if err := db.Casework.UpdateCase(w.asUser(w.youth), &youthEdit, third.UpdatedAt); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("youth work edits the case: %v", err)
	}

	// Closing without an outcome, or from a stale version, changes nothing.
	fresh, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	for _, tc := range []struct {
		name, outcome, reason string
		basedOn               time.Time
		code, field           string
	}{
		{"no outcome", "", "Klaar.", fresh.UpdatedAt, vios.EINVALID, "uitkomst"},
		{"no reason", "opgelost", " ", fresh.UpdatedAt, vios.EINVALID, "reden"},
		{"unknown outcome", "weg", "Klaar.", fresh.UpdatedAt, vios.EINVALID, "uitkomst"},
		{"stale version", "opgelost", "Klaar.", opened.UpdatedAt, vios.ECONFLICT, ""},
	} {
		err := db.Casework.CloseCase(w.chairCtx, w.arnhem, c.ID, tc.outcome, tc.reason, tc.basedOn)
		if vios.ErrorCode(err) != tc.code || fields(err) != tc.field {
			t.Errorf("%s: %v (%s)", tc.name, err, fields(err))
		}
	}
	if after, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID); after.Status != vios.CaseOpen || after.Outcome != "" || !after.UpdatedAt.Equal(fresh.UpdatedAt) {
		t.Fatalf("after refused closings: %s %q %s", after.Status, after.Outcome, after.UpdatedAt)
	}
	if err := db.Casework.CloseCase(w.chairCtx, w.arnhem, c.ID, "opgelost", "Dreiging weg, ouders betrokken.", fresh.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	closed, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if closed.Status != vios.CaseClosed || closed.Outcome != "opgelost" || closed.ClosedAt == nil || closed.CloseReason == "" {
		t.Errorf("closed case: %+v", closed)
	}
	// A closed case does not change any more.
	if err := db.Casework.AddCaseNote(w.chairCtx, w.arnhem, c.ID, "Nog iets."); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("note on a closed case: %v", err)
	}
	if list, page, _ := db.Casework.ListCases(w.chairCtx, vios.CaseFilter{MunicipalityID: w.arnhem, Status: vios.CaseOpen}); page.Total != 0 || len(list) != 0 {
		t.Errorf("open cases after closing: %d", page.Total)
	}
}

func TestCaseRouteWarnings(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	ref := func(ctx context.Context, table string) *vios.Referral {
		t.Helper()
		r := &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: table, Note: "Aangemeld door de school."}
		if _, err := db.Casework.CreateReferral(ctx, r); err != nil {
			t.Fatalf("refer to %s: %v", table, err)
		}
		return r
	}
	routeMails := func() int { return len(mailsAbout(t, db, "Zorg over de route")) }
	remind := func() int {
		t.Helper()
		w.now = w.now.Add(time.Hour)
		n, err := db.Casework.RemindCases(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(time.Minute) // what happens next happens later
		return n
	}

	// A table that does not exist: said, nothing saved.
	_, err := db.Casework.CreateReferral(w.chairCtx, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: "bestaat-niet"})
	if vios.ErrorCode(err) != vios.EINVALID || fields(err) != "tafel" || !strings.Contains(vios.ErrorFields(err)[0].Message, "Kies een bestaande tafel") {
		t.Fatalf("referral to no table: %v (%s)", err, fields(err))
	}
	if found, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID); len(found.Referrals) != 0 {
		t.Fatalf("referrals after a refused one: %d", len(found.Referrals))
	}

	// Any member refers, youth work included; one pending referral is fine.
	care := ref(w.asUser(w.youth), "jeugdzorg")
	if n := remind(); n != 0 || routeMails() != 0 {
		t.Fatalf("one referral: %d mails", n)
	}
	// Two tables, no acceptance: the regisseur is warned, once.
	ref(w.as(vios.RolePartner), "leerplicht")
	if n := remind(); n != 1 {
		t.Fatalf("two pending referrals: %d mails, want 1", n)
	}
	warned := mailsAbout(t, db, "Zorg over de route van casus "+c.Code)
	if len(warned) != 1 || warned[0].Recipient != w.users[vios.RoleRegisseur].Email ||
		!strings.Contains(warned[0].Body, "/casussen/arnhem/"+c.ID) || strings.Contains(warned[0].Body, "Vries") {
		t.Fatalf("route warning: %+v", warned)
	}
	if n := remind(); n != 0 {
		t.Errorf("unchanged route warned again: %d mails", n)
	}

	// A status change from a stale version is refused; so is a second change
	// of a returned referral.
	if err := db.Casework.UpdateReferral(w.chairCtx, w.arnhem, care.ID, vios.ReferralWaiting, "", "", care.UpdatedAt.Add(-time.Second)); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale referral update: %v", err)
	}
	if err := db.Casework.UpdateReferral(w.chairCtx, w.arnhem, care.ID, vios.ReferralWaiting, "", "Wachtlijst van zes weken.", care.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	found, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	waiting := found.Referrals[0]
	if waiting.Status != vios.ReferralWaiting || waiting.WaitingSince == nil || !waiting.WaitingSince.Equal(vios.Date(w.now)) || len(waiting.History) != 2 {
		t.Fatalf("referral on the waiting list: %+v", waiting)
	}
	if waiting.History[1].Note != "Wachtlijst van zes weken." || waiting.History[1].ByName == "" {
		t.Errorf("history: %+v", waiting.History)
	}
	// Accepted somewhere (a waiting list counts): no more worry.
	if n := remind(); n != 0 {
		t.Errorf("route with a waiting list warned: %d", n)
	}

	// Another pupil's case: the one table it was referred to sends it back.
	_, other := w.knifeCase(t, "Piet Jansen")
	halt := &vios.Referral{MunicipalityID: w.arnhem, CaseID: other.ID, Table: "halt"}
	if _, err := db.Casework.CreateReferral(w.chairCtx, halt); err != nil {
		t.Fatal(err)
	}
	if n := remind(); n != 0 {
		t.Fatalf("one pending referral of the other case: %d mails", n)
	}
	if err := db.Casework.UpdateReferral(w.as(vios.RolePartner), w.arnhem, halt.ID, vios.ReferralReturned, "", "Past niet bij Halt.", halt.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if n := remind(); n != 1 || len(mailsAbout(t, db, "Zorg over de route van casus "+other.Code)) != 1 {
		t.Errorf("after a returned referral: %d mails", n)
	}
	found, _ = db.Casework.FindCase(w.chairCtx, w.arnhem, other.ID)
	if err := db.Casework.UpdateReferral(w.chairCtx, w.arnhem, halt.ID, vios.ReferralStarted, "", "", found.Referrals[0].UpdatedAt); fields(err) != "status" {
		t.Errorf("change of a returned referral: %v (%s)", err, fields(err))
	}
	// Youth work sees the route, not its free text.
	youth, _ := db.Casework.FindCase(w.asUser(w.youth), w.arnhem, other.ID)
	if len(youth.Referrals) != 1 || youth.Referrals[0].Status != vios.ReferralReturned || youth.Referrals[0].History[1].Note != "" {
		t.Errorf("youth work's route: %+v", youth.Referrals)
	}
}

func TestCaseReviewReminder(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	db.BaseURL = "https://vios.example"
	_, c := w.knifeCase(t, "Jan de Vries")
	remind := func() []*vios.OutboxEntry {
		t.Helper()
		if _, err := db.Casework.RemindCases(context.Background()); err != nil {
			t.Fatal(err)
		}
		return mailsAbout(t, db, "Casus "+c.Code+": wat is er gebeurd?")
	}
	w.now = w.now.AddDate(0, 0, 13)
	if got := remind(); len(got) != 0 {
		t.Fatalf("asked before the review day: %d", len(got))
	}
	w.now = w.now.AddDate(0, 0, 1)
	got := remind()
	if len(got) != 1 || got[0].Recipient != w.users[vios.RolePartner].Email {
		t.Fatalf("review mails: %+v", got)
	}
	want := "Wat is er sinds de vorige keer gebeurd met casus " + c.Code + "?"
	if !strings.Contains(got[0].Body, want) || !strings.Contains(got[0].Body, "https://vios.example/casussen/arnhem/"+c.ID) || strings.Contains(got[0].Body, "Vries") {
		t.Errorf("review mail: %s", got[0].Body)
	}
	w.now = w.now.Add(time.Hour)
	if got := remind(); len(got) != 1 {
		t.Errorf("asked twice for one review day: %d", len(got))
	}
	// The owner answers: the next question comes a full interval later.
	if err := db.Casework.AddCaseNote(w.as(vios.RolePartner), w.arnhem, c.ID, "Jan is weer op school; geen nieuwe dreigementen."); err != nil {
		t.Fatal(err)
	}
	found, _ := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if wantDay := vios.Date(w.now).AddDate(0, 0, 14); !found.NextReviewOn.Equal(wantDay) {
		t.Errorf("next review after the answer: %s, want %s", found.NextReviewOn, wantDay)
	}
	w.now = w.now.AddDate(0, 0, 14)
	if got := remind(); len(got) != 2 {
		t.Errorf("second review day: %d mails in all, want 2", len(got))
	}
}

func TestCaseActions(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	action := func() *vios.ActionItem {
		return &vios.ActionItem{Title: "Brief aan alle ouders", OwnerUserID: w.users[vios.RoleSchool].ID, DueOn: w.now.AddDate(0, 0, 7)}
	}
	// Before the network ever met, there is no meeting to agree it in.
	err := db.Casework.AddCaseAction(w.chairCtx, w.arnhem, c.ID, action())
	if vios.ErrorCode(err) != vios.ECONFLICT || !strings.Contains(vios.ErrorMessage(err), "nog geen overleg gehad") {
		t.Fatalf("action without a meeting: %v", err)
	}
	meetings := w.plan(t, 24*time.Hour, 1)
	w.now = w.now.Add(48 * time.Hour)
	stranger := action()
	stranger.OwnerUserID = w.users[vios.RoleOTSV].ID
	if err := db.Casework.AddCaseAction(w.chairCtx, w.arnhem, c.ID, stranger); fields(err) != "eigenaar" {
		t.Errorf("action for a non-member: %v (%s)", err, fields(err))
	}
	if err := db.Casework.AddCaseAction(w.asUser(w.youth), w.arnhem, c.ID, action()); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("youth work agrees an action: %v", err)
	}
	a := action()
	if err := db.Casework.AddCaseAction(w.chairCtx, w.arnhem, c.ID, a); err != nil {
		t.Fatal(err)
	}
	found, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if err != nil || len(found.Actions) != 1 || found.Actions[0].ID != a.ID || found.Actions[0].MeetingID != meetings[0].ID ||
		found.Actions[0].OwnerOrganisationName != w.school.Name {
		t.Fatalf("case actions: %+v (%v)", found.Actions, err)
	}
	// It is an ordinary action item of the meeting, followed up as one.
	list, err := db.Networks.ListActions(w.chairCtx, vios.ActionFilter{MunicipalityID: w.arnhem, MeetingID: meetings[0].ID})
	if err != nil || len(list) != 1 || list[0].Title != "Brief aan alle ouders" {
		t.Errorf("meeting's actions: %+v (%v)", list, err)
	}
}
