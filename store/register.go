package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// ListActivities returns the register as the municipality sees it: the
// platform's defaults and its own activities.
func (db *Logs) ListActivities(ctx context.Context, municipalityID string) ([]*vios.ProcessingActivity, error) {
	var list []*vios.ProcessingActivity
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, COALESCE(municipality_id, ''), uri, name, purpose, legal_basis, data_categories, retention
		FROM processing_activities WHERE municipality_id IS NULL OR municipality_id = ? ORDER BY municipality_id IS NOT NULL, name`), municipalityID)
		if err != nil {
			return fmt.Errorf("list activities: %w", err)
		}
		list, err = scanAll(rows, nil, func(r scanner) (*vios.ProcessingActivity, error) {
			a := &vios.ProcessingActivity{}
			return a, r.Scan(&a.ID, &a.MunicipalityID, &a.URI, &a.Name, &a.Purpose, &a.LegalBasis, &a.DataCategories, &a.Retention)
		})
		return err
	})
	return list, err
}

// FindActivity returns an activity the municipality can see.
func (db *Logs) FindActivity(ctx context.Context, municipalityID, id string) (*vios.ProcessingActivity, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze verwerkingsactiviteit bestaat niet.")
	}
	a := &vios.ProcessingActivity{}
	var muni sql.NullString
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT id, municipality_id, uri, name, purpose, legal_basis, data_categories, retention
		FROM processing_activities WHERE id = ? AND (municipality_id IS NULL OR municipality_id = ?)`), id, municipalityID).
			Scan(&a.ID, &muni, &a.URI, &a.Name, &a.Purpose, &a.LegalBasis, &a.DataCategories, &a.Retention)
	})
	if err != nil {
		return nil, errNoRows(err, "Deze verwerkingsactiviteit bestaat niet.")
	}
	a.MunicipalityID = muni.String
	return a, nil
}

// SaveActivity adds (empty ID) or changes an activity of the municipality.
// The platform's defaults cannot be changed.
func (db *Logs) SaveActivity(ctx context.Context, a *vios.ProcessingActivity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		action := "verwerkingsactiviteit-gewijzigd"
		if a.ID == "" {
			action = "verwerkingsactiviteit-toegevoegd"
			a.ID = uuid.NewString()
			a.URI = vios.ActivityBase + a.ID
			if err := tx.exec(ctx, `INSERT INTO processing_activities (id, municipality_id, uri, name, purpose, legal_basis,
				data_categories, retention, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.MunicipalityID, a.URI, a.Name,
				a.Purpose, a.LegalBasis, a.DataCategories, a.Retention, tx.now); err != nil {
				return fmt.Errorf("insert activity: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE processing_activities SET name = ?, purpose = ?, legal_basis = ?,
				data_categories = ?, retention = ? WHERE id = ? AND municipality_id = ?`), a.Name, a.Purpose, a.LegalBasis,
				a.DataCategories, a.Retention, a.ID, a.MunicipalityID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return vios.Errorf(vios.ENOTFOUND, "Deze verwerkingsactiviteit bestaat niet of is een standaardactiviteit die niet kan worden gewijzigd.")
			}
		}
		// The privacy officer keeps the register; after the existence
		// check, and a refusal rolls the change back.
		if err := tx.authorize(ctx, vios.ActionViewProcessingLog, vios.Resource{MunicipalityID: a.MunicipalityID}, "verwerkingsactiviteit", a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "verwerkingsactiviteit", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
	})
}
