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
	n, err := db.Networks.FindNetwork(ctx, w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	var policeMember string
	for _, m := range n.Members {
		if m.OrganisationID == w.police.ID {
			policeMember = m.ID
		}
	}
	before := len(n.Members)
	count := func() int {
		n, err := db.Networks.FindNetwork(ctx, w.arnhem, w.network.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(n.Members)
	}
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
