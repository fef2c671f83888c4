package api_test

import (
	"context"
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
	want(t, f.send(t, f.handler["coordinator"], "POST", path+"/_vaststellen", map[string]any{"versie": 2}), 403)
	want(t, f.send(t, school, "POST", path+"/_vaststellen", map[string]any{"versie": 2}), 403)
	if err := f.db.SafetyPlans.SetPlanApprover(sys, f.arnhem.ID, f.orgs["school"], f.users["school"].ID, true); err != nil {
		t.Fatal(err)
	}
	// Approval pins the version read: version 1 was read before the
	// section's save, so nothing is approved; the body must name it.
	res = f.send(t, school, "POST", path+"/_vaststellen", map[string]any{"versie": 1})
	want(t, res, 409)
	if !strings.Contains(string(res.body), "gewijzigd nadat u versie 1 las") {
		t.Errorf("stale approval: %s", res.body)
	}
	for _, bad := range []map[string]any{{}, {"versie": 0}, {"versie": "2"}, {"versie": 2, "akkoord": true}} {
		want(t, f.send(t, school, "POST", path+"/_vaststellen", bad), 400)
	}
	if got, _ := f.db.SafetyPlans.FindSafetyPlan(sys, f.arnhem.ID, p.ID); got.Status != vios.PlanDraft || got.ApprovedVersion != 0 {
		t.Errorf("refused approvals approved: %+v", got)
	}
	res = f.send(t, school, "POST", path+"/_vaststellen", map[string]any{"versie": 2})
	want(t, res, 200)
	if !strings.Contains(string(res.body), `"status":"vastgesteld"`) {
		t.Errorf("approved: %s", res.body)
	}
	want(t, f.send(t, school, "PUT", section, map[string]any{"tekst": "Na vaststelling", "versie": 2}), 409)
	want(t, f.send(t, f.handler["regisseur-den-haag"], "GET", path, nil), 404)
	want(t, f.send(t, school, "GET", "/api/v1/veiligheidsplannen/00000000-0000-4000-8000-000000000000", nil), 404)
}

// Starting a plan and commenting through the API: a school account starts
// its school's plan from a template; a template and a copy at once, a
// school elsewhere, a partner: refused; comments by who helps write,
// read by who reads the plan.
func TestSafetyPlanCreateAndCommentAPI(t *testing.T) {
	f := newNetFixture(t)
	school := f.handler["school"]
	plan := map[string]any{"gemeente": "arnhem", "school": f.orgs["school"], "titel": "Ons plan", "herzienOp": "2099-09-01", "sjabloon": "sass"}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range plan {
			out[key] = val
		}
		out[k] = v
		return out
	}
	want(t, f.send(t, f.handler["partner"], "POST", "/api/v1/veiligheidsplannen", plan), 403)
	want(t, f.send(t, school, "POST", "/api/v1/veiligheidsplannen", with("kopieVan", "00000000-0000-4000-8000-000000000000")), 400)
	want(t, f.send(t, school, "POST", "/api/v1/veiligheidsplannen", with("sjabloon", "onbekend")), 400)
	want(t, f.send(t, school, "POST", "/api/v1/veiligheidsplannen", with("gemeente", "atlantis")), 400)
	res := f.send(t, school, "POST", "/api/v1/veiligheidsplannen", plan)
	want(t, res, 201)
	created := decode[struct {
		ID         string
		Onderdelen []struct{ ID string }
	}](t, res)
	if len(created.Onderdelen) != 6 {
		t.Fatalf("new plan: %+v", created)
	}
	path := "/api/v1/veiligheidsplannen/" + created.ID + "/opmerkingen"
	want(t, f.send(t, school, "POST", path, map[string]any{"tekst": ""}), 400)
	want(t, f.send(t, school, "POST", path, map[string]any{"tekst": "Noem het instrument.", "onderdeel": created.Onderdelen[1].ID}), 201)
	want(t, f.send(t, f.handler["partner"], "POST", path, map[string]any{"tekst": "Politie"}), 404)
	list := decode[struct {
		Items []struct{ Tekst, Onderdeel string }
	}](t, f.send(t, school, "GET", path, nil))
	if len(list.Items) != 1 || list.Items[0].Tekst != "Noem het instrument." || list.Items[0].Onderdeel != created.Onderdelen[1].ID {
		t.Errorf("comments: %+v", list)
	}
	want(t, f.send(t, f.handler["regisseur"], "GET", path, nil), 200)
	want(t, f.send(t, f.handler["regisseur"], "POST", path, map[string]any{"tekst": "Regie"}), 403)
	// From the municipality's own template.
	own := &vios.PlanTemplate{MunicipalityID: f.arnhem.ID, Name: "Arnhems sjabloon", Sections: vios.ParseTemplateSections("Visie\nWat is uw visie?")}
	if err := f.db.SafetyPlans.SavePlanTemplate(vios.NewContextWithActor(context.Background(), &vios.Actor{User: f.users["regisseur"]}), own); err != nil {
		t.Fatal(err)
	}
	res = f.send(t, school, "POST", "/api/v1/veiligheidsplannen", with("sjabloon", own.Code))
	want(t, res, 201)
	if fromOwn := decode[struct{ Onderdelen []struct{ Titel string } }](t, res); len(fromOwn.Onderdelen) != 1 || fromOwn.Onderdelen[0].Titel != "Visie" {
		t.Errorf("plan from the own template: %+v", fromOwn)
	}
}
