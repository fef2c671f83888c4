package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The privacy officer sees per processing activity which covenant clauses
// and networks rely on it, and reads the covenant.
func TestPrivacyOfficerSeesWhatReliesOnAnActivity(t *testing.T) {
	ctx := context.Background()
	p := newPlatform(t, true)
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	regisseur, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur})
	c := createCovenant(t, p, p.db.Now(), func(c *vios.Covenant) {
		c.Title = "Convenant Veilig Arnhem"
		c.Clauses[0].ActivityIDs = []string{"11f0a3c2-0000-4000-8000-000000000002"}
		signed := vios.Date(p.db.Now())
		c.Parties[0].Status, c.Parties[0].SignedOn = vios.PartySigned, &signed
	})
	nets, _ := p.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: p.arnhemID})
	if err := p.db.Covenants.LinkNetworkClause(as, p.arnhemID, nets[0].ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	res := p.do(t, "GET", "/register/arnhem", fg, nil)
	if res.status != 200 || !strings.Contains(res.body, "Convenant Veilig Arnhem: Signalering en preventie in het kernteam") ||
		!strings.Contains(res.body, nets[0].Name) {
		t.Errorf("register page: %d; missing the clause or its network", res.status)
	}
	if res := p.do(t, "GET", "/convenanten/arnhem/"+c.ID, fg, nil); res.status != 200 || !strings.Contains(res.body, "Concept") {
		t.Errorf("fg reads the covenant (not all parties signed: concept): %d", res.status)
	}
	// A party's employee reads it; the administrator, neither party nor
	// covenant staff, is refused.
	if res := p.do(t, "GET", "/convenanten/arnhem/"+c.ID, p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value, nil); res.status != 200 {
		t.Errorf("a party reads its covenant: %d", res.status)
	}
	if res := p.do(t, "GET", "/convenanten/arnhem/"+c.ID, p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value, nil); res.status != 403 {
		t.Errorf("the administrator (no party, no covenant staff): %d", res.status)
	}
}

// The covenant as a PDF, for a party; not for the administrator.
func TestCovenantAsPDF(t *testing.T) {
	p := newPlatform(t, true)
	c := createCovenant(t, p, p.db.Now(), nil)
	path := "/convenanten/arnhem/" + c.ID + "/convenant.pdf"
	res := p.do(t, "GET", path, p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value, nil)
	if res.status != 200 || !strings.HasPrefix(res.body, "%PDF") {
		t.Errorf("a party downloads the covenant: %d", res.status)
	}
	if res := p.do(t, "GET", path, p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value, nil); res.status != 403 {
		t.Errorf("the administrator: %d", res.status)
	}
}

// Den Haag's regisseur starts from Arnhem's shared covenant; one that is
// not shared cannot be reached by its id.
func TestCovenantFromAnotherMunicipality(t *testing.T) {
	p := newPlatform(t, true)
	make := func(title string, shared bool) *vios.Covenant {
		return createCovenant(t, p, p.db.Now(), func(c *vios.Covenant) { c.Title, c.Shareable = title, shared })
	}
	shared, private := make("Gedeeld convenant Arnhem", true), make("Eigen convenant Arnhem", false)
	session := p.login(t, "regisseur@den-haag.demo.example", testPassword).cookie.Value
	list := p.do(t, "GET", "/convenanten/den-haag", session, nil)
	if !strings.Contains(list.body, "Gedeeld convenant Arnhem (Arnhem)") || strings.Contains(list.body, "Eigen convenant Arnhem") {
		t.Errorf("examples offered to Den Haag: %d", list.status)
	}
	form := p.do(t, "GET", "/convenanten/den-haag/nieuw?voorbeeld="+shared.ID, session, nil)
	if form.status != 200 || !strings.Contains(form.body, `value="Gedeeld convenant Arnhem"`) || strings.Contains(form.body, "Teamchef") {
		t.Errorf("form from the example: %d", form.status)
	}
	if res := p.do(t, "GET", "/convenanten/den-haag/nieuw?voorbeeld="+private.ID, session, nil); res.status != 404 {
		t.Errorf("a covenant that is not shared: %d", res.status)
	}
}

// The compliance page and the network's figures do not call a covenant kept
// beside agreements nobody can follow, nor expect eight meetings this year
// of a network created today: they say it cannot be judged yet.
func TestFiguresSayWhenTheyCannotBeJudged(t *testing.T) {
	ctx := context.Background()
	p := newPlatform(t, true)
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	nets, _ := p.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: p.arnhemID})
	kernteam := nets[0] // created today, every six weeks
	covenant := func(title string, link bool) string {
		return createCovenant(t, p, vios.Date(p.db.Now()).AddDate(0, 0, -200), func(c *vios.Covenant) {
			c.Title = title
			if link {
				c.Agreements = c.Agreements[:1]
				c.Agreements[0].NetworkID = kernteam.ID
			}
		}).ID
	}
	session := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	for _, c := range []struct{ name, id, row string }{
		{"no agreement linked to a network", covenant("Convenant zonder netwerken", false), "niet te volgen: koppel een netwerk"},
		{"a network created today", covenant("Convenant met een nieuw kernteam", true), "nog niet te beoordelen: nog geen overleg verwacht"},
	} {
		res := p.do(t, "GET", "/convenanten/arnhem/"+c.id+"/naleving", session, nil)
		if res.status != 200 || strings.Contains(res.body, "Alle afspraken zijn nagekomen") ||
			!strings.Contains(res.body, "Nog niet te beoordelen") || !strings.Contains(res.body, c.row) {
			t.Errorf("%s: %d; want no verdict 'all kept' but 'not yet to judge' and %q", c.name, res.status, c.row)
		}
	}

	chair := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	base := "/netwerken/arnhem/" + kernteam.ID
	since := "sinds " + vios.DutchDate(p.db.Now())
	res := p.do(t, "GET", base+"/cijfers", chair, nil)
	if res.status != 200 || strings.Contains(res.body, "van 8 volgens de regelmaat") || !strings.Contains(res.body, "nog niet te beoordelen: het netwerk bestaat "+since) {
		t.Errorf("figures of a network created today: %d", res.status)
	}
	res = p.do(t, "GET", base+"/jaaroverzicht", chair, nil)
	if res.status != 200 || strings.Contains(res.body, "verwacht: 8") || !strings.Contains(res.body, "nog niet te beoordelen, het netwerk bestaat "+since) {
		t.Errorf("year review of a network created today: %d", res.status)
	}
}

// createCovenant saves a covenant of Arnhem from the Delft template, filled
// on from, made by the regisseur with the police and the school as invited
// parties; shape, when given, changes it before it is saved.
func createCovenant(t *testing.T, p *platform, from time.Time, shape func(c *vios.Covenant)) *vios.Covenant {
	t.Helper()
	ctx := context.Background()
	regisseur, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	police, _, _ := p.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example")
	c := vios.FindCovenantTemplate("delft").Fill(p.arnhemID, from)
	c.Parties = []vios.CovenantParty{
		{OrganisationID: police.Memberships[0].OrganisationID, Signatories: "Teamchef", Status: vios.PartyInvited},
		{OrganisationID: p.school.Memberships[0].OrganisationID, Signatories: "Rector", Status: vios.PartyInvited},
	}
	if shape != nil {
		shape(c)
	}
	if err := p.db.Covenants.CreateCovenant(vios.NewContextWithActor(ctx, &vios.Actor{User: regisseur}), c); err != nil {
		t.Fatal(err)
	}
	return c
}
