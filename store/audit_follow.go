package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// What advice of a safety audit becomes: an action item of the school's
// kernteam, or a measure of the school's current safety plan (itself an
// action item of the kernteam, linked to the plan). audit_follow_ups links
// them to the audit, so the audit shows them and the plan's measure names
// the audit it came from.

// readAuditFollowUps reads what the audit's advice became.
func (db *DB) readAuditFollowUps(ctx context.Context, q querier, municipalityID, auditID string) ([]vios.AuditFollowUp, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT f.item_key, f.kind, `+actionColumns+actionJoins+`
		JOIN audit_follow_ups f ON f.action_id = a.id WHERE f.municipality_id = ? AND f.audit_id = ? ORDER BY a.created_at, a.id`),
		municipalityID, auditID)
	return scanAll(rows, err, func(s scanner) (vios.AuditFollowUp, error) {
		var f vios.AuditFollowUp
		var err error
		f.Action, err = db.Networks.scanAction(prefixedRow{s, []any{&f.ItemKey, &f.Kind}})
		if f.Action != nil {
			f.PlanID, f.PlanTitle = f.Action.PlanID, f.Action.PlanTitle
		}
		return f, err
	})
}

// prefixedRow scans the first columns into prefix and the rest as the
// wrapped scanner's caller asks.
type prefixedRow struct {
	row    scanner
	prefix []any
}

func (p prefixedRow) Scan(dest ...any) error { return p.row.Scan(append(p.prefix, dest...)...) }

// currentPlanOf returns the id of the school's current safety plan: its
// draft if it has one, else its newest plan; "" when it has none.
func currentPlanOf(ctx context.Context, q querier, db *DB, municipalityID, schoolID string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, db.rebind(`SELECT id FROM safety_plans WHERE municipality_id = ? AND owner_org_id = ?
		ORDER BY CASE WHEN status = ? THEN 0 ELSE 1 END, updated_at DESC, id LIMIT 1`), municipalityID, schoolID, vios.PlanDraft).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, err
}

// kernteamOwners are the current members (and deputies) of the network
// who may own an action item.
func kernteamOwners(ctx context.Context, q querier, db *DB, networkID string, day time.Time) ([]vios.PlanMeasureOwner, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT DISTINCT m.user_id, u.name, o.name FROM network_members m
		JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
		WHERE m.network_id = ? AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) AND NOT u.disabled ORDER BY u.name, o.name`),
		networkID, day, day)
	return scanAll(rows, err, func(sc scanner) (vios.PlanMeasureOwner, error) {
		var o vios.PlanMeasureOwner
		return o, sc.Scan(&o.UserID, &o.Name, &o.OrganisationName)
	})
}

// AuditOwners returns the school's kernteam members and current plan, for
// the auditor turning advice into work.
func (db *SafetyAudits) AuditOwners(ctx context.Context, municipalityID, id string) (*vios.AuditFollowUpChoices, error) {
	out := &vios.AuditFollowUpChoices{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		a, err := db.readAudit(ctx, q, municipalityID, id)
		if err != nil {
			return err
		}
		if err := db.authorize(ctx, vios.ActionEditAudit, a.Resource(), "audit", a.ID); err != nil {
			return err
		}
		if out.PlanID, err = currentPlanOf(ctx, q, db.DB, municipalityID, a.SchoolID); err != nil {
			return err
		} else if out.PlanID != "" {
			if err := q.QueryRowContext(ctx, db.rebind(`SELECT title FROM safety_plans WHERE municipality_id = ? AND id = ?`),
				municipalityID, out.PlanID).Scan(&out.PlanTitle); err != nil {
				return err
			}
		}
		var networkID string
		if networkID, out.NetworkName, err = kernteamOf(ctx, q, db.DB, municipalityID, a.SchoolID); err != nil || networkID == "" {
			return err
		}
		out.Owners, err = kernteamOwners(ctx, q, db.DB, networkID, vios.Date(db.Now()))
		return err
	})
	return out, err
}

// FollowUpAudit turns advice of the audit into an action item or a
// measure of the school's current safety plan. It may follow a completed
// audit: advice is followed up after the report.
func (db *SafetyAudits) FollowUpAudit(ctx context.Context, municipalityID, id, key, kind string, action *vios.ActionItem) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, err := tx.auditFor(ctx, municipalityID, id, vios.ActionEditAudit)
		if err != nil {
			return err
		}
		if err := adviceOf(a, key, kind, action); err != nil {
			return err
		}
		planID := ""
		if kind == vios.FollowUpMeasure {
			if planID, err = tx.auditMeasure(ctx, a, action); err != nil {
				return err
			}
		} else if err := tx.auditAction(ctx, a, action); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO audit_follow_ups (action_id, municipality_id, audit_id, item_key, kind, plan_id) VALUES (?, ?, ?, ?, ?, ?)`,
			action.ID, municipalityID, a.ID, key, kind, planID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "audit-opvolging-" + kind, ObjectType: "audit", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}

// adviceOf checks that the item (key "" the audit) has advice and fills
// the action's title with it when none was given.
func adviceOf(a *vios.Audit, key, kind string, action *vios.ActionItem) error {
	const failed = "Het advies is niet opgevolgd."
	if kind != vios.FollowUpAction && kind != vios.FollowUpMeasure {
		return vios.Invalid("soort", "Kies een actiepunt of een maatregel in het veiligheidsplan.", failed)
	}
	advice := a.Advice
	if key != "" {
		it := a.Item(key)
		if it == nil {
			return vios.Invalid("punt", "Dit punt staat niet in het sjabloon van deze audit.", failed)
		}
		advice = it.Advice
	}
	if advice == "" {
		return vios.Invalid("advies", "Bij dit punt staat geen advies om op te volgen.", failed)
	}
	if action.Title == "" {
		action.Title = shortTitle(advice)
	}
	return nil
}

// shortTitle is the advice cut to what an action's title holds.
func shortTitle(advice string) string {
	r := []rune(advice)
	if len(r) > 200 {
		return string(r[:199]) + "…"
	}
	return advice
}

// auditMeasure adds the action as a measure of the school's current plan;
// the auditor may, as the audit authorizes it (not the plan's writers).
func (tx *Tx) auditMeasure(ctx context.Context, a *vios.Audit, action *vios.ActionItem) (string, error) {
	planID, err := currentPlanOf(ctx, tx, tx.db, a.MunicipalityID, a.SchoolID)
	if err != nil {
		return "", err
	} else if planID == "" {
		return "", vios.Errorf(vios.ECONFLICT, "%s heeft nog geen veiligheidsplan: een maatregel komt in het plan van de school. Maak het advies een actiepunt, of vraag de school eerst een plan te beginnen.", a.SchoolName)
	}
	p, err := tx.lockPlan(ctx, a.MunicipalityID, planID)
	if err != nil {
		return "", err
	}
	return p.ID, tx.addPlanMeasure(ctx, p, action)
}

// auditAction adds the action to the school's kernteam.
func (tx *Tx) auditAction(ctx context.Context, a *vios.Audit, action *vios.ActionItem) error {
	return tx.kernteamAction(ctx, a.MunicipalityID, a.SchoolID, a.SchoolName, "een actiepunt", action)
}

// measureAudits are the audits the plan's measures came from, by action id.
func measureAudits(ctx context.Context, q querier, db *DB, municipalityID, planID string) (map[string]vios.PlanMeasureAudit, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT f.action_id, f.audit_id, au.audit_on FROM audit_follow_ups f
		JOIN audits au ON au.id = f.audit_id WHERE f.municipality_id = ? AND f.plan_id = ?`), municipalityID, planID)
	type source struct {
		actionID string
		vios.PlanMeasureAudit
	}
	list, err := scanAll(rows, err, func(s scanner) (source, error) {
		var src source
		err := s.Scan(&src.actionID, &src.AuditID, &src.AuditOn)
		src.AuditOn = vios.Date(src.AuditOn)
		return src, err
	})
	out := map[string]vios.PlanMeasureAudit{}
	for _, src := range list {
		out[src.actionID] = src.PlanMeasureAudit
	}
	return out, err
}
