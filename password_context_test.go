package vios_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A password that contains the platform's names, the user's own name or
// e-mail local part, or the name or slug of a municipality the user works
// for is refused (ASVS 5.0 6.2.11): in any case, through separators and
// with digits or signs for letters. Parts shorter than four letters are
// not refused, and the message names the rule, never the password.
func TestPasswordWithContextWordsIsRefused(t *testing.T) {
	u := &vios.User{Email: "kees.van.der.berg@school.example", Name: "Kees van der Berg", Memberships: []vios.Membership{
		{MunicipalityID: "m1", MunicipalityName: "Arnhem"},
		{MunicipalityID: "m2", MunicipalityName: "'s-Hertogenbosch"},
	}}
	municipalities := []*vios.Municipality{{ID: "m1", Name: "Arnhem", Slug: "arnhem"},
		{ID: "m2", Name: "'s-Hertogenbosch", Slug: "den-bosch"}, {ID: "m3", Name: "Zwolle", Slug: "zwolle"}}
	words := vios.PasswordContextWords(u, municipalities)
	for _, tt := range []struct {
		password string
		refused  bool
	}{
		{"paars-fietsje-op-de-dijk", false},
		{"mijn-VIOS-wachtwoord", true},
		{"v.i.o.s.-is-een-platform", true},
		{"V10S-achter-de-duinen", true},
		{"Veilig in en om School 26", true},
		{"Sch00lveiligheid-telt-mee", true},
		{"kees-fietst-naar-huis", true},
		{"K33S-fietst-naar-huis", true},
		{"berg-en-dal-wandeling", true},
		{"keesvanderberg-2026", true},
		{"Arnh3m-aan-de-Rijn!", true},
		{"@rnhem-aan-de-rijn!", true},
		{"mooi-hertogenbosch-26", true},
		{"Den-Bosch-is-gezellig", true},
		{"zwolle-is-niet-mijn-gemeente", false}, // no membership there
		{"van-der-dijk-of-de-zee", false},       // parts under four letters
		{"5ch00lbord-met-krijt", false},
	} {
		err := vios.CheckPassword(tt.password, nil, words)
		if got := err != nil; got != tt.refused {
			t.Errorf("%q: refused %v, want %v (%v)", tt.password, got, tt.refused, err)
			continue
		}
		if err == nil {
			continue
		}
		msg := vios.ErrorFields(err)[0].Message
		if !strings.Contains(msg, "bevat een woord dat bij u of dit platform hoort") || strings.Contains(strings.ToLower(msg), strings.ToLower(tt.password)) {
			t.Errorf("%q: message %q does not name the rule, or echoes the password", tt.password, msg)
		}
	}
	// Without a user (a password shared by demo accounts) only the
	// platform's names count.
	if vios.ContainsContextWord("kees-fietst-naar-huis", vios.PasswordContextWords(nil, nil)) ||
		!vios.ContainsContextWord("demo-vios-2026", vios.PasswordContextWords(nil, nil)) {
		t.Error("the platform's own words are not the whole list without a user")
	}
}
