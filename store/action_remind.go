package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// ReminderInterval is how long after a reminder an overdue action is
// reminded of again.
const ReminderInterval = 7 * 24 * time.Hour

// RemindOverdueActions queues a reminder to the owner of every action that
// is past its due date and not reminded of in the last week, and a notice
// to the chair of its network; it returns how many actions it reminded of.
// The mails carry no content of the action, only a link: the owner reads
// it after logging in.
func (db *Networks) RemindOverdueActions(ctx context.Context) (int, error) {
	count := 0
	err := db.eachTenant(ctx, func(tx *Tx, municipalityID string) error {
		today := vios.Date(tx.now)
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT a.id, a.municipality_id, mu.slug, n.id, n.name, u.email, a.due_on
			FROM actions a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.owner_user_id
			JOIN municipalities mu ON mu.id = a.municipality_id
			WHERE a.status IN (?, ?) AND a.due_on < ? AND (a.reminded_on IS NULL OR a.reminded_on <= ?) AND a.municipality_id = ?
			ORDER BY a.due_on, a.id`), vios.ActionOpen, vios.ActionInProgress, today, today.Add(-ReminderInterval), municipalityID)
		if err != nil {
			return fmt.Errorf("find overdue actions: %w", err)
		}
		type overdue struct {
			id, municipalityID, slug, networkID, network, owner string
			due                                                 time.Time
		}
		var list []overdue
		for rows.Next() {
			var o overdue
			if err := rows.Scan(&o.id, &o.municipalityID, &o.slug, &o.networkID, &o.network, &o.owner, &o.due); err != nil {
				rows.Close()
				return err
			}
			list = append(list, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, o := range list {
			mail := db.Logs.site().ActionOverdue(o.slug, o.id, o.network, day(o.due))
			if err := queueMail(ctx, tx, o.owner, mail.Subject, mail.Body); err != nil {
				return err
			}
			chairs, err := tx.chairAddresses(ctx, o.networkID, today)
			if err != nil {
				return err
			}
			mail = db.Logs.site().ActionOverdueChair(o.slug, o.id, o.network, day(o.due))
			for _, chair := range chairs {
				if err := queueMail(ctx, tx, chair, mail.Subject, mail.Body); err != nil {
					return err
				}
			}
			if err := tx.exec(ctx, `UPDATE actions SET reminded_on = ? WHERE id = ?`, today, o.id); err != nil {
				return err
			}
			if err := tx.audit(ctx, Audit{Action: "actiepunt-herinnering", ObjectType: "actiepunt", ObjectID: o.id, MunicipalityID: o.municipalityID}); err != nil {
				return err
			}
			count++
		}
		return nil
	})
	return count, err
}

// RemindAgendaDue tells the chair and the secretary of a network when the
// agenda of a planned meeting is due (the network's days ahead) and not yet
// sent, once per meeting; it returns how many meetings it reminded of.
func (db *Networks) RemindAgendaDue(ctx context.Context) (int, error) {
	count := 0
	err := db.eachTenant(ctx, func(tx *Tx, municipalityID string) error {
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT m.id, m.municipality_id, mu.slug, n.id, n.name, n.agenda_days, m.starts_at, m.ends_at,
			(SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.status = ?)
			FROM meetings m JOIN networks n ON n.id = m.network_id JOIN municipalities mu ON mu.id = m.municipality_id
			WHERE m.status = ? AND m.agenda_reminded_at IS NULL AND m.starts_at > ? AND m.starts_at <= ? AND m.municipality_id = ?
			ORDER BY m.starts_at, m.id`), vios.ItemProposed, vios.MeetingPlanned, tx.now, tx.now.AddDate(0, 0, 31), municipalityID)
		if err != nil {
			return fmt.Errorf("find meetings with an agenda due: %w", err)
		}
		type due struct {
			id, municipalityID, slug, networkID, network string
			days, proposals                              int
			starts, ends                                 time.Time
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.municipalityID, &d.slug, &d.networkID, &d.network, &d.days, &d.starts, &d.ends, &d.proposals); err != nil {
				rows.Close()
				return err
			}
			// Due from the start of the day the agenda should go out.
			if !tx.now.Before(vios.Date(d.starts.In(vios.Amsterdam).AddDate(0, 0, -d.days))) {
				list = append(list, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			to, err := tx.functionAddresses(ctx, d.networkID, vios.Date(tx.now), vios.FunctionChair, vios.FunctionSecretary)
			if err != nil {
				return err
			}
			mail := db.Logs.site().AgendaDue(d.slug, d.id, d.network, d.starts, d.ends, d.proposals)
			for _, addr := range to {
				if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
					return err
				}
			}
			if err := tx.exec(ctx, `UPDATE meetings SET agenda_reminded_at = ? WHERE id = ?`, tx.now, d.id); err != nil {
				return err
			}
			if err := tx.audit(ctx, Audit{Action: "agenda-herinnering", ObjectType: "overleg", ObjectID: d.id, MunicipalityID: d.municipalityID}); err != nil {
				return err
			}
			count++
		}
		return nil
	})
	return count, err
}

func (tx *Tx) chairAddresses(ctx context.Context, networkID string, on time.Time) ([]string, error) {
	return tx.functionAddresses(ctx, networkID, on, vios.FunctionChair)
}

// functionAddresses returns the mail addresses of the current holders of
// the functions in a network.
func (tx *Tx) functionAddresses(ctx context.Context, networkID string, on time.Time, functions ...string) ([]string, error) {
	args := []any{networkID, on, on}
	for _, f := range functions {
		args = append(args, f)
	}
	return scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM network_members m JOIN users u ON u.id = m.user_id
		WHERE m.network_id = ? AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) AND NOT u.disabled
		AND m.function IN (`+placeholders(len(functions))+`) ORDER BY u.email`), args...))
}
