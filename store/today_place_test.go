package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// endPlace ends the user's place in the kernteam today.
func endPlace(t *testing.T, w *caseworkWorld, userID string) {
	t.Helper()
	n, err := w.db.Networks.FindNetwork(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range n.Members {
		if m.UserID == userID && m.LeftOn == nil {
			if err := w.db.Networks.EndNetworkMembership(w.as(vios.RoleRegisseur), w.arnhem, n.ID, m.ID, w.now); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// waitingCase is a case of the police with a referral on youth care's
// waiting list.
func waitingCase(t *testing.T, w *caseworkWorld) (*vios.Case, *vios.Referral) {
	t.Helper()
	_, c := w.knifeCase(t, "Jan de Vries")
	ref, err := w.db.Casework.CreateReferral(w.chairCtx, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: "jeugdzorg"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.Casework.UpdateReferral(w.chairCtx, w.arnhem, ref.ID, vios.ReferralWaiting, "", "", ref.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	return c, ref
}

// Who left a network no longer finds its case codes and name on the start
// page: not the review of a case they still own, not an alert to them
// they did not acknowledge.
func TestTodayAfterLeavingANetwork(t *testing.T) {
	w := newCaseworkWorld(t)
	police := w.as(vios.RolePartner)
	_, c := w.knifeCase(t, "Jan de Vries")
	w.now = c.NextReviewOn.Add(9 * time.Hour)
	a := &vios.Alert{MunicipalityID: w.arnhem, Audience: vios.AudienceSchoolNetwork, Text: "Vechtpartij bij de tramhalte."}
	if err := w.db.Alerts.RaiseAlert(w.chairCtx, a); err != nil {
		t.Fatal(err)
	}
	if got := todayOf(t, w, police, w.arnhem); len(got.Reviews) != 1 || len(got.Alerts) != 1 {
		t.Fatalf("in the network: %d reviews, %d alerts", len(got.Reviews), len(got.Alerts))
	}
	endPlace(t, w, w.users[vios.RolePartner].ID)
	if got := todayOf(t, w, police, w.arnhem); len(got.Reviews) != 0 || len(got.Alerts) != 0 {
		t.Errorf("after leaving: reviews %+v, alerts %+v", got.Reviews, got.Alerts)
	}
}

// A blocked case owner gets no mail about the case: not the review
// question, not the warning about a long wait; the regisseur still gets
// that warning.
func TestBlockedOwnerGetsNoCaseMail(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	c, _ := waitingCase(t, w)
	if err := db.Casework.SetReferralThresholds(w.as(vios.RoleRegisseur), w.arnhem, []vios.ReferralThreshold{{Table: "jeugdzorg", Weeks: 1}}); err != nil {
		t.Fatal(err)
	}
	admin, _, err := db.Accounts.FindCredentials(context.Background(), "beheerder@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	owner := w.users[vios.RolePartner]
	if err := db.Accounts.SetUserDisabled(asUser(admin), owner.ID, true, w.arnhem); err != nil {
		t.Fatal(err)
	}
	before := len(outbox(t, db)[owner.Email])
	for day := 1; day <= 30; day++ {
		w.now = w.now.AddDate(0, 0, 1)
		if _, err := db.Casework.RemindCases(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if after := len(outbox(t, db)[owner.Email]); after != before {
		t.Errorf("the blocked owner got %d mails", after-before)
	}
	warned := recipients(mailsAbout(t, db, "Casus "+c.Code+": lang op de wachtlijst"))
	if !slices.Equal(warned, regisseurAddresses(t, w)) {
		t.Errorf("warned about the wait: %v", warned)
	}
}
