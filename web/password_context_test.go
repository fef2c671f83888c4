package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios/auth"
)

// Wherever a password is set — a password change, an invitation, a reset
// link — one with the user's name, e-mail address, municipality or the
// platform's name in it is refused with the rule, never the password, in
// the answer; nothing is changed, and a password without them is taken.
func TestPasswordsWithContextWordsAreRefusedEverywhere(t *testing.T) {
	p := newPlatform(t, true)
	rule := "bevat een woord dat bij u of dit platform hoort"
	refused := func(what string, r result, password string) {
		t.Helper()
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, rule) || strings.Contains(r.body, password) {
			t.Errorf("%s with %q: %d; want 400 naming the rule without the password", what, password, r.status)
		}
	}

	session := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	for _, pw := range []string{"Arnh3m-bij-nacht-2026", "ons-V10S-wachtwoord"} {
		refused("password change", p.do(t, "POST", "/account/wachtwoord", session,
			url.Values{"huidig": {testPassword}, "nieuw": {pw}, "herhaling": {pw}}), pw)
	}
	if p.login(t, "regisseur@arnhem.demo.example", testPassword).status != http.StatusSeeOther {
		t.Error("a refused change changed the password")
	}

	ctx := context.Background()
	for _, link := range []struct{ path, purpose, password string }{
		{"/uitnodiging/", "uitnodiging", "mila-fietst-naar-huis"},
		{"/uitnodiging/", "uitnodiging", "Ment0r-op-school-26"},
		{"/wachtwoord-herstellen/", "wachtwoordherstel", "Veilig-in-en-om-School!"},
	} {
		token, hash := auth.NewToken()
		if err := p.db.Accounts.CreateUserToken(ctx, p.school.ID, hash, link.purpose, time.Hour); err != nil {
			t.Fatal(err)
		}
		refused(link.path, p.do(t, "POST", link.path+token, "", url.Values{"nieuw": {link.password}, "herhaling": {link.password}}), link.password)
		const good = "groene-kikker-in-de-sloot"
		if r := p.do(t, "POST", link.path+token, "", url.Values{"nieuw": {good}, "herhaling": {good}}); r.status != http.StatusOK {
			t.Errorf("%s with a good password after a refusal: %d", link.path, r.status)
		}
	}
}
