package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// Acute alerts: a member raises an alert to an alert group; its fixed
// members get it live and by mail (a link only), and acknowledge it. Whoever
// has not acknowledged it in time is escalated to: their deputies and the
// regisseur get it too. Closed with a summary, it becomes a signal for
// follow-up. Only the sender, the recipients, the group's members and the
// regisseur see an alert; to anyone else it does not exist.

const alertNotSent = "Het alert is niet verstuurd."

const alertColumns = `a.id, a.municipality_id, a.network_id, n.name, a.audience, a.code, a.raised_by, u.name, a.raised_by_org,
	a.text_sealed, a.summary_sealed, a.phenomenon, a.raised_at, a.escalate_after, a.escalated_at, a.closed_at,
	COALESCE(a.signal_id, ''), a.updated_at`

const alertFrom = ` FROM alerts a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.raised_by`

// sealedAlert holds the sealed columns of an alert as read.
type sealedAlert struct{ text, summary string }

func scanAlert(sc scanner) (*vios.Alert, sealedAlert, error) {
	a := &vios.Alert{}
	var s sealedAlert
	var escalated, closed sql.NullTime
	err := sc.Scan(&a.ID, &a.MunicipalityID, &a.NetworkID, &a.NetworkName, &a.Audience, &a.Code, &a.RaisedByID, &a.RaisedByName,
		&a.RaisedByOrgID, &s.text, &s.summary, &a.Phenomenon, &a.RaisedAt, &a.EscalateAfter, &escalated, &closed,
		&a.SignalID, &a.UpdatedAt)
	a.RaisedAt, a.UpdatedAt = a.RaisedAt.UTC(), a.UpdatedAt.UTC()
	a.EscalatedAt, a.ClosedAt = utcPtr(escalated), utcPtr(closed)
	return a, s, err
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// RaiseAlert sends an alert to the current fixed members of an alert group
// the actor is a member of, or to a group derived for a school's member
// (alert_derived.go), its recipients computed here, in the transaction:
// each gets a mail with a link only. A group without other members is
// refused and nothing is saved.
func (db *Alerts) RaiseAlert(ctx context.Context, a *vios.Alert) error {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Phenomenon != "" {
		phenomena, err := db.Networks.ListPhenomena(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		known := false
		for _, p := range phenomena {
			known = known || p.Code == a.Phenomenon
		}
		if !known {
			return vios.Invalid("fenomeen", "Kies een fenomeen uit de lijst.", alertNotSent)
		}
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		var n *vios.Network
		var members []alertMember
		var err error
		if a.Audience == "" {
			if n, members, err = tx.alertGroupMembers(ctx, actor, a); err != nil {
				return err
			}
		} else {
			d, err := tx.derivedAudience(ctx, a.MunicipalityID, actor.User.ID, a.Audience)
			if err != nil {
				return err
			}
			n, members, a.NetworkID, a.RaisedByOrgID = d.network, d.members, d.network.ID, d.schoolID
		}
		if len(members) == 0 {
			const empty = "Deze alertgroep heeft geen leden: het alert is niet verstuurd."
			return vios.Invalid("alertgroep", empty, empty)
		}
		a.ID = uuid.NewString()
		if a.Code, err = tx.nextCode(ctx, a.MunicipalityID, "A"); err != nil {
			return err
		}
		a.NetworkName, a.RaisedByID, a.RaisedByName = n.Name, actor.User.ID, actor.User.Name
		a.RaisedAt = tx.now.Truncate(time.Microsecond)
		a.UpdatedAt, a.EscalatedAt, a.ClosedAt, a.Summary, a.SignalID = a.RaisedAt, nil, nil, "", ""
		sealed, err := db.seal(a.MunicipalityID, "alerts", a.ID, "text_sealed", a.Text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO alerts (id, municipality_id, network_id, audience, code, raised_by, raised_by_org, text_sealed,
			key_version, phenomenon, escalate_after, raised_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.MunicipalityID, a.NetworkID, a.Audience, a.Code, a.RaisedByID, a.RaisedByOrgID, sealed, db.activeKey(a.MunicipalityID),
			a.Phenomenon, a.EscalateAfter, a.RaisedAt, a.UpdatedAt); err != nil {
			return fmt.Errorf("insert alert: %w", err)
		}
		slug, err := tx.municipalitySlug(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		where := n.Name
		if a.Audience == vios.AudienceNeighbourhood {
			where = "de wijk van " + n.Name
		}
		mail := tx.db.Logs.site().AlertRaised(slug, a, where)
		for _, m := range members {
			if err := tx.addAlertRecipient(ctx, a, m.id, false); err != nil {
				return err
			}
			if err := notifyUser(ctx, tx, m.email, mail, notify.AlertRaisedPush(slug, a.ID)); err != nil {
				return err
			}
		}
		recipients, err := tx.db.Alerts.alertRecipients(ctx, tx, []string{a.ID})
		if err != nil {
			return err
		}
		a.Recipients = recipients[a.ID]
		if err := tx.alertsChanged(ctx, a.MunicipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "alert-verstuurd", ObjectType: "alert", ObjectID: a.ID, MunicipalityID: a.MunicipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
}

// alertGroupMembers loads the alert group of a, checks that the actor may
// raise an alert to it and for which organisation, and returns its current
// fixed members but the actor.
func (tx *Tx) alertGroupMembers(ctx context.Context, actor *vios.Actor, a *vios.Alert) (*vios.Network, []alertMember, error) {
	n, err := tx.alertGroup(ctx, a.MunicipalityID, a.NetworkID)
	if err != nil {
		return nil, nil, err
	}
	today := vios.Date(tx.now)
	if err := tx.authorize(ctx, vios.ActionRaiseAlert, vios.Resource{MunicipalityID: a.MunicipalityID,
		InNetwork: n.PlaceOf(actor.User.ID, today)}, "alert", ""); err != nil {
		return nil, nil, err
	}
	if a.RaisedByOrgID, _, err = tx.actorOrganisation(ctx, actor, n); err != nil {
		return nil, nil, err
	} else if a.RaisedByOrgID == "" {
		return nil, nil, vios.Errorf(vios.EFORBIDDEN, "U werkt voor geen organisatie in deze gemeente en kunt geen alert versturen.")
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT m.user_id, u.email, '' FROM network_members m
		JOIN users u ON u.id = m.user_id WHERE m.network_id = ? AND m.position = ? AND m.joined_on <= ?
		AND (m.left_on IS NULL OR m.left_on > ?) AND NOT u.disabled AND m.user_id <> ? ORDER BY u.email`),
		n.ID, vios.PositionMember, today, today, actor.User.ID)
	members, err := scanAll(rows, err, scanAlertMember)
	return n, members, err
}

// alertGroup loads a network of the municipality that is an alert group,
// with its members.
func (tx *Tx) alertGroup(ctx context.Context, municipalityID, networkID string) (*vios.Network, error) {
	n, err := scanNetwork(tx.queryRow(ctx, `SELECT `+networkColumns+` FROM networks n WHERE n.id = ? AND n.municipality_id = ?`,
		networkID, municipalityID))
	if err == sql.ErrNoRows || (err == nil && n.Kind != vios.NetworkAlertgroep) {
		return nil, vios.Invalid("alertgroep", "Kies een alertgroep.", alertNotSent)
	} else if err != nil {
		return nil, err
	}
	if n.Members, err = tx.db.Networks.networkMembers(ctx, tx, n.ID); err != nil {
		return nil, err
	}
	return n, nil
}

func (tx *Tx) addAlertRecipient(ctx context.Context, a *vios.Alert, userID string, escalated bool) error {
	return tx.exec(ctx, `INSERT INTO alert_recipients (alert_id, user_id, municipality_id, escalated, added_at) VALUES (?, ?, ?, ?, ?)`,
		a.ID, userID, a.MunicipalityID, escalated, tx.now)
}

// alertRecipients returns the recipients of the alerts, members first, each
// with the organisation they are in the group for (an escalated regisseur:
// that of their role, else the municipality).
func (db *Alerts) alertRecipients(ctx context.Context, q querier, ids []string) (map[string][]vios.AlertRecipient, error) {
	out := map[string][]vios.AlertRecipient{}
	if len(ids) == 0 {
		return out, nil
	}
	args := idArgs(ids)
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT r.alert_id, r.user_id, u.name, r.escalated, r.acknowledged_at,
		COALESCE((SELECT o.name FROM network_members m JOIN organisations o ON o.id = m.organisation_id
			WHERE m.network_id = a.network_id AND m.user_id = r.user_id ORDER BY m.joined_on DESC LIMIT 1),
		(SELECT o.name FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id
			WHERE ms.user_id = r.user_id AND ms.municipality_id = r.municipality_id ORDER BY o.name LIMIT 1),
		(SELECT 'Gemeente ' || mu.name FROM municipalities mu WHERE mu.id = r.municipality_id), '')
		FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id JOIN users u ON u.id = r.user_id
		WHERE r.alert_id IN (`+placeholders(len(ids))+`) ORDER BY r.escalated, u.name, r.user_id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var alertID string
		var r vios.AlertRecipient
		var acked sql.NullTime
		if err := rows.Scan(&alertID, &r.UserID, &r.Name, &r.Escalated, &acked, &r.Organisation); err != nil {
			return nil, err
		}
		r.AcknowledgedAt = utcPtr(acked)
		out[alertID] = append(out[alertID], r)
	}
	return out, rows.Err()
}

// mayViewAlert: the sender, the recipients (escalated ones too), the
// group's current members and the municipality's regisseur.
func mayViewAlert(actor *vios.Actor, a *vios.Alert, n *vios.Network, day time.Time) bool {
	id := actor.User.ID
	return id == a.RaisedByID || a.Recipient(id) != nil || n.ActiveMember(id, day) != nil ||
		actor.HasRole(vios.RoleRegisseur, a.MunicipalityID)
}

// visibleAlert reads an alert the actor may see, with its recipients and
// its group; ENOTFOUND for anyone else.
func (tx *Tx) visibleAlert(ctx context.Context, municipalityID, id string) (*vios.Alert, *vios.Network, sealedAlert, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, nil, sealedAlert{}, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	notFound := vios.Errorf(vios.ENOTFOUND, "Dit alert bestaat niet.")
	if !vios.ValidID(id) {
		return nil, nil, sealedAlert{}, notFound
	}
	a, sealed, err := scanAlert(tx.queryRow(ctx, `SELECT `+alertColumns+alertFrom+` WHERE a.id = ? AND a.municipality_id = ?`, id, municipalityID))
	if err == sql.ErrNoRows {
		return nil, nil, sealed, notFound
	} else if err != nil {
		return nil, nil, sealed, err
	}
	recipients, err := tx.db.Alerts.alertRecipients(ctx, tx, []string{a.ID})
	if err != nil {
		return nil, nil, sealed, err
	}
	a.Recipients = recipients[a.ID]
	n := &vios.Network{ID: a.NetworkID, MunicipalityID: municipalityID}
	if n.Members, err = tx.db.Networks.networkMembers(ctx, tx, a.NetworkID); err != nil {
		return nil, nil, sealed, err
	}
	if !mayViewAlert(actor, a, n, vios.Date(tx.now)) {
		return nil, nil, sealed, notFound
	}
	return a, n, sealed, nil
}

// FindAlert returns an alert with its text to those who may see it (the
// text was sent to them); every such read is in the audit trail.
func (db *Alerts) FindAlert(ctx context.Context, municipalityID, id string) (*vios.Alert, error) {
	var a *vios.Alert
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var sealed sealedAlert
		var err error
		if a, _, sealed, err = tx.visibleAlert(ctx, municipalityID, id); err != nil {
			return err
		}
		if a.Text, err = db.open(municipalityID, "alerts", a.ID, "text_sealed", sealed.text); err != nil {
			return err
		}
		if a.Summary, err = db.open(municipalityID, "alerts", a.ID, "summary_sealed", sealed.summary); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "alert-bekeken", ObjectType: "alert", ObjectID: a.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
	return a, err
}

// ListAlerts returns the alerts the actor may see, open ones first, then the
// newest; without texts, so a list (or a live stream polling it) opens
// nothing sealed. Without MunicipalityID it lists every municipality the
// actor works in.
func (db *Alerts) ListAlerts(ctx context.Context, f vios.AlertFilter) ([]*vios.Alert, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	municipalities := []string{f.MunicipalityID}
	if f.MunicipalityID == "" {
		municipalities = actor.Municipalities()
	}
	var all []*vios.Alert
	for _, m := range municipalities {
		list, err := db.listAlerts(ctx, actor, m, f)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	if len(municipalities) > 1 {
		sort.SliceStable(all, func(i, j int) bool {
			if (all[i].ClosedAt == nil) != (all[j].ClosedAt == nil) {
				return all[i].ClosedAt == nil
			}
			return all[i].RaisedAt.After(all[j].RaisedAt)
		})
		all = all[:min(len(all), f.Limit)]
	}
	return all, nil
}

func (db *Alerts) listAlerts(ctx context.Context, actor *vios.Actor, municipalityID string, f vios.AlertFilter) ([]*vios.Alert, error) {
	where := []string{"a.municipality_id = ?"}
	args := []any{municipalityID}
	if !actor.HasRole(vios.RoleRegisseur, municipalityID) {
		today := vios.Date(db.Now())
		where = append(where, `(a.raised_by = ? OR EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.user_id = ?)
			OR EXISTS (SELECT 1 FROM network_members m WHERE m.network_id = a.network_id AND m.user_id = ?
			AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)))`)
		args = append(args, actor.User.ID, actor.User.ID, actor.User.ID, today, today)
	}
	if f.NetworkID != "" {
		where = append(where, "a.network_id = ?")
		args = append(args, f.NetworkID)
	}
	if f.OpenOnly {
		where = append(where, "a.closed_at IS NULL")
	}
	if f.RecipientID != "" {
		where = append(where, "(a.raised_by = ? OR EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.user_id = ?))")
		args = append(args, f.RecipientID, f.RecipientID)
	}
	if !f.Since.IsZero() {
		where = append(where, "a.updated_at >= ?")
		args = append(args, f.Since.UTC())
	}
	var list []*vios.Alert
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+alertColumns+alertFrom+` WHERE `+strings.Join(where, " AND ")+`
			ORDER BY CASE WHEN a.closed_at IS NULL THEN 0 ELSE 1 END, a.raised_at DESC, a.id LIMIT ?`), append(args, f.Limit)...)
		if list, err = scanAll(rows, err, func(sc scanner) (*vios.Alert, error) {
			a, _, err := scanAlert(sc)
			return a, err
		}); err != nil {
			return err
		}
		ids := make([]string, len(list))
		for i, a := range list {
			ids[i] = a.ID
		}
		recipients, err := db.alertRecipients(ctx, q, ids)
		for _, a := range list {
			a.Recipients = recipients[a.ID]
		}
		return err
	})
	return list, err
}

// AcknowledgeAlert records that the actor, a recipient, has seen the
// alert; a second time changes nothing.
func (db *Alerts) AcknowledgeAlert(ctx context.Context, municipalityID, id string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, _, _, err := tx.visibleAlert(ctx, municipalityID, id)
		if err != nil {
			return err
		}
		me := vios.ActorFromContext(ctx).User.ID
		r := a.Recipient(me)
		if r == nil {
			return vios.Errorf(vios.EFORBIDDEN, "U bent geen ontvanger van dit alert: alleen ontvangers melden dat ze het gezien hebben.")
		}
		if r.AcknowledgedAt != nil {
			return nil
		}
		if err := tx.exec(ctx, `UPDATE alert_recipients SET acknowledged_at = ? WHERE alert_id = ? AND user_id = ? AND acknowledged_at IS NULL`,
			tx.now, a.ID, me); err != nil {
			return err
		}
		if err := tx.touchAlert(ctx, municipalityID, a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "alert-gezien", ObjectType: "alert", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}

// touchAlert marks the alert changed, so live streams pick it up.
func (tx *Tx) touchAlert(ctx context.Context, municipalityID, id string) error {
	if err := tx.exec(ctx, `UPDATE alerts SET updated_at = ? WHERE id = ?`, tx.now.Truncate(time.Microsecond), id); err != nil {
		return err
	}
	return tx.alertsChanged(ctx, municipalityID)
}

// CloseAlert closes the alert with a summary of what happened and what was
// agreed, and makes it a signal of the alert group for follow-up, reported
// by the sender. The sender, the group's chair and the regisseur close it.
func (db *Alerts) CloseAlert(ctx context.Context, municipalityID, id, summary string) (*vios.Signal, error) {
	var s *vios.Signal
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, n, sealed, err := tx.visibleAlert(ctx, municipalityID, id)
		if err != nil {
			return err
		}
		actor := vios.ActorFromContext(ctx)
		today := vios.Date(tx.now)
		chair := n.Chair(today)
		if actor.User.ID != a.RaisedByID && (chair == nil || chair.UserID != actor.User.ID) && !actor.HasRole(vios.RoleRegisseur, municipalityID) {
			return vios.Errorf(vios.EFORBIDDEN, "Alleen wie het alert verstuurde, de voorzitter van de alertgroep of de regisseur sluit het af.")
		}
		if a.ClosedAt != nil {
			return vios.Errorf(vios.ECONFLICT, "Dit alert is al afgesloten.")
		}
		summary = strings.TrimSpace(summary)
		switch {
		case summary == "":
			return vios.Invalid("samenvatting", "Vat samen wat er is gebeurd en afgesproken.", "Het alert is niet afgesloten.")
		case len([]rune(summary)) > 2000:
			return vios.Invalid("samenvatting", "Een samenvatting is hoogstens 2000 tekens.", "Het alert is niet afgesloten.")
		}
		text, err := db.open(municipalityID, "alerts", a.ID, "text_sealed", sealed.text)
		if err != nil {
			return err
		}
		s = &vios.Signal{MunicipalityID: municipalityID, NetworkID: a.NetworkID, OccurredOn: vios.Date(a.RaisedAt),
			ReporterUserID: a.RaisedByID, ReportingOrganisationID: a.RaisedByOrgID, Phenomenon: a.Phenomenon,
			Level: vios.LevelSchool, Urgency: vios.UrgencyAcute, Description: text + "\n\nAfloop: " + summary, AlertID: a.ID}
		if s.Phenomenon == "" {
			s.Phenomenon = "overig"
		}
		if s.SchoolIDs, err = tx.alertSchools(ctx, a); err != nil {
			return err
		}
		if err := tx.insertSignal(ctx, s); err != nil {
			return err
		}
		closed, err := db.seal(municipalityID, "alerts", a.ID, "summary_sealed", summary)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE alerts SET closed_at = ?, summary_sealed = ?, signal_id = ?, updated_at = ?,
			key_version = CASE WHEN key_version = 0 THEN ? ELSE key_version END WHERE id = ?`,
			tx.now.Truncate(time.Microsecond), closed, s.ID, tx.now.Truncate(time.Microsecond), db.activeKey(municipalityID), a.ID); err != nil {
			return err
		}
		if err := tx.alertsChanged(ctx, municipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "alert-afgesloten", ObjectType: "alert", ObjectID: a.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// alertSchools are the schools an alert was between: the group's schools
// and those of the sender and the recipients.
func (tx *Tx) alertSchools(ctx context.Context, a *vios.Alert) ([]string, error) {
	list, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT o.id FROM organisations o WHERE o.municipality_id = ? AND o.kind = ?
		AND (o.id = ? OR o.id IN (SELECT organisation_id FROM network_schools WHERE network_id = ?)
		OR o.id IN (SELECT m.organisation_id FROM network_members m JOIN alert_recipients r ON r.user_id = m.user_id
			WHERE r.alert_id = ? AND m.network_id = ?)) ORDER BY o.name`),
		a.MunicipalityID, vios.OrgSchool, a.RaisedByOrgID, a.NetworkID, a.ID, a.NetworkID))
	return list[:min(len(list), 20)], err
}
