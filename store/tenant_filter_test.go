package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// The tenant filters of the store: what one municipality asks never
// returns another's rows. On SQLite this is the wall; on PostgreSQL the
// row-level security stands behind it.
func TestTenantFiltersHold(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	a, d := arnhemAndDenHaag(t, db)
	for _, m := range []*vios.Municipality{a, d} {
		u := &vios.User{Email: "iemand@" + m.Slug + ".example", Name: "Iemand", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.Accounts.RecordDenied(ctx, "test", "pagina", "/x", m.ID); err != nil {
			t.Fatal(err)
		}
	}

	users, err := db.Accounts.ListUsers(ctx, a.ID)
	if err != nil || len(users) == 0 {
		t.Fatalf("Arnhem's users: %d, %v", len(users), err)
	}
	seen := map[string]bool{}
	for _, u := range users {
		seen[u.Email] = true
		inArnhem := false
		for _, m := range u.Memberships {
			inArnhem = inArnhem || m.MunicipalityID == a.ID
		}
		if !inArnhem {
			t.Errorf("Arnhem's users include %s, who has no role in Arnhem", u.Email)
		}
	}
	for _, want := range []string{"iemand@arnhem.example", "beheerder@arnhem.demo.example"} {
		if !seen[want] {
			t.Errorf("Arnhem's users lack %s", want)
		}
	}
	for _, other := range []string{"iemand@den-haag.example", "beheerder@den-haag.demo.example", "landelijk@demo.example"} {
		if seen[other] {
			t.Errorf("Arnhem's users include %s", other)
		}
	}

	orgs, _ := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: a.ID})
	if len(orgs) == 0 {
		t.Fatal("Arnhem has no organisations")
	}
	for _, o := range orgs {
		if o.MunicipalityID != a.ID {
			t.Errorf("Arnhem's organisations include %s of another municipality", o.Name)
		}
	}
	records, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: a.ID})
	if err != nil || len(records) == 0 {
		t.Fatalf("Arnhem's audit log: %d, %v", len(records), err)
	}
	for _, r := range records {
		if r.MunicipalityID == d.ID {
			t.Errorf("Arnhem's log shows record %d of Den Haag", r.Seq)
		}
	}
	if _, err := db.Approaches.FindOrganisation(ctx, a.ID, orgsOf(t, db, d.ID)[0].ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's organisation found under Arnhem: %v", err)
	}
}

func orgsOf(t *testing.T, db *store.DB, municipalityID string) []*vios.Organisation {
	t.Helper()
	list, err := db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: municipalityID})
	if err != nil || len(list) == 0 {
		t.Fatalf("organisations: %v", err)
	}
	return list
}
