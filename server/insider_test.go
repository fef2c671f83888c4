package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// The insider matrix: every place where a chair, a secretary or the
// regisseur can change who sees what — members, deputies, positions, the
// clause a network follows, a clause's recipients, a person's organisation,
// the schools of a network — tried through the web and the API, to give a
// person or organisation more than the covenant gives. After each attempt
// the pupil's name, date of birth, class and the signal's text stay hidden
// from those not entitled, and "Waarom zie ik dit?" tells the truth.
//
// The covenant: the demo school (A), a second school (B), the police and a
// municipal team signed it; its clause gives schools identity, school and
// care information and the plan, the police identity and police
// information, the team identity. Youth work is no party.

// The pupil of school A, in a signal of school A.
const (
	insiderPupil = "Noor Visser"
	insiderBirth = "2011-07-08"
	insiderClass = "K9X"
	insiderText  = "Noor had een mes bij zich in de pauze."
)

type insider struct {
	*fixture
	arnhem     *vios.Municipality
	kernteam   *vios.Network
	covenant   *vios.Covenant
	signal     *vios.Signal
	schoolA    string // organisation ids
	schoolB    string
	youthOrg   string
	youth      *vios.User
	schoolBUsr *vios.User
	attachment string            // a file on the signal, named after the pupil, holding the text
	msgID      string            // school A's message in the kernteam's thread, naming the pupil
	msgFile    string            // a file like the signal's on that message
	chairSeat  string            // the school's fixed member in the kernteam
	sessions2  map[string]string // extra accounts: email → session
	tokens2    map[string]string // extra accounts: email → API token
}

func newInsider(t *testing.T) *insider {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	db := f.db
	in := &insider{fixture: f, sessions2: map[string]string{}, tokens2: map[string]string{}}
	in.arnhem, _ = db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	in.kernteam, _ = db.Networks.FindNetwork(ctx, in.arnhem.ID, f.records["netwerk"][true])
	regisseur, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	school, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	in.youth, _, _ = db.Accounts.FindCredentials(ctx, "jongerenwerk@arnhem.demo.example")
	in.schoolA, in.youthOrg = school.Memberships[0].OrganisationID, in.youth.Memberships[0].OrganisationID
	orgs, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: in.arnhem.ID})
	var police, team string
	for _, o := range orgs {
		switch {
		case o.Kind == vios.OrgSchool && o.ID != in.schoolA && in.schoolB == "":
			in.schoolB = o.ID
		case o.Kind == vios.OrgMunicipal && team == "":
			team = o.ID
		case o.Kind == vios.OrgPartner && o.PartnerKind == "politie" && police == "":
			police = o.ID
		}
	}
	for _, m := range in.kernteam.Members {
		if m.OrganisationID == in.schoolA {
			in.chairSeat = m.ID
		}
	}
	// A school-B employee with an account.
	hash, _ := auth.NewHasher(1).Hash(ctx, "matrix-wachtwoord-123")
	in.schoolBUsr = &vios.User{Email: "zorg@school-b.example", Name: "Zorgcoördinator B", Demo: true, Memberships: []vios.Membership{
		{MunicipalityID: in.arnhem.ID, Role: vios.RoleSchool, OrganisationID: in.schoolB}}}
	if err := db.Accounts.CreateUser(ctx, in.schoolBUsr, hash); err != nil {
		t.Fatal(err)
	}
	// The covenant and its clause, governing the kernteam.
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
	start := vios.Date(db.Now()).AddDate(0, -3, 0)
	c := vios.FindCovenantTemplate("delft").Fill(in.arnhem.ID, start)
	for i, r := range c.Clauses[0].Recipients {
		if r.Kind == "politie" {
			c.Clauses[0].Recipients[i].Categories = []string{vios.DataIdentity, vios.DataPolice}
		}
	}
	for _, org := range []string{in.schoolA, in.schoolB, police, team} {
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: org, Role: "partij", Signatories: "Bestuurder",
			Status: vios.PartySigned, SignedOn: &start})
	}
	if err := db.Covenants.CreateCovenant(as, c); err != nil {
		t.Fatal(err)
	}
	signAsParties(t, db, c)
	in.covenant = c
	if err := db.Covenants.LinkNetworkClause(as, in.arnhem.ID, in.kernteam.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	in.signal = &vios.Signal{MunicipalityID: in.arnhem.ID, NetworkID: in.kernteam.ID, OccurredOn: db.Now(), Phenomenon: "wapens",
		Level: vios.LevelPupil, Description: insiderText, SchoolIDs: []string{in.schoolA},
		Pupils: []vios.Pupil{{Name: insiderPupil, BirthDate: insiderBirth, Class: insiderClass, SchoolID: in.schoolA}}}
	if _, err := db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), in.signal); err != nil {
		t.Fatal(err)
	}
	file, err := db.Attachments.AddAttachment(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), in.arnhem.ID, vios.OwnerSignal,
		in.signal.ID, insiderPupil+".pdf", strings.NewReader("%PDF-1.7\n% "+insiderText+"\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	in.attachment = file.ID
	// School A names the pupil in the kernteam's thread too.
	msg, err := db.Services().Threads.PostMessage(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), &vios.MessageInput{
		MunicipalityID: in.arnhem.ID, NetworkID: in.kernteam.ID, Text: "Gesprek gehad met " + insiderPupil + " over de pauze."})
	if err != nil {
		t.Fatal(err)
	}
	file, err = db.Attachments.AddAttachment(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), in.arnhem.ID, vios.OwnerMessage,
		msg.ID, insiderPupil+" gesprek.pdf", strings.NewReader("%PDF-1.7\n% "+insiderText+"\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	in.msgID, in.msgFile = msg.ID, file.ID
	for _, u := range []*vios.User{in.youth, in.schoolBUsr} {
		in.sessions2[u.Email] = f.login(t, u.Email)
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "insider", Scopes: []string{"lezen", "schrijven"},
			ExpiresAt: db.Now().Add(time.Hour)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		in.tokens2[u.Email] = token
	}
	return in
}

func TestInsiderMatrix(t *testing.T) {
	in := newInsider(t)
	ctx := context.Background()
	db := in.db
	// Changes made through the store act as the regisseur: the store authorizes them.
	regisseur, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	asRegisseur := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
	youthS, youthT := in.sessions2[in.youth.Email], in.tokens2[in.youth.Email]
	netPath := "/netwerken/arnhem/" + in.kernteam.ID
	today := vios.Date(db.Now()).Format(time.DateOnly)
	notParty := "geen ondertekende partij"

	// The starting point: police names by the clause, naming the party and
	// its categories; the youth worker is no member yet.
	in.named(t, "police", in.sessions[vios.RolePartner], "politie-informatie")
	in.hidden(t, "youth work, no member", youthS, youthT, notParty)

	// 1. Members and deputies: the chair, and the regisseur, seat the
	// youth worker as a deputy of the school, or of the police; the
	// secretary may not change members at all.
	seat := func(org, deputyFor string) url.Values {
		return url.Values{"gebruiker": {in.youth.ID}, "organisatie": {org}, "positie": {vios.PositionDeputy},
			"vervangtLid": {deputyFor}, "functie": {""}, "lidVanaf": {today}}
	}
	var policeSeat string
	for _, m := range in.kernteam.Members {
		if m.Position == vios.PositionMember && m.Function == "" {
			policeSeat = m.ID
		}
	}
	for _, try := range []struct {
		name, role string
		form       url.Values
		status     int
	}{
		{"chair: youth worker as the school's deputy", vios.RoleSchool, seat(in.schoolA, in.chairSeat), http.StatusBadRequest},
		{"regisseur: youth worker as the school's deputy", vios.RoleRegisseur, seat(in.schoolA, in.chairSeat), http.StatusBadRequest},
		{"chair: youth worker as the police's deputy", vios.RoleSchool, seat(in.schoolA, policeSeat), http.StatusBadRequest},
		{"regisseur: youth worker as the police's deputy", vios.RoleRegisseur, seat(in.youthOrg, policeSeat), http.StatusBadRequest},
		{"secretary: youth worker as the school's deputy", vios.RoleCoordinator, seat(in.schoolA, in.chairSeat), http.StatusForbidden},
	} {
		// One member at a time, and several at once: the same rules.
		for _, form := range []string{"/leden", "/leden/toevoegen"} {
			status, body := in.web(t, in.sessions[try.role], "POST", netPath+form, try.form)
			if status != try.status {
				t.Errorf("%s (%s): status %d, want %d", try.name, form, status, try.status)
			}
			if try.status == http.StatusBadRequest && !strings.Contains(body, "werkt niet voor") && !strings.Contains(body, "dezelfde organisatie") {
				t.Errorf("%s (%s): no clear reason in the form", try.name, form)
			}
			in.hidden(t, try.name+" ("+form+")", youthS, youthT, notParty)
		}
	}
	// The API has no way to seat anyone: members in a network's body are
	// refused as an unknown field, nothing changes.
	var netRead map[string]any
	_, doc := in.api(t, in.tokens[vios.RoleSchool], "GET", "/api/v1/netwerken/"+in.kernteam.ID, nil)
	_ = json.Unmarshal([]byte(doc), &netRead)
	withMembers := map[string]any{"soort": vios.NetworkKernteam, "naam": netRead["naam"], "elkeWeken": 6, "agendaDagenVooraf": 5,
		"voorstelDagenVooraf": 7, "scholen": []string{in.schoolA}, "gewijzigdOp": netRead["gewijzigdOp"],
		"leden": []any{map[string]any{"gebruiker": in.youth.ID, "organisatie": in.schoolA, "positie": vios.PositionDeputy, "vervangtLid": in.chairSeat}}}
	if status, _ := in.api(t, in.tokens[vios.RoleSchool], "PUT", "/api/v1/netwerken/"+in.kernteam.ID, withMembers); status != http.StatusBadRequest {
		t.Errorf("API: chair seats the youth worker in the network's body: %d", status)
	}
	in.hidden(t, "API: members in the network's body", youthS, youthT, notParty)

	// A position: the chair makes the youth worker, for youth work,
	// secretary — a place to run meetings, not a right to names: a
	// pseudonym, because youth work is no party.
	n, _ := db.Networks.FindNetwork(ctx, in.arnhem.ID, in.kernteam.ID)
	for _, m := range n.Members {
		if m.Function == vios.FunctionSecretary {
			if err := db.Networks.EndNetworkMembership(asRegisseur, in.arnhem.ID, n.ID, m.ID, db.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	form := url.Values{"gebruiker": {in.youth.ID}, "organisatie": {in.youthOrg}, "positie": {vios.PositionMember},
		"functie": {vios.FunctionSecretary}, "lidVanaf": {today}}
	if status, _ := in.web(t, in.sessions[vios.RoleSchool], "POST", netPath+"/leden", form); status != http.StatusSeeOther {
		t.Errorf("chair makes the youth worker secretary: %d", status)
	}
	if status, _ := in.web(t, youthS, "GET", "/signalen/arnhem/"+in.signal.ID, nil); status != http.StatusOK {
		t.Errorf("the youth worker, now a member, does not see the signal: %d", status)
	}
	in.hidden(t, "youth worker as secretary", youthS, youthT, notParty)

	// The kind of an organisation: the regisseur (and the beheerder) may
	// edit organisations, but cannot relabel youth work as police, which
	// the clause gives names by kind.
	youthOrg, _ := db.Approaches.FindOrganisation(ctx, in.arnhem.ID, in.youthOrg)
	for _, role := range []string{vios.RoleRegisseur, vios.RoleBeheerder} {
		status, body := in.web(t, in.sessions[role], "POST", "/beheer/arnhem/organisaties/"+in.youthOrg,
			url.Values{"soort": {vios.OrgPartner}, "naam": {youthOrg.Name}, "soortPartner": {"politie"}})
		if status != http.StatusBadRequest || !strings.Contains(body, "verandert niet meer") {
			t.Errorf("%s relabels youth work as police: %d", role, status)
		}
	}
	if o, _ := db.Approaches.FindOrganisation(ctx, in.arnhem.ID, in.youthOrg); o.PartnerKind != "jongerenwerk" {
		t.Errorf("youth work is now %q", o.PartnerKind)
	}
	in.hidden(t, "youth work relabelled", youthS, youthT, notParty)

	// 2. The clause a network follows: only the regisseur links one (the
	// chair and the secretary are refused); a clause that gives youth work
	// names, added on the web, still gives nothing to a non-party.
	for _, role := range []string{vios.RoleSchool, vios.RoleCoordinator} {
		if status, _ := in.web(t, in.sessions[role], "POST", netPath+"/deelafspraak", url.Values{"deelafspraak": {in.covenant.Clauses[0].ID}}); status != http.StatusForbidden {
			t.Errorf("%s links a clause: %d", role, status)
		}
	}
	c, _ := db.Covenants.FindCovenant(ctx, in.arnhem.ID, in.covenant.ID)
	clauseForm := url.Values{"versie": {c.UpdatedAt.Format(time.RFC3339Nano)}, "doel": {"Jongerenwerk erbij"}, "grondslag": {"6.1.e"},
		"metNaam": {"ja"}, "ontvanger-jongerenwerk": {vios.DataIdentity, "plan"}, "ontvanger-school": {vios.DataIdentity},
		"bewaartermijnSignalen": {"365"}, "bewaartermijnCasussen": {"730"}, "bewaartermijnVerslagen": {"730"}}
	if status, body := in.web(t, in.sessions[vios.RoleRegisseur], "POST", "/convenanten/arnhem/"+c.ID+"/deelafspraken", clauseForm); status != http.StatusSeeOther {
		t.Fatalf("regisseur adds a clause: %d %s", status, body)
	}
	c, _ = db.Covenants.FindCovenant(ctx, in.arnhem.ID, in.covenant.ID)
	youthClause := c.Clauses[len(c.Clauses)-1].ID
	if status, _ := in.web(t, in.sessions[vios.RoleRegisseur], "POST", netPath+"/deelafspraak", url.Values{"deelafspraak": {youthClause}}); status != http.StatusSeeOther {
		t.Errorf("regisseur links the clause: %d", status)
	}
	in.hidden(t, "clause for youth work, linked on the web", youthS, youthT, notParty)
	// The covenant page names who receives: the parties, not youth work.
	if _, page := in.web(t, in.sessions[vios.RoleRegisseur], "GET", "/convenanten/arnhem/"+c.ID, nil); !strings.Contains(page, "geen partij van deze soort") {
		t.Error("the covenant page does not say that no party of youth work's kind receives")
	}

	// 3. A clause's recipients in the API: naming the youth organisation
	// (no party) is refused; by kind it names no one.
	status, doc := in.api(t, in.tokens[vios.RoleRegisseur], "GET", "/api/v1/convenanten/"+c.ID, nil)
	if status != http.StatusOK {
		t.Fatalf("read covenant: %d", status)
	}
	var read map[string]any
	if err := json.Unmarshal([]byte(doc), &read); err != nil {
		t.Fatal(err)
	}
	put := map[string]any{"wijziging": "Jongerenwerk ontvangt namen"}
	for _, k := range []string{"titel", "doelen", "ingangsdatum", "einddatum", "evaluatiedatum", "handelingsprotocol", "gewijzigdOp"} {
		put[k] = read[k]
	}
	var parties []any
	for _, p := range read["partijen"].([]any) {
		party := p.(map[string]any)
		for _, readOnly := range []string{"id", "organisatieNaam", "nietBevestigd", "vastgelegdOp", "beantwoordOp"} {
			delete(party, readOnly)
		}
		parties = append(parties, party)
	}
	put["partijen"] = parties
	var agreements []any
	for _, a := range read["werkafspraken"].([]any) {
		agreement := a.(map[string]any)
		delete(agreement, "netwerkNaam")
		agreements = append(agreements, agreement)
	}
	put["werkafspraken"] = agreements
	var clauses []any
	for _, s := range read["deelafspraken"].([]any) {
		clause := s.(map[string]any)
		delete(clause, "_links")
		if clause["id"] == youthClause {
			clause["ontvangers"] = []any{map[string]any{"soort": "jongerenwerk", "categorieen": []string{vios.DataIdentity},
				"organisaties": []string{in.youthOrg}}}
		}
		clauses = append(clauses, clause)
	}
	put["deelafspraken"] = clauses
	if status, body := in.api(t, in.tokens[vios.RoleRegisseur], "PUT", "/api/v1/convenanten/"+c.ID, put); status != http.StatusBadRequest ||
		!strings.Contains(body, "alleen partijen") {
		t.Errorf("API: the youth organisation named as a recipient: %d %s", status, body)
	}
	in.hidden(t, "youth organisation named as a recipient in the API", youthS, youthT, notParty)

	// 4. A person's organisation: the beheerder gives the youth worker a
	// role at school A, the chair seats them for the school (now allowed:
	// they work there) and they read the school's names; the beheerder
	// takes the role away and the seat, and the names, end with it.
	n, _ = db.Networks.FindNetwork(ctx, in.arnhem.ID, in.kernteam.ID)
	for _, m := range n.Members {
		if m.UserID == in.youth.ID && m.LeftOn == nil {
			if err := db.Networks.EndNetworkMembership(asRegisseur, in.arnhem.ID, n.ID, m.ID, db.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if status, _ := in.web(t, in.sessions[vios.RoleBeheerder], "POST", "/beheer/arnhem/gebruikers/"+in.youth.ID+"/rollen",
		url.Values{"rol": {vios.RoleSchool}, "organisatie": {in.schoolA}}); status != http.StatusSeeOther {
		t.Fatalf("beheerder gives a school role: %d", status)
	}
	if status, body := in.web(t, in.sessions[vios.RoleSchool], "POST", netPath+"/leden", seat(in.schoolA, in.chairSeat)); status != http.StatusSeeOther {
		t.Fatalf("chair seats a school employee as the school's deputy: %d %s", status, body)
	}
	in.named(t, "youth worker who also works at the school", youthS, "zelf ingebracht")
	u, _ := db.Accounts.FindUserByID(ctx, in.youth.ID)
	for _, m := range u.Memberships {
		if m.OrganisationID == in.schoolA {
			if status, _ := in.web(t, in.sessions[vios.RoleBeheerder], "POST", "/beheer/arnhem/gebruikers/"+in.youth.ID+"/rollen/"+m.ID+"/intrekken", url.Values{"bevestigd": {"ja"}}); status != http.StatusSeeOther {
				t.Fatalf("beheerder takes the school role away: %d", status)
			}
		}
	}
	n, _ = db.Networks.FindNetwork(ctx, in.arnhem.ID, in.kernteam.ID)
	for _, m := range n.Members {
		if m.UserID == in.youth.ID && m.OrganisationID == in.schoolA && m.ActiveOn(vios.Date(db.Now()).AddDate(0, 0, 1)) {
			t.Error("the seat for the school outlives the role at the school")
		}
	}
	// Their own seat for youth work ended above: now they sit nowhere and
	// see nothing of the signal at all.
	status, page := in.web(t, youthS, "GET", "/signalen/arnhem/"+in.signal.ID, nil)
	apiStatus, doc := in.api(t, youthT, "GET", "/api/v1/signalen/"+in.signal.ID, nil)
	if status != http.StatusForbidden && status != http.StatusNotFound || apiStatus != http.StatusNotFound ||
		strings.Contains(page+doc, insiderPupil) || strings.Contains(page+doc, "mes bij zich") {
		t.Errorf("after the role at the school ended: web %d, api %d", status, apiStatus)
	}

	// 5. The schools of a network: the chair makes the kernteam an
	// overarching network of schools A and B through the API, the
	// regisseur links the school clause again and the chair seats school
	// B's employee for school B. School B (a signed party, given names)
	// sees only its own pupils by name: school A's pupil stays hidden.
	if status, _ := in.web(t, in.sessions[vios.RoleRegisseur], "POST", netPath+"/deelafspraak", url.Values{"deelafspraak": {in.covenant.Clauses[0].ID}}); status != http.StatusSeeOther {
		t.Errorf("regisseur links the school clause again: %d", status)
	}
	_, doc = in.api(t, in.tokens[vios.RoleSchool], "GET", "/api/v1/netwerken/"+in.kernteam.ID, nil)
	var netDoc map[string]any
	_ = json.Unmarshal([]byte(doc), &netDoc)
	change := map[string]any{"soort": vios.NetworkOverkoepelend, "niveau": "operationeel", "naam": "Overleg scholen A en B",
		"elkeWeken": 6, "agendaDagenVooraf": 5, "voorstelDagenVooraf": 7, "scholen": []string{in.schoolA, in.schoolB},
		"gewijzigdOp": netDoc["gewijzigdOp"]}
	if status, body := in.api(t, in.tokens[vios.RoleSchool], "PUT", "/api/v1/netwerken/"+in.kernteam.ID, change); status != http.StatusOK {
		t.Fatalf("chair makes the network one of two schools: %d %s", status, body)
	}
	form = url.Values{"gebruiker": {in.schoolBUsr.ID}, "organisatie": {in.schoolB}, "positie": {vios.PositionMember}, "functie": {""}, "lidVanaf": {today}}
	if status, body := in.web(t, in.sessions[vios.RoleSchool], "POST", netPath+"/leden", form); status != http.StatusSeeOther {
		t.Fatalf("chair seats school B: %d %s", status, body)
	}
	in.hidden(t, "school B in a network of two schools", in.sessions2[in.schoolBUsr.Email], in.tokens2[in.schoolBUsr.Email], "alleen haar eigen leerlingen")
	in.named(t, "the police in a network of two schools", in.sessions[vios.RolePartner], "politie-informatie")
	// A group signal about school A, without named pupils: school B does
	// not read its text either.
	school, _, _ := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	group := &vios.Signal{MunicipalityID: in.arnhem.ID, NetworkID: in.kernteam.ID, OccurredOn: db.Now(), Phenomenon: "vapes",
		Level: vios.LevelGroup, Description: "Groep van school A verkoopt vapes", SchoolIDs: []string{in.schoolA}}
	if _, err := db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), group); err != nil {
		t.Fatal(err)
	}
	_, page = in.web(t, in.sessions2[in.schoolBUsr.Email], "GET", "/signalen/arnhem/"+group.ID, nil)
	_, doc = in.api(t, in.tokens2[in.schoolBUsr.Email], "GET", "/api/v1/signalen/"+group.ID, nil)
	if strings.Contains(page+doc, "verkoopt vapes") {
		t.Error("school B reads the text of school A's group signal")
	}

	// 6. Categories per field: the police, given no "plan", reads the
	// case's pupil by name but not its plan, on the web and in the API; it
	// cannot rewrite the plan it does not see.
	caseID := in.records["casus"][true]
	const plan = "Gesprek met ouders."
	_, page = in.web(t, in.sessions[vios.RolePartner], "GET", "/casussen/arnhem/"+caseID, nil)
	_, doc = in.api(t, in.tokens[vios.RolePartner], "GET", "/api/v1/casussen/"+caseID, nil)
	if !strings.Contains(page, "Noa de Boer") || strings.Contains(page, plan) || strings.Contains(doc, plan) || !strings.Contains(doc, "Noa de Boer") {
		t.Errorf("the police reads the case: name on the page %v, plan on the page %v, plan in the API %v",
			strings.Contains(page, "Noa de Boer"), strings.Contains(page, plan), strings.Contains(doc, plan))
	}
	var caseDoc map[string]any
	_ = json.Unmarshal([]byte(doc), &caseDoc)
	rewrite := map[string]any{"regiehouder": caseDoc["regiehouder"], "plan": "Nieuw plan van de politie", "gewijzigdOp": caseDoc["gewijzigdOp"]}
	if status, _ := in.api(t, in.tokens[vios.RolePartner], "PUT", "/api/v1/casussen/"+caseID, rewrite); status != http.StatusForbidden {
		t.Errorf("the police rewrites a plan it cannot read: %d", status)
	}
	if _, page := in.web(t, in.sessions[vios.RoleSchool], "GET", "/casussen/arnhem/"+caseID, nil); !strings.Contains(page, plan) {
		t.Error("the school, which brought the case in, does not read its plan")
	}
	in.transfers(t)
}
