package server_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// The fixture of the authorization matrix: two municipalities with a record
// of every kind, logins per role, and the addresses the matrix requests.

// fixture is the platform with a session per role in Arnhem and records of
// each kind in Arnhem and Den Haag.
type fixture struct {
	ts       *httptest.Server
	db       *store.DB
	sessions map[string]string // role → session cookie
	tokens   map[string]string // role → API token
	spare    map[string]string // role → id of another token, to revoke
	passkey  map[string]string // role → id of a passkey, to remove
	push     map[string]string // role → id of a push device, to remove
	userIDs  map[string]string // role → the user's id
	records  map[string]map[bool]string
	secrets  []string // live one-time link tokens no page may show
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, err := auth.NewHasher(1).Hash(ctx, "matrix-wachtwoord-123")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1, Metrics: server.NewMetrics(), MetricsToken: testMetricsToken})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ts: httptest.NewServer(srv), db: db, sessions: map[string]string{}, tokens: map[string]string{}, spare: map[string]string{}, passkey: map[string]string{}, push: map[string]string{}, userIDs: map[string]string{},
		records: map[string]map[bool]string{}}
	t.Cleanup(f.ts.Close)
	for _, role := range matrixRoles[1:] {
		email := role + "@arnhem.demo.example"
		if role == vios.RoleLandelijk {
			email = "landelijk@demo.example"
		}
		f.sessions[role] = f.login(t, email)
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "matrix", Scopes: []string{"lezen", "schrijven"},
			ExpiresAt: db.Now().Add(3600e9)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = token
		spare := &vios.AccessToken{UserID: u.ID, Name: "om in te trekken", Scopes: []string{"lezen"}, ExpiresAt: db.Now().Add(3600e9)}
		if err := db.Accounts.CreateAccessToken(ctx, spare, auth.HashToken(token+"-reserve")); err != nil {
			t.Fatal(err)
		}
		f.spare[role] = spare.ID
		pk := &vios.Passkey{ID: "pk-" + role, UserID: u.ID, Name: "telefoon", Credential: "{}"}
		if err := db.Accounts.AddPasskey(ctx, pk); err != nil {
			t.Fatal(err)
		}
		f.passkey[role] = pk.ID
		f.push[role] = addPushDevice(t, db, u)
		f.userIDs[role] = u.ID
	}
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := db.Organisations.FindMunicipalityBySlug(ctx, slug)
		orgs, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID})
		f.setRecord("organisatie", own, orgs[0].ID)
		// Contact persons to remove: enough for every allowed case.
		person := &vios.Person{OrganisationID: orgs[0].ID, Name: "Contact " + slug, Function: "wijkagent"}
		if err := db.Approaches.AddPerson(vios.NewSystemContext(ctx, "testopzet"), m.ID, person); err != nil {
			t.Fatal(err)
		}
		f.setRecord("persoon", own, person.ID)
		activity := &vios.ProcessingActivity{MunicipalityID: m.ID, Name: "Activiteit " + slug, Purpose: "p", LegalBasis: "g",
			DataCategories: "d", Retention: "r"}
		if err := db.Logs.SaveActivity(vios.NewSystemContext(ctx, "testopzet"), activity); err != nil {
			t.Fatal(err)
		}
		f.setRecord("activiteit", own, activity.ID)
	}
	f.setRecord("link", true, "ongeldige-link-1")
	f.setRecord("link", false, "ongeldige-link-2")
	// Users to administer (not actors of the matrix, so blocking them ends
	// no actor's session), each with two roles so one can be taken away.
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := db.Organisations.FindMunicipalityBySlug(ctx, slug)
		u := &vios.User{Email: "doel@" + slug + ".example", Name: "Doel " + slug, Memberships: []vios.Membership{
			{MunicipalityID: m.ID, Role: vios.RoleCoordinator}, {MunicipalityID: m.ID, Role: vios.RoleOTSV}}}
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		f.setRecord("gebruiker", own, u.ID)
		f.setRecord("rol", own, u.Memberships[0].ID)
	}
	// A password-reset mail with a live link to each administered user: the
	// outbox of Arnhem's beheerder shows Arnhem's (without the link), never
	// Den Haag's.
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		u, _, _ := db.Accounts.FindCredentials(ctx, "doel@"+slug+".example")
		token, hash := auth.NewToken()
		if err := db.Accounts.CreateUserToken(ctx, u.ID, hash, "wachtwoordherstel", 3600e9); err != nil {
			t.Fatal(err)
		}
		if err := db.Accounts.QueueMail(ctx, u.Email, "Wachtwoord herstellen", "Via http://vios.example/wachtwoord-herstellen/"+token); err != nil {
			t.Fatal(err)
		}
		f.setRecord("uitgaande-mail", own, u.Email)
		f.secrets = append(f.secrets, token)
	}
	// A trace in each municipality's log: a login of one of its users.
	f.login(t, "regisseur@den-haag.demo.example")
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := db.Organisations.FindMunicipalityBySlug(ctx, slug)
		records, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: m.ID, Action: "inloggen"})
		if err != nil || len(records) == 0 {
			t.Fatalf("no login in the log of %s: %v", slug, err)
		}
		f.setRecord("trace", own, records[0].TraceID)
	}
	f.networkRecords(t)
	f.transferRecords(t)
	f.protocolRecords(t)
	f.knowledgeRecords(t)
	f.trainingRecords(t)
	f.trendRecords(t)
	f.auditRecords(t)
	f.newsletterRecords(t)
	f.startRecords(t)
	f.customRecords(t)
	f.helpDeskRecords(t)
	f.entreeRecords(t)
	f.setRecord("verwerkingsactiviteit", true, activityKey)
	f.setRecord("verwerkingsactiviteit", false, activityKey)
	f.setRecord("provider", true, "entree")
	f.setRecord("provider", false, "gemeente-elders")
	approaches, _ := db.Approaches.ListApproaches(ctx, vios.ApproachFilter{})
	for _, a := range approaches {
		switch a.Municipality.Slug {
		case "arnhem":
			f.setRecord("aanpak", true, a.ID)
		case "den-haag":
			f.setRecord("aanpak", false, a.ID)
		}
	}
	return f
}

// networkRecords names each municipality's demo kernteam, its meeting (with
// the agenda published, an item and an action owned by the police member).
func (f *fixture) networkRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		nets, err := f.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID})
		if err != nil || len(nets) != 1 {
			t.Fatalf("demo networks of %s: %v %v", slug, nets, err)
		}
		f.setRecord("netwerk", own, nets[0].ID)
		meetings, _ := f.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: nets[0].ID})
		meeting := meetings[0]
		f.setRecord("overleg", own, meeting.ID)
		regisseur, _, _ := f.db.Accounts.FindCredentials(ctx, "regisseur@"+slug+".demo.example")
		partner, _, _ := f.db.Accounts.FindCredentials(ctx, "partner@"+slug+".demo.example")
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
		item := &vios.AgendaItem{MeetingID: meeting.ID, Kind: vios.ItemTrend, Title: "Trend"}
		if err := f.db.Networks.ProposeItem(as, m.ID, item); err != nil {
			t.Fatal(err)
		}
		f.setRecord("punt", own, item.ID)
		if err := f.db.Networks.PublishAgenda(as, m.ID, meeting.ID); err != nil {
			t.Fatal(err)
		}
		action := &vios.ActionItem{MunicipalityID: m.ID, MeetingID: meeting.ID, Title: "Actie", OwnerUserID: partner.ID, DueOn: meeting.StartsAt}
		if err := f.db.Networks.CreateAction(as, action); err != nil {
			t.Fatal(err)
		}
		f.setRecord("actiepunt", own, action.ID)

		// A signal of the school about a pupil, in the demo kernteam.
		schoolUser, _, _ := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		signal := &vios.Signal{MunicipalityID: m.ID, NetworkID: nets[0].ID, OccurredOn: f.db.Now(), Phenomenon: "vechtpartijen",
			Level: vios.LevelPupil, Description: "Vechtpartij op het schoolplein",
			Pupils: []vios.Pupil{{Name: "Sam Jansen", BirthDate: "2012-05-06", SchoolID: schoolUser.Memberships[0].OrganisationID}}}
		if _, err := f.db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: schoolUser}), signal); err != nil {
			t.Fatal(err)
		}
		f.setRecord("signaal", own, signal.ID)
		f.setRecord("leerling", own, signal.Pupils[0].ID)

		// An alert group of the school (chair) and the police, and an
		// alert the school raised to it.
		group := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
		if err := f.db.Networks.CreateNetwork(as, group); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*vios.User{schoolUser, partner} {
			member := &vios.NetworkMember{NetworkID: group.ID, UserID: u.ID, OrganisationID: u.Memberships[0].OrganisationID,
				Position: vios.PositionMember, JoinedOn: vios.Date(f.db.Now())}
			if u == schoolUser {
				member.Function = vios.FunctionChair
			}
			if err := f.db.Networks.AddNetworkMember(as, m.ID, member); err != nil {
				t.Fatal(err)
			}
		}
		alert := &vios.Alert{MunicipalityID: m.ID, NetworkID: group.ID, Text: "Vechtpartij bij de tramhalte"}
		if err := f.db.Alerts.RaiseAlert(vios.NewContextWithActor(ctx, &vios.Actor{User: schoolUser}), alert); err != nil {
			t.Fatal(err)
		}
		f.setRecord("alert", own, alert.ID)

		// A case of a second signal of the school, owned by the police
		// member, with one referral.
		second := &vios.Signal{MunicipalityID: m.ID, NetworkID: nets[0].ID, OccurredOn: f.db.Now(), Phenomenon: "wapens",
			Level: vios.LevelPupil, Description: "Mes in de tas",
			Pupils: []vios.Pupil{{Name: "Noa de Boer", BirthDate: "2012-07-08", SchoolID: schoolUser.Memberships[0].OrganisationID}}}
		if _, err := f.db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: schoolUser}), second); err != nil {
			t.Fatal(err)
		}
		kase := &vios.Case{MunicipalityID: m.ID, SignalID: second.ID, OwnerUserID: partner.ID, Plan: "Gesprek met ouders."}
		if _, err := f.db.Casework.CreateCase(as, kase); err != nil {
			t.Fatal(err)
		}
		f.setRecord("casus", own, kase.ID)
		referral := &vios.Referral{MunicipalityID: m.ID, CaseID: kase.ID, Table: "leerplicht"}
		if _, err := f.db.Casework.CreateReferral(as, referral); err != nil {
			t.Fatal(err)
		}
		f.setRecord("verwijzing", own, referral.ID)

		// A covenant whose parties are the demo school and the police.
		school, _, _ := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		signed := vios.Date(f.db.Now())
		c := vios.FindCovenantTemplate("delft").Fill(m.ID, f.db.Now())
		for _, org := range []string{school.Memberships[0].OrganisationID, partner.Memberships[0].OrganisationID} {
			c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: org, Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &signed})
		}
		if err := f.db.Covenants.CreateCovenant(as, c); err != nil {
			t.Fatal(err)
		}
		// Each party confirms the signature the regisseur recorded.
		signers := map[string]*vios.User{school.Memberships[0].OrganisationID: school, partner.Memberships[0].OrganisationID: partner}
		if err := demo.ConfirmSignatures(ctx, f.db.Covenants, c, func(p *vios.CovenantParty) *vios.User { return signers[p.OrganisationID] }); err != nil {
			t.Fatal(err)
		}
		f.setRecord("convenant", own, c.ID)
		f.setRecord("partij", own, c.Parties[0].ID)
		f.setRecord("deelafspraak", own, c.Clauses[0].ID)

		// The school's safety plan, its first section written by the police.
		sys := vios.NewSystemContext(ctx, "testopzet")
		plan := &vios.SafetyPlan{MunicipalityID: m.ID, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Veiligheidsplan", ReviewOn: f.db.Now().AddDate(1, 0, 0)}
		if err := f.db.SafetyPlans.CreateSafetyPlan(sys, plan, "sass", ""); err != nil {
			t.Fatal(err)
		}
		if err := f.db.SafetyPlans.AssignPlanSection(sys, m.ID, plan.ID, plan.Sections[0].ID, partner.Memberships[0].OrganisationID); err != nil {
			t.Fatal(err)
		}
		if err := f.db.SafetyPlans.SetPlanApprover(sys, m.ID, plan.OwnerOrgID, school.ID, true); err != nil {
			t.Fatal(err)
		}
		f.setRecord("veiligheidsplan", own, plan.ID)
		f.setRecord("onderdeel", own, plan.Sections[0].ID)

		// A priority on this year's work agenda.
		priority := &vios.Priority{MunicipalityID: m.ID, Year: vios.Date(f.db.Now()).Year(), Title: "Prioriteit", Status: vios.PriorityRunning}
		if err := f.db.Networks.AddPriority(as, priority); err != nil {
			t.Fatal(err)
		}
		f.setRecord("prioriteit", own, priority.ID)
		f.setRecord("jaar", own, strconv.Itoa(priority.Year))
	}
}

func (f *fixture) setRecord(kind string, own bool, id string) {
	if f.records[kind] == nil {
		f.records[kind] = map[bool]string{}
	}
	f.records[kind][own] = id
}
