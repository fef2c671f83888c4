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
		// The current versions only: a replaced one is kept for the
		// records and clauses written under it, not offered anew.
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, COALESCE(municipality_id, ''), uri, name, purpose, legal_basis, data_categories, retention,
		version FROM processing_activities WHERE (municipality_id IS NULL OR municipality_id = ?) AND replaced_by IS NULL
		ORDER BY municipality_id IS NOT NULL, name`), municipalityID)
		if err != nil {
			return fmt.Errorf("list activities: %w", err)
		}
		list, err = scanAll(rows, nil, func(r scanner) (*vios.ProcessingActivity, error) {
			a := &vios.ProcessingActivity{}
			return a, r.Scan(&a.ID, &a.MunicipalityID, &a.URI, &a.Name, &a.Purpose, &a.LegalBasis, &a.DataCategories, &a.Retention, &a.Version)
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
		return q.QueryRowContext(ctx, db.rebind(`SELECT id, municipality_id, uri, name, purpose, legal_basis, data_categories, retention,
		version, COALESCE(replaced_by, '') FROM processing_activities WHERE id = ? AND (municipality_id IS NULL OR municipality_id = ?)`), id, municipalityID).
			Scan(&a.ID, &muni, &a.URI, &a.Name, &a.Purpose, &a.LegalBasis, &a.DataCategories, &a.Retention, &a.Version, &a.ReplacedBy)
	})
	if err != nil {
		return nil, errNoRows(err, "Deze verwerkingsactiviteit bestaat niet.")
	}
	a.MunicipalityID = muni.String
	return a, nil
}

// SaveActivity adds (empty ID) or changes an activity of the municipality.
// The platform's defaults cannot be changed. A changed definition is a new
// version (newActivityVersion): a.ID and a.URI become the new version's.
func (db *Logs) SaveActivity(ctx context.Context, a *vios.ProcessingActivity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		action := "verwerkingsactiviteit-gewijzigd"
		changed := true
		if a.ID == "" {
			action = "verwerkingsactiviteit-toegevoegd"
			a.ID, a.Version = uuid.NewString(), 1
			a.URI = vios.ActivityBase + a.ID
			if err := tx.insertActivity(ctx, a); err != nil {
				return err
			}
		} else {
			var err error
			if changed, err = tx.newActivityVersion(ctx, a); err != nil {
				return err
			}
		}
		// The privacy officer keeps the register; after the existence
		// check, and a refusal rolls the change back.
		if err := tx.authorize(ctx, vios.ActionViewProcessingLog, vios.Resource{MunicipalityID: a.MunicipalityID}, "verwerkingsactiviteit", a.ID); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "verwerkingsactiviteit", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
	})
}

// insertActivity writes a as a row of the register.
func (tx *Tx) insertActivity(ctx context.Context, a *vios.ProcessingActivity) error {
	var muni any
	if a.MunicipalityID != "" {
		muni = a.MunicipalityID
	}
	if err := tx.exec(ctx, `INSERT INTO processing_activities (id, municipality_id, uri, name, purpose, legal_basis,
		data_categories, retention, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, a.ID, muni, a.URI,
		a.Name, a.Purpose, a.LegalBasis, a.DataCategories, a.Retention, a.Version, tx.now); err != nil {
		return fmt.Errorf("insert activity: %w", err)
	}
	return nil
}

// newActivityVersion replaces the current version a.ID of the
// municipality's own activity by a new version with a's definition, unless
// the definition is unchanged (false). The old row stays, pointing at its
// successor: processing records and clauses keep the URI and id they were
// written with, and the old URI keeps resolving.
func (tx *Tx) newActivityVersion(ctx context.Context, a *vios.ProcessingActivity) (bool, error) {
	cur := &vios.ProcessingActivity{}
	err := tx.queryRow(ctx, `SELECT uri, version, name, purpose, legal_basis, data_categories, retention, COALESCE(replaced_by, '')
		FROM processing_activities WHERE id = ? AND municipality_id = ?`, a.ID, a.MunicipalityID).
		Scan(&cur.URI, &cur.Version, &cur.Name, &cur.Purpose, &cur.LegalBasis, &cur.DataCategories, &cur.Retention, &cur.ReplacedBy)
	if err != nil {
		return false, errNoRows(err, "Deze verwerkingsactiviteit bestaat niet of is een standaardactiviteit die niet kan worden gewijzigd.")
	}
	if cur.ReplacedBy != "" {
		return false, vios.Errorf(vios.ECONFLICT, "Deze versie van de verwerkingsactiviteit is al vervangen; wijzig de nieuwste versie.")
	}
	if cur.Fingerprint() == a.Fingerprint() {
		a.URI, a.Version = cur.URI, cur.Version
		return false, nil
	}
	a.Version = cur.Version + 1
	a.URI = vios.ActivityVersionURI(vios.FirstActivityURI(cur.URI, cur.Version), a.Version)
	// Claim the old version first: of two edits at once, the second finds
	// it replaced and is refused instead of writing a second successor.
	res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE processing_activities SET replaced_by = ? WHERE id = ? AND replaced_by IS NULL`), a.URI, a.ID)
	if err != nil {
		return false, fmt.Errorf("replace activity: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, vios.Errorf(vios.ECONFLICT, "Deze versie van de verwerkingsactiviteit is al vervangen; wijzig de nieuwste versie.")
	}
	a.ID = uuid.NewString()
	return true, tx.insertActivity(ctx, a)
}
