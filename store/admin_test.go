package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// openWithDemoUsers returns a database with the demo data and the demo
// accounts (without a usable password: these tests do not log in).
func openWithDemoUsers(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(context.Background(), db.All, ""); err != nil {
		t.Fatal(err)
	}
	return db
}

// demoUser returns a demo account by e-mail address.
func demoUser(t *testing.T, db *store.DB, email string) *vios.User {
	t.Helper()
	u, _, err := db.Accounts.FindCredentials(context.Background(), email)
	if err != nil {
		t.Fatalf("find %s: %v", email, err)
	}
	return u
}

func municipalityID(t *testing.T, db *store.DB, slug string) string {
	t.Helper()
	m, err := db.Organisations.FindMunicipalityBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("municipality %s: %v", slug, err)
	}
	return m.ID
}

// auditCount counts the audit records of the municipality with this action
// about this user.
func auditCount(t *testing.T, db *store.DB, municipalityID, action, userID string) int {
	t.Helper()
	list, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: action, Limit: 200})
	if err != nil {
		t.Fatalf("search audit: %v", err)
	}
	n := 0
	for _, a := range list {
		if a.Action == action && a.ObjectID == userID {
			n++
		}
	}
	return n
}

func processingCount(t *testing.T, db *store.DB, municipalityID, name string) int {
	t.Helper()
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: name, Limit: 200})
	if err != nil {
		t.Fatalf("search processing log: %v", err)
	}
	return len(list)
}

func verifyLogs(t *testing.T, db *store.DB) {
	t.Helper()
	problems, _, err := db.Logs.VerifyLogs(context.Background())
	if err != nil || len(problems) > 0 {
		t.Fatalf("logs do not verify: %v %v", err, problems)
	}
}

// An administrator ends every session of a user; the user's sessions are
// gone and the act is in the audit trail and the processing log.
func TestEndUserSessions(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	u := demoUser(t, db, "partner@arnhem.demo.example")
	other := demoUser(t, db, "school@arnhem.demo.example")
	asAdmin := vios.NewContextWithActor(ctx, &vios.Actor{User: demoUser(t, db, "beheerder@arnhem.demo.example")})
	policy := vios.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}
	for _, s := range []*vios.Session{{ID: "sessie-een-aaaaaaaaaaaaaaaa", UserID: u.ID}, {ID: "sessie-twee-aaaaaaaaaaaaaaa", UserID: u.ID},
		{ID: "sessie-ander-aaaaaaaaaaaaaa", UserID: other.ID}} {
		if err := db.Accounts.CreateSession(ctx, s, policy, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Accounts.EndUserSessions(asAdmin, u.ID, arnhem); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sessie-een-aaaaaaaaaaaaaaaa", "sessie-twee-aaaaaaaaaaaaaaa"} {
		if _, _, err := db.Accounts.FindSession(ctx, id, policy); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("session %s still live: %v", id, err)
		}
	}
	if _, _, err := db.Accounts.FindSession(ctx, "sessie-ander-aaaaaaaaaaaaaa", policy); err != nil {
		t.Errorf("another user's session ended too: %v", err)
	}
	if n := auditCount(t, db, arnhem, "sessies-beeindigd", u.ID); n != 1 {
		t.Errorf("%d audit records of ending the sessions, want 1", n)
	}
	if n := processingCount(t, db, arnhem, "sessies-beeindigen"); n != 1 {
		t.Errorf("%d processing records, want 1", n)
	}
	verifyLogs(t, db)
}

// The last beheerder role of a municipality cannot be taken away; once
// someone else holds it, it can. A blocked beheerder does not count.
func TestRemoveRoleKeepsTheLastAdministrator(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	admin := demoUser(t, db, "beheerder@arnhem.demo.example")
	var role string
	for _, m := range admin.Memberships {
		if m.MunicipalityID == arnhem && m.Role == vios.RoleBeheerder {
			role = m.ID
		}
	}
	if role == "" {
		t.Fatal("demo beheerder has no beheerder role in Arnhem")
	}
	asAdmin := vios.NewContextWithActor(ctx, &vios.Actor{User: admin})

	if err := db.Accounts.RemoveRole(asAdmin, role, arnhem); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("removing the last beheerder: %v, want ECONFLICT", err)
	}
	if u := demoUser(t, db, admin.Email); len(u.Memberships) != len(admin.Memberships) {
		t.Error("the refused removal removed the role anyway")
	}
	// Through another municipality the role does not exist.
	if err := db.Accounts.RemoveRole(asAdmin, role, denHaag); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("removing Arnhem's role via Den Haag: %v, want ENOTFOUND", err)
	}

	// A blocked second beheerder is no replacement.
	second := demoUser(t, db, "regisseur@arnhem.demo.example")
	ms := &vios.Membership{UserID: second.ID, MunicipalityID: arnhem, Role: vios.RoleBeheerder}
	if err := db.Accounts.AddMembership(asAdmin, ms); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.SetUserDisabled(asAdmin, second.ID, true, arnhem); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.RemoveRole(asAdmin, role, arnhem); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("removing with only a blocked second beheerder: %v, want ECONFLICT", err)
	}
	// The blocked one's own role may go.
	if err := db.Accounts.RemoveRole(asAdmin, ms.ID, arnhem); err != nil {
		t.Fatalf("removing a blocked beheerder's role: %v", err)
	}
	// With an active second beheerder the first role can go.
	ms = &vios.Membership{UserID: demoUser(t, db, "fg@arnhem.demo.example").ID, MunicipalityID: arnhem, Role: vios.RoleBeheerder}
	if err := db.Accounts.AddMembership(asAdmin, ms); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.RemoveRole(asAdmin, role, arnhem); err != nil {
		t.Fatalf("removing with a second beheerder: %v", err)
	}
	if n := auditCount(t, db, arnhem, "rol-ingetrokken:beheerder", admin.ID); n != 1 {
		t.Errorf("%d audit records of the removal, want 1", n)
	}
	verifyLogs(t, db)
}

// The rights review lists everyone with a role in the municipality, with
// only that municipality's roles, and logs one processing record per person.
func TestRightsReviewStore(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	both := &vios.User{Email: "twee@gemeenten.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: arnhem, Role: vios.RoleCoordinator}, {MunicipalityID: denHaag, Role: vios.RoleOTSV}}}
	if err := db.Accounts.CreateUser(ctx, both, ""); err != nil {
		t.Fatal(err)
	}
	before := processingCount(t, db, arnhem, "rechtenoverzicht-bekijken")
	users, err := db.Accounts.RightsReview(ctx, arnhem)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range users {
		if len(u.Memberships) == 0 {
			t.Errorf("%s listed without a role in Arnhem", u.Email)
		}
		for _, m := range u.Memberships {
			if m.MunicipalityID != arnhem || m.MunicipalityName != "Arnhem" {
				t.Errorf("%s: role %s of municipality %q in Arnhem's review", u.Email, m.Role, m.MunicipalityName)
			}
		}
		if u.ID == both.ID {
			found = true
		}
		if u.Email == "beheerder@den-haag.demo.example" {
			t.Error("Den Haag's administrator in Arnhem's review")
		}
	}
	if !found || len(users) < 7 {
		t.Errorf("review has %d users, the two-municipality user found: %v", len(users), found)
	}
	if n := processingCount(t, db, arnhem, "rechtenoverzicht-bekijken") - before; n != len(users) {
		t.Errorf("%d processing records for %d users shown", n, len(users))
	}
	verifyLogs(t, db)
}

// Reset links are limited per account and per hour; other mail to the
// address does not count .
func TestRequestPasswordResetCountsResetLinksOnly(t *testing.T) {
	db := storetest.Open(t)
	clk := useClock(db)
	ctx := context.Background()
	u := &vios.User{Email: "iemand@school.example", Name: "Iemand"}
	if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if err := db.Accounts.QueueMail(ctx, u.Email, "Agenda", "Het overleg van morgen"); err != nil {
			t.Fatal(err)
		}
	}
	start := clk.now
	reset := func(minutes int, hash string) error {
		clk.now = start.Add(time.Duration(minutes) * time.Minute)
		return db.Accounts.RequestPasswordReset(ctx, u.ID, hash, time.Hour, 3, u.Email, "Wachtwoord herstellen", "link "+hash)
	}
	for i, m := range []int{0, 20, 40} {
		if err := reset(m, fmt.Sprint("h", i)); err != nil {
			t.Fatalf("reset %d after 10 other mails: %v", i+1, err)
		}
	}
	before, _ := db.Accounts.ListMail(ctx, 100)
	if err := reset(50, "h3"); vios.ErrorCode(err) != vios.ETOOMANY {
		t.Errorf("fourth reset in an hour: %v, want ETOOMANY", err)
	}
	if after, _ := db.Accounts.ListMail(ctx, 100); len(after) != len(before) {
		t.Error("a refused reset queued a mail")
	}
	if _, err := db.Accounts.FindUserToken(ctx, "h3", "wachtwoordherstel"); err == nil {
		t.Error("a refused reset stored its link")
	}
	// An hour after the first, one fits again.
	if err := reset(61, "h4"); err != nil {
		t.Errorf("reset after the first left the hour: %v", err)
	}
}
