package store

import (
	"context"
	"database/sql"
	"time"
)

// lastEvaluations gives per school when one of its incident protocols was
// last evaluated after an incident: the plan overview shows whether PDCA
// actually happens.
func (db *DB) lastEvaluations(ctx context.Context, q querier, municipalityID string) (map[string]time.Time, error) {
	// Newest first, the first per school wins: MAX would lose the column's
	// type on SQLite.
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT ip.school_id, pe.evaluated_at FROM protocol_evaluations pe
		JOIN incident_protocols ip ON ip.id = pe.protocol_id AND ip.municipality_id = pe.municipality_id
		WHERE pe.municipality_id = ? AND pe.evaluated_at IS NOT NULL AND ip.school_id <> ''
		ORDER BY pe.evaluated_at DESC`), municipalityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var school string
		var at sql.NullTime
		if err := rows.Scan(&school, &at); err != nil {
			return nil, err
		}
		if _, ok := out[school]; !ok && at.Valid {
			out[school] = at.Time
		}
	}
	return out, rows.Err()
}
