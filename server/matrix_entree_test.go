package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// entreeRecords gives Arnhem and Den Haag each two waiting Entree
// requests: one the beheerder's empty confirmation leaves waiting (400),
// one their refusal decides.
func (f *fixture) entreeRecords(t *testing.T) {
	t.Helper()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		f.setRecord("entree-aanvraag", own, f.freshEntree(t, slug, "bevestigen"))
		f.setRecord("entree-weigeren", own, f.freshEntree(t, slug, "weigeren"))
	}
}

// freshEntree records a first Entree login at a school of the municipality
// and returns the request.
func (f *fixture) freshEntree(t *testing.T, slug, uid string) string {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	schools, err := f.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) == 0 {
		t.Fatalf("schools of %s: %v", slug, err)
	}
	list, err := f.db.Accounts.RequestEntreeAccess(ctx, &vios.EntreeRequest{Provider: "entree", Issuer: "https://entree.example",
		Subject: uid + "-" + slug + "@" + schools[0].BRIN, BRIN: schools[0].BRIN, Affiliations: []string{"employee"},
		ProposedRole: vios.RoleSchool, Name: "Medewerker " + slug}, []string{m.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("Entree request in %s: %v %v", slug, list, err)
	}
	return list[0].ID
}

// The beheerder's page of Entree requests: the municipality's beheerder
// alone; a request of another municipality is not found.
var entreeMatrix = map[string]rule{
	"GET /beheer/{gemeente}/entree":                  {allow: inOwn(vios.RoleBeheerder)},
	"POST /beheer/{gemeente}/entree/{id}/bevestigen": {allow: inOwn(vios.RoleBeheerder), record: "entree-aanvraag"},
	"POST /beheer/{gemeente}/entree/{id}/weigeren":   {allow: inOwn(vios.RoleBeheerder), record: "entree-weigeren"},
}

func init() {
	for key, r := range entreeMatrix {
		matrix[key] = r
	}
}
