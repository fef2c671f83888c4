package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

// failingProtocols fails every read, like a database that is down.
type failingProtocols struct{ vios.ProtocolService }

func (failingProtocols) ListProtocols(context.Context, string, string) ([]*vios.IncidentProtocol, error) {
	return nil, errDown
}
func (failingProtocols) FindProtocol(context.Context, string, string) (*vios.IncidentProtocol, error) {
	return nil, errDown
}
func (failingProtocols) Checklist(context.Context, string, string) (*vios.LegalChecklist, error) {
	return nil, errDown
}

// protocolGETRequests: the school's protocol for weapons and its legal
// checklist, read by the regisseur; another school sees neither.
func protocolGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCovFixture(t)
	p := &vios.IncidentProtocol{MunicipalityID: f.arnhem.ID, SchoolID: f.orgs["school"], Phenomenon: "wapens",
		Steps: []vios.IncidentStep{{Who: "Teamleider", Action: "Bel de wijkagent.", Call: vios.CallWijkagent}}}
	if err := f.db.Protocols.SaveProtocol(f.as("school"), p); err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.Protocols = failingProtocols{f.db.Protocols}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Records: f.db, Now: f.db.Time}, "andere-school")
	g.targets("/api/v1/incidentprotocollen", "/api/v1/incidentprotocollen/"+p.ID, "/api/v1/scholen/"+f.orgs["school"]+"/wettelijke-eisen")
	// The police reads the school's protocol (it sits in the school's
	// networks) but not its checklist.
	g.add(withBearer(f.api, f.token(t, "school", "lezen")), "/api/v1/incidentprotocollen/"+p.ID, http.StatusOK)
	g.add(withBearer(f.api, f.token(t, "partner", "lezen")), "/api/v1/scholen/"+f.orgs["school"]+"/wettelijke-eisen", http.StatusNotFound)
	return g.list
}
