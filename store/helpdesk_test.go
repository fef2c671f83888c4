package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// schoolOf is the organisation of a demo user's first membership.
func schoolOf(t *testing.T, db *store.DB, email string) string {
	t.Helper()
	u, _, err := db.Accounts.FindCredentials(context.Background(), email)
	if err != nil || len(u.Memberships) == 0 {
		t.Fatalf("%s: %v", email, err)
	}
	return u.Memberships[0].OrganisationID
}

// The help desk's journey in the store: a school files, the OTSV desk
// takes every step, the school rates; wrong steps and bad input change
// nothing; the texts are sealed; mails carry only a link.
func TestHelpDeskJourney(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))
	db, ctx := w.db, context.Background()
	filed := storetest.Now()
	db.Now = func() time.Time { return filed }
	school, otsv := w.as(t, "school@arnhem.demo.example"), w.as(t, "otsv@arnhem.demo.example")
	schoolID := schoolOf(t, db, "school@arnhem.demo.example")

	bad := &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolID, Urgency: "normaal"}
	if err := db.HelpDesk.FileHelpRequest(school, bad); vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), "vraag") {
		t.Fatalf("a request without question: %v", err)
	}
	if err := db.HelpDesk.FileHelpRequest(otsv, &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolID, Urgency: "laag", Question: "x"}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the desk files for a school: %v", err)
	}
	h := &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolID, Urgency: "hoog", Theme: "vapes",
		Question: "Leerlingen vapen op het toilet; hoe pakken we dat aan?"}
	if err := db.HelpDesk.FileHelpRequest(school, h); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.Code, "H-") || h.Status != vios.HelpFiled {
		t.Fatalf("filed: %+v", h)
	}
	if mails := mailsAbout(t, db, "Nieuwe hulpvraag "+h.Code); len(mails) == 0 || strings.Contains(mails[0].Body, "vapen") {
		t.Fatalf("the desk's mail: %+v", mails)
	}
	if _, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpAdvice, Analysis: "a", Advice: "b"}); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("advice before assignment: %v", err)
	}
	if _, err := db.HelpDesk.RateHelpRequest(school, w.arnhem, h.ID, 4, ""); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("a rating before closing: %v", err)
	}
	if _, err := db.HelpDesk.StepHelpRequest(school, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpAssigned}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the school handles its own request: %v", err)
	}
	members, err := db.HelpDesk.HelpDeskMembers(otsv, w.arnhem)
	if err != nil || len(members) == 0 {
		t.Fatalf("desk members: %v %v", members, err)
	}
	steps := []vios.HelpStep{
		{To: vios.HelpAssigned, AssigneeUserID: members[0].Code},
		{To: vios.HelpIntake, Intake: "Gebeld met de teamleider."},
		{To: vios.HelpAdvice, Analysis: "Vooral in de pauzes.", Advice: "Toezicht en een les over vapen."},
		{To: vios.HelpSupport, SupportHours: 6, SupportBy: "GGD-preventiewerker"},
		{To: vios.HelpClosed},
	}
	for _, s := range steps {
		db.Now = func() time.Time { return filed.Add(2 * time.Hour) }
		if _, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, s); err != nil {
			t.Fatalf("step %s: %v", s.To, err)
		}
	}
	if _, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpIntake, Intake: "x"}); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("a step after closing: %v", err)
	}
	if _, err := db.HelpDesk.RateHelpRequest(school, w.arnhem, h.ID, 9, ""); vios.ErrorCode(err) != vios.EINVALID {
		t.Fatalf("a rating of 9: %v", err)
	}
	if _, err := db.HelpDesk.RateHelpRequest(school, w.arnhem, h.ID, 4, "Snel geholpen."); err != nil {
		t.Fatal(err)
	}
	got, err := db.HelpDesk.FindHelpRequest(school, w.arnhem, h.ID)
	if err != nil || got.Status != vios.HelpClosed || got.Rating != 4 || got.Advice != "Toezicht en een les over vapen." || got.SupportHours != 6 ||
		got.ClosedAt == nil || got.RatingComment != "Snel geholpen." {
		t.Fatalf("closed and rated: %+v %v", got, err)
	}
	if len(mailsAbout(t, db, "Advies op uw hulpvraag "+h.Code)) != 1 || len(mailsAbout(t, db, "Uw hulpvraag "+h.Code+" is afgerond")) != 1 {
		t.Fatal("the requester is not mailed of advice and closing")
	}
	o, err := db.HelpDesk.HelpDeskOverview(w.as(t, "regisseur@arnhem.demo.example"), w.arnhem)
	if err != nil || o.Total != 1 || o.Rated != 1 || o.AverageRating != 4 || o.AverageWaitHours != 2 || len(o.PerTheme) != 1 || o.PerTheme[0].Closed != 1 {
		t.Fatalf("overview: %+v %v", o, err)
	}
	evidence, err := db.Approaches.MeetlatEvidence(w.as(t, "regisseur@arnhem.demo.example"), w.arnhem, "", filed.Year())
	if err != nil || !strings.Contains(evidence["vraagbaak"], "1 hulpvraag, waarvan 1 gesloten en 1 door de vrager gewaardeerd") {
		t.Fatalf("the meetlat's evidence of the help desk: %q %v", evidence["vraagbaak"], err)
	}
	var plain string
	if err := db.QueryRowContext(ctx, db.Rebind(`SELECT question_sealed || advice_sealed FROM help_requests WHERE id = ?`), h.ID).Scan(&plain); err != nil ||
		strings.Contains(plain, "vapen") {
		t.Fatalf("the texts are stored in the clear: %v", err)
	}
}

// Who sees what: a requester only its organisation's requests, another
// municipality nothing (not found), a school outside the municipality is
// refused.
func TestHelpDeskTenants(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))
	db := w.db
	school, partner := w.as(t, "school@arnhem.demo.example"), w.as(t, "jongerenwerk@arnhem.demo.example")
	schoolID := schoolOf(t, db, "school@arnhem.demo.example")
	h := &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolID, Urgency: "normaal", Question: "Hoe organiseren we een ouderavond?"}
	if err := db.HelpDesk.FileHelpRequest(partner, h); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"school@den-haag.demo.example", "otsv@den-haag.demo.example", "regisseur@den-haag.demo.example"} {
		if _, err := db.HelpDesk.FindHelpRequest(w.as(t, email), w.arnhem, h.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Fatalf("%s reads Arnhem's request: %v", email, err)
		}
		if list, err := db.HelpDesk.ListHelpRequests(w.as(t, email), vios.HelpRequestFilter{MunicipalityID: w.arnhem}); err == nil || len(list) > 0 {
			t.Fatalf("%s lists Arnhem's requests: %v", email, list)
		}
	}
	if _, err := db.HelpDesk.FindHelpRequest(school, w.arnhem, h.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Fatalf("the school reads the partner's request about it: %v", err)
	}
	if list, _ := db.HelpDesk.ListHelpRequests(school, vios.HelpRequestFilter{MunicipalityID: w.arnhem}); len(list) != 0 {
		t.Fatalf("the school lists the partner's request: %v", list)
	}
	if list, _ := db.HelpDesk.ListHelpRequests(partner, vios.HelpRequestFilter{MunicipalityID: w.arnhem}); len(list) != 1 {
		t.Fatalf("the partner lists %d requests", len(list))
	}
	hague := schoolOf(t, db, "school@den-haag.demo.example")
	err := db.HelpDesk.FileHelpRequest(partner, &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: hague, Urgency: "laag", Question: "Vraag"})
	if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), "school") {
		t.Fatalf("a school of another municipality: %v", err)
	}
	if list, _ := db.HelpDesk.ListHelpRequests(w.as(t, "otsv@arnhem.demo.example"), vios.HelpRequestFilter{MunicipalityID: w.arnhem}); len(list) != 1 {
		t.Fatalf("the bad requests were saved: %d", len(list))
	}
}

// race runs fn n times at once and returns each run's error.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	return errs
}

// succeeded is the index of the one run that succeeded, when every other
// run was refused as a conflict; else -1.
func succeeded(t *testing.T, what string, errs []error) int {
	t.Helper()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won == -1:
			won = i
		case err == nil:
			t.Errorf("%s: runs %d and %d both succeeded", what, won, i)
			return -1
		case vios.ErrorCode(err) != vios.ECONFLICT:
			t.Errorf("%s: run %d: %v, want a conflict", what, i, err)
		}
	}
	if won == -1 {
		t.Errorf("%s: no run succeeded: %v", what, errs)
	}
	return won
}

// Desk members acting on one request at once, and the requester rating it
// twice at once: each acts on the other's result. A re-assignment keeps a
// concurrent intake, one advice and one closing win (one mail each), the
// others are refused; one rating is kept, the other refused.
func TestHelpDeskConcurrentSteps(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))
	db := w.db
	filed := storetest.Now()
	db.Now = func() time.Time { return filed }
	school, otsv := w.as(t, "school@arnhem.demo.example"), w.as(t, "otsv@arnhem.demo.example")
	h := &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolOf(t, db, "school@arnhem.demo.example"), Urgency: "hoog", Theme: "vapes",
		Question: "Leerlingen vapen op het toilet; hoe pakken we dat aan?"}
	if err := db.HelpDesk.FileHelpRequest(school, h); err != nil {
		t.Fatal(err)
	}
	members, err := db.HelpDesk.HelpDeskMembers(otsv, w.arnhem)
	if err != nil || len(members) == 0 {
		t.Fatalf("desk members: %v %v", members, err)
	}
	assignee := members[len(members)-1].Code
	if _, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpAssigned, AssigneeUserID: members[0].Code}); err != nil {
		t.Fatal(err)
	}
	const n = 6
	// One member writes the intake while the others re-assign: every step
	// is kept, none blanks another.
	errs := race(n, func(i int) error {
		s := vios.HelpStep{AssigneeUserID: assignee}
		if i == 0 {
			s = vios.HelpStep{To: vios.HelpIntake, Intake: "Gebeld met de teamleider."}
		}
		_, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, s)
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("step %d beside the intake: %v", i, err)
		}
	}
	got, err := db.HelpDesk.FindHelpRequest(otsv, w.arnhem, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != vios.HelpIntake || got.Intake != "Gebeld met de teamleider." || got.IntakeAt == nil || got.AssigneeUserID != assignee {
		t.Fatalf("after an intake beside re-assignments: status %s, intake %q, assignee %s", got.Status, got.Intake, got.AssigneeUserID)
	}
	// Advice and closing: one member's step, one mail.
	errs = race(n, func(i int) error {
		_, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpAdvice, Analysis: "Vooral in de pauzes.",
			Advice: "Advies van lid " + string(rune('a'+i)) + "."})
		return err
	})
	won := succeeded(t, "advice", errs)
	if got, err = db.HelpDesk.FindHelpRequest(otsv, w.arnhem, h.ID); err != nil {
		t.Fatal(err)
	} else if won >= 0 && got.Advice != "Advies van lid "+string(rune('a'+won))+"." {
		t.Errorf("the stored advice %q is not the one step that succeeded (%d)", got.Advice, won)
	}
	succeeded(t, "close", race(n, func(int) error {
		_, err := db.HelpDesk.StepHelpRequest(otsv, w.arnhem, h.ID, vios.HelpStep{To: vios.HelpClosed})
		return err
	}))
	if a, c := len(mailsAbout(t, db, "Advies op uw hulpvraag "+h.Code)), len(mailsAbout(t, db, "Uw hulpvraag "+h.Code+" is afgerond")); a != 1 || c != 1 {
		t.Errorf("the requester got %d advice and %d closing mails, want one each", a, c)
	}
	// Ratings at once: one is kept, the others are told it is rated.
	errs = race(n, func(i int) error {
		_, err := db.HelpDesk.RateHelpRequest(school, w.arnhem, h.ID, 1+i%5, "Waardering "+string(rune('a'+i))+".")
		return err
	})
	won = succeeded(t, "rating", errs)
	for _, err := range errs {
		if err != nil && !strings.Contains(vios.ErrorMessage(err), "al beoordeeld") {
			t.Errorf("a refused rating: %q", vios.ErrorMessage(err))
		}
	}
	if got, err = db.HelpDesk.FindHelpRequest(school, w.arnhem, h.ID); err != nil {
		t.Fatal(err)
	} else if won >= 0 && (got.Rating != 1+won%5 || got.RatingComment != "Waardering "+string(rune('a'+won))+".") {
		t.Errorf("stored rating %d %q, want the one that succeeded (%d)", got.Rating, got.RatingComment, won)
	}
}
