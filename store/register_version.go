package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The platform's processing activities are defined in code, each with a
// version (vios.DefaultActivities): they are part of a release, reviewed
// with the code that processes under them, and a test holds each version's
// definition fixed. Migrate writes the versions this build brings into the
// register and marks the older ones replaced, so that no migration is
// needed per change of wording and several instances starting at once
// write each version once.

// syncPlatformActivities writes each activity of list that the register
// lacks, and points its older versions at it.
func (db *DB) syncPlatformActivities(ctx context.Context, list []vios.ProcessingActivity) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range list {
		// The same id on every instance: derived from the URI.
		a.ID = uuid.NewSHA1(uuid.NameSpaceURL, []byte(a.URI)).String()
		a.MunicipalityID = ""
		if err := tx.insertActivity(ctx, &a); err != nil {
			return err
		}
		first := vios.FirstActivityURI(a.URI, a.Version)
		for v := 1; v < a.Version; v++ {
			if err := tx.exec(ctx, `UPDATE processing_activities SET replaced_by = ? WHERE uri = ? AND municipality_id IS NULL
				AND replaced_by IS NULL`, a.URI, vios.ActivityVersionURI(first, v)); err != nil {
				return fmt.Errorf("replace platform activity: %w", err)
			}
		}
	}
	return tx.Commit()
}
