package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/pdfprint"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

// The school safety plan done: an Arnhem vo school copies its sister
// school's approved plan and adapts two sections (seven interactions), adds
// its protocol for weapons whose card shows the current wijkagent, has its
// director approve the plan (which meets the law's safety policy), is asked
// to evaluate after a knife signal and does, prints its factsheet as a
// tagged PDF, and a year later the regisseur sees its review overdue.
func TestSafetyPlanDone(t *testing.T) {
	requireBrowser(t)
	chromium, err := pdfprint.Find(nil)
	if err != nil {
		t.Fatal(err)
	}
	printer := pdfprint.New(chromium, pdfprint.Options{})
	t.Cleanup(func() { printer.Close() })
	p := startMeetingPlatformWith(t, printer)
	_, kernteam := knifeWorld(t, p)
	ctx := context.Background()
	if err := demo.LoadSafetyPlans(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	vo, _, _ := p.db.Accounts.FindCredentials(ctx, "vo@arnhem.demo.example")
	school, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	police, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	voID := vo.Memberships[0].OrganisationID
	if err := p.db.Approaches.AddPerson(vios.NewSystemContext(ctx, "testopzet"), kernteam.MunicipalityID, &vios.Person{OrganisationID: police.Memberships[0].OrganisationID,
		Name: "Willem Wijkagent", Function: "wijkagent", Phone: "06 1111 2222", SchoolID: voID}); err != nil {
		t.Fatal(err)
	}

	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	defaultsFromCovenant(t, tb)
	tb.logout()

	// Copy and adapt, then the protocol for weapons.
	tb.submitLogin("vo@arnhem.demo.example", loginTestPassword)
	tb.open("/veiligheidsplannen/arnhem", 200)
	interactions := copyAndAdaptSisterPlan(t, tb)
	t.Logf("copying and adapting a plan: %d interactions", interactions)
	if interactions != 7 {
		t.Errorf("copying and adapting took %d interactions", interactions)
	}
	plan := strings.SplitN(tb.path(), "?", 2)[0]
	weaponsProtocolWithWijkagent(t, tb, "Willem Wijkagent", "06 1111 2222")

	// The director approves; the approved plan is the school's safety policy.
	tb.open(plan, 200)
	tb.follow(chromedp.Search(`//button[@id="vaststellen"]`))
	if got := tb.text("#plan-status"); !strings.HasPrefix(got, "Vastgesteld") {
		t.Fatalf("status after approval: %q", got)
	}
	tb.open("/wettelijke-eisen/arnhem", 200)
	if got := tb.text("#eis-veiligheidsbeleid"); !strings.Contains(got, "Voldaan") {
		t.Errorf("safety policy with an approved plan: %q", got)
	}

	// A knife signal at the school, brought in at a table the school sits
	// at (only there may the request tell it of the incident): it
	// evaluates, and the plan keeps it.
	if err := p.db.Networks.AddNetworkMember(vios.NewSystemContext(ctx, "testopzet"), kernteam.MunicipalityID, &vios.NetworkMember{NetworkID: kernteam.ID,
		UserID: vo.ID, OrganisationID: voID, Position: vios.PositionMember, JoinedOn: vios.Date(p.clock.Now()).AddDate(0, 0, -7)}); err != nil {
		t.Fatal(err)
	}
	reportKnife(t, p, kernteam, school, voID, "Daan Bakker")
	evaluateFromToday(t, tb, "Daan")
	tb.open(plan, 200)
	if got := tb.text("#plan-protocollen"); !strings.Contains(got, "Wapens en messen") || !strings.Contains(got, "geëvalueerd") {
		t.Errorf("the protocols kept with the plan: %q", got)
	}
	tb.checkAccessibility()

	// The factsheet: who to call is the current wijkagent; a tagged PDF.
	tb.follow(chromedp.Search(`//a[@id="factsheet"]`))
	tb.checkAccessibility()
	if got := tb.text("#wie-bellen"); !strings.Contains(got, "Willem Wijkagent") || !strings.Contains(got, "06 1111 2222") {
		t.Errorf("who to call: %q", got)
	}
	title := eval[string](tb, `document.title`)
	pdf := fetchBytes(tb, plan+"/factsheet.pdf")
	pdftest.Check(t, pdf, title, "H1", "H2", "Table", "TH", "TD", "L", "LI")
	tb.narrow()
	tb.fits("the factsheet")
	tb.open(plan, 200) // the print view is a document of its own, without the menu
	tb.logout()

	// A year later the regisseur sees the review is overdue.
	if overdue := overdueAYearLater(t, p, tb); overdue != 2 {
		t.Errorf("plans overdue a year later: %d", overdue)
	}
}

// fetchBytes fetches path as the logged-in browser does, byte for byte.
func fetchBytes(tb *tab, path string) []byte {
	tb.t.Helper()
	got := get(tb, "fetch "+path, chromedp.Evaluate[string](`fetch(`+js(path)+`).then(r => r.arrayBuffer()).then(b => {
		const a = new Uint8Array(b); let s = "";
		for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
		return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	b, err := base64.StdEncoding.DecodeString(got)
	if err != nil {
		tb.t.Fatal(err)
	}
	return b
}
