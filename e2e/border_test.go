package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/store"
)

const (
	asZaanstadPolice = "wijkagent@zaanstad.example"
	asAmsterdamZorg  = "zorg@amsterdam-school.example"
	borderPupil      = "Noor Bakker"
	borderBirth      = "2012-03-04"
	borderText       = "Noor werd na schooltijd bij het station van Zaandam in elkaar geslagen."
)

// borderSide is one municipality's part of the border journey: its kernteam
// under a named clause of its own signed covenant, and the account in it.
type borderSide struct {
	municipality *vios.Municipality
	network      *vios.Network
	covenant     *vios.Covenant
	regisseur    context.Context
	member       *vios.User
}

// newBorderSide sets up a municipality without demo accounts: a regisseur,
// a member of the kind given (a school's staff or the police) in a
// kernteam of its first school, and a covenant with a named clause, signed
// by the member's organisation and the municipality's team, linked to the
// kernteam.
func newBorderSide(t *testing.T, db *store.DB, slug, email, role string, kind func(*vios.Organisation) bool) *borderSide {
	t.Helper()
	ctx := context.Background()
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	orgs, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID})
	var school, team, own *vios.Organisation
	for _, o := range orgs {
		switch {
		case school == nil && o.Kind == vios.OrgSchool:
			school = o
		case team == nil && o.Kind == vios.OrgMunicipal:
			team = o
		}
		if own == nil && kind(o) {
			own = o
		}
	}
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	account := func(email, name, role, org string) *vios.User {
		u := &vios.User{Email: email, Name: name, Demo: true, Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: role, OrganisationID: org}}}
		if err := db.Accounts.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
		return u
	}
	s := &borderSide{municipality: m, member: account(email, "Medewerker "+m.Name, role, own.ID)}
	s.regisseur = vios.NewContextWithActor(ctx, &vios.Actor{User: account("regisseur@"+slug+".example", "Regisseur "+m.Name, vios.RoleRegisseur, team.ID)})
	s.network = &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkKernteam, Name: "Kernteam " + school.Name, SchoolIDs: []string{school.ID},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Networks.CreateNetwork(s.regisseur, s.network))
	must(db.Networks.AddNetworkMember(s.regisseur, m.ID, &vios.NetworkMember{NetworkID: s.network.ID, UserID: s.member.ID, OrganisationID: own.ID,
		Position: vios.PositionMember, JoinedOn: vios.Date(db.Now()).AddDate(0, -1, 0)}))
	signed := vios.Date(db.Now()).AddDate(0, -1, 0)
	c := vios.FindCovenantTemplate("delft").Fill(m.ID, signed)
	for _, org := range []string{own.ID, team.ID} {
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: org, Role: "partij", Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &signed})
	}
	must(db.Covenants.CreateCovenant(s.regisseur, c))
	signAsParties(t, db, c)
	must(db.Covenants.LinkNetworkClause(s.regisseur, m.ID, s.network.ID, c.Clauses[0].ID))
	s.covenant = c
	return s
}

// nameAcross lets the side's clause name the other municipality, as its
// own regisseur.
func (s *borderSide) nameAcross(t *testing.T, db *store.DB, other *borderSide) {
	t.Helper()
	c, err := db.Covenants.FindCovenant(s.regisseur, s.municipality.ID, s.covenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Clauses[0].BorderMunicipalities = []string{other.municipality.ID}
	if err := db.Covenants.UpdateCovenant(s.regisseur, c, "Grensafspraak met "+other.municipality.Name, c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
}

// A pupil lives in Zaanstad and goes to school in Amsterdam. Zaanstad's
// police records a signal in Zaanstad's kernteam naming her Amsterdam
// school (chosen from the schools of other municipalities); her school
// has a signal of its own in Amsterdam. Without a clause neither side
// hears of the other. Once both municipalities name each other in their
// own signed covenants, the next signal brings a match notice to both,
// saying they may discuss her by name — and neither sees the other's
// record. axe and the 320 px check on the pages.
func TestBorderJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	zaanstad := newBorderSide(t, p.db, "zaanstad", asZaanstadPolice, vios.RolePartner,
		func(o *vios.Organisation) bool { return o.Kind == vios.OrgPartner && o.PartnerKind == "politie" })
	amsterdam := newBorderSide(t, p.db, "amsterdam", asAmsterdamZorg, vios.RoleSchool,
		func(o *vios.Organisation) bool { return o.Kind == vios.OrgSchool })
	school := amsterdam.network.SchoolIDs[0]
	schoolName := strings.TrimPrefix(amsterdam.network.Name, "Kernteam ")
	own := &vios.Signal{MunicipalityID: amsterdam.municipality.ID, NetworkID: amsterdam.network.ID, OccurredOn: vios.Date(p.db.Now()),
		Phenomenon: "vechtpartijen", Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Noor is stil en afwezig sinds de vakantie.",
		Pupils: []vios.Pupil{{Name: borderPupil, BirthDate: borderBirth, SchoolID: school, Class: "1B"}}}
	if _, err := p.db.Casework.CreateSignal(vios.NewContextWithActor(t.Context(), &vios.Actor{User: amsterdam.member}), own); err != nil {
		t.Fatal(err)
	}

	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin(asZaanstadPolice, loginTestPassword)
	tb.enterBorderSignal(schoolName)
	if main := tb.text("main"); !strings.Contains(main, borderPupil) || !strings.Contains(main, schoolName) {
		t.Fatalf("Zaanstad's signal does not show the pupil at her Amsterdam school: %q", main)
	}
	tb.open("/signalen/zaanstad", 200)
	if tb.count("#matches") != 0 {
		t.Error("Zaanstad hears of Amsterdam's signal without a clause")
	}
	tb.logout()
	tb.submitLogin(asAmsterdamZorg, loginTestPassword)
	tb.open("/signalen/amsterdam", 200)
	if tb.count("#matches") != 0 || strings.Contains(tb.text("main"), "Zaandam") {
		t.Error("Amsterdam sees something of Zaanstad's signal without a clause")
	}
	tb.logout()

	// Both regisseurs name the other municipality in their own signed
	// covenant; the next signal of Zaanstad's police matches.
	zaanstad.nameAcross(t, p.db, amsterdam)
	amsterdam.nameAcross(t, p.db, zaanstad)
	tb.submitLogin(asZaanstadPolice, loginTestPassword)
	tb.enterBorderSignal(schoolName)
	tb.open("/signalen/zaanstad", 200)
	tb.checkBorderNotice("Zaanstad's police", "gemeente Amsterdam", "Medewerker Amsterdam")
	tb.logout()

	tb.submitLogin(asAmsterdamZorg, loginTestPassword)
	tb.narrow()
	tb.open("/signalen/amsterdam", 200)
	tb.checkBorderNotice("Amsterdam's school", "gemeente Zaanstad", "Medewerker Zaanstad")
	tb.fits("the signals with a notice across the border")
	if strings.Contains(tb.text("main"), "Zaandam") {
		t.Error("Amsterdam's school reads Zaanstad's signal")
	}
}

// enterBorderSignal enters, through the form, a signal about the pupil at
// the Amsterdam school, found with the school search (a combobox) by
// keyboard, on a phone: no national list of schools is offered.
func (tb *tab) enterBorderSignal(schoolName string) {
	tb.t.Helper()
	tb.narrow()
	defer tb.clearViewport()
	tb.open("/signalen/zaanstad/nieuw", 200)
	tb.checkAccessibility()
	if n := eval[int](tb, `[...document.querySelectorAll('#leerling-0-school option')].filter(o => o.text.includes("(gemeente ")).length`); n != 0 {
		tb.t.Fatalf("the form offers %d schools of other municipalities before any search", n)
	}
	tb.choose("#fenomeen", "Vechtpartijen")
	tb.do("search the school", chromedp.SendKeys(chromedp.CSS("#leerling-0-school-zoek"), schoolName))
	tb.waitFor("the matches", `document.querySelector('#leerling-0-school-zoek').getAttribute('aria-expanded') === 'true'`,
		`document.querySelector('.school-search__status').textContent`)
	if first := tb.text("#leerling-0-school-zoek-lijst [role=option]"); !strings.Contains(first, schoolName+" (gemeente Amsterdam)") {
		tb.t.Fatalf("first match: %q", first)
	}
	tb.fits("the signal form with the school search open")
	tb.do("choose the first match", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	if chosen := eval[string](tb, `document.querySelector('#leerling-0-school').selectedOptions[0].text`); chosen != schoolName+" (gemeente Amsterdam)" {
		tb.t.Fatalf("chosen school: %q", chosen)
	}
	if status := tb.text(".school-search__status"); !strings.Contains(status, "Gekozen: "+schoolName) {
		tb.t.Errorf("the choice is not announced: %q", status)
	}
	tb.do("describe the signal",
		chromedp.SendKeys(chromedp.CSS("#omschrijving"), borderText),
		chromedp.SendKeys(chromedp.CSS("#leerling-0-naam"), borderPupil),
		chromedp.SetValue(chromedp.CSS("#leerling-0-geboortedatum"), borderBirth))
	tb.follow(chromedp.Search(`//button[normalize-space()="Signaal opslaan"]`))
	if !strings.Contains(tb.text("main"), "Het signaal is opgeslagen") {
		tb.t.Fatalf("the signal was not saved: %q", tb.text("main"))
	}
}

// checkBorderNotice checks the match notice across the border on the
// signals page: the other municipality, the contact, the named discussion.
func (tb *tab) checkBorderNotice(who, municipality, contact string) {
	tb.t.Helper()
	notice := tb.text("#matches")
	for _, want := range []string{municipality, contact, "met naam met haar bespreekt"} {
		if !strings.Contains(notice, want) {
			tb.t.Errorf("%s's notice lacks %q: %q", who, want, notice)
		}
	}
	if strings.Contains(notice, borderPupil) {
		tb.t.Errorf("%s's notice names the pupil: %q", who, notice)
	}
	tb.checkAccessibility()
}
