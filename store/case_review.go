package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// RemindCases keeps pupils from disappearing from view. It asks the owner
// of every open case whose review day has come what happened since (once
// per review day: a note moves the day on); when the owner leaves the
// question unanswered it goes on to the chair and then to the regisseur
// (escalateReviews); it warns of referrals waiting beyond their table's
// threshold (warnAboutWaits), and warns the regisseurs of
// the municipality about a case whose route worries (vios.RouteWarning:
// referred to several tables without acceptance, or sent back) — again
// only after the route changed. The mails carry the case's code and a
// link, never content. It returns the number of mails queued.
func (db *Casework) RemindCases(ctx context.Context) (int, error) {
	count := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		for _, step := range []func(*Tx, context.Context, string, *chunk) (int, error){
			(*Tx).askForReviews, (*Tx).escalateReviews, (*Tx).warnAboutWaits, (*Tx).warnAboutRoutes,
		} {
			err := db.inJobChunks(ctx, municipalityID, func(tx *Tx, c *chunk) error {
				n, err := step(tx, ctx, municipalityID, c)
				count += n
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return count, err
}

// dueCase is a case a reminder is about.
type dueCase struct {
	id, municipalityID, slug, code, email string
	at                                    time.Time // where the job's walk is
}

// dueForReview is when the owner of an open case is to be asked.
const dueForReview = `c.status = ? AND c.next_review_on <= ? AND (c.reviewed_asked_on IS NULL OR c.reviewed_asked_on < c.next_review_on)`

func (tx *Tx) askForReviews(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	today := vios.Date(tx.now)
	after, args := c.after.where("c.next_review_on", "c.id")
	// A blocked owner is not mailed, but the case is marked as asked, so
	// the review still escalates to the chair and the regisseur.
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT c.id, c.municipality_id, mu.slug, c.code, CASE WHEN u.disabled THEN '' ELSE u.email END, c.next_review_on
		FROM cases c JOIN users u ON u.id = c.owner_user_id JOIN municipalities mu ON mu.id = c.municipality_id
		WHERE `+dueForReview+` AND c.municipality_id = ?`+after+`
		ORDER BY c.next_review_on, c.id LIMIT ?`), append(append([]any{vios.CaseOpen, today, municipalityID}, args...), jobChunk)...)
	due, err := scanAll(rows, err, func(sc scanner) (dueCase, error) {
		var d dueCase
		return d, sc.Scan(&d.id, &d.municipalityID, &d.slug, &d.code, &d.email, &d.at)
	})
	if err != nil {
		return 0, fmt.Errorf("find cases due for review: %w", err)
	}
	ids := make([]string, len(due))
	for i, d := range due {
		c.saw(d.at, d.id)
		ids[i] = d.id
	}
	// The condition sits in a CASE so that no planner walks an index of
	// all due cases for it: the ids find the rows.
	claimed, err := tx.claimAll(ctx, `UPDATE cases SET reviewed_asked_on = ?, review_step = 1 WHERE (CASE WHEN `+
		strings.ReplaceAll(dueForReview, "c.", "")+` THEN 1 ELSE 0 END) = 1 AND id IN (?list) RETURNING id`, ids, today, vios.CaseOpen, today)
	if err != nil {
		return 0, err
	}
	var notices []notice
	for _, d := range due {
		if !claimed[d.id] {
			continue
		}
		if d.email != "" {
			notices = append(notices, notice{d.email, tx.db.Logs.site().CaseReview(d.slug, d.id, d.code), notify.CaseReviewPush(d.slug, d.id)})
		}
		c.audits = append(c.audits, Audit{Action: "casus-evaluatie-gevraagd", ObjectType: "casus", ObjectID: d.id, MunicipalityID: d.municipalityID})
	}
	return len(notices), tx.notifyAll(ctx, notices)
}

// routeChanged is when the route of an open case is to be judged: a
// referral changed since it was last judged.
const routeChanged = `EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND (c.route_warned_at IS NULL OR r.updated_at > c.route_warned_at))`

// warnAboutRoutes judges the route of every open case whose referrals
// changed since it was last judged. route_warned_at records that moment,
// warning or not, so an unchanged route is neither judged nor warned about
// again; any change to a referral makes it judged anew.
func (tx *Tx) warnAboutRoutes(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	after, args := c.after.where("c.created_at", "c.id")
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT c.id, c.municipality_id, mu.slug, c.code, '', c.created_at
		FROM cases c JOIN municipalities mu ON mu.id = c.municipality_id
		WHERE c.status = ? AND c.municipality_id = ? AND `+routeChanged+after+`
		ORDER BY c.created_at, c.id LIMIT ?`), append(append([]any{vios.CaseOpen, municipalityID}, args...), jobChunk)...)
	changed, err := scanAll(rows, err, func(sc scanner) (dueCase, error) {
		var d dueCase
		return d, sc.Scan(&d.id, &d.municipalityID, &d.slug, &d.code, &d.email, &d.at)
	})
	if err != nil {
		return 0, fmt.Errorf("find cases whose route changed: %w", err)
	}
	ids := make([]string, len(changed))
	for i, d := range changed {
		ids[i] = d.id
	}
	referrals, err := tx.caseReferrals(ctx, ids, false)
	if err != nil {
		return 0, err
	}
	mails := 0
	regisseurs := map[string][]string{}
	judged := tx.now.UTC().Truncate(time.Microsecond)
	for _, d := range changed {
		c.saw(d.at, d.id)
		// Judging claims the case: another instance finds its route
		// unchanged since.
		claimed, err := tx.claim(ctx, `UPDATE cases SET route_warned_at = ? WHERE id = ? AND `+
			strings.ReplaceAll(routeChanged, "c.", "cases."), judged, d.id)
		if err != nil || !claimed {
			if err != nil {
				return 0, err
			}
			continue
		}
		if !routeWorries(referrals[d.id]) {
			continue
		}
		to, ok := regisseurs[d.municipalityID]
		if !ok {
			if to, err = tx.roleAddresses(ctx, d.municipalityID, vios.RoleRegisseur); err != nil {
				return 0, err
			}
			regisseurs[d.municipalityID] = to
		}
		mail := tx.db.Logs.site().CaseRouteWorry(d.slug, d.id, d.code)
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
			mails++
		}
		c.audits = append(c.audits, Audit{Action: "casus-route-waarschuwing", ObjectType: "casus", ObjectID: d.id, MunicipalityID: d.municipalityID})
	}
	return mails, nil
}

// routeWorries reports whether the route of any pupil of a case worries:
// each pupil has a route of its own, so two pupils referred to one table
// each are no pupil referred to two.
func routeWorries(referrals []vios.Referral) bool {
	byPupil := map[string][]vios.Referral{}
	for _, r := range referrals {
		byPupil[r.PupilID] = append(byPupil[r.PupilID], r)
	}
	for _, route := range byPupil {
		if vios.RouteWarning(route) != "" {
			return true
		}
	}
	return false
}
