package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/web"
)

// The platform of TestEveryPage: the demo data with Arnhem's networks and
// casework, a record of every kind a page shows, and a session per visitor
// of the page table, logged in once.

// pagePlatform is the platform with the records the page paths name.
type pagePlatform struct {
	base     string
	db       *store.DB
	routes   []string          // "GET pattern" of every GET route of the web route table
	records  map[string]string // {name} in a page path → the record's id
	sessions map[string]string // visitor → session cookie; "" for a visitor without login
	password string
}

// Accounts that are not demo accounts, so that the login stops halfway at
// the second factor: one without an authenticator app yet, one with.
const (
	newAccount  = "zorgcoordinator@school.example" // see startPlatformWithDB
	totpAccount = "totp@school.example"
)

func startPagePlatform(t *testing.T) *pagePlatform {
	t.Helper()
	ctx := context.Background()
	base, db := startPlatformWithDB(t, true)
	p := &pagePlatform{base: base, db: db, records: map[string]string{}, sessions: map[string]string{}, password: loginTestPassword}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadSafetyPlans(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	// The web route table itself, not the server's, which adds the API.
	h, err := web.New(web.Deps{Services: db.Services(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range h.Routes() {
		if r.Method == http.MethodGet {
			p.routes = append(p.routes, r.Method+" "+r.Pattern)
		}
	}
	p.makeRecords(t)
	return p
}

// makeRecords adds what the demo data lacks for a page to show: an agenda
// item and an action, a signal, a case with a referral, an alert, a
// processing activity, links of an invitation and a password reset, a
// work agenda priority.
func (p *pagePlatform) makeRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	db := p.db
	user := func(email string) *vios.User {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatalf("account %s: %v", email, err)
		}
		return u
	}
	as := func(u *vios.User) context.Context { return vios.NewContextWithActor(ctx, &vios.Actor{User: u}) }
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	must("arnhem", err)
	regisseur, partner, school := user("regisseur@arnhem.demo.example"), user("partner@arnhem.demo.example"), user("school@arnhem.demo.example")
	schoolID := school.Memberships[0].OrganisationID

	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID})
	must("networks", err)
	kernteam := nets[0]
	p.records["netwerk"] = kernteam.ID
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	plans, err := p.db.SafetyPlans.ListSafetyPlans(vios.NewSystemContext(ctx, "testopzet"), arnhem.ID)
	if err != nil || len(plans) == 0 {
		t.Fatalf("demo safety plan: %v", err)
	}
	p.records["veiligheidsplan"] = plans[0].ID
	meetings, err := db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: kernteam.ID})
	must("meetings", err)
	meeting := meetings[0]
	p.records["overleg"] = meeting.ID
	must("agenda item", db.Networks.ProposeItem(as(regisseur), m.ID, &vios.AgendaItem{MeetingID: meeting.ID, Kind: vios.ItemTrend,
		Title: "Toename van vechtpartijen rond de tramhalte na schooltijd"}))
	must("publish agenda", db.Networks.PublishAgenda(as(regisseur), m.ID, meeting.ID))
	action := &vios.ActionItem{MunicipalityID: m.ID, MeetingID: meeting.ID, Title: "Gesprek met de vervoerder over toezicht bij de halte",
		OwnerUserID: partner.ID, DueOn: meeting.StartsAt}
	must("action", db.Networks.CreateAction(as(regisseur), action))
	p.records["actiepunt"] = action.ID

	signal := &vios.Signal{MunicipalityID: m.ID, NetworkID: kernteam.ID, OccurredOn: db.Now(), Phenomenon: "vechtpartijen",
		Level: vios.LevelPupil, Description: "Vechtpartij op het schoolplein; een leerling liep een hoofdwond op en is naar de huisarts gebracht.",
		Pupils: []vios.Pupil{{Name: "Sam Jansen", BirthDate: "2012-05-06", SchoolID: schoolID}}}
	_, err = db.Casework.CreateSignal(as(school), signal)
	must("signal", err)
	p.records["signaal"] = signal.ID
	p.records["leerling"] = signal.Pupils[0].ID

	second := &vios.Signal{MunicipalityID: m.ID, NetworkID: kernteam.ID, OccurredOn: db.Now(), Phenomenon: "wapens",
		Level: vios.LevelPupil, Description: "Mes in de tas",
		Pupils: []vios.Pupil{{Name: "Noa de Boer", BirthDate: "2012-07-08", SchoolID: schoolID}}}
	_, err = db.Casework.CreateSignal(as(school), second)
	must("second signal", err)
	kase := &vios.Case{MunicipalityID: m.ID, SignalID: second.ID, OwnerUserID: partner.ID, Plan: "Gesprek met ouders en leerplicht."}
	_, err = db.Casework.CreateCase(as(regisseur), kase)
	must("case", err)
	p.records["casus"] = kase.ID
	_, err = db.Casework.CreateReferral(as(regisseur), &vios.Referral{MunicipalityID: m.ID, CaseID: kase.ID, Table: "leerplicht"})
	must("referral", err)

	group := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep scholen Arnhem-Noord", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	must("alert group", db.Networks.CreateNetwork(as(regisseur), group))
	for _, u := range []*vios.User{school, partner} {
		member := &vios.NetworkMember{NetworkID: group.ID, UserID: u.ID, OrganisationID: u.Memberships[0].OrganisationID,
			Position: vios.PositionMember, JoinedOn: vios.Date(db.Now())}
		must("alert group member", db.Networks.AddNetworkMember(as(regisseur), m.ID, member))
	}
	alert := &vios.Alert{MunicipalityID: m.ID, NetworkID: group.ID, Text: "Vechtpartij bij de tramhalte Velperplein, politie is ter plaatse"}
	must("alert", db.Alerts.RaiseAlert(as(school), alert))
	p.records["alert"] = alert.ID

	covenants, err := db.Covenants.ListCovenants(ctx, m.ID)
	must("covenants", err)
	p.records["convenant"] = covenants[0].ID

	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID})
	must("organisations", err)
	p.records["organisatie"] = orgs[0].ID

	system := vios.NewSystemContext(ctx, "testopzet")
	activity := &vios.ProcessingActivity{MunicipalityID: m.ID, Name: "Signalen over leerlingen in het kernteam",
		Purpose: "Vroeg ingrijpen bij onveiligheid", LegalBasis: "Taak van algemeen belang (art. 6 lid 1 sub e AVG)",
		DataCategories: "Naam, geboortedatum, school, signaal", Retention: "Twee jaar na het sluiten van de casus"}
	must("processing activity", db.Logs.SaveActivity(system, activity))
	p.records["activiteit"] = activity.ID

	priority := &vios.Priority{MunicipalityID: m.ID, Year: vios.Date(db.Now()).Year(), Title: "Minder wapenbezit onder leerlingen", Status: vios.PriorityRunning}
	must("priority", db.Networks.AddPriority(as(regisseur), priority))
	p.records["jaar"] = strconv.Itoa(priority.Year)

	protocol := &vios.IncidentProtocol{MunicipalityID: m.ID, SchoolID: schoolID, Phenomenon: "wapens", Steps: []vios.IncidentStep{
		{Who: "Wie het ziet", Action: "Breng iedereen in veiligheid en waarschuw de schoolleiding.", Call: vios.Call112},
		{Who: "Teamleider", Action: "Bel de wijkagent en neem het wapen niet zelf af.", Call: vios.CallWijkagent}}}
	must("incident protocol", db.Protocols.SaveProtocol(as(school), protocol))
	p.records["incidentprotocol"] = protocol.ID
	p.records["schoolvaneisen"] = schoolID

	knowledge := &vios.KnowledgeItem{MunicipalityID: m.ID, Kind: "handreiking", Visibility: vios.VisibilityPublic,
		Title: "Handreiking: vapen in de klas", Body: "## Wat te doen\n\n- Neem de vape in.\n- Bel de ouders.", Themes: []string{"vapes"}}
	must("knowledge item", db.Knowledge.SaveKnowledge(as(regisseur), knowledge))
	p.records["kennisbank"] = knowledge.ID
	p.trainingRecords(t, schoolID)

	// A safety audit of the demo school with a finding and advice, and an
	// own checklist template.
	safetyAudit := &vios.Audit{MunicipalityID: m.ID, SchoolID: schoolID, TemplateID: vios.DefaultAuditTemplateID, AuditOn: vios.Date(db.Now())}
	must("audit", db.SafetyAudits.CreateAudit(as(regisseur), safetyAudit))
	must("audit findings", db.SafetyAudits.RecordAuditFindings(as(regisseur), m.ID, safetyAudit.ID, []vios.AuditFinding{{Key: "gebouw-1",
		Finding: vios.FindingAttention, Note: "De achteringang is 's avonds donker.", Advice: "Plaats verlichting bij de achteringang."}}, "Houd het toezicht vast."))
	p.records["audit"] = safetyAudit.ID
	own := vios.DefaultAuditTemplate()
	own.ID, own.MunicipalityID, own.Name = "", m.ID, "Eigen auditlijst"
	must("audit template", db.SafetyAudits.SaveAuditTemplate(as(regisseur), own))
	p.records["auditsjabloon"] = own.ID
	p.newsletterRecords(t)

	// A start request with its adviser assigned, so its page shows every form.
	start := &vios.StartRequest{Organisation: "Gemeente Zwolle", OrganisationKind: "gemeente", MunicipalityName: "Zwolle",
		ContactName: "Fatima Bakker", Email: "f.bakker@zwolle.example", Question: "Hoe beginnen wij met een kernteam op het vo?",
		SelfCheck: map[string]int{"regie": 2, "domeinen": 3}}
	must("start request", db.Start.SubmitStartRequest(ctx, start, "192.0.2.7"))
	adviser := &vios.Adviser{Name: "Karin de Wit", Province: "overijssel", Experience: "Kwartiermaker van een kernteamaanpak in drie gemeenten"}
	must("adviser", db.Start.SaveAdviser(system, adviser))
	must("assign", db.Start.AssignStartRequest(system, start.ID, adviser.ID))
	p.records["startvraag"] = start.ID

	// A custom-support request, partly granted, with a progress report.
	custom := &vios.CustomRequest{MunicipalityID: m.ID, SchoolID: schoolID, Title: "Straatcoaches bij de fietsenstalling",
		Description: "Twee straatcoaches in de pauzes.", Theme: "vapes", RequestedCents: 1_200_000,
		PlannedFrom: vios.Date(db.Now()), PlannedUntil: vios.Date(db.Now()).AddDate(0, 3, 0)}
	must("custom request", db.CustomRequests.SubmitCustomRequest(as(school), custom))
	must("decision", db.CustomRequests.DecideCustomRequest(as(regisseur), custom.ID,
		vios.CustomDecision{Outcome: vios.CustomPartly, GrantedCents: 800_000, Motivation: "Eén straatcoach past in het budget."}))
	must("report", db.CustomRequests.ReportCustomRequest(as(school), custom.ID, vios.CustomReport{Kind: vios.ReportProgress, Text: "Gestart."}))
	p.records["maatwerk"] = custom.ID

	help := &vios.HelpRequest{MunicipalityID: m.ID, SchoolID: schoolID, Urgency: vios.UrgencyHigh, Theme: "vapes",
		Question: "Steeds meer leerlingen vapen op het toilet. Hoe pakken we dat aan?"}
	must("help request", db.HelpDesk.FileHelpRequest(as(school), help))
	p.records["hulpvraag"] = help.ID

	// An account with an authenticator app (newAccount, from
	// startPlatformWithDB, has none yet), and the one-time links of an
	// invitation and a password reset.
	hash, err := auth.NewHasher(1).Hash(ctx, p.password)
	must("hash", err)
	u := &vios.User{Email: totpAccount, Name: "Joris Zorg", Memberships: []vios.Membership{{MunicipalityID: m.ID, OrganisationID: schoolID, Role: vios.RoleSchool}}}
	must("account", db.Accounts.CreateUser(ctx, u, hash))
	must("totp", db.Accounts.SetTOTP(ctx, u.ID, "JBSWY3DPEHPK3PXP", nil))
	for name, purpose := range map[string]string{"uitnodiging": "uitnodiging", "herstel": "wachtwoordherstel"} {
		token, tokenHash := auth.NewToken()
		must(purpose, db.Accounts.CreateUserToken(ctx, user(newAccount).ID, tokenHash, purpose, 3600e9))
		p.records[name] = token
	}

	p.transferRecords(t)
	p.signatureRecords(t)

	// A teacher's first login through Entree, waiting for the beheerder.
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	_, err = db.Accounts.RequestEntreeAccess(system, &vios.EntreeRequest{Provider: "entree", Issuer: "https://entree.example",
		Subject: "t.docent@" + schools[0].BRIN, BRIN: schools[0].BRIN, Affiliations: []string{"employee"}, ProposedRole: vios.RoleSchool,
		Name: "Tamara Docent"}, []string{m.ID})
	must("entree request", err)

	// A trace of the log: the login of the regisseur.
	p.session(t, "regisseur@arnhem.demo.example")
	audit, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: m.ID, Action: "inloggen"})
	if err != nil || len(audit) == 0 {
		t.Fatalf("no login in the log of Arnhem: %v", err)
	}
	p.records["trace"] = audit[0].TraceID
}

// session logs the visitor in (once) and returns the session cookie; a
// login that stops at the second factor gives the cookie of that half.
func (p *pagePlatform) session(t *testing.T, visitor string) string {
	t.Helper()
	if visitor == "" {
		return ""
	}
	if s, ok := p.sessions[visitor]; ok {
		return s
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(p.base+"/inloggen", url.Values{"email": {visitor}, "wachtwoord": {p.password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie && resp.StatusCode == http.StatusSeeOther {
			p.sessions[visitor] = c.Value
			return c.Value
		}
	}
	t.Fatalf("login of %s failed: %d %s", visitor, resp.StatusCode, resp.Header.Get("Location"))
	return ""
}

// fill puts the records' ids in the {name}s of a page path.
func (p *pagePlatform) fill(path string) string {
	for name, id := range p.records {
		path = strings.ReplaceAll(path, "{"+name+"}", id)
	}
	return path
}
