package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/web"
)

// The fixture's sessions and the paths and records each matrix case asks for.

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
			if kind != "ondertekening" { // a fresh covenant and its party (matrix_signature_test.go)
				kind = "partij" // a party of the covenant in {id}
			}
		case "jaar":
			kind = "jaar" // the year of a work agenda
		case "onderdeel", "onderdeelId":
			kind = "onderdeel" // a section of the safety plan in {id}
		case "evaluatieId":
			kind = "protocolevaluatie" // an evaluation asked of the protocol in {id}
		case "verwijzing":
			kind = "verwijzing" // a referral of the case in {id}
		case "bijlage":
			kind = "kennisbankbijlage" // a document of the knowledge-bank item in {id}
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
	if kind == "ondertekening" {
		return f.freshSignature(t, c.ownRecord == c.ownMuni, wildcard)
	}
	if kind == "kennisbank-vers" {
		// A fresh item each time: an allowed case withdraws it.
		return f.freshKnowledge(t, c.ownRecord == c.ownMuni)
	}
	if kind == "nieuwsbrief-vers" {
		// A fresh draft each time: an allowed case sends it.
		return f.freshNewsletter(t, c.ownRecord == c.ownMuni)
	}
	if kind == "kennisbankbijlage" {
		// A fresh document each time: an allowed case removes it.
		return f.freshKnowledgeFile(t, c.ownRecord == c.ownMuni)
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
