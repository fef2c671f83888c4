package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

const loginTestPassword = "blauwe-reiger-bij-de-vijver"

// startPlatformWithAccounts serves the platform (not in demo mode) with the
// demo data, the demo accounts and one real account of a school in Arnhem,
// all with loginTestPassword.
func startPlatformWithAccounts(t *testing.T) string { return startPlatformWith(t, false) }

// startPlatformWith serves the platform with the demo data and accounts and
// a real school account; in demo mode demo accounts skip the second factor.
func startPlatformWith(t *testing.T, demoMode bool) string {
	t.Helper()
	url, _ := startPlatformWithDB(t, demoMode)
	return url
}

// startPlatformWithDB is startPlatformWith that also returns the database,
// for what a test reads beside the browser (a mail the outbox keeps back).
func startPlatformWithDB(t *testing.T, demoMode bool) (string, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem.ID, Kind: vios.OrgSchool})
	u := &vios.User{Email: "zorgcoordinator@school.example", Name: "Sanne Zorg",
		Memberships: []vios.Membership{{MunicipalityID: arnhem.ID, OrganisationID: schools[0].ID, Role: vios.RoleSchool}}}
	if err := db.Accounts.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		server.Options{Demo: demoMode, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, db
}

// submitLogin fills in the login form and submits it.
func (tb *tab) submitLogin(email, password string) {
	tb.t.Helper()
	tb.do("fill in the login form",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password))
	tb.follow(chromedp.Search(`//form[@action="/inloggen"]//button[@type="submit"]`))
}

// A school employee logs in for the first time: password, then setting up
// the authenticator app, then the recovery codes, then their account.
func TestLoginWithSecondFactor(t *testing.T) {
	requireBrowser(t)
	tb := openTab(t, startPlatformWithAccounts(t))
	tb.open("/", 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Inloggen"]`))
	if tb.path() != "/inloggen" {
		t.Fatalf("the menu's Inloggen leads to %s", tb.path())
	}
	tb.checkAccessibility()

	// A refused login answers 401; that is what this step asks for.
	tb.mu.Lock()
	tb.expected[tb.base+"/inloggen"] = true
	tb.mu.Unlock()
	tb.submitLogin("zorgcoordinator@school.example", "verkeerd-wachtwoord")
	if got := tb.text("[role=alert]"); got != "Het e-mailadres of het wachtwoord is onjuist." {
		t.Errorf("wrong password says %q", got)
	}
	tb.checkAccessibility()

	eval[string](tb, `document.querySelector("#email").value = ""`)
	tb.submitLogin("zorgcoordinator@school.example", loginTestPassword)
	if tb.path() != "/inloggen/tweede-factor-instellen" {
		t.Fatalf("first login goes to %s, want the set-up of the second factor", tb.path())
	}
	if n := tb.count(`img[alt^="QR-code"]`); n != 1 {
		t.Errorf("set-up page shows %d QR codes", n)
	}
	tb.checkAccessibility()
	secret := tb.text("#sleutel")
	tb.do("type the code from the app", chromedp.SendKeys(chromedp.CSS("#code"), auth.TOTPCode(secret, time.Now())))
	tb.follow(chromedp.Search(`//form[@action="/inloggen/tweede-factor-instellen"]//button[@type="submit"]`))
	if n := tb.count("#herstelcodes li"); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	tb.checkAccessibility()

	tb.follow(chromedp.Search(`//a[normalize-space()="Ik heb ze bewaard, ga verder"]`))
	if tb.path() != "/vandaag" {
		t.Fatalf("after login: %s, want the start page", tb.path())
	}
	tb.open("/account", 200)
	if tb.text("#naam") != "Sanne Zorg" {
		t.Fatalf("after login: %s, name %q", tb.path(), tb.text("#naam"))
	}
	if roles := tb.table("#rollen"); len(roles.Rows) != 1 || roles.Rows[0][0] != "Schoolmedewerker" || roles.Rows[0][1] != "Arnhem" {
		t.Errorf("roles table = %v", roles.Rows)
	}
	if !strings.Contains(tb.text("#sessies"), "(deze sessie)") {
		t.Error("the sessions table does not mark this session")
	}
	tb.checkAccessibility()

	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))
	tb.open("/account", 200) // redirected to the login page
	if tb.path() != "/inloggen" {
		t.Errorf("after logging out, /account shows %s", tb.path())
	}
}
