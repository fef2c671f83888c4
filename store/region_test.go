package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// regionWorld is the demo's Parkstad, a regional collaboration of seven
// municipalities, with a regisseur of the region, a Heerlen school and the
// Heerlen police as accounts, and a signaleringsoverleg of a Heerlen school under
// a named clause of a covenant Heerlen signed.
type regionWorld struct {
	db                     *store.DB
	parkstad               string
	orgs                   map[string]*vios.Organisation // by name
	heerlenSchool          *vios.Organisation
	kerkradeSchool         *vios.Organisation
	regisseur, school, cop context.Context
	network                *vios.Network
	covenant               *vios.Covenant
	now                    time.Time
}

func newRegionWorld(t *testing.T) *regionWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	w := &regionWorld{db: db, parkstad: municipalityID(t, db, "parkstad"), orgs: map[string]*vios.Organisation{},
		now: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return w.now }
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.parkstad})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		w.orgs[o.Name] = o
		switch {
		case o.Kind == vios.OrgSchool && o.MemberMunicipality == "Heerlen" && w.heerlenSchool == nil:
			w.heerlenSchool = o
		case o.Kind == vios.OrgSchool && o.MemberMunicipality == "Kerkrade" && w.kerkradeSchool == nil:
			w.kerkradeSchool = o
		}
	}
	if w.heerlenSchool == nil || w.kerkradeSchool == nil || w.orgs["Gemeente Heerlen"] == nil || w.orgs["Gemeente Kerkrade"] == nil {
		t.Fatalf("the demo's Parkstad lacks schools or member teams of Heerlen and Kerkrade: %d organisations", len(orgs))
	}
	account := func(email, role string, org *vios.Organisation) context.Context {
		u := &vios.User{Email: email, Name: "Test " + role,
			Memberships: []vios.Membership{{MunicipalityID: w.parkstad, OrganisationID: org.ID, Role: role}}}
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		return vios.NewContextWithActor(ctx, &vios.Actor{User: u})
	}
	w.regisseur = account("regisseur@parkstad.test", vios.RoleRegisseur, w.orgs["Regio Parkstad – team OOV"])
	w.school = account("school@parkstad.test", vios.RoleSchool, w.heerlenSchool)
	w.cop = account("politie@parkstad.test", vios.RolePartner, w.orgs["Politie basisteam Heerlen"])

	w.network = &vios.Network{MunicipalityID: w.parkstad, Kind: vios.NetworkSignalering, Name: "Signaleringsoverleg Heerlen",
		SchoolIDs: []string{w.heerlenSchool.ID}, Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.regisseur, w.network); err != nil {
		t.Fatal(err)
	}
	joined := w.now.AddDate(0, -1, 0)
	for _, m := range []vios.NetworkMember{
		{UserID: vios.ActorFromContext(w.school).User.ID, OrganisationID: w.heerlenSchool.ID, Function: vios.FunctionChair},
		{UserID: vios.ActorFromContext(w.cop).User.ID, OrganisationID: w.orgs["Politie basisteam Heerlen"].ID},
	} {
		m.NetworkID, m.Position, m.JoinedOn = w.network.ID, vios.PositionMember, joined
		if err := db.Networks.AddNetworkMember(w.regisseur, w.parkstad, &m); err != nil {
			t.Fatal(err)
		}
	}
	w.covenant = vios.FindCovenantTemplate("delft").Fill(w.parkstad, w.now.AddDate(0, -1, 0))
	for _, o := range []*vios.Organisation{w.heerlenSchool, w.orgs["Politie basisteam Heerlen"], w.orgs["Gemeente Heerlen"]} {
		w.covenant.Parties = append(w.covenant.Parties, w.signedParty(o))
	}
	if err := db.Covenants.CreateCovenant(w.regisseur, w.covenant); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(db, w.covenant); err != nil {
		t.Fatal(err)
	}
	if err := db.Covenants.LinkNetworkClause(w.regisseur, w.parkstad, w.network.ID, w.covenant.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	return w
}

// signedParty is o as a party that signed a month ago.
func (w *regionWorld) signedParty(o *vios.Organisation) vios.CovenantParty {
	signed := vios.Date(w.now.AddDate(0, -1, 0))
	return vios.CovenantParty{OrganisationID: o.ID, Role: "partij", Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &signed}
}

// policeSees is how the Heerlen police, a member of the network, sees
// the pupil of signal id, and why.
func (w *regionWorld) policeSees(t *testing.T, id string) (string, string) {
	t.Helper()
	s, err := w.db.Casework.FindSignal(w.cop, w.parkstad, id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Pupils[0].Display(), s.Access.Reason
}

// A network of a regional collaboration shares names only under a
// covenant each member municipality it works for signed. Heerlen's
// signaleringsoverleg shares names under a covenant Heerlen signed; once a Kerkrade
// school joins the network, names are pseudonymised until Kerkrade signs
// too, and the reason names Kerkrade.
func TestRegionalNetworkNeedsEveryMembersSignature(t *testing.T) {
	w := newRegionWorld(t)
	s := &vios.Signal{MunicipalityID: w.parkstad, NetworkID: w.network.ID, OccurredOn: w.now.AddDate(0, 0, -1),
		Phenomenon: "wapens", Level: vios.LevelPupil, SchoolIDs: []string{w.heerlenSchool.ID}, Urgency: vios.UrgencyHigh,
		Description: "Mes in de tas gevonden.",
		Pupils:      []vios.Pupil{{Name: "Noah Bemelmans", BirthDate: "2012-05-06", SchoolID: w.heerlenSchool.ID, Class: "2B"}}}
	if _, err := w.db.Casework.CreateSignal(w.school, s); err != nil {
		t.Fatal(err)
	}
	if name, why := w.policeSees(t, s.ID); name != "Noah Bemelmans" {
		t.Fatalf("within Heerlen, under Heerlen's signature, the police sees %q (%s)", name, why)
	}

	n, err := w.db.Networks.FindNetwork(w.regisseur, w.parkstad, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	n.SchoolIDs = append(n.SchoolIDs, w.kerkradeSchool.ID)
	if err := w.db.Networks.UpdateNetwork(w.regisseur, n, n.UpdatedAt); err != nil {
		t.Fatalf("%v: %v", err, vios.ErrorFields(err))
	}
	name, why := w.policeSees(t, s.ID)
	if name == "Noah Bemelmans" || !strings.Contains(why, "Kerkrade") {
		t.Errorf("with a Kerkrade school in the network but no signature of Kerkrade, the police sees %q (%s)", name, why)
	}
	// The network page says the same, and tells the regisseur whose
	// signature is missing.
	sharing, err := w.db.Covenants.NetworkSharing(w.regisseur, w.parkstad, w.network.ID)
	if err != nil || sharing.Named || !strings.Contains(sharing.Warning, "Kerkrade") {
		t.Errorf("the network's sharing for its page: %+v, %v", sharing, err)
	}

	c, err := w.db.Covenants.FindCovenant(w.regisseur, w.parkstad, w.covenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Parties = append(c.Parties, w.signedParty(w.orgs["Gemeente Kerkrade"]))
	if err := w.db.Covenants.UpdateCovenant(w.regisseur, c, "Kerkrade tekent", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	// The recording alone signs nothing: Kerkrade's own team confirms.
	if name, _ := w.policeSees(t, s.ID); name == "Noah Bemelmans" {
		t.Errorf("Kerkrade's signature recorded by the region's regisseur, not confirmed by Kerkrade, shares the name")
	}
	if c, err = w.db.Covenants.FindCovenant(w.regisseur, w.parkstad, w.covenant.ID); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(w.db, c); err != nil {
		t.Fatal(err)
	}
	if name, why := w.policeSees(t, s.ID); name != "Noah Bemelmans" {
		t.Errorf("once Kerkrade signed too, the police sees %q (%s)", name, why)
	}
}

// The member municipality of an organisation is one of its regio's, and
// does not change once the organisation is in a network or a covenant:
// relabelling Kerkrade's school as Heerlen's would share its pupils' names
// under Heerlen's signature alone.
func TestMemberMunicipalityChecked(t *testing.T) {
	w := newRegionWorld(t)
	moved := *w.heerlenSchool
	moved.MemberMunicipality = "Kerkrade"
	err := w.db.Approaches.SaveOrganisation(w.regisseur, &moved)
	if vios.ErrorCode(err) != vios.EINVALID || fields(err) != "deelnemendeGemeente" {
		t.Errorf("moving a school in a network to another member municipality: %v (%s)", err, fields(err))
	}
	// The regisseur's own regional team, where people work, cannot become
	// a member's team to sign for it.
	team := *w.orgs["Regio Parkstad – team OOV"]
	team.MemberMunicipality = "Kerkrade"
	if err := w.db.Approaches.SaveOrganisation(w.regisseur, &team); vios.ErrorCode(err) != vios.EINVALID || fields(err) != "deelnemendeGemeente" {
		t.Errorf("relabelling the region's own team as Kerkrade's: %v (%s)", err, fields(err))
	}
	stranger := &vios.Organisation{MunicipalityID: w.parkstad, Kind: vios.OrgPartner, PartnerKind: "politie",
		Name: "Politie Maastricht", MemberMunicipality: "Maastricht"}
	if err := w.db.Approaches.SaveOrganisation(w.regisseur, stranger); vios.ErrorCode(err) != vios.EINVALID || fields(err) != "deelnemendeGemeente" {
		t.Errorf("a member municipality outside the region: %v (%s)", err, fields(err))
	}
	stranger.Name, stranger.MemberMunicipality = "Politie basisteam Brunssum", "Brunssum"
	if err := w.db.Approaches.SaveOrganisation(w.regisseur, stranger); err != nil {
		t.Errorf("a partner of a member municipality: %v", err)
	}
	found, err := w.db.Approaches.FindOrganisation(w.regisseur, w.parkstad, stranger.ID)
	if err != nil || found.MemberMunicipality != "Brunssum" {
		t.Errorf("stored member municipality: %+v (%v)", found, err)
	}
	arnhem := municipalityID(t, w.db, "arnhem")
	local := &vios.Organisation{MunicipalityID: arnhem, Kind: vios.OrgPartner, PartnerKind: "politie", Name: "Politie Arnhem-Zuid", MemberMunicipality: "Heerlen"}
	if err := w.db.Organisations.CreateOrganisation(vios.NewSystemContext(context.Background(), "test"), local); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("a member municipality outside a regio: %v", err)
	}
}
