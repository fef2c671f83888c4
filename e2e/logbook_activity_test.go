package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The privacy officer follows an activity of the register to its public
// page, the address every processing record points to; a visitor without
// login reads the same page on a 320 px phone; axe finds nothing.
func TestActivityPageJourney(t *testing.T) {
	requireBrowser(t)
	base, _ := startPlatformWithDB(t, true)
	tb := openTab(t, base)
	tb.open("/inloggen", 200)
	tb.submitLogin("fg@arnhem.demo.example", loginTestPassword)
	tb.open("/register/arnhem", 200)
	tb.follow(chromedp.Search(`//a[contains(normalize-space(), "/verwerkingsactiviteiten/signalen-en-casussen")]`))
	if tb.path() != "/verwerkingsactiviteiten/signalen-en-casussen" || !strings.Contains(tb.text("h1"), "Signalen, casussen en alerts") {
		t.Fatalf("followed to %s: %q", tb.path(), tb.text("h1"))
	}
	tb.checkAccessibility()
	tb.logout()

	tb.narrow()
	tb.open("/verwerkingsactiviteiten/accountbeheer", 200)
	if main := tb.text("main"); !strings.Contains(main, "Accountbeheer en toegang") || !strings.Contains(main, "Grondslag") {
		t.Fatalf("public page: %q", main)
	}
	tb.fits("the public page of an activity")
	tb.open("/verwerkingsactiviteiten/bestaat-niet", 404)
}
