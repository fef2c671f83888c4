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
func (db *Approaches) UpdateApproach(ctx context.Context, a *vios.Approach, basedOn time.Time) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		var current time.Time
		if err := tx.queryRow(ctx, `SELECT updated_at FROM approaches WHERE id = ? AND municipality_id = ?`, a.ID, a.MunicipalityID).
			Scan(&current); err != nil {
			return errNoRows(err, "Deze aanpak bestaat niet.")
		}
		if err := tx.authorizeApproach(ctx, a.MunicipalityID, "aanpak", a.ID); err != nil {
			return err
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft de aanpak intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen, zodat die van de ander niet verloren gaan.")
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

// directorySchool is the school a contact person is for: the school named,
// or the home organisation when that is a school and the person names no
// school and no neighbourhood (vios.DirectoryEntry.ForSchoolID).
const directorySchool = `COALESCE(p.school_id, CASE WHEN o.kind = 'school' AND p.neighbourhood = '' THEN o.id END)`
