package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// Follow-through without chasing: a review question the owner leaves
// unanswered goes on to the chair and then the regisseur, and a referral
// waiting beyond its table's threshold warns the case owner and the
// regisseur. Both run in the reminders job (RemindCases); each step is
// recorded in the case or referral, so it is taken once, with an audit
// entry, in the transaction that queues its mails.

// escalateReviews takes the next step for every open case whose owner was
// asked for news and has not written a note since: ReviewEscalateDays past
// the review day to the chair of the case's network (when it has none,
// straight to the regisseur), twice as many days past it to the regisseur.
// A note moves the review day on, which ends the escalation.
func (tx *Tx) escalateReviews(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	today := vios.Date(tx.now)
	type waiting struct {
		dueCase
		networkID string
		step      int
		reviewOn  time.Time
	}
	after, args := c.after.where("c.next_review_on", "c.id")
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT c.id, c.municipality_id, mu.slug, c.code, c.network_id, c.review_step, c.next_review_on
		FROM cases c JOIN municipalities mu ON mu.id = c.municipality_id
		WHERE c.status = ? AND c.municipality_id = ? AND c.review_step IN (?, ?)
			AND c.reviewed_asked_on IS NOT NULL AND c.reviewed_asked_on >= c.next_review_on AND c.next_review_on <= ?`+after+`
		ORDER BY c.next_review_on, c.id LIMIT ?`), append(append([]any{vios.CaseOpen, municipalityID, vios.ReviewStepOwner, vios.ReviewStepChair,
		today.AddDate(0, 0, -vios.ReviewEscalateDays)}, args...), jobChunk)...)
	list, err := scanAll(rows, err, func(sc scanner) (waiting, error) {
		var w waiting
		return w, sc.Scan(&w.id, &w.municipalityID, &w.slug, &w.code, &w.networkID, &w.step, &w.reviewOn)
	})
	if err != nil {
		return 0, fmt.Errorf("find reviews to escalate: %w", err)
	}
	mails := 0
	for _, w := range list {
		c.saw(w.reviewOn, w.id)
		step, to := w.step+1, []string(nil)
		if step == vios.ReviewStepChair {
			if to, err = tx.chairAddresses(ctx, w.networkID, today); err != nil {
				return 0, err
			}
			if len(to) == 0 {
				step = vios.ReviewStepRegisseur
			}
		}
		if step == vios.ReviewStepRegisseur {
			if vios.Date(w.reviewOn).AddDate(0, 0, 2*vios.ReviewEscalateDays).After(today) && w.step == vios.ReviewStepChair {
				continue // the chair has their week too
			}
			if to, err = tx.roleAddresses(ctx, w.municipalityID, vios.RoleRegisseur); err != nil {
				return 0, err
			}
		}
		// Taking the step claims it: another instance finds the case a
		// step further and leaves it.
		claimed, err := tx.claim(ctx, `UPDATE cases SET review_step = ? WHERE id = ? AND review_step = ?`, step, w.id, w.step)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		mail := tx.db.Logs.site().CaseReviewEscalated(w.slug, w.id, w.code, step == vios.ReviewStepRegisseur, today.Sub(vios.Date(w.reviewOn)))
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
			mails++
		}
		action := "casus-evaluatie-voorzitter"
		if step == vios.ReviewStepRegisseur {
			action = "casus-evaluatie-regisseur"
		}
		c.audits = append(c.audits, Audit{Action: action, ObjectType: "casus", ObjectID: w.id, MunicipalityID: w.municipalityID})
	}
	return mails, nil
}

// warnAboutWaits warns the case owner and the regisseurs, once per
// referral, about a pupil on a table's waiting list for longer than the
// threshold the regisseur set for that table.
func (tx *Tx) warnAboutWaits(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	today := vios.Date(tx.now)
	type wait struct {
		dueCase
		referralID, table string
		since             time.Time
		weeks             int
	}
	after, args := c.after.where("r.waiting_since", "r.id")
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT c.id, c.municipality_id, mu.slug, c.code, CASE WHEN u.disabled THEN '' ELSE u.email END, r.id, r.table_code, r.waiting_since, t.weeks
		FROM referrals r JOIN cases c ON c.id = r.case_id JOIN municipalities mu ON mu.id = c.municipality_id
		JOIN users u ON u.id = c.owner_user_id
		JOIN referral_thresholds t ON t.municipality_id = r.municipality_id AND t.table_code = r.table_code
		WHERE r.municipality_id = ? AND c.status = ? AND r.status = ? AND r.waiting_since IS NOT NULL AND r.wait_warned_at IS NULL`+after+`
		ORDER BY r.waiting_since, r.id LIMIT ?`), append(append([]any{municipalityID, vios.CaseOpen, vios.ReferralWaiting}, args...), jobChunk)...)
	list, err := scanAll(rows, err, func(sc scanner) (wait, error) {
		var w wait
		return w, sc.Scan(&w.id, &w.municipalityID, &w.slug, &w.code, &w.email, &w.referralID, &w.table, &w.since, &w.weeks)
	})
	if err != nil {
		return 0, fmt.Errorf("find referrals waiting long: %w", err)
	}
	var regisseurs []string
	mails := 0
	for _, w := range list {
		c.saw(w.since, w.referralID)
		if day(w.since).AddDate(0, 0, 7*w.weeks).After(today) {
			continue
		}
		claimed, err := tx.claim(ctx, `UPDATE referrals SET wait_warned_at = ? WHERE id = ? AND wait_warned_at IS NULL`,
			tx.now.UTC().Truncate(time.Microsecond), w.referralID)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		if regisseurs == nil {
			if regisseurs, err = tx.roleAddresses(ctx, municipalityID, vios.RoleRegisseur); err != nil {
				return 0, err
			}
		}
		r := vios.Referral{Status: vios.ReferralWaiting, WaitingSince: &w.since}
		mail := tx.db.Logs.site().ReferralWaiting(w.slug, w.id, w.code, vios.ReferralTableLabel(w.table), r.WaitingText(today))
		to := append([]string{w.email}, regisseurs...)
		// A blocked owner gets nothing; the regisseurs are still warned.
		for i, addr := range to {
			if addr == "" || (i > 0 && addr == w.email) {
				continue
			}
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
			mails++
		}
		c.audits = append(c.audits, Audit{Action: "verwijzing-wachttijd-waarschuwing", ObjectType: "verwijzing", ObjectID: w.referralID,
			MunicipalityID: w.municipalityID})
	}
	return mails, nil
}

// ReferralThresholds returns every table with the municipality's waiting
// threshold for it (0: none), in the order of vios.ReferralTables.
func (db *Casework) ReferralThresholds(ctx context.Context, municipalityID string) ([]vios.ReferralThreshold, error) {
	if err := db.authorize(ctx, vios.ActionCreateNetwork, vios.Resource{MunicipalityID: municipalityID}, "wachtdrempel", ""); err != nil {
		return nil, err
	}
	weeks := map[string]int{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT table_code, weeks FROM referral_thresholds WHERE municipality_id = ?`), municipalityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var table string
			var n int
			if err := rows.Scan(&table, &n); err != nil {
				return err
			}
			weeks[table] = n
		}
		return rows.Err()
	})
	list := make([]vios.ReferralThreshold, len(vios.ReferralTables))
	for i, t := range vios.ReferralTables {
		list[i] = vios.ReferralThreshold{Table: t.Code, Label: t.Label, Weeks: weeks[t.Code]}
	}
	return list, err
}

// SetReferralThresholds replaces the municipality's thresholds: the
// regisseur's work, audited; a table with 0 weeks has none.
func (db *Casework) SetReferralThresholds(ctx context.Context, municipalityID string, list []vios.ReferralThreshold) error {
	if err := vios.ValidateThresholds(list); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionCreateNetwork, vios.Resource{MunicipalityID: municipalityID}, "wachtdrempel", ""); err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM referral_thresholds WHERE municipality_id = ?`, municipalityID); err != nil {
			return err
		}
		for _, t := range list {
			if t.Weeks == 0 {
				continue
			}
			if err := tx.exec(ctx, `INSERT INTO referral_thresholds (municipality_id, table_code, weeks, updated_at) VALUES (?, ?, ?, ?)`,
				municipalityID, t.Table, t.Weeks, tx.now); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "wachtdrempels-gewijzigd", ObjectType: "wachtdrempel", MunicipalityID: municipalityID})
	})
}
