package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// recipients returns who got the mails, sorted.
func recipients(list []*vios.OutboxEntry) []string {
	var out []string
	for _, m := range list {
		out = append(out, m.Recipient)
	}
	slices.Sort(out)
	return out
}

func regisseurAddresses(t *testing.T, w *caseworkWorld) []string {
	t.Helper()
	return []string{w.users[vios.RoleRegisseur].Email}
}

// A review the owner ignores goes on: a week past the review day to the
// chair, two weeks past it to the regisseur, each once; a note ends it.
func TestCaseReviewEscalation(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	remind := func() {
		t.Helper()
		if _, err := db.Casework.RemindCases(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	escalated := func() []*vios.OutboxEntry { return mailsAbout(t, db, "Casus "+c.Code+": de evaluatie blijft liggen") }
	chair, regisseur := w.users[vios.RoleSchool].Email, regisseurAddresses(t, w)

	w.now = w.now.AddDate(0, 0, 14) // the review day
	for day := 0; day < 6; day++ {
		remind()
		w.now = w.now.AddDate(0, 0, 1)
	}
	if got := escalated(); len(got) != 0 {
		t.Fatalf("escalated within the owner's week: %v", recipients(got))
	}
	for day := 6; day < 13; day++ { // a week past the review day: the chair
		remind()
		w.now = w.now.AddDate(0, 0, 1)
	}
	if got := recipients(escalated()); !slices.Equal(got, []string{chair}) {
		t.Fatalf("after a week: %v, want the chair %s", got, chair)
	}
	for day := 13; day < 20; day++ { // two weeks past it: the regisseur
		remind()
		w.now = w.now.AddDate(0, 0, 1)
	}
	got := escalated()
	if want := sortedOf(append([]string{chair}, regisseur...)); !slices.Equal(recipients(got), want) {
		t.Fatalf("after two weeks: %v, want %v", recipients(got), want)
	}
	for _, m := range got {
		if strings.Contains(m.Body, "Vries") || !strings.Contains(m.Body, c.Code) {
			t.Errorf("escalation mail: %s", m.Body)
		}
	}
	if n := auditCount(t, db, w.arnhem, "casus-evaluatie-voorzitter", c.ID) + auditCount(t, db, w.arnhem, "casus-evaluatie-regisseur", c.ID); n != 2 {
		t.Errorf("escalation steps audited: %d, want 2", n)
	}

	// The owner answers: the next review day starts from the owner again.
	if err := db.Casework.AddCaseNote(w.as(vios.RolePartner), w.arnhem, c.ID, "Gesprek gehad met de ouders."); err != nil {
		t.Fatal(err)
	}
	for day := 0; day < 22; day++ {
		remind()
		w.now = w.now.AddDate(0, 0, 1)
	}
	if n := len(escalated()); n != 2+1 {
		t.Errorf("after the answer and a new ignored review: %d escalation mails, want 3 (the chair again)", n)
	}
}

// A referral on a waiting list shows how long it waits; beyond the
// regisseur's threshold for its table the case owner and the regisseur are
// warned, once.
func TestReferralWaitingThreshold(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	c, ref := waitingCase(t, w)

	// Only the regisseur sets thresholds; bad weeks are refused.
	set := []vios.ReferralThreshold{{Table: "jeugdzorg", Weeks: 3}, {Table: "halt", Weeks: 0}}
	if err := db.Casework.SetReferralThresholds(w.chairCtx, w.arnhem, set); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the chair sets thresholds: %v", err)
	}
	if err := db.Casework.SetReferralThresholds(w.as(vios.RoleRegisseur), w.arnhem, []vios.ReferralThreshold{{Table: "jeugdzorg", Weeks: 500}}); fields(err) != "drempel-jeugdzorg" {
		t.Errorf("500 weeks: %v (%s)", err, fields(err))
	}
	if err := db.Casework.SetReferralThresholds(w.as(vios.RoleRegisseur), w.arnhem, set); err != nil {
		t.Fatal(err)
	}
	list, err := db.Casework.ReferralThresholds(w.as(vios.RoleRegisseur), w.arnhem)
	if err != nil || len(list) != len(vios.ReferralTables) {
		t.Fatalf("thresholds: %v %v", list, err)
	}
	for _, th := range list {
		if want := map[string]int{"jeugdzorg": 3}[th.Table]; th.Weeks != want {
			t.Errorf("threshold of %s: %d, want %d", th.Table, th.Weeks, want)
		}
	}

	warned := func() []*vios.OutboxEntry { return mailsAbout(t, db, "Casus "+c.Code+": lang op de wachtlijst") }
	for day := 1; day <= 30; day++ {
		w.now = w.now.AddDate(0, 0, 1)
		if _, err := db.Casework.RemindCases(context.Background()); err != nil {
			t.Fatal(err)
		}
		found, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := found.Referrals[0].WaitingText(w.now)
		switch {
		case day == 20 && text != "2 weken op de wachtlijst":
			t.Errorf("day 20: %q", text)
		case day < 21 && len(warned()) != 0:
			t.Fatalf("warned on day %d, before three weeks", day)
		case day >= 21 && !slices.Equal(recipients(warned()), sortedOf(append([]string{w.users[vios.RolePartner].Email}, regisseurAddresses(t, w)...))):
			t.Fatalf("day %d: warned %v", day, recipients(warned()))
		}
	}
	if m := warned()[0]; strings.Contains(m.Body, "Vries") || !strings.Contains(m.Body, "Jeugdzorg") || !strings.Contains(m.Body, "3 weken op de wachtlijst") {
		t.Errorf("warning mail: %s", m.Body)
	}
	if n := auditCount(t, db, w.arnhem, "verwijzing-wachttijd-waarschuwing", ref.ID); n != 1 {
		t.Errorf("warnings audited: %d", n)
	}
}

func sortedOf(list []string) []string {
	slices.Sort(list)
	return list
}
