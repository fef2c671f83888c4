package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The privacy officer of Arnhem finds a denied access in the log and follows
// its trace.
func TestPrivacyOfficerFollowsATrace(t *testing.T) {
	requireBrowser(t)
	// Tabs share cookies: the school employee logs out before the fg logs in.
	tb := openTab(t, startEditorPlatform(t))
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/beheer/arnhem/aanpak", 403)
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))
	tb.open("/inloggen", 200)
	tb.submitLogin("fg@arnhem.demo.example", loginTestPassword)
	tb.follow(chromedp.Search(`//a[normalize-space()="Beheer"]`))
	tb.follow(chromedp.Search(`//a[normalize-space()="Logboek van verwerkingen"]`))
	tb.checkAccessibility()
	tb.do("search for denials", chromedp.SendKeys(chromedp.CSS("#actie"), "toegang-geweigerd"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Zoeken"]`))
	audit := tb.table("#audit")
	if len(audit.Rows) != 1 || !strings.HasPrefix(audit.Rows[0][2], "toegang-geweigerd") || audit.Rows[0][3] != "geweigerd" {
		t.Fatalf("denials found: %v", audit.Rows)
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//table[@id="audit"]//td[last()]/a`))
	if !strings.HasPrefix(tb.path(), "/logboek/arnhem/traces/") || len(tb.table("#audit").Rows) == 0 {
		t.Errorf("trace page %s", tb.path())
	}
	tb.checkAccessibility()
	tb.open("/register/arnhem", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Activiteit toevoegen"]`))
	tb.checkAccessibility()
	tb.open("/register/arnhem/11f0a3c2-0000-4000-8000-000000000001", 200) // a platform default, read-only
	tb.checkAccessibility()
}
