package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A first Entree login without e-mail makes no account: it waits for the
// beheerder, who confirms it with the school role; then the person logs in
// (the acr counts as the second factor) and logs out at Entree too.
func TestEntreeFirstLoginWaitsForTheBeheerder(t *testing.T) {
	s := newEntree(t)
	ctx := context.Background()
	school := s.arnhemSchool(t, 0)
	user := &entreeUser{sub: "pairwise-1", uid: "j.jansen", brin: strings.ToLower(school.BRIN), acr: entreeMFA,
		givenName: "Jan", sn: "Jansen", affiliations: []string{"employee", "member"}}

	for range 2 {
		r := s.ssoLogin(t, user, nil)
		if r.status != http.StatusForbidden || r.cookie != nil || !strings.Contains(r.body, "moet uw account eerst bevestigen") {
			t.Fatalf("first Entree login: %d, session %v\n%s", r.status, r.cookie != nil, r.body)
		}
	}
	if got := s.authorizations[0].Get("acr_values"); got != entreeMFA {
		t.Errorf("acr_values requested: %q", got)
	}
	if _, err := s.db.Accounts.FindUserByIdentity(ctx, s.idp.Issuer(), "j.jansen@"+school.BRIN); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Fatalf("an account exists before confirmation: %v", err)
	}

	admin, id := s.beheerderAndRequest(t)
	page := s.do(t, "GET", "/beheer/arnhem/entree", admin, nil)
	for _, want := range []string{"Jan Jansen", school.Name, school.BRIN, "employee", "Schoolmedewerker"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the request does not show %q", want)
		}
	}
	if index := s.do(t, "GET", "/beheer", admin, nil); !strings.Contains(index.body, `href="/beheer/arnhem/entree"`) {
		t.Error("the administration overview does not link the Entree page")
	}
	decide := "/beheer/arnhem/entree/" + id + "/bevestigen"
	for _, bad := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"rol": {vios.RoleSchool}, "naam": {"Jan Jansen"}, "email": {"geen-adres"}}, "Vul het werk-e-mailadres in"},
		{url.Values{"rol": {vios.RoleRegisseur}, "naam": {"Jan Jansen"}, "email": {"j.jansen@school.example"}}, "Kies de rol Schoolmedewerker"},
		{url.Values{"rol": {vios.RoleSchool}, "naam": {""}, "email": {"beheerder@arnhem.demo.example"}}, "Vul de naam in"},
		{url.Values{"rol": {vios.RoleSchool}, "naam": {"Jan"}, "email": {"beheerder@arnhem.demo.example"}}, "al een account met dit e-mailadres"},
	} {
		if r := s.do(t, "POST", decide, admin, bad.form); r.status/100 != 4 || !strings.Contains(r.body, bad.want) {
			t.Errorf("%v: %d, want a 4xx saying %q", bad.form, r.status, bad.want)
		}
	}
	if _, err := s.db.Accounts.FindUserByIdentity(ctx, s.idp.Issuer(), "j.jansen@"+school.BRIN); err == nil {
		t.Fatal("bad input made an account")
	}
	r := s.do(t, "POST", decide, admin, url.Values{"rol": {vios.RoleSchool}, "naam": {"Jan Jansen"}, "email": {"j.jansen@school.example"}})
	if r.status != http.StatusSeeOther || r.location != "/beheer/arnhem/entree?melding=bevestigd" {
		t.Fatalf("confirm: %d %q", r.status, r.location)
	}
	if page := s.do(t, "GET", r.location, admin, nil); !strings.Contains(page.body, "Het account is gemaakt") || !strings.Contains(page.body, "Er wachten geen aanmeldingen") {
		t.Error("the page does not say the account was made")
	}
	if again := s.do(t, "POST", decide, admin, url.Values{"rol": {vios.RoleSchool}, "naam": {"Jan"}, "email": {"j2@school.example"}}); again.status != http.StatusNotFound {
		t.Errorf("confirming twice: %d", again.status)
	}

	login := s.ssoLogin(t, user, nil)
	if login.status != http.StatusSeeOther || login.location != "/vandaag" || login.cookie == nil {
		t.Fatalf("Entree login after confirmation: %d %q", login.status, login.location)
	}
	acc := s.do(t, "GET", "/account", login.cookie.Value, nil)
	if !strings.Contains(acc.body, "j.jansen@school.example") || !strings.Contains(acc.body, "Schoolmedewerker") {
		t.Errorf("account after confirmation: %d", acc.status)
	}
	s.logsOutAtEntree(t, login)
}

// logsOutAtEntree checks RP-initiated logout: the platform's session ends
// and the browser goes to Entree's end_session_endpoint with the ID token
// as hint, where to come back to, and the client id.
func (s *ssoSetup) logsOutAtEntree(t *testing.T, login result) {
	t.Helper()
	var hint string
	for _, c := range login.cookies {
		if c.Name == "__Secure-vios-sso-uit" && c.HttpOnly && c.Secure && c.Path == "/uitloggen" {
			hint = c.Value
		}
	}
	if hint == "" {
		t.Fatal("no logout hint kept after SSO login")
	}
	out := s.do(t, "POST", "/uitloggen", login.cookie.Value, nil, "Cookie", "__Secure-vios-sso-uit="+hint)
	target, _ := url.Parse(out.location)
	q := target.Query()
	if out.status != http.StatusSeeOther || !strings.HasPrefix(out.location, s.endSession.URL+"/einde?") ||
		q.Get("id_token_hint") == "" || !strings.HasSuffix(hint, q.Get("id_token_hint")) ||
		q.Get("post_logout_redirect_uri") != s.URL+"/" || q.Get("client_id") != s.idp.ClientID {
		t.Fatalf("logout: %d %q", out.status, out.location)
	}
	if r := s.do(t, "GET", "/account", login.cookie.Value, nil); r.status != http.StatusSeeOther {
		t.Errorf("the session lives on after logout: %d", r.status)
	}
	resp, err := noFollow.Get(out.location)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(s.endSessions) != 1 {
		t.Errorf("Entree's end_session_endpoint was reached %d times", len(s.endSessions))
	}
}

// A login whose acr is below what the platform asked for is sent to the
// platform's own second factor; trustMfa plays no part.
func TestEntreeLowAcrAsksThePlatformsSecondFactor(t *testing.T) {
	s := newEntree(t)
	user := &entreeUser{sub: "p-2", uid: "k.klaas", brin: s.arnhemSchool(t, 0).BRIN, acr: entreeMFA, affiliations: []string{"staff"}}
	s.confirmed(t, user)
	for _, acr := range []string{"urn:entree:acr:password", ""} {
		user.acr = acr
		if r := s.ssoLogin(t, user, nil); r.location != "/inloggen/tweede-factor-instellen" {
			t.Errorf("acr %q: %d %q", acr, r.status, r.location)
		}
	}
}

// Who may not ask for an account, and what they are told. None of them
// leaves a request for the beheerder.
func TestEntreeRefusals(t *testing.T) {
	s := newEntree(t)
	ctx := context.Background()
	brin := s.arnhemSchool(t, 0).BRIN
	dh, _ := s.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	dhSchools, _ := s.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: dh.ID, Kind: vios.OrgSchool})
	for _, tt := range []struct {
		name string
		user *entreeUser
		want string
	}{
		{"a pupil", &entreeUser{sub: "l1", uid: "leerling1", brin: brin, affiliations: []string{"student", "employee"}}, "leerlingaccount"},
		{"no staff affiliation", &entreeUser{sub: "a1", uid: "ouder1", brin: brin, affiliations: []string{"affiliate"}}, "niet als medewerker"},
		{"no uid", &entreeUser{sub: "n1", brin: brin, affiliations: []string{"employee"}}, "gaf niet de gegevens door"},
		{"no school", &entreeUser{sub: "n2", uid: "x", affiliations: []string{"employee"}}, "gaf niet de gegevens door"},
		{"a school of another municipality", &entreeUser{sub: "d1", uid: "x", brin: dhSchools[0].BRIN, affiliations: []string{"employee"}}, "doet (nog) niet mee"},
		{"an unknown school", &entreeUser{sub: "u1", uid: "x", brin: "99ZZ", affiliations: []string{"employee"}}, "doet (nog) niet mee"},
	} {
		r := s.ssoLogin(t, tt.user, nil)
		if r.status/100 != 4 || r.cookie != nil || !strings.Contains(r.body, tt.want) {
			t.Errorf("%s: %d, session %v, want a refusal saying %q", tt.name, r.status, r.cookie != nil, tt.want)
		}
	}
	admin := s.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	if page := s.do(t, "GET", "/beheer/arnhem/entree", admin, nil); !strings.Contains(page.body, "Er wachten geen aanmeldingen") {
		t.Error("a refused login left a request")
	}

	// Refused by the beheerder: later logins are told so.
	user := &entreeUser{sub: "r1", uid: "r.onbekend", brin: brin, affiliations: []string{"faculty"}}
	s.ssoLogin(t, user, nil)
	admin, id := s.beheerderAndRequest(t)
	if r := s.do(t, "POST", "/beheer/arnhem/entree/"+id+"/weigeren", admin, nil); r.location != "/beheer/arnhem/entree?melding=geweigerd" {
		t.Fatalf("refuse: %d %q", r.status, r.location)
	}
	if r := s.ssoLogin(t, user, nil); r.status != http.StatusForbidden || r.cookie != nil || !strings.Contains(r.body, "niet bevestigd") {
		t.Errorf("login after refusal: %d", r.status)
	}
}

// Entree speaks only for school staff of the school it names: an account
// that gained another role, or a person Entree now places at another
// school, does not log in through the old link.
func TestEntreeSpeaksOnlyForTheSchoolRole(t *testing.T) {
	s := newEntree(t)
	ctx := context.Background()
	school := s.arnhemSchool(t, 0)
	user := &entreeUser{sub: "p-3", uid: "m.mol", brin: school.BRIN, acr: entreeMFA, affiliations: []string{"employee"}}
	s.confirmed(t, user)
	u, err := s.db.Accounts.FindUserByIdentity(ctx, s.idp.Issuer(), "m.mol@"+school.BRIN)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Accounts.AddMembership(vios.NewSystemContext(ctx, "testopzet"), &vios.Membership{UserID: u.ID, MunicipalityID: s.arnhemID, Role: vios.RoleRegisseur}); err != nil {
		t.Fatal(err)
	}
	if r := s.ssoLogin(t, user, nil); r.status != http.StatusUnauthorized || r.cookie != nil || !strings.Contains(r.body, "rol buiten uw school") {
		t.Errorf("account with a municipal role through Entree: %d", r.status)
	}
	// Another school: another identity, which waits for the beheerder.
	user.brin = s.arnhemSchool(t, 1).BRIN
	if r := s.ssoLogin(t, user, nil); r.status != http.StatusForbidden || r.cookie != nil {
		t.Errorf("the same uid at another school: %d", r.status)
	}
}
