package store

import (
	"context"
	"fmt"
	"strings"
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
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		return db.inJobChunks(ctx, municipalityID, func(tx *Tx, c *chunk) error {
			n, err := tx.remindOverdueActions(ctx, municipalityID, c)
			count += n
			return err
		})
	})
	return count, err
}

// overdueAction is when an action is to be reminded of.
const overdueAction = `a.status IN (?, ?) AND a.due_on < ? AND (a.reminded_on IS NULL OR a.reminded_on <= ?)`

func (tx *Tx) remindOverdueActions(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	today := vios.Date(tx.now)
	due := []any{vios.ActionOpen, vios.ActionInProgress, today, today.Add(-ReminderInterval)}
	after, args := c.after.where("a.due_on", "a.id")
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT a.id, a.municipality_id, mu.slug, n.id, n.name, u.email, a.due_on
		FROM actions a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.owner_user_id
		JOIN municipalities mu ON mu.id = a.municipality_id
		WHERE `+overdueAction+` AND a.municipality_id = ?`+after+`
		ORDER BY a.due_on, a.id LIMIT ?`), append(append(append(due, municipalityID), args...), jobChunk)...)
	type overdue struct {
		id, municipalityID, slug, networkID, network, owner string
		due                                                 time.Time
	}
	list, err := scanAll(rows, err, func(sc scanner) (overdue, error) {
		var o overdue
		return o, sc.Scan(&o.id, &o.municipalityID, &o.slug, &o.networkID, &o.network, &o.owner, &o.due)
	})
	if err != nil {
		return 0, fmt.Errorf("find overdue actions: %w", err)
	}
	count := 0
	for _, o := range list {
		c.saw(o.due, o.id)
		claimed, err := tx.claim(ctx, `UPDATE actions SET reminded_on = ? WHERE id = ? AND `+strings.ReplaceAll(overdueAction, "a.", ""),
			append([]any{today, o.id}, due...)...)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		mail := tx.db.Logs.site().ActionOverdue(o.slug, o.id, o.network, day(o.due))
		if err := queueMail(ctx, tx, o.owner, mail.Subject, mail.Body); err != nil {
			return 0, err
		}
		chairs, err := tx.chairAddresses(ctx, o.networkID, today)
		if err != nil {
			return 0, err
		}
		mail = tx.db.Logs.site().ActionOverdueChair(o.slug, o.id, o.network, day(o.due))
		for _, chair := range chairs {
			if err := queueMail(ctx, tx, chair, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
		}
		c.audits = append(c.audits, Audit{Action: "actiepunt-herinnering", ObjectType: "actiepunt", ObjectID: o.id, MunicipalityID: o.municipalityID})
		count++
	}
	return count, nil
}

// RemindAgendaDue tells the chair and the secretary of a network when the
// agenda of a planned meeting is due (the network's days ahead) and not yet
// sent, once per meeting; it returns how many meetings it reminded of.
func (db *Networks) RemindAgendaDue(ctx context.Context) (int, error) {
	count := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		return db.inJobChunks(ctx, municipalityID, func(tx *Tx, c *chunk) error {
			n, err := tx.remindAgendaDue(ctx, municipalityID, c)
			count += n
			return err
		})
	})
	return count, err
}

func (tx *Tx) remindAgendaDue(ctx context.Context, municipalityID string, c *chunk) (int, error) {
	after, args := c.after.where("m.starts_at", "m.id")
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT m.id, m.municipality_id, mu.slug, n.id, n.name, n.agenda_days, m.starts_at, m.ends_at,
		(SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.status = ?)
		FROM meetings m JOIN networks n ON n.id = m.network_id JOIN municipalities mu ON mu.id = m.municipality_id
		WHERE m.status = ? AND m.agenda_reminded_at IS NULL AND m.starts_at > ? AND m.starts_at <= ? AND m.municipality_id = ?`+after+`
		ORDER BY m.starts_at, m.id LIMIT ?`), append(append([]any{vios.ItemProposed, vios.MeetingPlanned, tx.now, tx.now.AddDate(0, 0, 31), municipalityID},
		args...), jobChunk)...)
	type due struct {
		id, municipalityID, slug, networkID, network string
		days, proposals                              int
		starts, ends                                 time.Time
	}
	list, err := scanAll(rows, err, func(sc scanner) (due, error) {
		var d due
		return d, sc.Scan(&d.id, &d.municipalityID, &d.slug, &d.networkID, &d.network, &d.days, &d.starts, &d.ends, &d.proposals)
	})
	if err != nil {
		return 0, fmt.Errorf("find meetings with an agenda due: %w", err)
	}
	count := 0
	for _, d := range list {
		c.saw(d.starts, d.id)
		// Due from the start of the day the agenda should go out.
		if tx.now.Before(vios.Date(d.starts.In(vios.Amsterdam).AddDate(0, 0, -d.days))) {
			continue
		}
		claimed, err := tx.claim(ctx, `UPDATE meetings SET agenda_reminded_at = ? WHERE id = ? AND agenda_reminded_at IS NULL`, tx.now, d.id)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		to, err := tx.functionAddresses(ctx, d.networkID, vios.Date(tx.now), vios.FunctionChair, vios.FunctionSecretary)
		if err != nil {
			return 0, err
		}
		mail := tx.db.Logs.site().AgendaDue(d.slug, d.id, d.network, d.starts, d.ends, d.proposals)
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return 0, err
			}
		}
		c.audits = append(c.audits, Audit{Action: "agenda-herinnering", ObjectType: "overleg", ObjectID: d.id, MunicipalityID: d.municipalityID})
		count++
	}
	return count, nil
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
