package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
	"github.com/vios-platform/vios/web"
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
	f.trendRecords(t)
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

func (f *fixture) login(t *testing.T, email string) string {
	t.Helper()
	resp, err := noRedirect.PostForm(f.ts.URL+"/inloggen", url.Values{"email": {email}, "wachtwoord": {"matrix-wachtwoord-123"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie && resp.Header.Get("Location") == "/vandaag" {
			return c.Value
		}
	}
	t.Fatalf("login of %s failed: %d %s", email, resp.StatusCode, resp.Header.Get("Location"))
	return ""
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// path fills in the pattern's wildcards for the case.
func (f *fixture) path(t *testing.T, pattern string, r rule, c matrixCase, role string) string {
	muni := map[bool]string{true: "arnhem", false: "den-haag"}[c.ownMuni]
	p := strings.TrimSuffix(pattern, "{$}")
	p = strings.ReplaceAll(p, "{gemeente}", muni)
	if p == "/static/" {
		p = "/static/app.css"
	}
	for strings.Contains(p, "{") {
		start, end := strings.Index(p, "{"), strings.Index(p, "}")
		kind := r.record
		switch p[start+1 : end] {
		case "rol":
			kind = "rol" // a role of the user in {id}
		case "persoon":
			kind = "persoon" // a contact person of the organisation in {id}
		case "punt":
			kind = "punt" // an agenda item of the meeting in {id}
		case "lid":
			kind = "lid" // a membership of the network in {id}
		case "partij":
			kind = "partij" // a party of the covenant in {id}
		case "jaar":
			kind = "jaar" // the year of a work agenda
		case "onderdeel", "onderdeelId":
			kind = "onderdeel" // a section of the safety plan in {id}
		case "verwijzing":
			kind = "verwijzing" // a referral of the case in {id}
		case "bericht":
			// A fresh message of the police member (in a case's thread:
			// the school) in the thread of {id}: an allowed case edits or
			// deletes it.
			kind = "bericht"
			if strings.Contains(pattern, "/casussen/") {
				kind = "casusbericht"
			}
		}
		id := f.recordID(t, kind, p[start+1:end], c, role)
		p = p[:start] + id + p[end+1:]
	}
	return p
}

// recordID returns the id of a record of kind for the case: of the
// municipality in the path (ownRecord) or of the other one.
func (f *fixture) recordID(t *testing.T, kind, wildcard string, c matrixCase, role string) string {
	t.Helper()
	if kind == "sessie" {
		// A session, named by the first 16 characters of its id: the actor's
		// own, or another user's.
		other := vios.RoleRegisseur
		if role == other {
			other = vios.RoleBeheerder
		}
		if role == "" || !c.ownRecord {
			return auth.HashToken(f.sessions[other])[:16]
		}
		return auth.HashToken(f.sessions[role])[:16]
	}
	if kind == "push" {
		return f.pushRecord(role, role != "" && c.ownRecord)
	}
	if kind == "passkey" {
		other := vios.RoleRegisseur
		if role == other {
			other = vios.RoleBeheerder
		}
		if role == "" || !c.ownRecord {
			return f.passkey[other]
		}
		return f.passkey[role]
	}
	if kind == "apparaat" {
		// A fresh own device each time, of the actor or of another user: an
		// allowed case forgets it.
		owner := role
		if role == "" || !c.ownRecord {
			owner = vios.RoleRegisseur
			if role == owner {
				owner = vios.RoleBeheerder
			}
		}
		_, hash := auth.NewToken()
		if err := f.db.Accounts.AddOwnDevice(context.Background(), f.userIDs[owner], hash, "telefoon"); err != nil {
			t.Fatal(err)
		}
		return hash[:16]
	}
	if kind == "token" {
		// A token of the actor, or of another user.
		other := vios.RoleRegisseur
		if role == other {
			other = vios.RoleBeheerder
		}
		if role == "" || !c.ownRecord {
			return f.spare[other]
		}
		return f.spare[role]
	}
	if kind == "persoon" && c.ownRecord == c.ownMuni {
		// A fresh contact person each time: an allowed case removes it.
		person := &vios.Person{OrganisationID: f.records["organisatie"][true], Name: "Contact", Function: "wijkagent"}
		arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(context.Background(), "arnhem")
		if err := f.db.Approaches.AddPerson(vios.NewSystemContext(context.Background(), "testopzet"), arnhem.ID, person); err != nil {
			t.Fatal(err)
		}
		return person.ID
	}
	if kind == "bijlage" {
		// A fresh file on the fixture signal each time: an allowed case
		// removes it.
		return f.freshAttachment(t, c.ownRecord == c.ownMuni)
	}
	if kind == "bericht" || kind == "casusbericht" {
		return f.freshMessage(t, c.ownRecord == c.ownMuni, kind == "casusbericht")
	}
	if kind == "lid" {
		// A fresh deputy each time, of a user who is no actor here: an
		// allowed case ends that membership.
		return f.freshDeputy(t, c.ownRecord == c.ownMuni)
	}
	ids, ok := f.records[kind]
	if !ok {
		t.Fatalf("no fixture records of kind %q (wildcard {%s})", kind, wildcard)
	}
	// The record belongs to the path's municipality when ownRecord holds.
	own := c.ownRecord == c.ownMuni
	if id, ok := ids[own]; ok {
		return id
	}
	t.Fatalf("no fixture record of kind %q for own=%v", kind, own)
	return ""
}

// freshDeputy adds the administered test user of the municipality as a
// deputy of the police member of its demo kernteam and returns the
// membership.
func (f *fixture) freshDeputy(t *testing.T, arnhem bool) string {
	t.Helper()
	ctx := context.Background()
	slug := map[bool]string{true: "arnhem", false: "den-haag"}[arnhem]
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	n, err := f.db.Networks.FindNetwork(ctx, m.ID, f.records["netwerk"][arnhem])
	if err != nil {
		t.Fatal(err)
	}
	target, _, _ := f.db.Accounts.FindCredentials(ctx, "doel@"+slug+".example")
	for _, mem := range n.Members {
		if mem.UserID == target.ID && mem.ActiveOn(vios.Date(f.db.Now())) {
			return mem.ID
		}
	}
	// The target (a coordinator) deputises for the secretary's seat, a
	// municipal team: a seat is only for an organisation one may represent.
	var team vios.NetworkMember
	for _, mem := range n.Members {
		if mem.Position == vios.PositionMember && mem.Function == vios.FunctionSecretary {
			team = mem
		}
	}
	deputy := &vios.NetworkMember{NetworkID: n.ID, UserID: target.ID, OrganisationID: team.OrganisationID,
		Position: vios.PositionDeputy, DeputyForID: team.ID, JoinedOn: vios.Date(f.db.Now())}
	regisseur, _, _ := f.db.Accounts.FindCredentials(ctx, "regisseur@"+slug+".demo.example")
	if err := f.db.Networks.AddNetworkMember(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), m.ID, deputy); err != nil {
		t.Fatal(err)
	}
	return deputy.ID
}

// freshAttachment adds a file to the fixture signal of Arnhem (or of Den
// Haag), as the school that entered the signal, and returns its id.
func (f *fixture) freshAttachment(t *testing.T, arnhem bool) string {
	t.Helper()
	ctx := context.Background()
	slug := "arnhem"
	if !arnhem {
		slug = "den-haag"
	}
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	school, _, err := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.db.Attachments.AddAttachment(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), m.ID, vios.OwnerSignal,
		f.records["signaal"][arnhem], "verslag.pdf", strings.NewReader("%PDF-1.7\n% verslag\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// freshMessage posts a message of the police member of the municipality
// (Arnhem when arnhem) in its demo kernteam's thread, or in its case's.
func (f *fixture) freshMessage(t *testing.T, arnhem bool, inCase bool) string {
	t.Helper()
	ctx := context.Background()
	slug := map[bool]string{true: "arnhem", false: "den-haag"}[arnhem]
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	partner, _, _ := f.db.Accounts.FindCredentials(ctx, "partner@"+slug+".demo.example")
	in := &vios.MessageInput{MunicipalityID: m.ID, NetworkID: f.records["netwerk"][arnhem], Text: "Bericht"}
	if inCase {
		in.NetworkID, in.CaseID = "", f.records["casus"][arnhem]
	}
	if inCase {
		// A case's thread is for readers of its plan: the reporting school.
		partner, _, _ = f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
	}
	msg, err := f.db.Services().Threads.PostMessage(vios.NewContextWithActor(ctx, &vios.Actor{User: partner}), in)
	if err != nil {
		t.Fatal(err)
	}
	return msg.ID
}

// trendRecords gives each municipality a trend proposal: vapes at three
// schools in the last weeks, proposed by the trend job.
func (f *fixture) trendRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	start, _ := vios.TrendWindow(f.db.Now(), 4)
	for _, slug := range []string{"arnhem", "den-haag"} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		schools, _ := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
		nets, _ := f.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
		reg, _, _ := f.db.Accounts.FindCredentials(ctx, "regisseur@"+slug+".demo.example")
		if len(schools) < 3 || len(nets) == 0 || reg == nil {
			t.Fatalf("trend fixture of %s: %d schools, %d networks", slug, len(schools), len(nets))
		}
		var list []store.SchoolSignals
		for _, s := range schools[:3] {
			list = append(list, store.SchoolSignals{SchoolID: s.ID, Phenomenon: "vapes",
				Days: []time.Time{start.AddDate(0, 0, 1), start.AddDate(0, 0, 8), start.AddDate(0, 0, 15)}})
		}
		if err := f.db.Casework.LoadSchoolSignals(ctx, m.ID, nets[0].ID, reg.ID, schools[0].ID, list); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.Casework.DetectTrends(ctx); err != nil {
		t.Fatal(err)
	}
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		list, err := f.db.Casework.TrendProposals(vios.NewSystemContext(ctx, "testopzet"), m.ID)
		if err != nil || len(list) == 0 {
			t.Fatalf("no trend proposal in %s: %v", slug, err)
		}
		f.setRecord("trend", own, list[0].ID)
	}
}
