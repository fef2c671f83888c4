package api_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

type failingAudits struct{ *store.SafetyAudits }

func (failingAudits) ListAudits(context.Context, string) ([]*vios.Audit, error) { return nil, errDown }
func (failingAudits) FindAudit(context.Context, string, string) (*vios.Audit, error) {
	return nil, errDown
}

// newAPIAudit starts an audit of Arnhem's demo school by the regisseur.
func newAPIAudit(t *testing.T, f *netFixture) *vios.Audit {
	t.Helper()
	a := &vios.Audit{MunicipalityID: f.arnhem.ID, SchoolID: f.orgs["school"], TemplateID: vios.DefaultAuditTemplateID, AuditOn: vios.Date(f.db.Now())}
	if err := f.db.SafetyAudits.CreateAudit(f.as("regisseur"), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// auditGETRequests meets every documented answer of the audit reads: the
// regisseur reads, the partner is the outsider.
func auditGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	a := newAPIAudit(t, f)
	services := f.db.Services()
	services.Audits = failingAudits{f.db.SafetyAudits}
	g := newGetMatrix(t, f, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "partner")
	g.targets("/api/v1/audits", "/api/v1/audits/"+a.ID)
	return g.list
}
