package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Deletion records: what retention and erasure removed, for the privacy
// officer.

// insertDeletionRecord writes the record and its audit entry.
func (tx *Tx) insertDeletionRecord(ctx context.Context, r *vios.DeletionRecord) error {
	r.ID = uuid.NewString()
	r.At = tx.now.Truncate(time.Microsecond)
	if err := tx.exec(ctx, `INSERT INTO deletion_records (id, municipality_id, kind, action, count, clause_id, reason, dry_run, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.MunicipalityID, r.Kind, r.Action, r.Count, r.ClauseID, r.Reason, r.DryRun, r.At); err != nil {
		return fmt.Errorf("insert deletion record: %w", err)
	}
	action := "bewaartermijn-" + r.Action
	if r.DryRun {
		action = "bewaartermijn-proefrun"
	}
	return tx.audit(ctx, Audit{Action: action, ObjectType: r.Kind, ObjectID: r.ID, MunicipalityID: r.MunicipalityID})
}

// ListDeletionRecords returns what retention and erasure removed in the
// municipality, newest first (at most 500), and within one pass pupils
// first, then cases, signals and minutes: for the privacy officer.
func (db *Casework) ListDeletionRecords(ctx context.Context, municipalityID string) ([]vios.DeletionRecord, error) {
	if err := db.authorize(ctx, vios.ActionSubjectRequest, vios.Resource{MunicipalityID: municipalityID}, "bewaartermijn", ""); err != nil {
		return nil, err
	}
	var list []vios.DeletionRecord
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, municipality_id, kind, action, count, clause_id, reason, dry_run, at
			FROM deletion_records WHERE municipality_id = ?
			ORDER BY at DESC, CASE kind WHEN 'leerlingen' THEN 0 WHEN 'casussen' THEN 1 WHEN 'signalen' THEN 2 ELSE 3 END,
			action DESC, clause_id, id LIMIT 500`), municipalityID)
		list, err = scanAll(rows, err, func(s scanner) (vios.DeletionRecord, error) {
			var r vios.DeletionRecord
			err := s.Scan(&r.ID, &r.MunicipalityID, &r.Kind, &r.Action, &r.Count, &r.ClauseID, &r.Reason, &r.DryRun, &r.At)
			r.At = r.At.UTC()
			return r, err
		})
		return err
	})
	return list, err
}
