package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// retentionWorld is the casework world with, on day 0: the knife signal
// about Jan in the kernteam (clause: signals 365 days, cases and named
// minutes 730), on the agenda of a meeting a week later with named
// minutes; a signal about Piet that became a case, closed the same day;
// and a signal about Kees in a signals meeting without a clause (the
// platform's maxima: signals 730 days).
type retentionWorld struct {
	*caseworkWorld
	fgCtx                  context.Context
	knife, piet, unclaused *vios.Signal
	pietCase               *vios.Case
	itemID                 string
	start                  time.Time
	signalsMeeting         *vios.Network
	records                []vios.DeletionRecord
}

func newRetentionWorld(t *testing.T) *retentionWorld {
	t.Helper()
	w := &retentionWorld{caseworkWorld: newCaseworkWorld(t)}
	db := w.db
	ctx := context.Background()
	w.start = w.now
	fg, _, err := db.Accounts.FindCredentials(ctx, "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.fgCtx = w.asUser(fg)

	w.knife = w.caseworkWorld.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, w.knife); err != nil {
		t.Fatal(err)
	}
	meetings := w.plan(t, 7*24*time.Hour, 1)
	item, err := db.Casework.PutSignalOnAgenda(w.chairCtx, w.arnhem, w.knife.ID, meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	w.itemID = item.ID
	if err := db.Casework.SaveNamedMinutes(w.chairCtx, w.arnhem, item.ID, "Jan de Vries krijgt een gesprek met de wijkagent.", time.Time{}); err != nil {
		t.Fatal(err)
	}

	w.piet = w.caseworkWorld.knife()
	w.piet.Pupils[0].Name, w.piet.Pupils[0].BirthDate = "Piet Jansen", "2011-05-06"
	w.piet.Description = "Piet Jansen dreigde op Snapchat."
	if _, err := db.Casework.CreateSignal(w.chairCtx, w.piet); err != nil {
		t.Fatal(err)
	}
	w.pietCase = &vios.Case{MunicipalityID: w.arnhem, SignalID: w.piet.ID, OwnerUserID: w.users[vios.RolePartner].ID,
		Plan: "Piet Jansen: gesprek met ouders en Halt."}
	if _, err := db.Casework.CreateCase(w.chairCtx, w.pietCase); err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.AddCaseNote(w.chairCtx, w.arnhem, w.pietCase.ID, "Gesprek met Piet gevoerd."); err != nil {
		t.Fatal(err)
	}
	found, err := db.Casework.FindCase(w.chairCtx, w.arnhem, w.pietCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.CloseCase(w.chairCtx, w.arnhem, w.pietCase.ID, "opgelost", "Piet heeft excuses aangeboden.", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}

	w.signalsMeeting = &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkSignalering, Name: "Signaleringsoverleg Arnhem",
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), w.signalsMeeting); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &vios.NetworkMember{NetworkID: w.signalsMeeting.ID,
		UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	w.unclaused = w.caseworkWorld.knife()
	w.unclaused.NetworkID = w.signalsMeeting.ID
	w.unclaused.Pupils[0].Name, w.unclaused.Pupils[0].BirthDate = "Kees Smit", "2012-01-02"
	if _, err := db.Casework.CreateSignal(w.chairCtx, w.unclaused); err != nil {
		t.Fatal(err)
	}
	return w
}

// at moves the clock to day d after the start.
func (w *retentionWorld) at(d int) { w.now = w.start.AddDate(0, 0, d) }

// run makes one pass and keeps its records.
func (w *retentionWorld) run(t *testing.T, dryRun bool) map[string]int {
	t.Helper()
	list, err := w.db.Casework.RunRetention(context.Background(), dryRun)
	if err != nil {
		t.Fatalf("retention at %s: %v", w.now.Format(time.DateOnly), err)
	}
	w.records = list
	got := map[string]int{}
	for _, r := range list {
		if r.DryRun != dryRun || r.MunicipalityID != w.arnhem || r.Reason == "" {
			t.Errorf("record %+v", r)
		}
		got[r.Kind+" "+r.Action] += r.Count
	}
	return got
}

func sameCounts(t *testing.T, when string, got, want map[string]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: records %v, want %v", when, got, want)
		return
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: records %v, want %v", when, got, want)
			return
		}
	}
}

// found reports whether the fg still finds the pupil by name and date of
// birth (a pseudonymised pupil has no blind index any more).
func (w *retentionWorld) found(t *testing.T, name, born string) bool {
	t.Helper()
	_, err := w.db.Casework.FindPupilForRequest(w.fgCtx, w.arnhem, name, born)
	if err != nil && vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Fatal(err)
	}
	return err == nil
}

// The retention job removes what has expired, per clause: first
// pseudonymised, deleted after the grace; a dry run only reports.
func TestRetentionRemovesWhatExpired(t *testing.T) {
	w := newRetentionWorld(t)
	db := w.db

	// Nothing has expired yet.
	w.at(300)
	sameCounts(t, "day 300", w.run(t, false), map[string]int{})

	// Day 366: the kernteam's signals have expired; the case is closed, so
	// Piet's signal expires too. Jan is named nowhere any more; Piet still
	// in the case. A dry run says so and changes nothing.
	w.at(366)
	want := map[string]int{"signalen gepseudonimiseerd": 2, "leerlingen gepseudonimiseerd": 1}
	sameCounts(t, "dry run day 366", w.run(t, true), want)
	for _, r := range w.records {
		if r.Kind == "signalen" && (r.ClauseID != w.covenant.Clauses[0].ID || !strings.Contains(r.Reason, "365 dagen")) {
			t.Errorf("signals record: %+v", r)
		}
	}
	if err := readsAsEntered(db, w.chairCtx, w.arnhem, w.knife); err != nil {
		t.Errorf("after the dry run: %v", err)
	}
	if !w.found(t, "Jan de Vries", "2012-03-04") {
		t.Error("the dry run pseudonymised Jan")
	}
	if text, _, err := db.Casework.NamedMinutes(w.chairCtx, w.arnhem, w.itemID); err != nil || text == "" {
		t.Errorf("named minutes after the dry run: %q %v", text, err)
	}

	sameCounts(t, "day 366", w.run(t, false), want)
	s, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, w.knife.ID)
	if err != nil || s.Description != "" || len(s.Pupils) != 0 {
		t.Fatalf("the expired signal reads %q about %+v (%v)", s.Description, s.Pupils, err)
	}
	if w.found(t, "Jan de Vries", "2012-03-04") || !w.found(t, "Piet Jansen", "2011-05-06") || !w.found(t, "Kees Smit", "2012-01-02") {
		t.Error("after day 366 the fg should find Piet (case) and Kees (no clause: 730 days), not Jan")
	}
	if err := readsAsEntered(db, w.chairCtx, w.arnhem, w.unclaused); err != nil {
		t.Errorf("the signal without clause: %v", err)
	}
	// Named minutes have their own term (730 days).
	if text, _, err := db.Casework.NamedMinutes(w.chairCtx, w.arnhem, w.itemID); err != nil || text == "" {
		t.Errorf("named minutes on day 366: %q %v", text, err)
	}
	// Run again the same day: nothing more.
	sameCounts(t, "day 366 again", w.run(t, false), map[string]int{})
	// Within the grace nothing is deleted.
	w.at(366 + 89)
	sameCounts(t, "day 455", w.run(t, false), map[string]int{})

	// After the grace the pseudonymised signal and pupil are deleted; Piet's
	// signal stays, its case refers to it.
	w.at(366 + 91)
	sameCounts(t, "day 457", w.run(t, false), map[string]int{"signalen verwijderd": 1, "leerlingen verwijderd": 1})
	if _, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, w.knife.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("deleted signal: %v", err)
	}
	if _, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, w.piet.ID); err != nil {
		t.Errorf("the signal of the case: %v", err)
	}

	// Day 740: the closed case (730 days) and the named minutes of the
	// meeting on day 7 have expired, and so has the signal without clause
	// (730 days); Piet and Kees are named nowhere any more.
	w.at(740)
	sameCounts(t, "day 740", w.run(t, false), map[string]int{"casussen gepseudonimiseerd": 1, "notulen verwijderd": 1,
		"signalen gepseudonimiseerd": 1, "leerlingen gepseudonimiseerd": 2})
	for _, r := range w.records {
		if r.Kind == "signalen" && (r.ClauseID != "" || !strings.Contains(r.Reason, "hoogste")) {
			t.Errorf("a signal without clause: %+v", r)
		}
	}
	c, err := db.Casework.FindCase(w.chairCtx, w.arnhem, w.pietCase.ID)
	if err != nil || c.Plan != "" || strings.Contains(c.CloseReason, "excuses") {
		t.Fatalf("the expired case: plan %q, reason %q (%v)", c.Plan, c.CloseReason, err)
	}
	for _, n := range c.Notes {
		if n.Text != "" {
			t.Errorf("a note of the expired case: %q", n.Text)
		}
	}

	// After the grace: the case, then its signal, then both pupils go.
	w.at(740 + 91)
	sameCounts(t, "day 831", w.run(t, false), map[string]int{"casussen verwijderd": 1, "signalen verwijderd": 2, "leerlingen verwijderd": 2})
	if _, err := db.Casework.FindCase(w.chairCtx, w.arnhem, w.pietCase.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("deleted case: %v", err)
	}
	list, page, err := db.Casework.ListSignals(w.chairCtx, vios.SignalFilter{MunicipalityID: w.arnhem})
	if err != nil || page.Total != 0 {
		t.Errorf("signals left: %d (%v)", len(list), err)
	}

	// The fg sees every record, newest first, dry runs marked; the audit
	// trail has the passes.
	records, err := db.Casework.ListDeletionRecords(w.fgCtx, w.arnhem)
	if err != nil {
		t.Fatal(err)
	}
	dry := 0
	for i, r := range records {
		if r.DryRun {
			dry++
		}
		if i > 0 && r.At.After(records[i-1].At) {
			t.Errorf("records not newest first: %v after %v", r.At, records[i-1].At)
		}
	}
	if len(records) != 14 || dry != 2 {
		t.Errorf("%d records, %d dry runs; want 14 and 2", len(records), dry)
	}
	audit, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: w.arnhem, Action: "bewaartermijn-", Limit: 100})
	if err != nil || len(audit) != 14 {
		t.Errorf("audit records of retention: %d (%v)", len(audit), err)
	}
	if _, err := db.Casework.ListDeletionRecords(w.as(vios.RoleRegisseur), w.arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the regisseur lists deletion records: %v", err)
	}
}

// The fg's dry run covers the municipality only and needs the fg role.
func TestRetentionPreview(t *testing.T) {
	w := newRetentionWorld(t)
	w.at(366)
	if _, err := w.db.Casework.PreviewRetention(w.as(vios.RoleRegisseur), w.arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the regisseur previews retention: %v", err)
	}
	list, err := w.db.Casework.PreviewRetention(w.fgCtx, w.arnhem)
	if err != nil || len(list) != 2 || !list[0].DryRun {
		t.Fatalf("preview: %+v %v", list, err)
	}
	if err := readsAsEntered(w.db, w.chairCtx, w.arnhem, w.knife); err != nil {
		t.Errorf("after the preview: %v", err)
	}
}

// A pass works in small passes, each its own transaction with its own
// deletion records; together they remove what one large pass would.
func TestRetentionInSmallPasses(t *testing.T) {
	w := newRetentionWorld(t)
	w.db.SetRetentionLimit(1)
	w.at(366)
	sameCounts(t, "day 366", w.run(t, false), map[string]int{"signalen gepseudonimiseerd": 2, "leerlingen gepseudonimiseerd": 1})
	if len(w.records) != 3 {
		t.Errorf("%d deletion records on day 366, want one per small pass: %+v", len(w.records), w.records)
	}
	// Day 740, with Jan's signal and pupil past their grace as well.
	w.at(740)
	sameCounts(t, "day 740", w.run(t, false), map[string]int{"casussen gepseudonimiseerd": 1, "notulen verwijderd": 1,
		"signalen gepseudonimiseerd": 1, "leerlingen gepseudonimiseerd": 2, "signalen verwijderd": 1, "leerlingen verwijderd": 1})
	w.at(740 + 91)
	sameCounts(t, "day 831", w.run(t, false), map[string]int{"casussen verwijderd": 1, "signalen verwijderd": 2, "leerlingen verwijderd": 2})
	sameCounts(t, "day 831 again", w.run(t, false), map[string]int{})
}
