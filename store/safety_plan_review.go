package store

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

// Review dates of a plan and its sections (plan-do-check-act): set by who
// writes the plan, also on an approved plan (a date changes no text).

// SetPlanReviewDates sets the plan's review date and each section's; a
// section missing from sections has none.
func (db *SafetyPlans) SetPlanReviewDates(ctx context.Context, municipalityID, planID string, reviewOn time.Time, sections map[string]time.Time) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.planFor(ctx, municipalityID, planID, vios.ActionEditSafetyPlan)
		if err != nil {
			return err
		}
		if reviewOn.IsZero() {
			return vios.Invalid("herzienOp", "Kies de datum waarop het plan wordt herzien.", "De herzieningsdata zijn niet opgeslagen.")
		}
		for id := range sections {
			if p.Section(id) == nil {
				return vios.Invalid("onderdeel", "Kies een onderdeel van dit plan.", "De herzieningsdata zijn niet opgeslagen.")
			}
		}
		if err := tx.exec(ctx, `UPDATE safety_plans SET review_on = ?, updated_at = ? WHERE id = ?`, vios.Date(reviewOn), tx.now, p.ID); err != nil {
			return err
		}
		for _, s := range p.Sections {
			var on any
			if d, ok := sections[s.ID]; ok && !d.IsZero() {
				on = vios.Date(d)
			}
			if err := tx.exec(ctx, `UPDATE safety_plan_sections SET review_on = ? WHERE id = ?`, on, s.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "veiligheidsplan-herzieningsdata", ObjectType: "veiligheidsplan", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// remindSections tells the owning school's accounts once per date that a
// section's review date passed; content-free (no title, no text).
func (tx *Tx) remindSections(ctx context.Context, municipalityID string) (int, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT s.id, s.plan_id, p.owner_org_id, mu.slug, s.review_on FROM safety_plan_sections s
		JOIN safety_plans p ON p.id = s.plan_id JOIN municipalities mu ON mu.id = p.municipality_id
		WHERE s.municipality_id = ? AND s.review_on < ? AND (s.overdue_reminded_for IS NULL OR s.overdue_reminded_for <> s.review_on)
		ORDER BY s.review_on, s.id`), municipalityID, vios.Date(tx.now))
	type due struct {
		id, plan, owner, slug string
		review                time.Time
	}
	list, err := scanAll(rows, err, func(sc scanner) (due, error) {
		var d due
		return d, sc.Scan(&d.id, &d.plan, &d.owner, &d.slug, &d.review)
	})
	if err != nil {
		return 0, err
	}
	count := 0
	for _, d := range list {
		review := vios.Date(d.review)
		claimed, err := tx.claim(ctx, `UPDATE safety_plan_sections SET overdue_reminded_for = ? WHERE id = ? AND (overdue_reminded_for IS NULL OR overdue_reminded_for <> ?)`,
			review, d.id, review)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		to, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.municipality_id = ? AND m.organisation_id = ? AND m.role = 'school' AND NOT u.disabled ORDER BY u.email`), municipalityID, d.owner))
		if err != nil {
			return 0, err
		}
		mail := tx.db.Logs.site().SafetyPlanSectionOverdue(d.slug, d.plan, review)
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
		}
		if err := tx.audit(ctx, Audit{Action: "veiligheidsplan-herinnering", ObjectType: "veiligheidsplan", ObjectID: d.plan, MunicipalityID: municipalityID}); err != nil {
			return 0, err
		}
		count++
	}
	return count, nil
}
