package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// customRecords gives each municipality's demo school a custom-support
// request: the school reads its own, the regisseur and the beheerder every
// one of their municipality, nobody another municipality's.
func (f *fixture) customRecords(t *testing.T) {
	t.Helper()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		c := f.freshCustom(t, slug, "Maatwerk van "+slug)
		f.setRecord("maatwerk", own, c.ID)
		f.setRecord("maatwerktitel", own, c.Title)
	}
}

// freshCustom files a request of the municipality's demo school.
func (f *fixture) freshCustom(t *testing.T, slug, title string) *vios.CustomRequest {
	t.Helper()
	ctx := context.Background()
	school := mustUser(t, f, "school@"+slug+".demo.example")
	day := f.db.Now()
	c := &vios.CustomRequest{MunicipalityID: school.Memberships[0].MunicipalityID, SchoolID: school.Memberships[0].OrganisationID,
		Title: title, Description: "Straatcoaches in de pauzes.", Theme: "vapes", RequestedCents: 750000,
		PlannedFrom: day, PlannedUntil: day.AddDate(0, 3, 0)}
	if err := f.db.CustomRequests.SubmitCustomRequest(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// customMatrix: the school's accounts file and report, the regisseur
// decides, the regisseur and beheerder read everything of their
// municipality (docs/ACCESS.md). An allowed POST without data is a 400 or,
// for a report on a request not granted, a 409: nothing changes.
var customMatrix = map[string]rule{
	"GET /maatwerk/{gemeente}":                       {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleSchool)},
	"GET /maatwerk/{gemeente}/nieuw":                 {allow: inOwn(vios.RoleSchool)},
	"POST /maatwerk/{gemeente}/nieuw":                {allow: inOwn(vios.RoleSchool)},
	"GET /maatwerk/{gemeente}/{id}":                  {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleSchool), record: "maatwerk"},
	"POST /maatwerk/{gemeente}/{id}/besluit":         {allow: inOwn(vios.RoleRegisseur), record: "maatwerk"},
	"POST /maatwerk/{gemeente}/{id}/verslag":         {allow: inOwn(vios.RoleSchool), record: "maatwerk"},
	"GET /api/v1/maatwerkaanvragen":                  {allow: loggedIn, token: true}, // what it lists: TestInsiderCustomRequests
	"POST /api/v1/maatwerkaanvragen":                 {allow: inOwn(vios.RoleSchool), token: true},
	"GET /api/v1/maatwerkaanvragen/{id}":             {allow: inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleSchool), record: "maatwerk", token: true},
	"POST /api/v1/maatwerkaanvragen/{id}/_besluiten": {allow: inOwn(vios.RoleRegisseur), record: "maatwerk", token: true},
	"POST /api/v1/maatwerkaanvragen/{id}/_verslag":   {allow: inOwn(vios.RoleSchool), record: "maatwerk", token: true},
}

func init() {
	for key, r := range customMatrix {
		matrix[key] = r
	}
}
