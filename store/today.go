package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// The start page ("Vandaag"): what one user can act on in one municipality,
// read in one transaction. Every block is narrowed to the user: their own
// actions, cases and alerts, the networks they have a place in (every
// network for the regisseur, as the signals list). Nothing names a pupil,
// so the page writes no processing record.

// firstVisitDays is how far back the first visit looks for new signals.
const firstVisitDays = 7

// meetingsAhead is how far ahead the start page looks for meetings.
const meetingsAhead = 28 * 24 * time.Hour

// Today returns the start page's blocks and records this visit.
func (db *Networks) Today(ctx context.Context, municipalityID string) (*vios.Today, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if !roleIn(actor, municipalityID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze gemeente bestaat niet.")
	}
	t := &vios.Today{MunicipalityID: municipalityID}
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var err error
		if t.Since, err = tx.recordVisit(ctx, actor.User.ID, municipalityID); err != nil {
			return err
		}
		since := tx.now.AddDate(0, 0, -firstVisitDays)
		if !t.Since.IsZero() {
			since = t.Since
		}
		for _, step := range []func() error{
			func() (err error) { t.Actions, err = tx.todayActions(ctx, actor, municipalityID); return },
			func() (err error) { t.Reviews, err = tx.todayReviews(ctx, actor, municipalityID); return },
			func() (err error) { t.Signals, err = tx.todaySignals(ctx, actor, municipalityID, since); return },
			func() (err error) { t.Meetings, err = tx.todayMeetings(ctx, actor, municipalityID); return },
			func() (err error) { t.Alerts, err = tx.todayAlerts(ctx, actor, municipalityID); return },
			func() (err error) { t.Referrals, err = tx.todayReferrals(ctx, actor, municipalityID); return },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// roleIn reports whether the actor holds any role in the municipality.
func roleIn(actor *vios.Actor, municipalityID string) bool {
	for _, m := range actor.User.Memberships {
		if m.MunicipalityID == municipalityID && municipalityID != "" {
			return true
		}
	}
	return false
}

// recordVisit stores this visit and returns the one before it. A visit
// opened again within vios.VisitGap continues: its previous visit stays.
func (tx *Tx) recordVisit(ctx context.Context, userID, municipalityID string) (time.Time, error) {
	var previous sql.NullTime
	var last time.Time
	err := tx.queryRow(ctx, `SELECT previous_at, last_at FROM start_visits WHERE user_id = ? AND municipality_id = ?`,
		userID, municipalityID).Scan(&previous, &last)
	switch {
	case err == sql.ErrNoRows:
		previous = sql.NullTime{}
	case err != nil:
		return time.Time{}, err
	case tx.now.Sub(last) > vios.VisitGap:
		previous = sql.NullTime{Time: last, Valid: true}
	}
	var prev any
	if previous.Valid {
		prev = previous.Time.UTC()
	}
	if err := tx.exec(ctx, `INSERT INTO start_visits (user_id, municipality_id, previous_at, last_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, municipality_id) DO UPDATE SET previous_at = excluded.previous_at, last_at = excluded.last_at`,
		userID, municipalityID, prev, tx.now); err != nil {
		return time.Time{}, err
	}
	if !previous.Valid {
		return time.Time{}, nil
	}
	return previous.Time.UTC(), nil
}

// todayActions are the actor's open actions in the municipality.
func (tx *Tx) todayActions(ctx context.Context, actor *vios.Actor, municipalityID string) ([]*vios.ActionItem, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+actionColumns+actionJoins+`
		WHERE a.municipality_id = ? AND a.owner_user_id = ? AND a.status IN (?, ?) ORDER BY a.due_on, a.created_at, a.id LIMIT ?`),
		municipalityID, actor.User.ID, vios.ActionOpen, vios.ActionInProgress, vios.TodayLimit)
	list, err := scanAll(rows, err, tx.db.Networks.scanAction)
	if err != nil {
		return nil, err
	}
	return list, tx.db.Networks.shieldActions(ctx, tx, list)
}

// todayReviews are the open cases the actor directs whose review day
// came, in the networks the actor still has a place in: who left a network
// is no longer shown its case codes.
func (tx *Tx) todayReviews(ctx context.Context, actor *vios.Actor, municipalityID string) ([]*vios.TodayCase, error) {
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT c.id, c.code, n.name, c.next_review_on
		FROM cases c JOIN networks n ON n.id = c.network_id
		WHERE c.municipality_id = ? AND c.owner_user_id = ? AND c.status = ? AND c.next_review_on <= ?
			AND EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = c.network_id AND nm.user_id = c.owner_user_id
				AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?))
		ORDER BY c.next_review_on, c.code LIMIT ?`),
		municipalityID, actor.User.ID, vios.CaseOpen, today, today, today, vios.TodayLimit)
	return scanAll(rows, err, func(sc scanner) (*vios.TodayCase, error) {
		c := &vios.TodayCase{}
		err := sc.Scan(&c.ID, &c.Code, &c.NetworkName, &c.NextReviewOn)
		c.NextReviewOn = day(c.NextReviewOn)
		return c, err
	})
}

// todaySignals are the signals others entered since, in the networks the
// actor has a place in, that the actor may open (vios.AccessOf).
func (tx *Tx) todaySignals(ctx context.Context, actor *vios.Actor, municipalityID string, since time.Time) ([]*vios.TodaySignal, error) {
	today := vios.Date(tx.now)
	query := `SELECT s.id, s.code, n.name, COALESCE((SELECT p.label FROM phenomena p WHERE p.code = s.phenomenon
			AND (p.municipality_id = s.municipality_id OR p.municipality_id IS NULL) LIMIT 1), s.phenomenon), s.occurred_on, s.urgency, s.created_at, s.network_id, s.reporter_org_id
		FROM signals s JOIN networks n ON n.id = s.network_id
		WHERE s.municipality_id = ? AND s.created_at > ? AND s.reporter_user_id <> ?`
	args := []any{municipalityID, since.UTC(), actor.User.ID}
	if clause, placeArgs := placeFilter(actor, municipalityID, "s.network_id", today); clause != "" {
		query, args = query+" AND "+clause, append(args, placeArgs...)
	}
	type row struct {
		s                 *vios.TodaySignal
		network, reporter string
	}
	// A few more than shown: some may turn out closed to the reader.
	rows, err := tx.QueryContext(ctx, tx.db.rebind(query+` ORDER BY s.created_at DESC, s.id LIMIT ?`), append(args, 5*vios.TodayLimit)...)
	found, err := scanAll(rows, err, func(sc scanner) (row, error) {
		r := row{s: &vios.TodaySignal{}}
		err := sc.Scan(&r.s.ID, &r.s.Code, &r.s.NetworkName, &r.s.Phenomenon, &r.s.OccurredOn, &r.s.Urgency, &r.s.CreatedAt,
			&r.network, &r.reporter)
		r.s.OccurredOn, r.s.CreatedAt = day(r.s.OccurredOn), r.s.CreatedAt.UTC()
		return r, err
	})
	if err != nil {
		return nil, err
	}
	cache := accessCache{}
	var list []*vios.TodaySignal
	var ids []string
	for _, r := range found {
		na, err := tx.networkAccess(ctx, cache, municipalityID, r.network)
		if err != nil {
			return nil, err
		}
		if na.of(ctx, r.reporter, today).Level == vios.AccessNone {
			continue
		}
		list, ids = append(list, r.s), append(ids, r.s.ID)
		if len(list) == vios.TodayLimit {
			break
		}
	}
	schools, err := tx.signalSchools(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		for _, sc := range schools[s.ID] {
			s.SchoolNames = append(s.SchoolNames, sc[1])
		}
	}
	return list, nil
}

// todayMeetings are the coming meetings of the networks the actor is a
// member of, with whether the actor runs them (chair or secretary).
func (tx *Tx) todayMeetings(ctx context.Context, actor *vios.Actor, municipalityID string) ([]*vios.TodayMeeting, error) {
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT m.id, n.name, m.starts_at, m.ends_at, n.proposal_days, m.agenda_published_at,
			EXISTS (SELECT 1 FROM network_members f WHERE f.network_id = m.network_id AND f.user_id = ? AND f.function IN (?, ?)
				AND f.joined_on <= ? AND (f.left_on IS NULL OR f.left_on > ?))
		FROM meetings m JOIN networks n ON n.id = m.network_id
		WHERE m.municipality_id = ? AND m.starts_at >= ? AND m.starts_at < ? AND m.status <> ?
			AND EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = m.network_id AND nm.user_id = ?
				AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?))
		ORDER BY m.starts_at, m.id LIMIT ?`),
		actor.User.ID, vios.FunctionChair, vios.FunctionSecretary, today, today,
		municipalityID, tx.now.UTC(), tx.now.Add(meetingsAhead).UTC(), vios.MeetingCancelled,
		actor.User.ID, today, today, vios.TodayLimit)
	return scanAll(rows, err, func(sc scanner) (*vios.TodayMeeting, error) {
		m := &vios.TodayMeeting{}
		var days int
		var sent sql.NullTime
		if err := sc.Scan(&m.ID, &m.NetworkName, &m.StartsAt, &m.EndsAt, &days, &sent, &m.MayRun); err != nil {
			return nil, err
		}
		m.StartsAt, m.EndsAt, m.AgendaSentAt = m.StartsAt.UTC(), m.EndsAt.UTC(), utcPtr(sent)
		m.ProposalDeadline = m.StartsAt.In(vios.Amsterdam).AddDate(0, 0, -days)
		return m, nil
	})
}

// todayAlerts are the open alerts to the actor not yet acknowledged, of
// groups the actor still has a place in: who left a group is no longer
// shown its alerts' codes and name. A neighbourhood's recipients never had
// a place in the school's network, and a regisseur gets any alert escalated
// to them; those stay.
func (tx *Tx) todayAlerts(ctx context.Context, actor *vios.Actor, municipalityID string) ([]*vios.Alert, error) {
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+alertColumns+alertFrom+`
		WHERE a.municipality_id = ? AND a.closed_at IS NULL AND EXISTS (SELECT 1 FROM alert_recipients r
			WHERE r.alert_id = a.id AND r.user_id = ? AND r.acknowledged_at IS NULL)
			AND (? OR a.audience = ? OR EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = a.network_id AND nm.user_id = ?
				AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?)))
		ORDER BY a.raised_at DESC, a.id LIMIT ?`), municipalityID, actor.User.ID,
		actor.HasRole(vios.RoleRegisseur, municipalityID), vios.AudienceNeighbourhood, actor.User.ID, today, today, vios.TodayLimit)
	// Without their texts: the start page names no one.
	return scanAll(rows, err, func(sc scanner) (*vios.Alert, error) {
		a, _, err := scanAlert(sc)
		return a, err
	})
}

// todayReferrals are the referrals still waiting (asked, on the waiting
// list) or sent back, of open cases the actor directs or of networks the
// actor chairs or keeps the minutes of.
func (tx *Tx) todayReferrals(ctx context.Context, actor *vios.Actor, municipalityID string) ([]*vios.TodayReferral, error) {
	today := vios.Date(tx.now)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT r.id, c.id, c.code, r.table_code, r.status, r.waiting_since, r.created_at
		FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE r.municipality_id = ? AND c.status = ? AND r.status IN (?, ?, ?)
			AND (c.owner_user_id = ? OR EXISTS (SELECT 1 FROM network_members f WHERE f.network_id = c.network_id
				AND f.user_id = ? AND f.function IN (?, ?) AND f.joined_on <= ? AND (f.left_on IS NULL OR f.left_on > ?)))
		ORDER BY r.created_at, r.id LIMIT ?`),
		municipalityID, vios.CaseOpen, vios.ReferralRequested, vios.ReferralWaiting, vios.ReferralReturned,
		actor.User.ID, actor.User.ID, vios.FunctionChair, vios.FunctionSecretary, today, today, vios.TodayLimit)
	return scanAll(rows, err, func(sc scanner) (*vios.TodayReferral, error) {
		r := &vios.TodayReferral{}
		var waiting sql.NullTime
		err := sc.Scan(&r.ID, &r.CaseID, &r.CaseCode, &r.Table, &r.Status, &waiting, &r.Since)
		if waiting.Valid {
			r.Since = day(waiting.Time)
		}
		r.Since = r.Since.UTC()
		return r, err
	})
}
