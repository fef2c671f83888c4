package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The regisseur's decision and the school's reports on a request.

// customToChange reads the request of id and its municipality, for a change
// in that municipality's transaction.
func (db *CustomRequests) customToChange(ctx context.Context, id string) (*vios.CustomRequest, error) {
	var c *vios.CustomRequest
	err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		c, _, err = db.readCustom(ctx, q, id)
		return err
	})
	return c, err
}

// DecideCustomRequest records the decision once, and mails the school's
// accounts a link. A request decided meanwhile is not decided again.
func (db *CustomRequests) DecideCustomRequest(ctx context.Context, id string, d vios.CustomDecision) error {
	c, err := db.customToChange(ctx, id)
	if err != nil {
		return err
	}
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionDecideCustom, customResource(c), "maatwerkaanvraag", c.ID); err != nil {
			return err
		}
		if !c.Open() {
			return vios.Errorf(vios.ECONFLICT, "Over deze aanvraag is al besloten.")
		}
		if err := d.Validate(c.RequestedCents); err != nil {
			return err
		}
		motivation, err := tx.db.seal(c.MunicipalityID, "custom_requests", c.ID, "motivation_sealed", d.Motivation)
		if err != nil {
			return err
		}
		decided, err := tx.claim(ctx, `UPDATE custom_requests SET status = ?, granted_cents = ?, motivation_sealed = ?, decided_by = ?,
			decided_at = ?, key_version = ?, updated_at = ? WHERE municipality_id = ? AND id = ? AND status = ?`,
			d.Outcome, d.GrantedCents, motivation, actorUserID(ctx), tx.now, tx.db.activeKey(c.MunicipalityID), tx.now,
			c.MunicipalityID, c.ID, vios.CustomSubmitted)
		if err != nil {
			return err
		} else if !decided {
			return vios.Errorf(vios.ECONFLICT, "Over deze aanvraag is al besloten.")
		}
		to, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.municipality_id = ? AND m.organisation_id = ? AND m.role = ? AND NOT u.disabled ORDER BY u.email`),
			c.MunicipalityID, c.SchoolID, vios.RoleSchool))
		if err != nil {
			return err
		}
		if err := tx.mailCustom(ctx, c, to, true); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "maatwerk-besloten", ObjectType: "maatwerkaanvraag", ObjectID: c.ID, MunicipalityID: c.MunicipalityID})
	})
}

// ReportCustomRequest records progress on a granted request, or its
// completion with the amount spent; a completed request takes no more.
func (db *CustomRequests) ReportCustomRequest(ctx context.Context, id string, r vios.CustomReport) error {
	c, err := db.customToChange(ctx, id)
	if err != nil {
		return err
	}
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionRequestCustom, customResource(c), "maatwerkaanvraag", c.ID); err != nil {
			return err
		}
		if !c.Running() {
			return vios.Errorf(vios.ECONFLICT, "Alleen over een toegekende aanvraag die nog niet is uitgevoerd kunt u verslag doen.")
		}
		if err := r.Validate(c.GrantedCents); err != nil {
			return err
		}
		reportID := uuid.NewString()
		text, err := tx.db.seal(c.MunicipalityID, "custom_request_reports", reportID, "text_sealed", r.Text)
		if err != nil {
			return err
		}
		if r.Kind == vios.ReportDone {
			done, err := tx.claim(ctx, `UPDATE custom_requests SET status = ?, spent_cents = ?, completed_at = ?, updated_at = ?
				WHERE municipality_id = ? AND id = ? AND status IN (?, ?)`, vios.CustomDone, r.SpentCents, tx.now, tx.now,
				c.MunicipalityID, c.ID, vios.CustomGranted, vios.CustomPartly)
			if err != nil {
				return err
			} else if !done {
				return vios.Errorf(vios.ECONFLICT, "Deze aanvraag is al uitgevoerd.")
			}
		}
		if err := tx.exec(ctx, `INSERT INTO custom_request_reports (id, municipality_id, request_id, kind, text_sealed, spent_cents,
			created_by, created_at, key_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, reportID, c.MunicipalityID, c.ID, r.Kind, text,
			r.SpentCents, actorUserID(ctx), tx.now, tx.db.activeKey(c.MunicipalityID)); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "maatwerk-verslag", ObjectType: "maatwerkaanvraag", ObjectID: c.ID, MunicipalityID: c.MunicipalityID})
	})
}
