package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/web"
)

// Several members are added on a page of their own: a bad row refuses the
// whole form, names the row and keeps what was chosen; a good form adds
// them all.
func TestAddNetworkMembersPage(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := context.Background()
	system := vios.NewSystemContext(ctx, "testopzet")
	otsv, _, err := p.db.Accounts.FindCredentials(ctx, "otsv@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	police := users["politie"].Memberships[0].OrganisationID
	if err := p.db.Accounts.AddMembership(system, &vios.Membership{UserID: otsv.ID, MunicipalityID: p.arnhemID, Role: vios.RolePartner,
		OrganisationID: police}); err != nil {
		t.Fatal(err)
	}
	network := func() *vios.Network {
		n, err := p.db.Networks.FindNetwork(ctx, p.arnhemID, s.NetworkID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := network()
	var policeMember string
	for _, m := range n.Members {
		if m.OrganisationID == police && m.Position == vios.PositionMember {
			policeMember = m.ID
		}
	}
	page := "/netwerken/arnhem/" + n.ID + "/leden/toevoegen"
	if r := p.do(t, "GET", "/netwerken/arnhem/"+n.ID, sessions["school"], nil); !strings.Contains(r.body, `href="`+page+`"`) {
		t.Errorf("the network page does not link to the form")
	}
	if r := p.do(t, "GET", page, sessions["school"], nil); r.status != 200 || strings.Count(r.body, `name="gebruiker"`) < 2 {
		t.Fatalf("form: %d", r.status)
	}
	if r := p.do(t, "GET", page, sessions["politie"], nil); r.status != 403 {
		t.Errorf("a plain member opens the form: %d", r.status)
	}
	form := func(position, deputy string) url.Values {
		return url.Values{"lidVanaf": {p.db.Now().Format("2006-01-02")},
			"gebruiker": {"", otsv.ID, ""}, "organisatie": {"", police, ""}, "positie": {"lid", position, "lid"}, "vervangtLid": {"", deputy, ""}}
	}
	bad := p.do(t, "POST", page, sessions["school"], form(vios.PositionMember, ""))
	if bad.status != 400 || !strings.Contains(bad.body, "Rij 2: ") || !strings.Contains(bad.body, `href="#rij2-organisatie"`) ||
		!strings.Contains(bad.body, `value="`+otsv.ID+`" selected`) || !strings.Contains(bad.body, `value="`+police+`" selected`) {
		t.Fatalf("a second fixed member of the police: %d\n%s", bad.status, bad.body)
	}
	if got := len(network().Members); got != len(n.Members) {
		t.Fatalf("a refused form added %d members", got-len(n.Members))
	}
	good := p.do(t, "POST", page, sessions["school"], form(vios.PositionDeputy, policeMember))
	if good.status != 303 || !strings.Contains(good.location, "melding=lid-toegevoegd") {
		t.Fatalf("add a deputy: %d %s", good.status, good.location)
	}
	if got := len(network().Members); got != len(n.Members)+1 {
		t.Errorf("members after the form: %d, want %d", got, len(n.Members)+1)
	}
}

// The regisseur sets a waiting threshold per table; a bad number is named
// and kept, and nothing changes.
func TestReferralThresholdPage(t *testing.T) {
	p, _, sessions, _ := caseFixture(t)
	res := p.login(t, "regisseur@arnhem.demo.example", testPassword)
	if res.cookie == nil {
		t.Fatal("login regisseur")
	}
	regisseur := res.cookie.Value
	if r := p.do(t, "GET", "/wachtdrempels/arnhem", sessions["school"], nil); r.status != 403 {
		t.Errorf("a school opens the thresholds: %d", r.status)
	}
	if r := p.do(t, "GET", "/wachtdrempels/arnhem", regisseur, nil); r.status != 200 || !strings.Contains(r.body, "Jeugdzorg (weken)") {
		t.Fatalf("thresholds page: %d", r.status)
	}
	bad := p.do(t, "POST", "/wachtdrempels/arnhem", regisseur, url.Values{"drempel-jeugdzorg": {"drie"}, "drempel-halt": {"4"}})
	if bad.status != 400 || !strings.Contains(bad.body, "heel aantal weken") || !strings.Contains(bad.body, `value="drie"`) {
		t.Fatalf("bad threshold: %d", bad.status)
	}
	if r := p.do(t, "POST", "/wachtdrempels/arnhem", regisseur, url.Values{"drempel-jeugdzorg": {"3"}}); r.status != 303 {
		t.Fatalf("save thresholds: %d", r.status)
	}
	if r := p.do(t, "GET", "/wachtdrempels/arnhem", regisseur, nil); !strings.Contains(r.body, `id="drempel-jeugdzorg" name="drempel-jeugdzorg" value="3"`) ||
		!strings.Contains(r.body, `id="drempel-halt" name="drempel-halt" value=""`) {
		t.Errorf("saved thresholds not shown")
	}
}

// A school's member sees the groups derived for them, with how many they
// reach, and sends an alert to the network of their school without any
// group having been built; a partner gets no such groups.
func TestDerivedAlertPage(t *testing.T) {
	p, _, s := alertPlatform(t, web.NewAlertHub())
	list := p.do(t, "GET", "/alerts/arnhem", s["school"], nil)
	if list.status != 200 || !strings.Contains(list.body, `<option value="netwerk-school"`) || !strings.Contains(list.body, `id="bereik"`) ||
		!strings.Contains(list.body, "bereikt 2 personen bij ") {
		t.Fatalf("the school's list page: %d\n%s", list.status, list.body)
	}
	// The neighbourhood reaches only those who signed the network's covenant,
	// and says so.
	if !strings.Contains(list.body, "die het convenant van ons netwerk tekenden") {
		t.Error("the neighbourhood group does not say whom it reaches")
	}
	if partner := p.do(t, "GET", "/alerts/arnhem", s["partner"], nil); strings.Contains(partner.body, `id="bereik"`) {
		t.Error("the police is offered the groups of a school")
	}
	bad := p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {"netwerk-school"}, "tekst": {""}})
	if bad.status != 400 || !strings.Contains(bad.body, `<option value="netwerk-school" selected>`) {
		t.Errorf("a refused alert forgets the group: %d", bad.status)
	}
	sent := p.do(t, "POST", "/alerts/arnhem", s["school"], url.Values{"alertgroep": {"netwerk-school"}, "tekst": {webAlertText}})
	if sent.status != 303 {
		t.Fatalf("raise to the school's network: %d\n%s", sent.status, sent.body)
	}
	police := p.do(t, "GET", strings.TrimSuffix(sent.location, "?melding=verstuurd"), s["partner"], nil)
	if police.status != 200 || !strings.Contains(police.body, "Netwerk van de school (Kernteam ") || !strings.Contains(police.body, webAlertText) {
		t.Errorf("the police's alert page: %d", police.status)
	}
}
