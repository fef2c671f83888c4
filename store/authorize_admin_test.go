package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// refusedOnce asserts that do is refused and adds exactly one denial record
// to the municipality's audit trail.
func refusedOnce(t *testing.T, db *store.DB, municipalityID, what string, do func() error) {
	t.Helper()
	before := len(denials(t, db, municipalityID))
	err := do()
	if vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("%s: %v, want %s", what, err, vios.EFORBIDDEN)
	}
	if d := vios.DenialOf(err); d == nil || !d.Recorded {
		t.Errorf("%s: the denial was not recorded: %+v", what, d)
	}
	if after := len(denials(t, db, municipalityID)); after != before+1 {
		t.Errorf("%s: %d denial records, then %d", what, before, after)
	}
}

// countDenials counts the denial records of the municipality.
func countDenials(t *testing.T, db *store.DB, municipalityID string) int {
	t.Helper()
	return len(denials(t, db, municipalityID))
}

// The approach, its organisations and their contact persons are changed
// only by whom Authorize lets edit the approach, decided by the store from
// the actor: a partner is refused, once recorded, and nothing changes.
func TestApproachWritesAuthorizeFromTheActor(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	partner := asUser(demoUser(t, db, "partner@arnhem.demo.example"))
	approach, err := db.Approaches.FindApproachByMunicipality(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("organisations: %d %v", len(orgs), err)
	}
	org := orgs[0]
	person := &vios.Person{OrganisationID: org.ID, Name: "Kees Wijk", Function: "wijkagent"}
	if err := db.Approaches.AddPerson(vios.NewSystemContext(ctx, "testopzet"), arnhem, person); err != nil {
		t.Fatal(err)
	}
	people := func() int {
		list, err := db.Approaches.ListPeople(ctx, arnhem, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	n := people()

	edited := *approach
	edited.Summary = "Door een partner herschreven"
	refusedOnce(t, db, arnhem, "UpdateApproach", func() error { return db.Approaches.UpdateApproach(partner, &edited, approach.UpdatedAt) })
	refusedOnce(t, db, arnhem, "SaveOrganisation (nieuw)", func() error {
		return db.Approaches.SaveOrganisation(partner,
			&vios.Organisation{MunicipalityID: arnhem, Kind: vios.OrgPartner, Name: "Eigen clubje", PartnerKind: "politie"})
	})
	renamed := *org
	renamed.Name += " (hernoemd)"
	refusedOnce(t, db, arnhem, "SaveOrganisation", func() error { return db.Approaches.SaveOrganisation(partner, &renamed) })
	refusedOnce(t, db, arnhem, "AddPerson", func() error {
		return db.Approaches.AddPerson(partner, arnhem, &vios.Person{OrganisationID: org.ID, Name: "Indringer", Function: "x"})
	})
	refusedOnce(t, db, arnhem, "RemovePerson", func() error { return db.Approaches.RemovePerson(partner, arnhem, org.ID, person.ID) })
	if got := countDenials(t, db, arnhem); got != 5 {
		t.Errorf("%d denial records, want 5", got)
	}

	if now, _ := db.Approaches.FindApproachByMunicipality(ctx, "arnhem"); now.Summary != approach.Summary || !now.UpdatedAt.Equal(approach.UpdatedAt) {
		t.Error("a refused update changed the approach")
	}
	if now, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem}); len(now) != len(orgs) {
		t.Errorf("%d organisations after refusals, want %d", len(now), len(orgs))
	}
	if now, _ := db.Approaches.FindOrganisation(ctx, arnhem, org.ID); now.Name != org.Name {
		t.Errorf("a refused save renamed the organisation: %s", now.Name)
	}
	if people() != n {
		t.Error("a refused change altered the contact persons")
	}
	// Nobody logged in is not let in either, and is no denial of a user.
	if err := db.Approaches.AddPerson(ctx, arnhem, &vios.Person{OrganisationID: org.ID, Name: "Anoniem", Function: "x"}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("AddPerson without an actor: %v", err)
	}
	if people() != n {
		t.Error("a contact person was added without an actor")
	}
}

// Users are managed only by an administrator of their municipality, as the
// store decides from the actor: a regisseur, who sees the users, changes
// nothing, each refusal recorded once.
func TestUserManagementAuthorizesFromTheActor(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	regisseur := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))
	target := demoUser(t, db, "partner@arnhem.demo.example")
	policy := vios.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}
	if err := db.Accounts.CreateSession(ctx, &vios.Session{ID: "sessie-partner-aaaaaaaaaaaa", UserID: target.ID}, policy, true); err != nil {
		t.Fatal(err)
	}

	refusedOnce(t, db, arnhem, "AddMembership", func() error {
		return db.Accounts.AddMembership(regisseur,
			&vios.Membership{UserID: target.ID, MunicipalityID: arnhem, Role: vios.RoleFG})
	})
	refusedOnce(t, db, arnhem, "RemoveRole", func() error { return db.Accounts.RemoveRole(regisseur, target.Memberships[0].ID, arnhem) })
	refusedOnce(t, db, arnhem, "SetUserDisabled", func() error { return db.Accounts.SetUserDisabled(regisseur, target.ID, true, arnhem) })
	refusedOnce(t, db, arnhem, "EndUserSessions", func() error { return db.Accounts.EndUserSessions(regisseur, target.ID, arnhem) })
	invited := &vios.User{Name: "Nieuwe Collega", Email: "nieuw@arnhem.example",
		Memberships: []vios.Membership{{MunicipalityID: arnhem, Role: vios.RoleCoordinator}}}
	refusedOnce(t, db, arnhem, "Invite", func() error {
		return db.Accounts.Invite(regisseur, invited, "token-hash-uitnodiging", time.Hour, "Uitnodiging", "Welkom")
	})
	if got := countDenials(t, db, arnhem); got != 5 {
		t.Errorf("%d denial records, want 5", got)
	}

	now := demoUser(t, db, target.Email)
	if now.Disabled || len(now.Memberships) != len(target.Memberships) {
		t.Errorf("refusals changed the user: disabled %v, %d roles (was %d)", now.Disabled, len(now.Memberships), len(target.Memberships))
	}
	if _, _, err := db.Accounts.FindSession(ctx, "sessie-partner-aaaaaaaaaaaa", policy); err != nil {
		t.Errorf("a refused request ended the session: %v", err)
	}
	if _, _, err := db.Accounts.FindCredentials(ctx, invited.Email); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a refused invitation created the account: %v", err)
	}
}

// Blocking an account blocks it everywhere, so an administrator of one
// municipality cannot block someone who also works for another: refused in
// the store (vios.MayManageUser), recorded once, and the account stays.
func TestBlockingSomeoneOfTwoMunicipalities(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	admin := asUser(demoUser(t, db, "beheerder@arnhem.demo.example"))
	both := &vios.User{Name: "Twee Gemeenten", Email: "twee@gemeenten.example", Memberships: []vios.Membership{
		{MunicipalityID: arnhem, Role: vios.RoleCoordinator}, {MunicipalityID: denHaag, Role: vios.RoleCoordinator}}}
	if err := db.Accounts.CreateUser(ctx, both, ""); err != nil {
		t.Fatal(err)
	}
	refusedOnce(t, db, denHaag, "SetUserDisabled", func() error { return db.Accounts.SetUserDisabled(admin, both.ID, true, arnhem) })
	if got := countDenials(t, db, arnhem); got != 0 {
		t.Errorf("%d denial records in Arnhem, want the one in Den Haag only", got)
	}
	if demoUser(t, db, both.Email).Disabled {
		t.Error("the account of two municipalities was blocked by one")
	}
	// Someone without a role in the municipality is not found through it.
	other := demoUser(t, db, "beheerder@den-haag.demo.example")
	if err := db.Accounts.EndUserSessions(admin, other.ID, arnhem); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("ending the sessions of Den Haag's administrator through Arnhem: %v", err)
	}
}

// Keeping the list of phenomena is for who sets up networks, the register
// for the privacy officer, and setting up a municipality for the platform
// itself; each decided in the store from the actor.
func TestPhenomenaRegisterAndSetupAuthorizeFromTheActor(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	admin := asUser(demoUser(t, db, "beheerder@arnhem.demo.example"))
	regisseur := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))

	phenomena, err := db.Networks.ListPhenomena(ctx, arnhem)
	if err != nil {
		t.Fatal(err)
	}
	refusedOnce(t, db, arnhem, "AddPhenomenon", func() error {
		return db.Networks.AddPhenomenon(admin, &vios.Phenomenon{MunicipalityID: arnhem, Label: "Straatintimidatie"})
	})
	if now, _ := db.Networks.ListPhenomena(ctx, arnhem); len(now) != len(phenomena) {
		t.Error("a refused phenomenon was added")
	}
	if err := db.Networks.AddPhenomenon(regisseur, &vios.Phenomenon{MunicipalityID: arnhem, Label: "Straatintimidatie"}); err != nil {
		t.Errorf("the regisseur adds a phenomenon: %v", err)
	}

	activities, err := db.Logs.ListActivities(ctx, arnhem)
	if err != nil {
		t.Fatal(err)
	}
	activity := &vios.ProcessingActivity{MunicipalityID: arnhem, Name: "Test", Purpose: "Testen", LegalBasis: "AVG art. 6 lid 1 sub e",
		DataCategories: "Naam", Retention: "Een jaar"}
	refusedOnce(t, db, arnhem, "SaveActivity", func() error { return db.Logs.SaveActivity(regisseur, activity) })
	if now, _ := db.Logs.ListActivities(ctx, arnhem); len(now) != len(activities) {
		t.Error("a refused activity was added to the register")
	}

	setup := demo.Setups()[0]
	setup.Municipality.Slug, setup.Municipality.Name = "nieuwegein-test", "Nieuwegein (test)"
	refusedOnce(t, db, arnhem, "SetUpMunicipality", func() error { return db.Organisations.SetUpMunicipality(admin, &setup) })
	if _, err := db.Organisations.FindMunicipalityBySlug(ctx, setup.Municipality.Slug); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a refused setup created the municipality: %v", err)
	}
	if got := countDenials(t, db, arnhem); got != 3 {
		t.Errorf("%d denial records, want 3", got)
	}
}

// Work without a user runs as the system actor, passed explicitly, and the
// audit record names the system and its reason.
func TestSystemActorIsNamedInTheAuditTrail(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("organisations: %d %v", len(orgs), err)
	}
	p := &vios.Person{OrganisationID: orgs[0].ID, Name: "Door het systeem", Function: "test"}
	if err := db.Approaches.AddPerson(vios.NewSystemContext(ctx, "inrichting"), arnhem, p); err != nil {
		t.Fatal(err)
	}
	list, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: arnhem, Action: "contactpersoon-toegevoegd", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range list {
		if r.ObjectID == p.ID {
			found = true
			if r.Role != "systeem:inrichting" || r.UserID != "" {
				t.Errorf("audit record of the system: role %q, user %q", r.Role, r.UserID)
			}
		}
	}
	if !found {
		t.Error("no audit record of the addition")
	}
}
