package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// EscalateAlerts escalates every open alert that some recipient has not
// acknowledged within its minutes: the deputies of those recipients and
// the regisseurs of the municipality become recipients and get a mail (a
// link only). It runs without an actor, across municipalities, one
// transaction per alert; it returns how many alerts it escalated.
func (db *Alerts) EscalateAlerts(ctx context.Context) (int, error) {
	type due struct {
		id, municipalityID string
		raised             time.Time
		after              int
	}
	// Without a tenant the row-level security shows every municipality.
	rows, err := db.query(ctx, `SELECT a.id, a.municipality_id, a.raised_at, a.escalate_after FROM alerts a
		WHERE a.closed_at IS NULL AND a.escalated_at IS NULL
		AND EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.acknowledged_at IS NULL)
		ORDER BY a.raised_at, a.id`)
	list, err := scanAll(rows, err, func(sc scanner) (due, error) {
		var d due
		return d, sc.Scan(&d.id, &d.municipalityID, &d.raised, &d.after)
	})
	if err != nil {
		return 0, fmt.Errorf("find alerts to escalate: %w", err)
	}
	now := db.Now()
	count := 0
	for _, d := range list {
		if now.Before(d.raised.Add(time.Duration(d.after) * time.Minute)) {
			continue
		}
		err := db.inTenant(ctx, d.municipalityID, func(tx *Tx) error { return tx.escalateAlert(ctx, d.municipalityID, d.id) })
		switch {
		case errors.Is(err, errNotToEscalate):
		case err != nil:
			return count, err
		default:
			count++
		}
	}
	return count, nil
}

// errNotToEscalate rolls back the escalation of an alert that another pass
// escalated, or everyone acknowledged, meanwhile.
var errNotToEscalate = errors.New("alert needs no escalation")

// escalateAlert escalates one alert.
func (tx *Tx) escalateAlert(ctx context.Context, municipalityID, id string) error {
	// Claiming the alert first takes its row lock: two instances running
	// the job escalate it once.
	res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE alerts SET escalated_at = ?, updated_at = ?
		WHERE id = ? AND municipality_id = ? AND escalated_at IS NULL AND closed_at IS NULL`),
		tx.now.Truncate(time.Microsecond), tx.now.Truncate(time.Microsecond), id, municipalityID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errNotToEscalate
	}
	a, _, err := scanAlert(tx.queryRow(ctx, `SELECT `+alertColumns+alertFrom+` WHERE a.id = ?`, id))
	if err != nil {
		return err
	}
	recipients, err := tx.db.Alerts.alertRecipients(ctx, tx, []string{id})
	if err != nil {
		return err
	}
	a.Recipients = recipients[id]
	today := vios.Date(tx.now)
	var late []any
	for _, r := range a.Unacknowledged() {
		late = append(late, r.UserID)
	}
	if len(late) == 0 {
		return errNotToEscalate
	}
	// The deputies of the members who did not answer, and the regisseurs.
	args := append([]any{a.NetworkID, vios.PositionDeputy, today, today, a.NetworkID}, late...)
	args = append(args, municipalityID, vios.RoleRegisseur)
	type person struct{ id, email string }
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT u.id, u.email FROM users u WHERE NOT u.disabled AND (
		u.id IN (SELECT d.user_id FROM network_members d JOIN network_members f ON f.id = d.deputy_for
			WHERE d.network_id = ? AND d.position = ? AND d.joined_on <= ? AND (d.left_on IS NULL OR d.left_on > ?)
			AND f.network_id = ? AND f.user_id IN (`+placeholders(len(late))+`))
		OR u.id IN (SELECT user_id FROM memberships WHERE municipality_id = ? AND role = ?)) ORDER BY u.email`), args...)
	people, err := scanAll(rows, err, func(sc scanner) (person, error) {
		var p person
		return p, sc.Scan(&p.id, &p.email)
	})
	if err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().AlertEscalated(slug, a)
	for _, p := range people {
		if p.id == a.RaisedByID || a.Recipient(p.id) != nil {
			continue
		}
		if err := tx.addAlertRecipient(ctx, a, p.id, true); err != nil {
			return err
		}
		if err := queueMail(ctx, tx, p.email, mail.Subject, mail.Body); err != nil {
			return err
		}
	}
	if err := tx.alertsChanged(ctx, municipalityID); err != nil {
		return err
	}
	return tx.audit(ctx, Audit{Action: "alert-geescaleerd", ObjectType: "alert", ObjectID: id, MunicipalityID: municipalityID})
}
