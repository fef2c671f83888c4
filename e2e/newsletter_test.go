package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/store"
)

// newsletterRecords gives the page platform Arnhem's demo newsletters: a
// sent one and a draft (nieuwsbriefconcept).
func (p *pagePlatform) newsletterRecords(t *testing.T) {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	m, err := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNewsletters(ctx, p.db.All, p.db.Newsletters, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	list, err := p.db.Newsletters.ListNewsletters(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if !n.Sent() {
			p.records["nieuwsbriefconcept"] = n.ID
		}
	}
}

// lastMonthSignals gives three schools of Arnhem last month 9 signals
// about vapes and 3 about fights: the draft shows the fights as "minder
// dan 5".
func lastMonthSignals(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	nets, _ := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	reg, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if len(schools) < 3 || len(nets) == 0 || reg == nil {
		t.Fatalf("Arnhem: %d schools, %d networks", len(schools), len(nets))
	}
	month := vios.NewsletterMonth(db.Now())
	days := func(n int) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, month.AddDate(0, 0, 2+i*3))
		}
		return out
	}
	list := []store.SchoolSignals{
		{SchoolID: schools[0].ID, Phenomenon: "vapes", Days: days(5)},
		{SchoolID: schools[1].ID, Phenomenon: "vapes", Days: days(4)},
		{SchoolID: schools[2].ID, Phenomenon: "vechtpartijen", Days: days(3)},
	}
	if err := db.Casework.LoadSchoolSignals(ctx, m.ID, nets[0].ID, reg.ID, schools[0].ID, list); err != nil {
		t.Fatal(err)
	}
}

// The monthly job drafts Arnhem's newsletter; the regisseur opens it,
// sees "minder dan 5" for the fights, edits the intro, previews the mail
// and sends it; the archive shows it sent, and the outbox holds one mail
// per school account of Arnhem. axe finds nothing on the pages.
func TestNewsletterJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	lastMonthSignals(t, p.db)
	if made, err := (&jobs.Newsletters{Store: p.db.Newsletters}).RunOnce(context.Background()); err != nil || made == 0 {
		t.Fatalf("the job drafted %d, %v", made, err)
	}
	month := vios.MonthName(vios.NewsletterMonth(p.db.Now()))
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)

	tb.open("/nieuwsbrieven/arnhem", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Nieuwsbrief ` + month + `"]`))
	main := tb.text("main")
	if !strings.Contains(main, "Vechtpartijen: minder dan 5 signalen") || !strings.Contains(main, "Vapes: 9 signalen") || !strings.Contains(main, "Concept") {
		t.Fatalf("the draft: %q", main)
	}
	tb.checkAccessibility()
	draftPath := tb.path()

	tb.follow(chromedp.Search(`//a[normalize-space()="Nieuwsbrief wijzigen"]`))
	tb.checkAccessibility()
	tb.do("edit the intro", chromedp.Clear(chromedp.CSS("#inleiding")),
		chromedp.SendKeys(chromedp.CSS("#inleiding"), "Beste collega's, het vapen neemt toe. Bespreek het in het kernteam."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	if !strings.Contains(tb.text("main"), "het vapen neemt toe") || !strings.Contains(tb.text("main"), "De nieuwsbrief is opgeslagen") {
		t.Fatalf("after saving: %q", tb.text("main"))
	}

	tb.follow(chromedp.Search(`//a[normalize-space()="Voorbeeld bekijken en verzenden"]`))
	tb.checkAccessibility()
	preview := tb.text("main")
	if !strings.Contains(preview, "Nieuwsbrief schoolveiligheid Arnhem, "+month) || !strings.Contains(preview, "het vapen neemt toe") ||
		!strings.Contains(preview, "minder dan 5") {
		t.Fatalf("the preview: %q", preview)
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Verzenden naar 2 schoolaccounts"]`))
	if !strings.HasPrefix(tb.path(), draftPath+"?") || !strings.Contains(tb.text("main"), "verzonden en staat in het archief") || tb.count(`a[href$="/wijzigen"]`) != 0 {
		t.Fatalf("after sending: %s %q", tb.path(), tb.text("main"))
	}

	tb.open("/nieuwsbrieven/arnhem", 200)
	if !strings.Contains(tb.text("main"), "Nieuwsbrief "+month+" — verzonden op") {
		t.Errorf("the archive: %q", tb.text("main"))
	}
	tb.narrow()
	tb.fits("the archive")

	mails, err := p.db.Accounts.ListMail(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	to := map[string]int{}
	for _, m := range mails {
		if m.Subject == "Nieuwsbrief schoolveiligheid Arnhem, "+month {
			to[m.Recipient]++
			if !strings.Contains(m.Body, "minder dan 5") || vios.MentionsSmallNumber(m.Body) {
				t.Errorf("the mail's text: %q", m.Body)
			}
		}
	}
	if len(to) != 2 || to["school@arnhem.demo.example"] != 1 || to["vo@arnhem.demo.example"] != 1 {
		t.Errorf("the newsletter's mails: %v", to)
	}
}
