package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// protocolRecords gives each municipality the demo school's protocol for
// "wapens" and a signal of that school which asked to evaluate it.
func (f *fixture) protocolRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		school, _, _ := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		schoolID := school.Memberships[0].OrganisationID
		f.setRecord("schoolvaneisen", own, schoolID)
		p := &vios.IncidentProtocol{MunicipalityID: m.ID, SchoolID: schoolID, Phenomenon: "wapens",
			Steps: []vios.IncidentStep{{Who: "Teamleider", Action: "Bel de wijkagent", Call: vios.CallWijkagent}}}
		if err := f.db.Protocols.SaveProtocol(vios.NewSystemContext(ctx, "testopzet"), p); err != nil {
			t.Fatal(err)
		}
		f.setRecord("incidentprotocol", own, p.ID)
		signal := &vios.Signal{MunicipalityID: m.ID, NetworkID: f.records["netwerk"][own], OccurredOn: f.db.Now(), Phenomenon: "wapens",
			Level: vios.LevelSchool, SchoolIDs: []string{schoolID}, Description: "Wapen op school"}
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
		if _, err := f.db.Casework.CreateSignal(as, signal); err != nil {
			t.Fatal(err)
		}
		open, err := f.db.Protocols.OpenEvaluations(as, m.ID)
		if err != nil || len(open) != 1 {
			t.Fatalf("evaluation request in %s: %v %v", slug, open, err)
		}
		f.setRecord("protocolevaluatie", own, open[0].ID)
	}
}
