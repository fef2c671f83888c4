package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// A party's answer to the recording of its signature: only a user of the
// party (the fixture's school account for the school), never the regisseur
// who recorded it, another party's user or anyone of another municipality.
// Each case gets a fresh covenant whose school signature waits, so that an
// allowed case confirming it leaves the next case the same record.
var signatureMatrix = map[string]rule{
	"GET /convenanten/{gemeente}/{id}/partijen/{partij}/bevestigen":  {allow: inOwn(vios.RoleSchool), record: "ondertekening"},
	"POST /convenanten/{gemeente}/{id}/partijen/{partij}/bevestigen": {allow: inOwn(vios.RoleSchool), record: "ondertekening"},
	"POST /convenanten/{gemeente}/{id}/partijen/{partij}/weigeren":   {allow: inOwn(vios.RoleSchool), record: "ondertekening"},
	"POST /api/v1/convenanten/{id}/partijen/{partij}/_bevestigen":    {allow: inOwn(vios.RoleSchool), record: "ondertekening", token: true},
	"POST /api/v1/convenanten/{id}/partijen/{partij}/_weigeren":      {allow: inOwn(vios.RoleSchool), record: "ondertekening", token: true},
}

func init() {
	for key, r := range signatureMatrix {
		matrix[key] = r
	}
}

// freshSignature returns, for the wildcard {id}, a new covenant of Arnhem
// (arnhem) or Den Haag whose school signature the regisseur recorded and
// the police's is invited; for {partij}, the school's party of the covenant
// made last.
func (f *fixture) freshSignature(t *testing.T, arnhem bool, wildcard string) string {
	t.Helper()
	if wildcard == "partij" {
		return f.records["ondertekening-partij"][arnhem]
	}
	ctx := context.Background()
	slug := map[bool]string{true: "arnhem", false: "den-haag"}[arnhem]
	m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
	school := mustUser(t, f, "school@"+slug+".demo.example")
	police := mustUser(t, f, "partner@"+slug+".demo.example")
	signed := vios.Date(f.db.Now())
	c := vios.FindCovenantTemplate("delft").Fill(m.ID, f.db.Now())
	c.Parties = []vios.CovenantParty{
		{OrganisationID: school.Memberships[0].OrganisationID, Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &signed},
		{OrganisationID: police.Memberships[0].OrganisationID, Signatories: "Teamchef", Status: vios.PartyInvited},
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, "regisseur@"+slug+".demo.example")})
	if err := f.db.Covenants.CreateCovenant(as, c); err != nil {
		t.Fatal(err)
	}
	f.setRecord("ondertekening-partij", arnhem, c.Parties[0].ID)
	return c.ID
}
