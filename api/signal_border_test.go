package api_test

import (
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

// A pupil who goes to school in another municipality: the signal takes the
// other municipality's school as the pupil's school, and shows it; a bad
// field beside it names only that field; an id that is no school is a 400
// on the pupil's school, and the signal's own schools stay the own
// municipality's.
func TestCreateSignalPupilAtSchoolAcrossTheBorder(t *testing.T) {
	f := newCaseworkFixture(t)
	hague, err := f.db.Organisations.FindMunicipalityBySlug(t.Context(), "den-haag")
	if err != nil {
		t.Fatal(err)
	}
	schools, _ := f.db.Organisations.ListOrganisations(t.Context(), vios.OrganisationFilter{MunicipalityID: hague.ID, Kind: vios.OrgSchool})
	partners, _ := f.db.Organisations.ListOrganisations(t.Context(), vios.OrganisationFilter{MunicipalityID: hague.ID, Kind: vios.OrgPartner})
	elsewhere := schools[0]
	pupil := func(b map[string]any) map[string]any { return b["leerlingen"].([]map[string]any)[0] }

	b := f.signalBody()
	pupil(b)["school"] = elsewhere.ID
	res := f.send(t, f.handler["school"], "POST", "/api/v1/signalen", b)
	want(t, res, http.StatusCreated)
	if s := decode[signaal](t, res); len(s.Leerlingen) != 1 || s.Leerlingen[0].School != elsewhere.ID || s.Leerlingen[0].SchoolNaam != elsewhere.Name {
		t.Errorf("the pupil's school across the border: %+v", s.Leerlingen)
	}

	for _, c := range []struct {
		name   string
		change func(b map[string]any)
		params []string
	}{
		{"a bad date beside it", func(b map[string]any) { pupil(b)["school"] = elsewhere.ID; b["datum"] = "morgen" }, []string{"datum"}},
		{"no school", func(b map[string]any) { pupil(b)["school"] = partners[0].ID }, []string{"leerlingen[0].school"}},
		{"the signal's school elsewhere", func(b map[string]any) { b["scholen"] = []string{elsewhere.ID} }, []string{"scholen[0]"}},
	} {
		b := f.signalBody()
		c.change(b)
		res := f.send(t, f.handler["school"], "POST", "/api/v1/signalen", b)
		decodeProblem(t, res, http.StatusBadRequest, "/api/v1/signalen").wantParams(t, c.params...)
	}
}
