package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A first Entree login is recorded once per school, its name sealed; the
// beheerder's confirmation makes one account with the school role and links
// the identity, and a second municipality's confirmation adds its role to
// that account; a refusal forgets what was released.
func TestEntreeRequests(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "eerste aanmelding via entree")
	arnhem, hague := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	schools, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem, Kind: vios.OrgSchool})
	school := schools[0]
	// The same BRIN in Den Haag too (a school with a location across the border).
	twin := &vios.Organisation{MunicipalityID: hague, Kind: vios.OrgSchool, Name: "Tweelingschool", SchoolType: school.SchoolType, BRIN: school.BRIN}
	if err := db.Organisations.CreateOrganisation(sys, twin); err != nil {
		t.Fatal(err)
	}
	req := func() *vios.EntreeRequest {
		return &vios.EntreeRequest{Provider: "entree", Issuer: "https://entree.example", Subject: "j.jansen@" + school.BRIN,
			BRIN: school.BRIN, Affiliations: []string{"employee"}, ProposedRole: vios.RoleSchool, Name: "Jan Jansen"}
	}
	both := []string{arnhem, hague}
	var first []vios.EntreeRequest
	for range 2 {
		list, err := db.Accounts.RequestEntreeAccess(sys, req(), both)
		if err != nil || len(list) != 2 || list[0].Status != vios.EntreeWaiting || first != nil && list[0].ID != first[0].ID {
			t.Fatalf("requests: %+v %v", list, err)
		}
		first = list
	}
	if _, err := db.Accounts.RequestEntreeAccess(sys, &vios.EntreeRequest{Subject: "x@99ZZ", BRIN: "99ZZ"}, both); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("an unknown school: %v", err)
	}
	var sealed string
	if err := db.QueryRowContext(ctx, db.Rebind(`SELECT name_sealed FROM entree_requests WHERE id = ?`), first[0].ID).Scan(&sealed); err != nil ||
		sealed == "" || strings.Contains(sealed, "Jansen") {
		t.Errorf("the name is not sealed: %q %v", sealed, err)
	}
	if _, err := db.RotateKeys(ctx, arnhem, 100); err != nil {
		t.Fatal(err)
	}
	admin := asUser(demoUser(t, db, "beheerder@arnhem.demo.example"))
	list, err := db.Accounts.ListEntreeRequests(admin, arnhem)
	if err != nil || len(list) != 1 || list[0].Name != "Jan Jansen" || list[0].OrganisationID != school.ID || list[0].BRIN != school.BRIN {
		t.Fatalf("Arnhem's list after rotation: %+v %v", list, err)
	}
	if err := db.Accounts.ConfirmEntreeRequest(admin, vios.EntreeConfirmation{MunicipalityID: arnhem, RequestID: list[0].ID,
		Role: vios.RoleSchool, Name: "Jan Jansen", Email: "j.jansen@school.example"}); err != nil {
		t.Fatal(err)
	}
	u, err := db.Accounts.FindUserByIdentity(ctx, "https://entree.example", "j.jansen@"+school.BRIN)
	if err != nil || u.Email != "j.jansen@school.example" || len(u.Memberships) != 1 || u.Memberships[0].OrganisationID != school.ID ||
		u.Memberships[0].Role != vios.RoleSchool {
		t.Fatalf("the account: %+v %v", u, err)
	}
	if list, _ := db.Accounts.ListEntreeRequests(admin, arnhem); len(list) != 0 {
		t.Errorf("a confirmed request still waits: %+v", list)
	}

	// Den Haag's beheerder confirms the twin: the same account, a second role.
	hagueAdmin := asUser(demoUser(t, db, "beheerder@den-haag.demo.example"))
	twinRequest := first[0]
	if twinRequest.MunicipalityID != hague {
		twinRequest = first[1]
	}
	if err := db.Accounts.ConfirmEntreeRequest(hagueAdmin, vios.EntreeConfirmation{MunicipalityID: hague, RequestID: twinRequest.ID,
		Role: vios.RoleSchool, Name: "J. Jansen", Email: "ander@school.example"}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.Accounts.FindUserByIdentity(ctx, "https://entree.example", "j.jansen@"+school.BRIN); len(u.Memberships) != 2 {
		t.Errorf("the second confirmation: %+v", u.Memberships)
	}

	// A refusal blanks the sealed name and e-mail.
	other := req()
	other.Subject, other.Email = "p.piet@"+school.BRIN, "p.piet@school.example"
	refused, err := db.Accounts.RequestEntreeAccess(sys, other, []string{arnhem})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.RefuseEntreeRequest(admin, arnhem, refused[0].ID); err != nil {
		t.Fatal(err)
	}
	again, err := db.Accounts.RequestEntreeAccess(sys, other, []string{arnhem})
	if err != nil || again[0].Status != vios.EntreeRefused || again[0].Name != "" || again[0].Email != "" {
		t.Errorf("after refusal: %+v %v", again, err)
	}
	if err := db.Accounts.RefuseEntreeRequest(admin, arnhem, refused[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("refusing twice: %v", err)
	}
}
