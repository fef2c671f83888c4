package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// EvaluationNotice is how long before a covenant's evaluation date the
// regisseur is told.
const EvaluationNotice = 30 * 24 * time.Hour

// ComplianceInterval is how often the regisseur is told about agreements
// that are not kept.
const ComplianceInterval = 30 * 24 * time.Hour

// RemindCovenants tells the regisseurs of a municipality when a running
// covenant's evaluation is within a month (once), and, at most monthly, when
// its working agreements are not kept. It returns how many mails it queued.
func (db *Covenants) RemindCovenants(ctx context.Context) (int, error) {
	count := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		return db.inJobChunks(ctx, municipalityID, func(tx *Tx, c *chunk) error {
			after, args := c.after.where("c.starts_on", "c.id")
			rows, err := tx.QueryContext(ctx, db.rebind(`SELECT c.id, c.municipality_id, mu.slug, c.evaluation_reminded_at,
				c.compliance_reminded_at, c.starts_on FROM covenants c JOIN municipalities mu ON mu.id = c.municipality_id
				WHERE c.ended_on IS NULL AND c.starts_on <= ? AND c.ends_on >= ? AND c.municipality_id = ?`+after+`
				ORDER BY c.starts_on, c.id LIMIT ?`),
				append(append([]any{vios.Date(tx.now), vios.Date(tx.now), municipalityID}, args...), jobChunk)...)
			type running struct {
				id, municipalityID, slug string
				evaluationTold           sql.NullTime
				complianceTold           sql.NullTime
				starts                   time.Time
			}
			list, err := scanAll(rows, err, func(sc scanner) (running, error) {
				var r running
				return r, sc.Scan(&r.id, &r.municipalityID, &r.slug, &r.evaluationTold, &r.complianceTold, &r.starts)
			})
			if err != nil {
				return fmt.Errorf("find running covenants: %w", err)
			}
			for _, r := range list {
				c.saw(r.starts, r.id)
				n, err := tx.remindCovenant(ctx, c, r.id, r.municipalityID, r.slug, r.evaluationTold.Valid, timePtr(r.complianceTold))
				if err != nil {
					return err
				}
				count += n
			}
			return nil
		})
	})
	return count, err
}

func (tx *Tx) remindCovenant(ctx context.Context, ch *chunk, id, municipalityID, slug string, evaluationTold bool, complianceTold *time.Time) (int, error) {
	c, err := scanCovenant(tx.queryRow(ctx, `SELECT `+covenantColumns+` FROM covenants WHERE id = ?`, id))
	if err != nil {
		return 0, err
	}
	if c.Parties, err = tx.db.Covenants.covenantParties(ctx, tx, id); err != nil {
		return 0, err
	}
	if c.Agreements, err = tx.db.Covenants.covenantAgreements(ctx, tx, id); err != nil {
		return 0, err
	}
	to, err := tx.roleAddresses(ctx, municipalityID, vios.RoleRegisseur)
	if err != nil || len(to) == 0 {
		return 0, err
	}
	type reminder struct {
		notify.Mail
		column string
		due    string // the condition the reminder claims
	}
	var mails []reminder
	if !evaluationTold && !c.EvaluateOn.After(vios.Date(tx.now.Add(EvaluationNotice))) {
		mails = append(mails, reminder{tx.db.Logs.site().CovenantEvaluation(slug, id, c.Title, c.EvaluateOn), "evaluation_reminded_at",
			"evaluation_reminded_at IS NULL"})
	}
	if (complianceTold == nil || tx.now.Sub(*complianceTold) >= ComplianceInterval) && len(c.Agreements) > 0 {
		networks := map[string]*vios.Network{}
		meetings := map[string][]*vios.Meeting{}
		for _, a := range c.Agreements {
			if a.NetworkID == "" || networks[a.NetworkID] != nil {
				continue
			}
			n, err := scanNetwork(tx.queryRow(ctx, `SELECT `+networkColumns+` FROM networks n WHERE n.id = ?`, a.NetworkID))
			if err != nil {
				return 0, err
			}
			if n.Members, err = tx.db.Networks.networkMembers(ctx, tx, n.ID); err != nil {
				return 0, err
			}
			list, err := tx.networkHistory(ctx, n.ID)
			if err != nil {
				return 0, err
			}
			networks[n.ID], meetings[n.ID] = n, list
		}
		if check := vios.CheckCompliance(c, networks, meetings, tx.now); !check.Kept() {
			mails = append(mails, reminder{tx.db.Logs.site().CovenantCompliance(slug, id, c.Title), "compliance_reminded_at",
				"(compliance_reminded_at IS NULL OR compliance_reminded_at <= ?)"})
		}
	}
	sent := 0
	for _, m := range mails {
		args := []any{tx.now, id}
		if m.column == "compliance_reminded_at" {
			args = append(args, tx.now.Add(-ComplianceInterval))
		}
		claimed, err := tx.claim(ctx, `UPDATE covenants SET `+m.column+` = ? WHERE id = ? AND `+m.due, args...)
		if err != nil {
			return 0, err
		} else if !claimed {
			continue
		}
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, m.Subject, m.Body); err != nil {
				return 0, err
			}
		}
		ch.audits = append(ch.audits, Audit{Action: "convenant-herinnering", ObjectType: "convenant", ObjectID: id, MunicipalityID: municipalityID})
		sent++
	}
	return sent, nil
}

// networkHistory reads a network's meetings with attendance within tx.
func (tx *Tx) networkHistory(ctx context.Context, networkID string) ([]*vios.Meeting, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+meetingColumns+` FROM meetings m JOIN networks n ON n.id = m.network_id
		WHERE m.network_id = ? ORDER BY m.starts_at`), networkID)
	list, err := scanAll(rows, err, tx.db.Networks.scanMeeting)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		if m.Attendance, err = tx.db.Networks.attendance(ctx, tx, m.ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// roleAddresses returns the addresses of the active users holding role in
// the municipality.
func (tx *Tx) roleAddresses(ctx context.Context, municipalityID, role string) ([]string, error) {
	return scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.municipality_id = ? AND m.role = ? AND NOT u.disabled ORDER BY u.email`), municipalityID, role))
}
