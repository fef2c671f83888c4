package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// ExportThread reads a network's thread for its chair's export, audited:
// with names only when the chair asks (and the clause gives them names;
// otherwise each pupil stays as the chair sees them), which the audit
// entry says. Every pupil shown is in the processing log as for reading.
func (db *Networks) ExportThread(ctx context.Context, municipalityID, networkID string, names bool) (*vios.Thread, error) {
	actor := vios.ActorFromContext(ctx)
	var t *vios.Thread
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		s, err := tx.threadScope(ctx, municipalityID, networkID, "")
		if err != nil {
			return err
		}
		if s.network().PlaceOf(actor.User.ID, vios.Date(tx.now)) != vios.FunctionChair {
			return vios.Errorf(vios.EFORBIDDEN, "Alleen de voorzitter van het netwerk exporteert de berichten.")
		}
		if t, err = tx.readThread(ctx, s); err != nil {
			return err
		}
		action := "berichten-geexporteerd"
		if names {
			action = "berichten-geexporteerd-met-namen"
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "netwerk", ObjectID: networkID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
	return t, err
}
