package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Several members are added in one go, all or nothing: a row breaking a
// membership rule refuses the whole form, named by its number.
func TestAddNetworkMembersAllOrNothing(t *testing.T) {
	w := newNetworkWorld(t)
	db := w.db
	ctx := w.as(vios.RoleRegisseur)
	youth, _, err := db.Accounts.FindCredentials(context.Background(), "jongerenwerk@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.AddMembership(vios.NewSystemContext(context.Background(), "testopzet"), &vios.Membership{UserID: w.users[vios.RoleOTSV].ID,
		MunicipalityID: w.arnhem, Role: vios.RolePartner, OrganisationID: w.police.ID}); err != nil {
		t.Fatal(err)
	}
	youthOrg := youth.Memberships[0].OrganisationID
	policeMember := w.memberFor(t, w.police.ID)
	count := func() int { return len(w.find(t).Members) }
	before := count()
	youthRow := func() *vios.NetworkMember {
		return &vios.NetworkMember{UserID: youth.ID, OrganisationID: youthOrg, Position: vios.PositionMember, JoinedOn: w.now}
	}

	// Every row's missing fields at once.
	err = db.Networks.AddNetworkMembers(ctx, w.arnhem, w.network.ID, []*vios.NetworkMember{
		{UserID: youth.ID, Position: vios.PositionMember, JoinedOn: w.now}, youthRow(), {Position: vios.PositionMember, OrganisationID: youthOrg, JoinedOn: w.now}})
	if got := fields(err); got != "rij1.organisatie,rij3.gebruiker" {
		t.Errorf("incomplete rows: %v (%s)", err, got)
	}
	// The second row repeats the first: nobody is added.
	err = db.Networks.AddNetworkMembers(ctx, w.arnhem, w.network.ID, []*vios.NetworkMember{youthRow(), youthRow()})
	if fields(err) != "rij2.gebruiker" || !strings.HasPrefix(vios.ErrorFields(err)[0].Message, "Rij 2: ") {
		t.Errorf("repeated row: %v (%s)", err, fields(err))
	}
	if got := count(); got != before {
		t.Fatalf("a refused form added %d members", got-before)
	}
	// Only who manages the network adds members.
	if err := db.Networks.AddNetworkMembers(w.as(vios.RolePartner), w.arnhem, w.network.ID, []*vios.NetworkMember{youthRow()}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a member adds members: %v", err)
	}
	err = db.Networks.AddNetworkMembers(ctx, w.arnhem, w.network.ID, []*vios.NetworkMember{youthRow(),
		{UserID: w.users[vios.RoleOTSV].ID, OrganisationID: w.police.ID, Position: vios.PositionDeputy, DeputyForID: policeMember, JoinedOn: w.now}})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(); got != before+2 {
		t.Errorf("members after the form: %d, want %d", got, before+2)
	}
}

// find reads the world's network with all its members.
func (w *networkWorld) find(t *testing.T) *vios.Network {
	t.Helper()
	n, err := w.db.Networks.FindNetwork(context.Background(), w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// memberFor returns the id of the network's membership for organisation.
func (w *networkWorld) memberFor(t *testing.T, organisationID string) string {
	t.Helper()
	for _, m := range w.find(t).Members {
		if m.OrganisationID == organisationID {
			return m.ID
		}
	}
	t.Fatalf("no member for organisation %s", organisationID)
	return ""
}
