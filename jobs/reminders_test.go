package jobs

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// The reminders job, run every day on a fixed clock, follows a case up
// without anyone chasing: the owner is asked on the review day, the chair a
// week later, the regisseur a week after that, each once; a referral
// waiting beyond its table's threshold warns the owner and the regisseur
// once.
func TestRemindersFollowThrough(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	db, arnhem, users := demoArnhem(t, &now)
	if err := demo.LoadNetworks(ctx, db.All, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, now); err != nil {
		t.Fatal(err)
	}
	as := func(role string) context.Context {
		return vios.NewContextWithActor(ctx, &vios.Actor{User: users[role]})
	}
	signals, _, err := db.Casework.ListSignals(as(vios.RoleSchool), vios.SignalFilter{MunicipalityID: arnhem.ID, Phenomenon: "wapens"})
	if err != nil || len(signals) != 1 {
		t.Fatalf("the demo signal: %d %v", len(signals), err)
	}
	c := &vios.Case{MunicipalityID: arnhem.ID, SignalID: signals[0].ID, OwnerUserID: users[vios.RolePartner].ID,
		Plan: "Gesprek met de ouders.", ReviewEveryDays: 14}
	if _, err := db.Casework.CreateCase(as(vios.RoleSchool), c); err != nil {
		t.Fatal(err)
	}
	ref, err := db.Casework.CreateReferral(as(vios.RoleSchool), &vios.Referral{MunicipalityID: arnhem.ID, CaseID: c.ID, Table: "jeugdzorg"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.UpdateReferral(as(vios.RoleSchool), arnhem.ID, ref.ID, vios.ReferralWaiting, "", "", ref.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.SetReferralThresholds(as(vios.RoleRegisseur), arnhem.ID, []vios.ReferralThreshold{{Table: "jeugdzorg", Weeks: 2}}); err != nil {
		t.Fatal(err)
	}

	mailsTo := func(subject string) map[string]int {
		list, err := db.Logs.ListOutbox(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, m := range list {
			if strings.Contains(m.Subject, subject) {
				got[m.Recipient]++
			}
		}
		return got
	}
	r := &Reminders{Store: db.All, Logger: slog.New(slog.DiscardHandler)}
	day := func(n int) {
		t.Helper()
		for ; n > 0; n-- {
			now = now.AddDate(0, 0, 1)
			if _, err := r.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	owner, chair, regisseur := users[vios.RolePartner].Email, users[vios.RoleSchool].Email, users[vios.RoleRegisseur].Email
	day(13)
	if got := mailsTo("lang op de wachtlijst"); len(got) != 0 {
		t.Errorf("warned before two weeks: %v", got)
	}
	day(1) // the review day, two weeks on the waiting list
	if got := mailsTo("wat is er gebeurd"); got[owner] != 1 || len(got) != 1 {
		t.Errorf("review question: %v", got)
	}
	if got := mailsTo("lang op de wachtlijst"); got[owner] != 1 || got[regisseur] != 1 || len(got) != 2 {
		t.Errorf("waiting warning: %v", got)
	}
	day(7)
	if got := mailsTo("de evaluatie blijft liggen"); got[chair] != 1 || len(got) != 1 {
		t.Errorf("a week later: %v, want the chair", got)
	}
	day(7)
	if got := mailsTo("de evaluatie blijft liggen"); got[chair] != 1 || got[regisseur] != 1 || len(got) != 2 {
		t.Errorf("two weeks later: %v, want the chair and the regisseur once", got)
	}
	day(14)
	if got := mailsTo("de evaluatie blijft liggen"); len(got) != 2 || got[chair] != 1 || got[regisseur] != 1 {
		t.Errorf("no step is taken twice: %v", got)
	}
	if got := mailsTo("lang op de wachtlijst"); got[owner] != 1 || got[regisseur] != 1 {
		t.Errorf("warned more than once: %v", got)
	}
}

// demoArnhem opens a database with the demo accounts on the clock *now,
// which the test moves, and returns it with Arnhem and its regisseur,
// school and police accounts by role.
func demoArnhem(t *testing.T, now *time.Time) (*store.DB, *vios.Municipality, map[string]*vios.User) {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	db.Now = func() time.Time { return *now }
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	arnhem, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*vios.User{}
	for _, role := range []string{vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner} {
		if users[role], _, err = db.Accounts.FindCredentials(ctx, role+"@arnhem.demo.example"); err != nil {
			t.Fatal(err)
		}
	}
	return db, arnhem, users
}
