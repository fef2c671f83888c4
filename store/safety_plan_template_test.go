package store_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// The municipality's own template: the regisseur writes it, a school starts
// a plan from it beside the national two, another municipality neither
// sees nor uses it, and a school cannot write one.
func TestOwnPlanTemplate(t *testing.T) {
	db := openWithDemoUsers(t)
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	school := demoUser(t, db, "school@arnhem.demo.example")
	asSchool := asUser(school)
	asRegisseur := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))
	asOther := asUser(demoUser(t, db, "school@den-haag.demo.example"))

	sections := vios.ParseTemplateSections("Visie van Arnhem\n- Wat is uw visie?\n- Hoe weet u dat?\n\nVapes\nWat doet u bij vapes?\n\n")
	if len(sections) != 2 || sections[0].Questions != "Wat is uw visie?\nHoe weet u dat?" || sections[1].Title != "Vapes" {
		t.Fatalf("parsed sections: %+v", sections)
	}
	tmpl := &vios.PlanTemplate{MunicipalityID: arnhem, Name: "Arnhems sjabloon", Sections: sections}
	if err := db.SafetyPlans.SavePlanTemplate(asSchool, tmpl); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("a school writes the municipality's template: %v", err)
	}
	if err := db.SafetyPlans.SavePlanTemplate(asRegisseur, &vios.PlanTemplate{MunicipalityID: arnhem, Name: " "}); fields(err) != "naam,onderdelen" {
		t.Errorf("an empty template: %v", err)
	}
	if err := db.SafetyPlans.SavePlanTemplate(asRegisseur, tmpl); err != nil || !tmpl.Own() {
		t.Fatalf("save: %v %+v", err, tmpl)
	}
	if err := db.SafetyPlans.SavePlanTemplate(asRegisseur, &vios.PlanTemplate{MunicipalityID: arnhem, Name: "Arnhems sjabloon", Sections: sections}); fields(err) != "naam" {
		t.Errorf("a second template of the same name: %v", err)
	}

	list, err := db.SafetyPlans.PlanTemplates(asSchool, arnhem)
	if err != nil || len(list) != len(vios.PlanTemplates)+1 || list[len(list)-1].Code != tmpl.Code || len(list[len(list)-1].Sections) != 2 {
		t.Fatalf("the school's templates: %+v %v", list, err)
	}
	if other, _ := db.SafetyPlans.PlanTemplates(asOther, denHaag); len(other) != len(vios.PlanTemplates) {
		t.Errorf("Den Haag sees Arnhem's template: %+v", other)
	}
	review := vios.Date(db.Now()).AddDate(1, 0, 0)
	foreign := &vios.SafetyPlan{MunicipalityID: denHaag, OwnerOrgID: demoUser(t, db, "school@den-haag.demo.example").Memberships[0].OrganisationID,
		Title: "Plan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asOther, foreign, tmpl.Code, ""); fields(err) != "sjabloon" {
		t.Errorf("Den Haag starts from Arnhem's template: %v", err)
	}
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: school.Memberships[0].OrganisationID, Title: "Ons plan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asSchool, p, tmpl.Code, ""); err != nil {
		t.Fatal(err)
	}
	if len(p.Sections) != 2 || p.Sections[1].Title != "Vapes" || p.Sections[0].Questions != "Wat is uw visie?\nHoe weet u dat?" || p.BasedOn != "Arnhems sjabloon" {
		t.Errorf("plan from the own template: %+v based on %q", p.Sections, p.BasedOn)
	}

	// Changed and removed: the plan keeps its sections.
	tmpl.Sections = tmpl.Sections[:1]
	if err := db.SafetyPlans.SavePlanTemplate(asRegisseur, tmpl); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.DeletePlanTemplate(asRegisseur, arnhem, tmpl.Code); err != nil {
		t.Fatal(err)
	}
	if err := db.SafetyPlans.DeletePlanTemplate(asRegisseur, arnhem, tmpl.Code); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("removed twice: %v", err)
	}
	if got, err := db.SafetyPlans.FindSafetyPlan(asSchool, arnhem, p.ID); err != nil || len(got.Sections) != 2 {
		t.Errorf("the plan after its template went: %v", err)
	}
}

// A board's plan covers only the schools its writer works for: school A's
// account cannot name school B (B's own plan stands in the overview), an
// account of the board that works for both can.
func TestBoardPlanCoversOnlyOwnSchools(t *testing.T) {
	db := openWithDemoUsers(t)
	arnhem := municipalityID(t, db, "arnhem")
	school, vo := demoUser(t, db, "school@arnhem.demo.example"), demoUser(t, db, "vo@arnhem.demo.example")
	a, b := school.Memberships[0].OrganisationID, vo.Memberships[0].OrganisationID
	review := vios.Date(db.Now()).AddDate(1, 0, 0)
	p := &vios.SafetyPlan{MunicipalityID: arnhem, OwnerOrgID: a, Schools: []string{a, b}, Title: "Bestuursplan", ReviewOn: review}
	if err := db.SafetyPlans.CreateSafetyPlan(asUser(school), p, "sass", ""); fields(err) != "scholen" {
		t.Fatalf("school A names school B: %v", err)
	}
	board := *school
	board.Memberships = append(append([]vios.Membership{}, school.Memberships...), vios.Membership{MunicipalityID: arnhem, Role: vios.RoleSchool, OrganisationID: b})
	if err := db.SafetyPlans.CreateSafetyPlan(asUser(&board), p, "sass", ""); err != nil || len(p.Schools) != 2 {
		t.Fatalf("the board's plan for both: %v %v", err, p.Schools)
	}
}
