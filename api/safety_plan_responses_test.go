package api_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

type failingSafetyPlans struct{ *store.All }

func (failingSafetyPlans) ListSafetyPlans(context.Context, string) ([]*vios.SafetyPlan, error) {
	return nil, errDown
}
func (failingSafetyPlans) FindSafetyPlan(context.Context, string, string) (*vios.SafetyPlan, error) {
	return nil, errDown
}

// safetyPlanGETRequests meets every documented answer of the safety plan
// reads: the regisseur reads, the partner (no section of the plan) is the
// outsider.
func safetyPlanGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	p := &vios.SafetyPlan{MunicipalityID: f.arnhem.ID, OwnerOrgID: f.orgs["school"], Title: "Veiligheidsplan", ReviewOn: vios.Date(f.db.Now()).AddDate(1, 0, 0)}
	if err := f.db.SafetyPlans.CreateSafetyPlan(vios.NewSystemContext(t.Context(), "testopzet"), p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.SafetyPlans = failingSafetyPlans{f.db.All}
	g := newGetMatrix(t, f, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "partner")
	path := "/api/v1/veiligheidsplannen/" + p.ID
	g.targets("/api/v1/veiligheidsplannen", path, path+"/versies", path+"/opmerkingen")
	g.add(g.reader, path+"/versies?van=1&tot=1", 200)
	g.add(g.reader, path+"/versies?van=nul", 400)
	return g.list
}
