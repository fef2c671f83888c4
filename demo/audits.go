package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// AuditStore is what LoadAudits needs.
type AuditStore interface {
	UserStore
	vios.SafetyPlanService
}

// demoFindings are the demo audit's findings that are not "in orde".
var demoFindings = map[string]vios.AuditFinding{
	"gebouw-3": {Finding: vios.FindingAttention, Note: "Bij de fietsenstalling is in de pauzes geen toezicht.",
		Advice: "Deel een pleinwacht in bij de fietsenstalling tijdens de pauzes."},
	"incidentregistratie-2": {Finding: vios.FindingMissing, Note: "De registratie wordt niet besproken.",
		Advice: "Bespreek de incidentregistratie elk kwartaal in het kernteam."},
	"samenwerking-3": {Finding: vios.FindingNA, Note: "Er was dit jaar geen ernstig incident."},
}

// LoadAudits gives Arnhem's demo school (Lindenhof, school@arnhem) a draft
// safety plan if it has none, and a completed safety audit by the OTSV
// whose advice about the bicycle shed became a measure of that plan
// (Rotterdam, whose audits these follow, has no demo accounts). It skips
// when Arnhem has an audit.
func LoadAudits(ctx context.Context, db AuditStore, audits vios.AuditService, now time.Time) error {
	system := vios.NewSystemContext(ctx, "demogegevens")
	m, err := db.FindMunicipalityBySlug(system, "arnhem")
	if err != nil {
		return err
	}
	if list, err := audits.ListAudits(system, m.ID); err != nil || len(list) > 0 {
		return err
	}
	school, _, err := db.FindCredentials(system, "school@arnhem.demo.example")
	if err != nil {
		return err
	}
	otsv, _, err := db.FindCredentials(system, "otsv@arnhem.demo.example")
	if err != nil {
		return err
	}
	schoolID := school.Memberships[0].OrganisationID
	if err := demoPlanOf(system, db, m.ID, schoolID, now); err != nil {
		return err
	}
	auditor := vios.NewContextWithActor(ctx, &vios.Actor{User: otsv})
	a := &vios.Audit{MunicipalityID: m.ID, SchoolID: schoolID, TemplateID: vios.DefaultAuditTemplateID, AuditOn: vios.Date(now).AddDate(0, 0, -14)}
	if err := audits.CreateAudit(auditor, a); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	var findings []vios.AuditFinding
	for _, it := range a.Items {
		f, ok := demoFindings[it.Key]
		if !ok {
			f = vios.AuditFinding{Finding: vios.FindingOK}
		}
		f.Key = it.Key
		findings = append(findings, f)
	}
	if err := audits.RecordAuditFindings(auditor, m.ID, a.ID, findings, "Een school die veiligheid serieus neemt; let op toezicht en op het gebruik van de incidentregistratie."); err != nil {
		return err
	}
	choices, err := audits.AuditOwners(auditor, m.ID, a.ID)
	if err != nil || len(choices.Owners) == 0 {
		return err
	}
	measure := &vios.ActionItem{OwnerUserID: choices.Owners[0].UserID, DueOn: vios.Date(now).AddDate(0, 1, 0)}
	if err := audits.FollowUpAudit(auditor, m.ID, a.ID, "gebouw-3", vios.FollowUpMeasure, measure); err != nil {
		return fmt.Errorf("maatregel: %w", err)
	}
	return audits.CompleteAudit(auditor, m.ID, a.ID)
}

// demoPlanOf starts a draft plan of the school when it has none.
func demoPlanOf(ctx context.Context, db AuditStore, municipalityID, schoolID string, now time.Time) error {
	plans, err := db.ListSafetyPlans(ctx, municipalityID)
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.OwnerOrgID == schoolID {
			return nil
		}
	}
	p := &vios.SafetyPlan{MunicipalityID: municipalityID, OwnerOrgID: schoolID, Title: "Veiligheidsplan Lindenhof", ReviewOn: vios.Date(now).AddDate(1, 0, 0)}
	return db.CreateSafetyPlan(ctx, p, "digitaal-veiligheidsplan", "")
}
