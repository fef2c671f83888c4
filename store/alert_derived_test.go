package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vios-platform/vios"
)

// A school's member alerts the network of their school and everyone of the
// schools and partners in its neighbourhood without anyone building a
// group: the recipients are computed at raise time, only people with a role
// in the municipality, and the sender sees how many and which
// organisations before sending.
func TestDerivedAlertGroups(t *testing.T) {
	w := newNetworkWorld(t)
	db := w.db
	school := w.as(vios.RoleSchool)
	police := w.users[vios.RolePartner]
	hague, _, err := db.Accounts.FindCredentials(context.Background(), "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if w.school.Neighbourhood == "" {
		t.Fatal("the demo school has no neighbourhood")
	}
	// The sociale kaart names the police officer as the neighbourhood's
	// contact, and a Den Haag account too: it has no role in Arnhem.
	for _, p := range []*vios.Person{
		{OrganisationID: w.police.ID, Name: "Wijkagent", Function: "wijkagent", Email: police.Email, Neighbourhood: w.school.Neighbourhood},
		{OrganisationID: w.police.ID, Name: "Elders", Function: "agent", Email: hague.Email, Neighbourhood: w.school.Neighbourhood},
	} {
		if err := db.Organisations.CreatePerson(w.as(vios.RoleRegisseur), p); err != nil {
			t.Fatal(err)
		}
	}

	// Without a covenant the network works under, the neighbourhood beyond
	// the school's network is no one: nothing makes sharing the alert with
	// them lawful.
	groups, err := db.Alerts.AlertAudiences(school, w.arnhem)
	if err != nil || len(groups) != 2 || groups[1].Code != vios.AudienceNeighbourhood || groups[1].Count != 0 {
		t.Fatalf("derived groups without a covenant: %+v %v", groups, err)
	}
	c := delftCovenant(t, w)
	if err := db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(db, c); err != nil {
		t.Fatal(err)
	}
	if err := db.Covenants.LinkNetworkClause(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	groups, err = db.Alerts.AlertAudiences(school, w.arnhem)
	if err != nil || len(groups) != 2 {
		t.Fatalf("derived groups: %+v %v", groups, err)
	}
	if g := groups[0]; g.Code != vios.AudienceSchoolNetwork || g.NetworkID != w.network.ID || g.Count != 1 || !slices.Equal(g.Organisations, []string{w.police.Name}) {
		t.Errorf("the school's network: %+v", g)
	}
	if g := groups[1]; g.Code != vios.AudienceNeighbourhood || g.Count != 1 || !slices.Equal(g.Organisations, []string{w.police.Name}) {
		t.Errorf("the neighbourhood: %+v", g)
	}
	if none, err := db.Alerts.AlertAudiences(w.as(vios.RolePartner), w.arnhem); err != nil || len(none) != 0 {
		t.Errorf("the police, no school, gets groups: %+v %v", none, err)
	}

	for _, audience := range []string{vios.AudienceSchoolNetwork, vios.AudienceNeighbourhood} {
		a := &vios.Alert{MunicipalityID: w.arnhem, Audience: audience, Text: "Vechtpartij bij de tramhalte."}
		if err := db.Alerts.RaiseAlert(school, a); err != nil {
			t.Fatalf("raise to %s: %v", audience, err)
		}
		if a.NetworkID != w.network.ID || len(a.Recipients) != 1 || a.Recipients[0].UserID != police.ID {
			t.Errorf("%s: network %s, recipients %+v", audience, a.NetworkID, a.Recipients)
		}
		found, err := db.Alerts.FindAlert(w.as(vios.RolePartner), w.arnhem, a.ID)
		if err != nil || found.Audience != audience {
			t.Errorf("%s as the police reads it: %+v %v", audience, found, err)
		}
	}
	if mails := outbox(t, db)[hague.Email]; len(mails) != 0 {
		t.Errorf("Den Haag got %d alert mails", len(mails))
	}
	err = db.Alerts.RaiseAlert(w.as(vios.RolePartner), &vios.Alert{MunicipalityID: w.arnhem, Audience: vios.AudienceNeighbourhood, Text: "x"})
	if vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the police raises to a school's neighbourhood: %v", err)
	}
	err = db.Alerts.RaiseAlert(school, &vios.Alert{MunicipalityID: w.arnhem, Audience: "iedereen", Text: "x"})
	if fields(err) != "alertgroep" {
		t.Errorf("an unknown group: %v", err)
	}
}

// A derived group is only for a school employee with a place in the
// school's network today: not for a colleague whose only network is an
// alert group or none, nor for someone of the school in another role. A refused
// raise is audited and sends nothing. Beyond the school's network, the
// neighbourhood reaches only organisations that signed the covenant.
func TestDerivedAlertGroupsNeedAPlaceAndACovenant(t *testing.T) {
	w := newAlertWorld(t)
	db := w.db
	ctx := context.Background()
	colleague := &vios.User{Email: "mentor@school1.example", Name: "Mentor", Memberships: []vios.Membership{
		{MunicipalityID: w.arnhem, Role: vios.RoleSchool, OrganisationID: w.school.ID}}}
	other := &vios.User{Email: "partner@school1.example", Name: "Partner op school", Memberships: []vios.Membership{
		{MunicipalityID: w.arnhem, Role: vios.RolePartner, OrganisationID: w.school.ID}}}
	for _, u := range []*vios.User{colleague, other} {
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
	}

	for _, u := range []*vios.User{colleague, other} {
		if groups, err := db.Alerts.AlertAudiences(asUser(u), w.arnhem); err != nil || len(groups) != 0 {
			t.Errorf("%s gets derived groups: %+v %v", u.Name, groups, err)
		}
		for _, audience := range []string{vios.AudienceSchoolNetwork, vios.AudienceNeighbourhood} {
			before := countDenials(t, db, w.arnhem)
			err := db.Alerts.RaiseAlert(asUser(u), &vios.Alert{MunicipalityID: w.arnhem, Audience: audience, Text: "x"})
			if vios.ErrorCode(err) != vios.EFORBIDDEN {
				t.Errorf("%s raises to %s: %v", u.Name, audience, err)
			}
			if after := countDenials(t, db, w.arnhem); after != before+1 {
				t.Errorf("%s raises to %s: %d denials, then %d", u.Name, audience, before, after)
			}
		}
	}
	if mails := outbox(t, db)[w.users[vios.RolePartner].Email]; len(mails) != 0 {
		t.Errorf("refused raises mailed the police %d times", len(mails))
	}

	// A covenant the police did not sign: the police, in the neighbourhood
	// but outside the covenant, is not reached.
	c := delftCovenant(t, w.networkWorld)
	c.Parties = slices.DeleteFunc(c.Parties, func(p vios.CovenantParty) bool { return p.OrganisationID == w.police.ID })
	if err := db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(db, c); err != nil {
		t.Fatal(err)
	}
	if err := db.Covenants.LinkNetworkClause(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	groups, err := db.Alerts.AlertAudiences(w.as(vios.RoleSchool), w.arnhem)
	if err != nil || len(groups) != 2 || slices.Contains(groups[1].Organisations, w.police.Name) {
		t.Errorf("the neighbourhood under a covenant the police did not sign: %+v %v", groups, err)
	}
}
