package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// lastLink returns the newest link to path in the outbox.
func (p *platform) lastLink(t *testing.T, path string) string {
	t.Helper()
	mails, err := p.db.ListMail(context.Background(), 10)
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
	schools, _ := p.db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})

	// Every mistake at once, and nothing saved.
	bad := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {""}, "email": {"geen-adres"}, "rol": {"school"}})
	for _, want := range []string{"Vul de naam in.", "Vul een geldig e-mailadres in", "Kies de school waar deze persoon werkt."} {
		if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, want) {
			t.Errorf("bad invite: %d, lacks %q", bad.status, want)
		}
	}
	if mails, _ := p.db.ListMail(ctx, 10); len(mails) != 0 {
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

func TestPasswordResetKeepsTheSecondFactor(t *testing.T) {
	p := newPlatform(t, false)
	for _, email := range []string{"niemand@example.org", "mentor@school.example"} {
		r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {email}})
		if r.status != 200 || !strings.Contains(r.body, "Als er een account bij dit e-mailadres hoort") {
			t.Errorf("%s: %d", email, r.status)
		}
	}
	if mails, _ := p.db.ListMail(context.Background(), 10); len(mails) != 1 || mails[0].Recipient != "mentor@school.example" {
		t.Fatalf("reset mails: %d", len(mails))
	}
	// Give the account a second factor, as it would have.
	secret, _, _, _ := auth.NewTOTP("mentor@school.example")
	p.db.SetTOTP(context.Background(), p.school.ID, secret, nil)

	link := p.lastLink(t, "/wachtwoord-herstellen/")
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw + "x"}}); r.status != http.StatusBadRequest {
		t.Errorf("different repeat: %d", r.status)
	}
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != 200 {
		t.Fatalf("reset: %d", r.status)
	}
	if r := p.do(t, "POST", link, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != http.StatusNotFound {
		t.Errorf("link used twice: %d", r.status)
	}
	// The new password works — and the second factor is still asked.
	if r := p.login(t, "mentor@school.example", pw); r.location != "/inloggen/tweede-factor" {
		t.Errorf("login after reset goes to %q, want the second factor", r.location)
	}
	// At most three reset mails an hour for one account.
	for i := 0; i < 5; i++ {
		p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
	}
	if mails, _ := p.db.ListMail(context.Background(), 20); len(mails) != 3 {
		t.Errorf("%d reset mails in an hour, want 3", len(mails))
	}
}

func TestUserAdministration(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	dh, _ := p.db.FindMunicipalityBySlug(ctx, "den-haag")

	// Someone with roles in Arnhem and Den Haag: Arnhem's administrator may
	// take the Arnhem role, but not block the whole account.
	both := &vios.User{Email: "twee@gemeenten.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: p.arnhemID, Role: vios.RoleCoordinator}, {MunicipalityID: dh.ID, Role: vios.RoleCoordinator}}}
	p.db.CreateUser(ctx, both, "")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/blokkeren", admin, url.Values{}); r.status != http.StatusForbidden || !strings.Contains(r.body, "ook voor een andere gemeente") {
		t.Errorf("blocking a two-municipality user: %d", r.status)
	}
	// Give an Arnhem role, then take the other one away.
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen", admin, url.Values{"rol": {"otsv"}}); r.location != "/beheer/arnhem/gebruikers?melding=rol-toegekend" {
		t.Errorf("add role: %d %s", r.status, r.body)
	}
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen/"+both.Memberships[0].ID+"/intrekken", admin, url.Values{}); r.location != "/beheer/arnhem/gebruikers?melding=rol-ingetrokken" {
		t.Errorf("removing the Arnhem role: %d", r.status)
	}
	// Den Haag's role is out of reach under Arnhem's path.
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen/"+both.Memberships[1].ID+"/intrekken", admin, url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("removing Den Haag's role via Arnhem: %d", r.status)
	}

	// Blocking ends the user's sessions.
	partner := p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	pu, _, _ := p.db.FindCredentials(ctx, "partner@arnhem.demo.example")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+pu.ID+"/blokkeren", admin, url.Values{}); r.location != "/beheer/arnhem/gebruikers?melding=geblokkeerd" {
		t.Fatalf("block: %d", r.status)
	}
	if p.do(t, "GET", "/account", partner, nil).status != http.StatusSeeOther {
		t.Error("blocked user still logged in")
	}
	// The last administrator keeps the role.
	me, _, _ := p.db.FindCredentials(ctx, "beheerder@arnhem.demo.example")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+me.ID+"/rollen/"+me.Memberships[0].ID+"/intrekken", admin, url.Values{}); r.status != http.StatusConflict || !strings.Contains(r.body, "laatste functioneel beheerder") {
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
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht", fg, nil)
	if r.status != 200 {
		t.Fatalf("review: %d", r.status)
	}
	roles := regexp.MustCompile(`<th class="utrecht-table__header-cell" scope="row">([^<]+)</th>`).FindAllStringSubmatch(r.body, -1)
	if len(roles) < 7 || roles[0][1] != "Functioneel beheerder" || roles[1][1] != "Regisseur (gemeente)" || roles[2][1] != "Functionaris gegevensbescherming" {
		t.Errorf("review order: %v", roles)
	}
	// Demo accounts that never logged in are dormant; the fg just did.
	if !strings.Contains(r.body, "Slapend account.") {
		t.Error("no dormant accounts flagged")
	}
	csv := p.do(t, "GET", "/beheer/arnhem/rechtenoverzicht.csv", fg, nil)
	if !strings.HasPrefix(csv.body, "\ufeffnaam,e-mailadres,rol,organisatie,status,laatst ingelogd,slapend,tweede factor\n") || strings.Count(csv.body, "\n") < 8 {
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
		p.db.QueueMail(context.Background(), "iemand@example.org", "Test", "Hallo")
		want := map[bool]int{true: 200, false: 404}[demoMode]
		email := "beheerder@arnhem.demo.example"
		r := p.login(t, email, testPassword)
		if !demoMode {
			// Outside demo mode a demo account needs its second factor: use
			// the regular account and expect the page not to exist.
			r = p.login(t, "landelijk@demo.example", testPassword)
		}
		got := p.do(t, "GET", "/beheer/uitgaande-mail", r.cookie.Value, nil)
		if got.status != want {
			t.Errorf("demo %v: %d, want %d", demoMode, got.status, want)
		}
		if demoMode && !strings.Contains(got.body, "iemand@example.org") {
			t.Error("outbox does not show the mail")
		}
	}
	p := newPlatform(t, true)
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/beheer/uitgaande-mail", school, nil); r.status != http.StatusForbidden {
		t.Errorf("school reads the outbox: %d", r.status)
	}
}
