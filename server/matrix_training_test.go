package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// trainingRecords gives Arnhem and Den Haag each an entry in the training
// catalogue: everyone logged in reads both.
func (f *fixture) trainingRecords(t *testing.T) {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	for _, slug := range []string{"arnhem", "den-haag"} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		tr := &vios.Training{MunicipalityID: m.ID, Kind: "workshop", Title: "Workshop van " + m.Name, Provider: "Aanbieder",
			Themes: []string{"vapes"}}
		if err := f.db.Trainings.CreateTraining(ctx, tr); err != nil {
			t.Fatal(err)
		}
		f.setRecord("training", slug == "arnhem", tr.ID)
	}
}

// trainingWriter: the landelijk role writes for the platform, a
// municipality's regisseur, beheerder and OTSV for their own.
func trainingWriter(c matrixCase) bool {
	return c.role == vios.RoleLandelijk || c.role == vios.RoleRegisseur || c.role == vios.RoleBeheerder || c.role == vios.RoleOTSV
}

// The trainings: the catalogue and its results for every logged-in
// account, sessions for the municipality's regisseur and OTSV and its
// school accounts, the questionnaire for whoever holds a live one-time link
// (the fixture's links are not, so nobody).
var trainingMatrix = map[string]rule{
	"GET /trainingen":                   {allow: loggedIn},
	"GET /trainingen/nieuw":             {allow: trainingWriter},
	"POST /trainingen/nieuw":            {allow: trainingWriter},
	"GET /trainingen/{id}":              {allow: loggedIn, record: "training"},
	"GET /trainingssessies/{gemeente}":  {allow: inOwn(vios.RoleRegisseur, vios.RoleOTSV, vios.RoleSchool)},
	"POST /trainingssessies/{gemeente}": {allow: inOwn(vios.RoleRegisseur, vios.RoleOTSV, vios.RoleSchool)},
	"GET /evaluatie/{token}":            {allow: nobody, pending: true, record: "link"},
	"POST /evaluatie/{token}":           {allow: nobody, pending: true, record: "link"},
	"GET /api/v1/trainingen":            {allow: loggedIn, token: true},
	"GET /api/v1/trainingen/{id}":       {allow: loggedIn, record: "training", token: true},
	"POST /api/v1/trainingen":           {allow: trainingWriter, token: true},
}

func init() {
	for key, r := range trainingMatrix {
		matrix[key] = r
	}
}
