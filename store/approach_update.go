package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// UpdateApproach replaces the approach's fields, elements and reach, if it
// was not changed since basedOn (the UpdatedAt the editor started from):
// otherwise ECONFLICT and nothing changes, so two people editing at once
// cannot silently overwrite each other.
func (db *DB) UpdateApproach(ctx context.Context, a *vios.Approach, basedOn time.Time) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, a.MunicipalityID); err != nil {
			return err
		}
		var current time.Time
		if err := tx.queryRow(ctx, `SELECT updated_at FROM approaches WHERE id = ? AND municipality_id = ?`, a.ID, a.MunicipalityID).
			Scan(&current); err != nil {
			return errNoRows(err, "Deze aanpak bestaat niet.")
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft de aanpak gewijzigd nadat u begon. Open de pagina opnieuw, bekijk de wijziging en voer uw aanpassing dan nog eens in.")
		}
		a.UpdatedAt = tx.now.Truncate(time.Microsecond)
		var start any
		if a.Phase.StartDate != nil {
			start = *a.Phase.StartDate
		}
		if err := tx.exec(ctx, `UPDATE approaches SET name = ?, model = ?, summary = ?, reach_description = ?, phase = ?,
			phase_start = ?, phase_remark = ?, phase_ambition = ?, updated_at = ? WHERE id = ?`,
			a.Name, a.Model, a.Summary, a.Reach.Description, a.Phase.Phase, start, a.Phase.Remark, a.Phase.Ambition,
			a.UpdatedAt, a.ID); err != nil {
			return fmt.Errorf("update approach: %w", err)
		}
		for _, table := range []string{"approach_elements", "approach_reach"} {
			if err := tx.exec(ctx, `DELETE FROM `+table+` WHERE approach_id = ?`, a.ID); err != nil {
				return err
			}
		}
		if err := insertApproachDetails(ctx, tx, a); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "aanpak-gewijzigd", ObjectType: "aanpak", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
	})
}

// SaveOrganisation creates (empty ID) or updates an organisation of the
// municipality, with its audit record. An organisation of another
// municipality is not found.
func (db *DB) SaveOrganisation(ctx context.Context, o *vios.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, o.MunicipalityID); err != nil {
			return err
		}
		action := "organisatie-gewijzigd"
		if o.ID == "" {
			action = "organisatie-toegevoegd"
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return err
			}
		} else {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND id <> ? AND (name = ? OR (brin <> '' AND brin = ?))`,
				o.MunicipalityID, o.ID, o.Name, o.BRIN).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				return vios.Errorf(vios.ECONFLICT, "Er bestaat in deze gemeente al een organisatie met deze naam of BRIN-code.")
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE organisations SET kind = ?, name = ?, school_type = ?, brin = ?,
				neighbourhood = ?, in_approach = ?, partner_kind = ?, team = ? WHERE id = ? AND municipality_id = ?`),
				o.Kind, o.Name, o.SchoolType, o.BRIN, o.Neighbourhood, o.InApproach, o.PartnerKind, o.Team, o.ID, o.MunicipalityID)
			if err != nil {
				return fmt.Errorf("update organisation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
			}
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "organisatie", ObjectID: o.ID, MunicipalityID: o.MunicipalityID})
	})
}

// FindOrganisation returns an organisation of the municipality.
func (db *DB) FindOrganisation(ctx context.Context, municipalityID, id string) (*vios.Organisation, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
	}
	o := &vios.Organisation{}
	err := db.queryRow(ctx, `SELECT id, municipality_id, kind, name, school_type, brin, neighbourhood, in_approach,
		partner_kind, team FROM organisations WHERE id = ? AND municipality_id = ?`, id, municipalityID).
		Scan(&o.ID, &o.MunicipalityID, &o.Kind, &o.Name, &o.SchoolType, &o.BRIN, &o.Neighbourhood, &o.InApproach, &o.PartnerKind, &o.Team)
	if err != nil {
		return nil, errNoRows(err, "Deze organisatie bestaat niet.")
	}
	return o, nil
}
