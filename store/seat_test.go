package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A seat in a network is only for an organisation the person
// works for. A regisseur cannot seat the youth worker as a deputy "of the
// school"; a seat made so before (or by hand) carries nothing of the
// school; and taking away a person's role at an organisation ends the
// seats held for it.
func TestSeatOnlyForOwnOrganisation(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	ctx := context.Background()
	s, _ := w.knifeCase(t, "Jan de Vries")
	n, err := db.Networks.FindNetwork(ctx, w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	var schoolSeat, youthSeat string
	for _, m := range n.Members {
		switch m.OrganisationID {
		case w.school.ID:
			schoolSeat = m.ID
		case w.youthOrg.ID:
			youthSeat = m.ID
		}
	}
	reads := func(u *vios.User) vios.PupilAccess {
		t.Helper()
		u, err := db.Accounts.FindUserByID(ctx, u.ID) // roles are read per request
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Casework.FindSignal(w.asUser(u), w.arnhem, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Pupils[0].Named != got.Access.Named() || (got.Description != "") != got.Access.Named() {
			t.Errorf("pupil named %v, description %q, access %+v", got.Pupils[0].Named, got.Description, got.Access)
		}
		return got.Access
	}

	// The regisseur tries to seat the youth worker for the school.
	err = db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &vios.NetworkMember{NetworkID: w.network.ID, UserID: w.youth.ID,
		OrganisationID: w.school.ID, Position: vios.PositionDeputy, DeputyForID: schoolSeat, JoinedOn: w.now})
	if vios.ErrorCode(err) != vios.EINVALID || fields(err) != "organisatie" || !strings.Contains(vios.ErrorFields(err)[0].Message, "werkt niet voor") {
		t.Fatalf("youth worker seated for the school: %v", err)
	}
	// A seat for the school held by the youth worker anyway (made before
	// seats were checked) gives neither the school's names nor its reason.
	rawValue(t, db, "network_members", "organisation_id", youthSeat, w.school.ID)
	if a := reads(w.youth); a.Named() || strings.Contains(a.Reason, "zelf ingebracht") {
		t.Errorf("youth worker in a school seat: %+v", a)
	}
	rawValue(t, db, "network_members", "organisation_id", youthSeat, w.youthOrg.ID)

	// Someone who works at the school as well (here the coordinator) may
	// sit for it ...
	coordinator := w.users[vios.RoleCoordinator]
	if err := db.Accounts.AddMembership(vios.NewSystemContext(ctx, "testopzet"), &vios.Membership{UserID: coordinator.ID, MunicipalityID: w.arnhem, Role: vios.RoleSchool,
		OrganisationID: w.school.ID}); err != nil {
		t.Fatal(err)
	}
	w.add(t, vios.NetworkMember{UserID: coordinator.ID, OrganisationID: w.school.ID, Position: vios.PositionDeputy, DeputyForID: schoolSeat, JoinedOn: w.now})
	if a := reads(coordinator); !a.Named() || !strings.Contains(a.Reason, "zelf ingebracht") {
		t.Errorf("a deputy of the school who works there: %+v", a)
	}
	// ... until the role at the school is taken away: the seat ends that
	// day, and with it the place in the network and the names.
	u, err := db.Accounts.FindUserByID(ctx, coordinator.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range u.Memberships {
		if m.OrganisationID == w.school.ID {
			if err := db.Accounts.RemoveMembership(vios.NewSystemContext(ctx, "testopzet"), m.ID, w.arnhem); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err = db.Networks.FindNetwork(ctx, w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range n.Members {
		if m.UserID == coordinator.ID && (m.LeftOn == nil || !m.LeftOn.Equal(vios.Date(w.now))) {
			t.Errorf("seat for %s after the role ended: left on %v", m.OrganisationName, m.LeftOn)
		}
		if m.UserID == w.youth.ID && m.LeftOn != nil {
			t.Errorf("the youth worker's own seat ended: %v", m.LeftOn)
		}
	}
	u, _ = db.Accounts.FindUserByID(ctx, coordinator.ID)
	if _, err := db.Casework.FindSignal(w.asUser(u), w.arnhem, s.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("after the role at the school was taken away: %v", err)
	}
}

// The clause's categories hold per field. A partner given
// identity but not "plan" (as leerplicht was) sees the pupil's name, but
// neither the plan, nor the notes, nor the route's notes of the case.
func TestPlanOnlyForRecipientsOfPlan(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	if err := db.Casework.AddCaseNote(w.chairCtx, w.arnhem, c.ID, "Gesprek gehad met Jan en zijn moeder."); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Casework.CreateReferral(w.chairCtx, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: "leerplicht",
		Note: "Jan verzuimt sinds de dreigementen."}); err != nil {
		t.Fatal(err)
	}
	cov, err := db.Covenants.FindCovenant(context.Background(), w.arnhem, w.covenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range cov.Clauses[0].Recipients {
		if r.Kind == "politie" {
			cov.Clauses[0].Recipients[i].Categories = []string{vios.DataIdentity}
		}
	}
	if err := db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), cov, "Politie: alleen identiteit", cov.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	police, err := db.Casework.FindCase(w.as(vios.RolePartner), w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(police.Pupils) != 1 || police.Pupils[0].Display() != "Jan de Vries" || police.Plan != "" || len(police.Notes) != 1 || police.Notes[0].Text != "" ||
		len(police.Referrals) != 1 || police.Referrals[0].Note != "" {
		t.Errorf("police with identity only: pupils %+v, plan %q, notes %+v, referrals %+v", police.Pupils, police.Plan, police.Notes, police.Referrals)
	}
	if police.Access.Reads(vios.DataPlan) || strings.Contains(police.Access.Reason, "plan van aanpak") {
		t.Errorf("police access %+v", police.Access)
	}
	// The school, which brought it in, reads everything.
	school, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if school.Plan != knifePlan || !strings.Contains(school.Notes[0].Text, "moeder") || !strings.Contains(school.Referrals[0].Note, "verzuimt") {
		t.Errorf("school reads plan %q, notes %+v", school.Plan, school.Notes)
	}
}
