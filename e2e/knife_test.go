package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// knifeWorld links Arnhem's demo kernteam to the Delft covenant's clause
// (school, police and municipality see names; youth work does not) and
// makes the demo youth worker a member.
func knifeWorld(t *testing.T, p *meetingPlatform) (covenant *vios.Covenant, kernteam *vios.Network) {
	t.Helper()
	ctx := context.Background()
	db := p.db
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	regisseur, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: arnhem.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) != 1 {
		t.Fatalf("demo kernteam: %v %v", nets, err)
	}
	kernteam = nets[0]
	c := vios.FindCovenantTemplate("delft").Fill(arnhem.ID, vios.Date(p.clock.Now()).AddDate(0, -1, 0))
	signed := vios.Date(p.clock.Now()).AddDate(0, -1, 0)
	orgs, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem.ID})
	var youthOrg string
	for _, email := range []string{"school@arnhem.demo.example", "partner@arnhem.demo.example"} {
		u, _, _ := db.Accounts.FindCredentials(ctx, email)
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: u.Memberships[0].OrganisationID, Signatories: "Bestuurder",
			Status: vios.PartySigned, SignedOn: &signed})
	}
	for _, o := range orgs {
		if o.Kind == vios.OrgPartner && o.PartnerKind == "jongerenwerk" {
			youthOrg = o.ID
		}
	}
	if err := db.Covenants.CreateCovenant(as, c); err != nil {
		t.Fatal(err)
	}
	signAsParties(t, db, c)
	if err := db.Covenants.LinkNetworkClause(as, arnhem.ID, kernteam.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	youth, _, _ := db.Accounts.FindCredentials(ctx, "jongerenwerk@arnhem.demo.example")
	if err := db.Networks.AddNetworkMember(as, arnhem.ID, &vios.NetworkMember{NetworkID: kernteam.ID, UserID: youth.ID, OrganisationID: youthOrg,
		Position: vios.PositionMember, JoinedOn: vios.Date(p.clock.Now()).AddDate(0, 0, -7)}); err != nil {
		t.Fatal(err)
	}
	return c, kernteam
}

// The report's knife case (Bijlage D): a pupil brings a knife to school and
// threatens the "snitch" on Snapchat; the school brings it to the kernteam,
// where the police may see the name and youth work sees only a pseudonym; a
// school of another municipality sees nothing; the core team advises the
// school to write to all parents; every read is in the processing log; and
// when the covenant ends, the police too sees only the pseudonym.
func TestKnifeCase(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	covenant, kernteam := knifeWorld(t, p)
	tb := openTab(t, p.base)

	// The school enters the signal; without a phenomenon it is refused.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/signalen", 200)
	if tb.path() != "/signalen/arnhem" {
		t.Fatalf("signals of a one-municipality user: %s", tb.path())
	}
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Nieuw signaal"]`))
	tb.checkAccessibility()
	school := eval[string](tb, `document.querySelector("#leerling-0-school option:nth-child(2)").value`)
	born := vios.Date(p.clock.Now()).AddDate(-13, -2, 0).Format(time.DateOnly)
	tb.do("the knife signal without phenomenon",
		chromedp.SetValue(chromedp.CSS("#niveau"), vios.LevelPupil),
		chromedp.SetValue(chromedp.CSS("#urgentie"), vios.UrgencyHigh),
		chromedp.SendKeys(chromedp.CSS("#omschrijving"), "Daan had een mes bij zich in de pauze. Daarna dreigementen via Snapchat tegen de leerling die het meldde."),
		chromedp.SendKeys(chromedp.CSS("#leerling-0-naam"), "Daan Bakker"),
		chromedp.SetValue(chromedp.CSS("#leerling-0-geboortedatum"), born),
		chromedp.SetValue(chromedp.CSS("#leerling-0-school"), school),
		chromedp.SendKeys(chromedp.CSS("#leerling-0-klas"), "2B"))
	tb.refused(`//button[normalize-space()="Signaal opslaan"]`, "/signalen/arnhem/nieuw")
	if got := tb.text("#fenomeen-fout"); !strings.Contains(got, "fenomeen") {
		t.Errorf("phenomenon message: %q", got)
	}
	if got := tb.value("#leerling-0-naam"); got != "Daan Bakker" {
		t.Errorf("the typed name was lost: %q", got)
	}
	tb.checkAccessibility()
	tb.do("choose the phenomenon", chromedp.SetValue(chromedp.CSS("#fenomeen"), "wapens"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Signaal opslaan"]`))
	signal := tb.path()
	signal = signal[:strings.Index(signal, "?")]
	if got := tb.text("#leerlingen tbody th"); got != "Daan Bakker" {
		t.Fatalf("the school sees %q", got)
	}
	tb.checkAccessibility()
	// On the agenda of the kernteam's meeting; the agenda goes out.
	tb.disclose("Op de agenda zetten")
	tb.follow(chromedp.Search(`//button[normalize-space()="Agenderen"]`))
	if got := tb.text("#signaal-status"); got != "Op de agenda" {
		t.Fatalf("status after agenda: %q", got)
	}
	meetings, _ := p.db.Networks.ListMeetings(context.Background(), vios.MeetingFilter{MunicipalityID: kernteam.MunicipalityID, NetworkID: kernteam.ID})
	meeting := "/overleggen/arnhem/" + meetings[0].ID
	tb.open(meeting, 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Agenda versturen aan de leden"]`))
	if got := tb.text(".case-pupils"); got != "Daan Bakker" {
		t.Errorf("the chair sees on the agenda: %q", got)
	}
	tb.logout()

	// The police prepares: the agenda names the pupil, so does the signal.
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open(meeting, 200)
	if got := tb.text(".case-pupils"); got != "Daan Bakker" {
		t.Errorf("the police sees on the agenda: %q", got)
	}
	tb.checkAccessibility()
	tb.open(signal, 200)
	if got := tb.text("#leerlingen tbody th"); got != "Daan Bakker" || !strings.Contains(tb.text("#omschrijving"), "Snapchat") {
		t.Errorf("the police sees %q", got)
	}
	if got := tb.text("#waarom"); !strings.Contains(got, "grondslag") {
		t.Errorf("why the police may see it: %q", got)
	}
	tb.logout()

	// Youth work is a member too, but the clause gives it no names.
	tb.submitLogin("jongerenwerk@arnhem.demo.example", loginTestPassword)
	tb.open(meeting, 200)
	pseudonym := tb.text(".case-pupils")
	if strings.Contains(pseudonym, "Daan") || !strings.HasSuffix(pseudonym, "(D.B.)") || !strings.HasPrefix(pseudonym, "L-") {
		t.Errorf("youth work sees on the agenda: %q", pseudonym)
	}
	tb.checkAccessibility()
	tb.open(signal, 200)
	if got := tb.text("#leerlingen tbody th"); got != pseudonym || strings.Contains(tb.text("main"), "Snapchat") || strings.Contains(tb.text("main"), "Bakker") {
		t.Errorf("youth work sees %q", got)
	}
	// Youth work is no party to the covenant: "Waarom zie ik dit?" says so.
	if got := tb.text("#waarom"); !strings.Contains(got, "geen ondertekende partij") {
		t.Errorf("why youth work sees a pseudonym: %q", got)
	}
	tb.checkAccessibility()
	tb.logout()

	// A school of another municipality sees nothing, not even that it exists.
	tb.submitLogin("school@den-haag.demo.example", loginTestPassword)
	tb.open(signal, 403)
	tb.open("/signalen/den-haag", 200)
	if strings.Contains(tb.text("main"), "Daan") || tb.count("#signalen tbody tr") != 0 {
		t.Errorf("Den Haag's signals show Arnhem's")
	}
	tb.logout()

	// The meeting: the core team advises the school; the named minutes for
	// those entitled, the pseudonymised ones for all.
	p.clock.Set(meetings[0].StartsAt) // attendance is recorded from the start on
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(meeting, 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Aanwezigheid opslaan"]`))
	tb.do("named minutes", chromedp.SendKeys(chromedp.CSS(`textarea[name="verslagMetNaam"]`), "Daan Bakker: ouders zijn gesproken, politie legt een huisbezoek af."))
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(),"Verslag met naam opslaan")]`))
	tb.do("minutes for all", chromedp.SendKeys(chromedp.CSS(`textarea[name="verslag"]`), "Het kernteam adviseert de school een brief aan alle ouders te sturen over wapens en online dreigen."))
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(),"Verslag opslaan")]`))
	tb.checkAccessibility()

	// The core team makes it a case: the police holds direction, Halt is
	// asked to take the pupil on.
	tb.open(signal, 200)
	tb.follow(chromedp.Search(`//a[normalize-space()="Maak er een casus van"]`))
	tb.checkAccessibility()
	police := eval[string](tb, `[...document.querySelectorAll("#regiehouder option")].find(o => o.text.includes("Samenwerkingspartner")).value`)
	tb.do("the case", chromedp.SetValue(chromedp.CSS("#regiehouder"), police),
		chromedp.SendKeys(chromedp.CSS("#plan"), "School stuurt een brief aan alle ouders; politie spreekt Daan en zijn ouders; Halt wordt gevraagd."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Casus maken"]`))
	caseURL := tb.path()
	if i := strings.Index(caseURL, "?"); i > 0 {
		caseURL = caseURL[:i]
	}
	if !strings.HasPrefix(caseURL, "/casussen/arnhem/") || !strings.Contains(tb.text("#plan-tekst"), "brief aan alle ouders") {
		t.Fatalf("after making the case: %s, plan %q", caseURL, tb.text("#plan-tekst"))
	}
	tb.disclose("Verwijzen naar een andere tafel")
	tb.do("refer to Halt", chromedp.SetValue(chromedp.CSS("#verwijzing-tafel"), "halt"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Verwijzen"]`))
	if got := tb.text("#verwijzingen"); !strings.Contains(got, "Halt") || !strings.Contains(got, "Aangevraagd") {
		t.Errorf("the route after referring: %q", got)
	}
	tb.checkAccessibility()
	// The municipality's cases list it, by name for the school.
	tb.open("/casussen/arnhem", 200)
	if got := tb.text("main"); !strings.Contains(got, "Daan Bakker") {
		t.Errorf("the cases list does not show the new case: %q", got)
	}
	tb.checkAccessibility()
	tb.logout()
	tb.submitLogin("jongerenwerk@arnhem.demo.example", loginTestPassword)
	// Youth work sees where the pupil is, but not who it is, nor the plan.
	tb.open(caseURL, 200)
	if got := tb.text("main"); strings.Contains(got, "Daan") || strings.Contains(got, "brief aan alle ouders") || !strings.Contains(tb.text("#verwijzingen"), "Halt") {
		t.Errorf("youth work's view of the case shows the name %v, the plan %v, the route %v", strings.Contains(got, "Daan"),
			strings.Contains(got, "brief aan alle ouders"), strings.Contains(tb.text("#verwijzingen"), "Halt"))
	}
	tb.checkAccessibility()
	tb.open(meeting, 200)
	if body := tb.text("main"); !strings.Contains(body, "brief aan alle ouders") || strings.Contains(body, "huisbezoek") {
		t.Errorf("youth work's minutes: advice shown %v, named layer shown %v", strings.Contains(body, "brief aan alle ouders"), strings.Contains(body, "huisbezoek"))
	}
	tb.logout()
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open(meeting, 200)
	if got := tb.text(".named-minutes"); !strings.Contains(got, "huisbezoek") {
		t.Errorf("the police's named minutes: %q", got)
	}
	tb.logout()

	// Every read is in the processing log, and the fg sees who read.
	ctx := context.Background()
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	for _, email := range []string{"partner@arnhem.demo.example", "jongerenwerk@arnhem.demo.example"} {
		u, _, _ := p.db.Accounts.FindCredentials(ctx, email)
		audit, _, err := p.db.Logs.SearchLogs(ctx, vios.LogFilter{MunicipalityID: arnhem.ID, Action: "signaal-bekeken", UserID: u.ID})
		if err != nil || len(audit) == 0 {
			t.Errorf("%s's reads of the signal in the audit log: %d (%v)", email, len(audit), err)
		}
	}
	records, _ := p.db.Logs.SearchProcessing(ctx, vios.LogFilter{MunicipalityID: arnhem.ID, Action: "signaal-bekeken", Limit: 100})
	if len(records) < 2 {
		t.Errorf("processing records of signal reads: %d", len(records))
	}
	tb.submitLogin("fg@arnhem.demo.example", loginTestPassword)
	// The privacy officer has no place in a network: no signals to see.
	tb.open("/signalen", 200)
	if got := tb.text("main"); !strings.Contains(got, "geen plaats in een netwerk") {
		t.Errorf("the fg's signals page: %q", got)
	}
	tb.checkAccessibility()
	tb.open("/logboek/arnhem", 200)
	if body := tb.text("main"); !strings.Contains(body, "signaal-bekeken") || strings.Contains(body, "Daan") {
		t.Errorf("the fg's log shows the reads without names: %v", strings.Contains(body, "signaal-bekeken"))
	}
	tb.logout()

	// The covenant ends: the police too sees only the pseudonym now.
	regisseur, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	c, _ := p.db.Covenants.FindCovenant(ctx, arnhem.ID, covenant.ID)
	ended := vios.Date(p.clock.Now()).AddDate(0, 0, -1)
	c.EndedOn = &ended
	if err := p.db.Covenants.UpdateCovenant(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), c, "Beëindigd", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open(signal, 200)
	if got := tb.text("#leerlingen tbody th"); got != pseudonym {
		t.Errorf("after the covenant ended the police sees %q, want %q", got, pseudonym)
	}
	if got := tb.text("#waarom"); !strings.Contains(got, "beëindigd") && !strings.Contains(got, "Beëindigd") {
		t.Errorf("why, after the end: %q", got)
	}
	tb.checkAccessibility()
}
