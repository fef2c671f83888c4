package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// SchoolSignals are signals of one phenomenon about one school, one per
// day in Days, for tests and benchmarks of the trend job.
type SchoolSignals struct {
	SchoolID   string
	Phenomenon string
	Days       []time.Time
}

// LoadSchoolSignals inserts handled school-level signals (no pupils, no
// text) of the network with multi-row statements and without audit
// records: it is for tests and benchmarks, never for real data.
func (db *Casework) LoadSchoolSignals(ctx context.Context, municipalityID, networkID, reporterUserID, reporterOrgID string, list []SchoolSignals) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var signals, schools []any
		var ids []string
		n := 0
		for _, s := range list {
			for _, day := range s.Days {
				id := uuid.NewString()
				ids = append(ids, id)
				n++
				signals = append(signals, id, municipalityID, networkID, fmt.Sprintf("S-T-%s", id[:8]), vios.Date(day), reporterUserID,
					reporterOrgID, s.Phenomenon, vios.LevelSchool, "normaal", "afgehandeld", tx.now, tx.now)
				schools = append(schools, id, s.SchoolID, municipalityID)
			}
		}
		if err := tx.insertRows(ctx, `INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id,
			reporter_org_id, phenomenon, level, urgency, status, created_at, updated_at)`, 13, signals); err != nil {
			return err
		}
		if err := tx.insertRows(ctx, `INSERT INTO signal_schools (signal_id, organisation_id, municipality_id)`, 3, schools); err != nil {
			return err
		}
		return tx.countSignals(ctx, 1, ids...)
	})
}
