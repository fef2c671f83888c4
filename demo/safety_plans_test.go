package demo_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// Arnhem's sister school has an approved plan shared within the
// municipality, offered to the demo vo school; loading twice adds nothing.
func TestLoadSafetyPlans(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.LoadSafetyPlans(ctx, db.All, db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	sys := vios.NewSystemContext(ctx, "test")
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	plans, err := db.SafetyPlans.ListSafetyPlans(sys, m.ID)
	if err != nil || len(plans) != 1 || plans[0].Status != vios.PlanApproved || plans[0].Shared != vios.PlanSharedMunicipality {
		t.Fatalf("demo plans: %d %v", len(plans), err)
	}
	vo, _, _ := db.Accounts.FindCredentials(ctx, "vo@arnhem.demo.example")
	shared, err := db.SafetyPlans.SharedPlans(vios.NewContextWithActor(ctx, &vios.Actor{User: vo}), m.ID)
	if err != nil || len(shared) != 1 || plans[0].OwnerOrgID == vo.Memberships[0].OrganisationID {
		t.Fatalf("shared with the vo school: %+v %v", shared, err)
	}
}
