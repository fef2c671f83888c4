package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios/auth"
)

var newRecoveryCode = regexp.MustCompile(`<li><code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})</code></li>`)

// A user who still has recovery codes of the old, short kind can log in
// with one and is then sent to the account page, which asks to make new
// ones. New codes are made only with the app's current code, are shown
// once in groups of four, work typed in any case without dashes, once,
// and the old codes stop working.
func TestOldRecoveryCodesAreReplacedAfterLogin(t *testing.T) {
	p := newPlatform(t, false)
	ctx := context.Background()
	const secret = "JBSWY3DPEHPK3PXP"
	if err := p.db.Accounts.SetTOTP(ctx, p.school.ID, secret, nil); err != nil {
		t.Fatal(err)
	}
	oldCodes := []string{auth.HashToken("abcd-efgh-jkmn"), auth.HashToken("pqrs-tuvw-xyz2")}
	if err := p.db.Accounts.ReplaceRecoveryCodes(ctx, p.school.ID, oldCodes, 59); err != nil {
		t.Fatal(err)
	}
	loginWith := func(code string) result {
		t.Helper()
		r := p.login(t, "mentor@school.example", testPassword)
		if r.location != "/inloggen/tweede-factor" {
			t.Fatalf("password step goes to %q", r.location)
		}
		return p.do(t, "POST", "/inloggen/tweede-factor", r.cookie.Value, url.Values{"code": {code}})
	}

	in := loginWith("ABCD EFGH JKMN")
	if in.status != http.StatusSeeOther || in.location != "/account?melding=oude-herstelcodes" || in.cookie == nil {
		t.Fatalf("login with an old code: %d %q", in.status, in.location)
	}
	session := in.cookie.Value
	account := p.do(t, "GET", in.location, session, nil)
	if !strings.Contains(account.body, "U bent ingelogd. U heeft nog herstelcodes van het oude, kortere soort") ||
		!strings.Contains(account.body, "U heeft nog 1 herstelcodes van het oude, kortere soort") {
		t.Fatalf("the account page does not ask for new codes:\n%s", account.body)
	}

	wrong := p.do(t, "POST", "/account/herstelcodes", session, url.Values{"code": {"000000"}})
	if wrong.status != http.StatusBadRequest || !strings.Contains(wrong.body, "uw herstelcodes zijn niet vervangen") {
		t.Fatalf("new codes without the app code: %d", wrong.status)
	}
	if n, _ := p.db.Accounts.OldRecoveryCodes(ctx, p.school.ID); n != 1 {
		t.Fatalf("a refused renewal changed the codes: %d old left, want 1", n)
	}
	made := p.do(t, "POST", "/account/herstelcodes", session, url.Values{"code": {auth.TOTPCode(secret, p.db.Now())}})
	codes := newRecoveryCode.FindAllStringSubmatch(made.body, -1)
	if made.status != http.StatusOK || len(codes) != 10 {
		t.Fatalf("new codes: %d, %d codes of the new shape", made.status, len(codes))
	}
	if account := p.do(t, "GET", "/account", session, nil); strings.Contains(account.body, "oude, kortere soort") ||
		!strings.Contains(account.body, "nog 10 herstelcodes") {
		t.Errorf("after new codes the account page still asks for them, or does not count 10")
	}

	if r := loginWith("pqrs-tuvw-xyz2"); r.status == http.StatusSeeOther {
		t.Error("a replaced old code still logs in")
	}
	typed := strings.ToLower(strings.ReplaceAll(codes[4][1], "-", ""))
	if r := loginWith(typed); r.status != http.StatusSeeOther || r.location != "/vandaag" {
		t.Errorf("a new code typed in lower case without dashes: %d %q, want /vandaag", r.status, r.location)
	}
	if r := loginWith(codes[4][1]); r.status == http.StatusSeeOther {
		t.Error("a new code logs in twice")
	}
}
