package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// appRole opens the store as a plain login role on PostgreSQL — neither
// superuser nor owner nor BYPASSRLS, as production must run — so the
// row-level security is live for everything the store does. On SQLite it
// returns db itself: there is no such role, and the store filters are the
// wall.
func appRole(t *testing.T, db *store.DB, dsn string) *store.DB {
	t.Helper()
	if db.Dialect() != store.Postgres {
		return db
	}
	raw := rawDB(t, dsn)
	schema := schemaOf(t, raw)
	b := make([]byte, 6)
	rand.Read(b)
	role := "vios_app_test_" + hex.EncodeToString(b)
	for _, q := range []string{`CREATE ROLE ` + role + ` LOGIN NOSUPERUSER NOBYPASSRLS`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	app, err := store.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-registered first: close the pool, then drop the role.
	t.Cleanup(func() {
		raw.Exec(`DROP OWNED BY ` + role)
		if _, err := raw.Exec(`DROP ROLE ` + role); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	t.Cleanup(func() { app.Close() })

	// The test means nothing if the role passes row-level security.
	check := rawDB(t, u.String())
	var super, bypass bool
	if err := check.QueryRow(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil {
		t.Fatal(err)
	}
	if super || bypass {
		t.Fatalf("role %s passes row-level security (superuser %v, bypassrls %v)", role, super, bypass)
	}
	return app
}

// The store itself, connected as the plain role production uses, does a
// municipality's administration behind the row-level security without
// being refused, stays inside that municipality, and leaves both log chains
// whole. On SQLite the same calls run against the store filters alone, so
// the test runs (and can fail) on both databases.
func TestStoreWorksBehindRowLevelSecurity(t *testing.T) {
	ctx := context.Background()
	owner, dsn := openMigrated(t)
	a, d := arnhemAndDenHaag(t, owner)
	dhOrg := orgsOf(t, owner, d.ID)[0]
	denHaagBefore := tenantRows(t, rawDB(t, dsn), d.ID)

	db := appRole(t, owner, dsn)
	admin, _, err := owner.Accounts.FindCredentials(ctx, "beheerder@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx = vios.NewContextWithActor(ctx, &vios.Actor{User: admin, Address: "192.0.2.1"})

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s as the plain role: %v", what, err)
		}
	}

	// Users and roles.
	users, err := db.Accounts.ListUsers(ctx, a.ID)
	must("ListUsers", err)
	for _, u := range users {
		if u.Email == "beheerder@den-haag.demo.example" {
			t.Errorf("Arnhem's users include %s", u.Email)
		}
	}
	colleague := &vios.User{Email: "collega@arnhem.example", Name: "Collega", Memberships: []vios.Membership{{MunicipalityID: a.ID, Role: vios.RoleRegisseur}}}
	must("CreateUser", db.Accounts.CreateUser(ctx, colleague, ""))
	extra := &vios.Membership{UserID: colleague.ID, MunicipalityID: a.ID, Role: vios.RoleFG}
	must("AddMembership", db.Accounts.AddMembership(ctx, extra))
	must("RemoveRole", db.Accounts.RemoveRole(ctx, extra.ID, a.ID))
	must("EndUserSessions", db.Accounts.EndUserSessions(ctx, colleague.ID, a.ID))
	must("SetUserDisabled", db.Accounts.SetUserDisabled(ctx, colleague.ID, true, a.ID))
	review, err := db.Accounts.RightsReview(ctx, a.ID)
	must("RightsReview", err)
	if len(review) == 0 {
		t.Error("Arnhem's rights review is empty")
	}
	for _, u := range review {
		for _, m := range u.Memberships {
			if m.MunicipalityID != a.ID {
				t.Errorf("Arnhem's rights review shows a role of %s in another municipality", u.Email)
			}
		}
	}

	// The approach, organisations and contact persons.
	approach, err := db.Approaches.FindApproachByMunicipality(ctx, "arnhem")
	must("FindApproachByMunicipality", err)
	approach.Summary += " Bijgewerkt."
	must("UpdateApproach", db.Approaches.UpdateApproach(ctx, approach, approach.UpdatedAt))
	org := &vios.Organisation{MunicipalityID: a.ID, Kind: vios.OrgPartner, PartnerKind: vios.PartnerKinds[0].Code, Name: "Buurtwerk Test"}
	must("SaveOrganisation (new)", db.Approaches.SaveOrganisation(ctx, org))
	org.Name = "Buurtwerk Test Oost"
	must("SaveOrganisation (change)", db.Approaches.SaveOrganisation(ctx, org))
	person := &vios.Person{OrganisationID: org.ID, Name: "Contact", Function: "jongerenwerker"}
	must("AddPerson", db.Approaches.AddPerson(ctx, a.ID, person))
	people, err := db.Approaches.ListPeople(ctx, a.ID, org.ID)
	must("ListPeople", err)
	if len(people) != 1 {
		t.Errorf("%d contact persons, want 1", len(people))
	}
	must("RemovePerson", db.Approaches.RemovePerson(ctx, a.ID, org.ID, person.ID))

	// Reaching into Den Haag through Arnhem's door finds nothing.
	intruder := &vios.Person{OrganisationID: dhOrg.ID, Name: "Indringer", Function: "test"}
	if err := db.Approaches.AddPerson(ctx, a.ID, intruder); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("contact person added to Den Haag's organisation under Arnhem: %v", err)
	}
	moved := *dhOrg
	moved.MunicipalityID = a.ID
	moved.Name += " (overgenomen)"
	if err := db.Approaches.SaveOrganisation(ctx, &moved); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's organisation changed under Arnhem: %v", err)
	}
	if list, err := db.Approaches.ListPeople(ctx, a.ID, dhOrg.ID); err != nil || len(list) != 0 {
		t.Errorf("Den Haag's contact persons listed under Arnhem: %d, %v", len(list), err)
	}

	// The register and the logs.
	activity := &vios.ProcessingActivity{MunicipalityID: a.ID, Name: "Test", Purpose: "Testen", LegalBasis: "AVG art. 6 lid 1 sub e",
		DataCategories: "Naam", Retention: "Een jaar"}
	// The privacy officer keeps the register.
	fg, _, err := owner.Accounts.FindCredentials(context.Background(), "fg@arnhem.demo.example")
	must("FindCredentials", err)
	must("SaveActivity", db.Logs.SaveActivity(vios.NewContextWithActor(context.Background(), &vios.Actor{User: fg}), activity))
	activities, err := db.Logs.ListActivities(ctx, a.ID)
	must("ListActivities", err)
	var defaults, own int
	for _, x := range activities {
		switch x.MunicipalityID {
		case "":
			defaults++
		case a.ID:
			own++
		default:
			t.Errorf("Arnhem's register shows activity %s of another municipality", x.Name)
		}
	}
	if defaults == 0 || own != 1 {
		t.Errorf("Arnhem's register: %d platform defaults and %d own activities, want some and 1", defaults, own)
	}
	if _, err := db.Logs.FindActivity(ctx, d.ID, activity.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's activity found under Den Haag: %v", err)
	}
	records, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: a.ID, Limit: 200})
	must("SearchAudit", err)
	if len(records) == 0 {
		t.Error("Arnhem's audit trail is empty after its administration")
	}
	for _, r := range records {
		if r.MunicipalityID == d.ID {
			t.Errorf("Arnhem's audit trail shows record %d of Den Haag", r.Seq)
		}
	}
	processing, err := db.Logs.SearchProcessing(ctx, vios.LogFilter{MunicipalityID: a.ID, Limit: 200})
	must("SearchProcessing", err)
	if len(processing) == 0 {
		t.Error("Arnhem's processing log is empty after reading contact persons")
	}

	// Networks, meetings, actions and covenants, as the regisseur.
	regisseur, _, err := owner.Accounts.FindCredentials(context.Background(), "regisseur@arnhem.demo.example")
	must("FindCredentials", err)
	partner, _, err := owner.Accounts.FindCredentials(context.Background(), "partner@arnhem.demo.example")
	must("FindCredentials", err)
	rctx := vios.NewContextWithActor(context.Background(), &vios.Actor{User: regisseur})
	arnhemOrgs := orgsOf(t, owner, a.ID)
	var school, police, team *vios.Organisation
	for _, o := range arnhemOrgs {
		if o.Kind == vios.OrgMunicipal && team == nil {
			team = o // the regisseur sits for a municipal team (vios.MayRepresent)
		}
		if o.ID == partner.Memberships[0].OrganisationID {
			police = o
		}
		if o.Kind == vios.OrgSchool && school == nil {
			school = o
		}
	}
	network := &vios.Network{MunicipalityID: a.ID, Kind: vios.NetworkKernteam, Name: "Kernteam RLS", SchoolIDs: []string{school.ID},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	must("CreateNetwork", db.Networks.CreateNetwork(rctx, network))
	member := &vios.NetworkMember{NetworkID: network.ID, UserID: regisseur.ID, OrganisationID: team.ID, Position: vios.PositionMember,
		Function: vios.FunctionChair, JoinedOn: vios.Date(db.Now())}
	must("AddNetworkMember", db.Networks.AddNetworkMember(rctx, a.ID, member))
	must("AddNetworkMember", db.Networks.AddNetworkMember(rctx, a.ID, &vios.NetworkMember{NetworkID: network.ID, UserID: partner.ID,
		OrganisationID: police.ID, Position: vios.PositionMember, JoinedOn: vios.Date(db.Now())}))
	// Free texts of meetings are sealed (00020), pupil data below too.
	db.Keys = keys.NewHolder(storetest.TestKeys())
	start := db.Now().AddDate(0, 0, 10)
	meetings, err := db.Networks.PlanMeetings(rctx, a.ID, network.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Stadhuis"}})
	must("PlanMeetings", err)
	item := &vios.AgendaItem{MeetingID: meetings[0].ID, Kind: vios.ItemTrend, Title: "Vapes", Phenomena: []string{"vapes"}}
	must("ProposeItem", db.Networks.ProposeItem(rctx, a.ID, item))
	must("PublishAgenda", db.Networks.PublishAgenda(rctx, a.ID, meetings[0].ID))
	// A week after the meeting: on the meeting's own day the deadline,
	// a UTC time, falls before the meeting in Amsterdam between 23:00
	// and midnight UTC.
	action := &vios.ActionItem{MunicipalityID: a.ID, MeetingID: meetings[0].ID, Title: "Voorlichting", OwnerUserID: partner.ID, DueOn: start.AddDate(0, 0, 7)}
	must("CreateAction", db.Networks.CreateAction(rctx, action))
	if _, err := db.Networks.FindMeeting(rctx, d.ID, meetings[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's meeting found under Den Haag: %v", err)
	}
	if list, err := db.Networks.ListActions(rctx, vios.ActionFilter{MunicipalityID: d.ID}); err != nil || len(list) != 0 {
		t.Errorf("Den Haag's actions list Arnhem's: %d, %v", len(list), err)
	}
	covenant := vios.FindCovenantTemplate("delft").Fill(a.ID, db.Now())
	signed := vios.Date(db.Now())
	covenant.Parties = []vios.CovenantParty{{OrganisationID: school.ID, Signatories: "Rector", Status: vios.PartySigned, SignedOn: &signed},
		{OrganisationID: police.ID, Signatories: "Teamchef", Status: vios.PartySigned, SignedOn: &signed}}
	must("CreateCovenant", db.Covenants.CreateCovenant(rctx, covenant))
	must("signAsParties", signAsParties(db, covenant))
	must("LinkNetworkClause", db.Covenants.LinkNetworkClause(rctx, a.ID, network.ID, covenant.Clauses[0].ID))
	if _, err := db.Covenants.FindCovenant(rctx, d.ID, covenant.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's covenant found under Den Haag: %v", err)
	}
	if err := db.Covenants.LinkNetworkClause(rctx, d.ID, network.ID, covenant.Clauses[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's network linked under Den Haag: %v", err)
	}
	// Signals with a sealed pupil, read back by the chair (by name) and
	// searched, behind row-level security; Den Haag finds nothing of it.
	signal := &vios.Signal{MunicipalityID: a.ID, NetworkID: network.ID, OccurredOn: db.Now(), Phenomenon: "vapes", Level: vios.LevelPupil,
		Description: "Vapes verkocht", Pupils: []vios.Pupil{{Name: "Kim de Boer", BirthDate: "2011-02-03", SchoolID: school.ID}}}
	_, err = db.Casework.CreateSignal(rctx, signal)
	must("CreateSignal", err)
	read, err := db.Casework.FindSignal(rctx, a.ID, signal.ID)
	must("FindSignal", err)
	if read.Pupils[0].Name != "Kim de Boer" {
		t.Errorf("the chair reads %q", read.Pupils[0].Display())
	}
	_, _, err = db.Casework.ListSignals(rctx, vios.SignalFilter{MunicipalityID: a.ID})
	must("ListSignals", err)
	_, err = db.Casework.AgendaPupils(rctx, a.ID, meetings[0].ID)
	must("AgendaPupils", err)
	if _, err := db.Casework.FindSignal(rctx, d.ID, signal.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's signal found under Den Haag: %v", err)
	}
	if found, err := db.Casework.FindPupils(rctx, d.ID, "Kim de Boer", "2011-02-03"); err != nil || len(found) != 0 {
		t.Errorf("Arnhem's pupil found under Den Haag: %v %v", found, err)
	}
	_, err = db.Networks.RemindOverdueActions(context.Background())
	must("RemindOverdueActions", err)
	_, err = db.Covenants.RemindCovenants(context.Background())
	must("RemindCovenants", err)

	// Nothing of Den Haag changed, and both chains are whole, also when
	// verified by the plain role (the system context sees every row).
	if after := tenantRows(t, rawDB(t, dsn), d.ID); after != denHaagBefore {
		t.Errorf("Den Haag's rows changed: %s before, %s after", denHaagBefore, after)
	}
	problems, n, err := db.Logs.VerifyLogs(context.Background())
	must("VerifyLogs", err)
	if len(problems) > 0 || n == 0 {
		t.Errorf("log chains after the administration: %d entries, problems %+v", n, problems)
	}
}

// tenantRows summarises a municipality's organisations, people and
// memberships, to see that nothing of it changed.
func tenantRows(t *testing.T, raw *sql.DB, municipalityID string) string {
	t.Helper()
	var orgs, people, memberships int
	var names string
	err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM organisations WHERE municipality_id = $1),
		(SELECT COUNT(*) FROM people WHERE municipality_id = $1),
		(SELECT COUNT(*) FROM memberships WHERE municipality_id = $1),
		(SELECT COALESCE(MAX(name), '') FROM organisations WHERE municipality_id = $1)`, municipalityID).
		Scan(&orgs, &people, &memberships, &names)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d organisations, %d people, %d memberships, last name %q", orgs, people, memberships, names)
}
