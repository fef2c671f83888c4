package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// auditRecords gives Arnhem and Den Haag each an audit of their demo
// school (the school account's own) by their OTSV, and an own template.
func (f *fixture) auditRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		school, _, _ := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		otsv, _, _ := f.db.Accounts.FindCredentials(ctx, "otsv@"+slug+".demo.example")
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: otsv})
		a := &vios.Audit{MunicipalityID: m.ID, SchoolID: school.Memberships[0].OrganisationID, TemplateID: vios.DefaultAuditTemplateID,
			AuditOn: vios.Date(f.db.Now())}
		if err := f.db.SafetyAudits.CreateAudit(as, a); err != nil {
			t.Fatal(err)
		}
		f.setRecord("audit", own, a.ID)
		tmpl := vios.DefaultAuditTemplate()
		tmpl.ID, tmpl.MunicipalityID, tmpl.Name = "", m.ID, "Eigen lijst "+slug
		if err := f.db.SafetyAudits.SaveAuditTemplate(as, tmpl); err != nil {
			t.Fatal(err)
		}
		f.setRecord("auditsjabloon", own, tmpl.ID)
	}
}

var (
	// auditReaders: the auditors and the audited school's accounts.
	auditReaders = inOwn(vios.RoleRegisseur, vios.RoleOTSV, vios.RoleSchool)
	// auditors hold audits; auditTemplateWriters also the beheerder.
	auditors             = inOwn(vios.RoleRegisseur, vios.RoleOTSV)
	auditTemplateWriters = inOwn(vios.RoleRegisseur, vios.RoleBeheerder, vios.RoleOTSV)
)

// The safety audits' rules, read together (docs/ACCESS.md, footnote ¹⁴).
var auditMatrix = map[string]rule{
	"GET /veiligheidsaudits/{gemeente}":                   {allow: auditReaders},
	"POST /veiligheidsaudits/{gemeente}/nieuw":            {allow: auditors},
	"GET /veiligheidsaudits/{gemeente}/{id}":              {allow: auditReaders, record: "audit"},
	"POST /veiligheidsaudits/{gemeente}/{id}/bevindingen": {allow: auditors, record: "audit"},
	"POST /veiligheidsaudits/{gemeente}/{id}/afronden":    {allow: auditors, record: "audit"},
	"POST /veiligheidsaudits/{gemeente}/{id}/opvolging":   {allow: auditors, record: "audit"},
	"POST /veiligheidsaudits/{gemeente}/{id}/reacties":    {allow: inOwn(vios.RoleSchool), record: "audit"},
	"GET /veiligheidsaudits/{gemeente}/{id}/rapport":      {allow: auditReaders, record: "audit"},
	"GET /veiligheidsaudits/{gemeente}/{id}/rapport.pdf":  {allow: auditReaders, record: "audit"},
	"GET /veiligheidsaudit-sjablonen/{gemeente}":          {allow: auditTemplateWriters},
	"POST /veiligheidsaudit-sjablonen/{gemeente}":         {allow: auditTemplateWriters},
	"GET /veiligheidsaudit-sjablonen/{gemeente}/{id}":     {allow: auditTemplateWriters, record: "auditsjabloon"},
	"POST /veiligheidsaudit-sjablonen/{gemeente}/{id}":    {allow: auditTemplateWriters, record: "auditsjabloon"},
	"GET /api/v1/audits":                                  {allow: loggedIn, token: true},
	"POST /api/v1/audits":                                 {allow: auditors, token: true},
	"GET /api/v1/audits/{id}":                             {allow: auditReaders, record: "audit", token: true},
	"PUT /api/v1/audits/{id}/bevindingen":                 {allow: auditors, record: "audit", token: true},
	"POST /api/v1/audits/{id}/_afronden":                  {allow: auditors, record: "audit", token: true},
}

func init() {
	for key, r := range auditMatrix {
		matrix[key] = r
	}
}
