package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// ReviewNotice is how long before a safety plan's review date the school
// is told.
const ReviewNotice = 30 * 24 * time.Hour

// RemindSafetyPlans makes the plan-do-check-act cycle happen: the owning
// school's accounts are told once when a plan's review date is within a
// month, the municipality's coordinators once when it has passed, and the
// school once when a section's own review date has passed. Each reminder
// goes once per review date. It returns how many it sent.
func (db *SafetyPlans) RemindSafetyPlans(ctx context.Context) (int, error) {
	count := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
			rows, err := tx.QueryContext(ctx, db.rebind(`SELECT p.id, p.owner_org_id, mu.slug, p.review_on, p.review_reminded_for, p.overdue_reminded_for
				FROM safety_plans p JOIN municipalities mu ON mu.id = p.municipality_id WHERE p.municipality_id = ? AND p.review_on <= ?
				ORDER BY p.review_on, p.id`), municipalityID, vios.Date(tx.now.Add(ReviewNotice)))
			type due struct {
				id, owner, slug string
				review          time.Time
				told, overdue   sql.NullTime
			}
			list, err := scanAll(rows, err, func(sc scanner) (due, error) {
				var d due
				return d, sc.Scan(&d.id, &d.owner, &d.slug, &d.review, &d.told, &d.overdue)
			})
			if err != nil {
				return err
			}
			today := vios.Date(tx.now)
			for _, d := range list {
				review := vios.Date(d.review)
				if !d.told.Valid || !vios.Date(d.told.Time).Equal(review) {
					to, err := scanStrings(tx.QueryContext(ctx, db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
						WHERE m.municipality_id = ? AND m.organisation_id = ? AND m.role = 'school' AND NOT u.disabled ORDER BY u.email`), municipalityID, d.owner))
					if err != nil {
						return err
					}
					n, err := tx.remindPlan(ctx, d.id, municipalityID, "review_reminded_for", review, to, db.Logs.site().SafetyPlanReview(d.slug, d.id, review))
					if err != nil {
						return err
					}
					count += n
				}
				if review.Before(today) && (!d.overdue.Valid || !vios.Date(d.overdue.Time).Equal(review)) {
					to, err := tx.roleAddresses(ctx, municipalityID, vios.RoleCoordinator)
					if err != nil {
						return err
					}
					n, err := tx.remindPlan(ctx, d.id, municipalityID, "overdue_reminded_for", review, to, db.Logs.site().SafetyPlanOverdue(d.slug, d.id, review))
					if err != nil {
						return err
					}
					count += n
				}
			}
			n, err := tx.remindSections(ctx, municipalityID)
			count += n
			return err
		})
	})
	return count, err
}

// remindPlan claims the reminder for the review date and queues the mail
// to every address; 0 when another pass claimed it first.
func (tx *Tx) remindPlan(ctx context.Context, id, municipalityID, column string, review time.Time, to []string, m notify.Mail) (int, error) {
	claimed, err := tx.claim(ctx, `UPDATE safety_plans SET `+column+` = ? WHERE id = ? AND (`+column+` IS NULL OR `+column+` <> ?)`, review, id, review)
	if err != nil || !claimed {
		return 0, err
	}
	for _, addr := range to {
		if err := queueMail(ctx, tx, addr, m.Subject, m.Body); err != nil {
			return 0, err
		}
	}
	return 1, tx.audit(ctx, Audit{Action: "veiligheidsplan-herinnering", ObjectType: "veiligheidsplan", ObjectID: id, MunicipalityID: municipalityID})
}
