package api_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A school's safety plan through the API: listed and read by the school,
// a section changed, the versions with the difference, approval only by a
// marked school account, the approved version frozen; another
// municipality finds nothing and a partner without a section writes nothing.
func TestSafetyPlanAPI(t *testing.T) {
	f := newNetFixture(t)
	sys := vios.NewSystemContext(t.Context(), "testopzet")
	p := &vios.SafetyPlan{MunicipalityID: f.arnhem.ID, OwnerOrgID: f.orgs["school"], Title: "Veiligheidsplan", ReviewOn: vios.Date(f.db.Now()).AddDate(1, 0, 0)}
	if err := f.db.SafetyPlans.CreateSafetyPlan(sys, p, "sass", ""); err != nil {
		t.Fatal(err)
	}
	school := f.handler["school"]
	path := "/api/v1/veiligheidsplannen/" + p.ID
	list := decode[struct{ Items []struct{ ID, Status string } }](t, f.send(t, school, "GET", "/api/v1/veiligheidsplannen", nil))
	if len(list.Items) != 1 || list.Items[0].ID != p.ID || list.Items[0].Status != vios.PlanDraft {
		t.Fatalf("list: %+v", list)
	}
	want(t, f.send(t, school, "GET", path, nil), 200)
	section := path + "/onderdelen/" + p.Sections[4].ID
	res := f.send(t, school, "PUT", section, map[string]any{"tekst": "We meten elk jaar in oktober.", "versie": 1})
	want(t, res, 200)
	if got := decode[struct{ Versie int }](t, res); got.Versie != 2 {
		t.Errorf("version after the change: %d", got.Versie)
	}
	want(t, f.send(t, school, "PUT", section, map[string]any{"tekst": "Oud", "versie": 1}), 409)
	want(t, f.send(t, school, "PUT", section, map[string]any{"versie": 2}), 400)
	versions := decode[struct {
		Versies     []struct{ Versie int }
		Verschillen []struct {
			Onderdeel string
			Regels    []struct{ Soort, Tekst string }
		}
	}](t, f.send(t, school, "GET", path+"/versies", nil))
	if len(versions.Versies) != 2 || len(versions.Verschillen) != 1 || versions.Verschillen[0].Regels[0].Soort != "erbij" {
		t.Errorf("versions: %+v", versions)
	}
	want(t, f.send(t, school, "GET", path+"/versies?van=nul", nil), 400)
	// The partner writes no section of this plan, so reads nothing of it.
	want(t, f.send(t, f.handler["partner"], "PUT", section, map[string]any{"tekst": "Politie", "versie": 2}), 404)
	want(t, f.send(t, f.handler["coordinator"], "POST", path+"/_vaststellen", nil), 403)
	want(t, f.send(t, school, "POST", path+"/_vaststellen", nil), 403)
	if err := f.db.SafetyPlans.SetPlanApprover(sys, f.arnhem.ID, f.orgs["school"], f.users["school"].ID, true); err != nil {
		t.Fatal(err)
	}
	res = f.send(t, school, "POST", path+"/_vaststellen", nil)
	want(t, res, 200)
	if !strings.Contains(string(res.body), `"status":"vastgesteld"`) {
		t.Errorf("approved: %s", res.body)
	}
	want(t, f.send(t, school, "PUT", section, map[string]any{"tekst": "Na vaststelling", "versie": 2}), 409)
	want(t, f.send(t, f.handler["regisseur-den-haag"], "GET", path, nil), 404)
	want(t, f.send(t, school, "GET", "/api/v1/veiligheidsplannen/00000000-0000-4000-8000-000000000000", nil), 404)
}
