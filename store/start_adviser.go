package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The advisers of the national contact point: kept by the landelijk role,
// assigned to start requests and suggested as kwartiermaker.

const adviserNotFound = "Deze adviseur staat niet in de lijst."

func scanAdviser(sc scanner) (*vios.Adviser, error) {
	a := &vios.Adviser{}
	return a, sc.Scan(&a.ID, &a.Name, &a.Province, &a.Experience)
}

func (db *DB) readAdviser(ctx context.Context, q querier, id string) (*vios.Adviser, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, adviserNotFound)
	}
	a, err := scanAdviser(q.QueryRowContext(ctx, db.rebind(`SELECT id, name, province, experience FROM start_advisers WHERE id = ?`), id))
	return a, errNoRows(err, adviserNotFound)
}

// Advisers lists the advisers by name, for the landelijk role.
func (db *Start) Advisers(ctx context.Context) ([]*vios.Adviser, error) {
	if err := db.authorize(ctx, vios.ActionHandleStartRequest, vios.Resource{}, "adviseur", ""); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, name, province, experience FROM start_advisers ORDER BY name, id`)
	return scanAll(rows, err, scanAdviser)
}

// SaveAdviser adds or changes an adviser.
func (db *Start) SaveAdviser(ctx context.Context, a *vios.Adviser) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionHandleStartRequest, vios.Resource{}, "adviseur", a.ID); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		action := "adviseur-gewijzigd"
		if a.ID == "" {
			a.ID, action = uuid.NewString(), "adviseur-toegevoegd"
			if err := tx.exec(ctx, `INSERT INTO start_advisers (id, name, province, experience, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				a.ID, a.Name, a.Province, a.Experience, tx.now, tx.now); err != nil {
				return err
			}
		} else {
			if _, err := tx.db.readAdviser(ctx, tx, a.ID); err != nil {
				return err
			}
			if err := tx.exec(ctx, `UPDATE start_advisers SET name = ?, province = ?, experience = ?, updated_at = ? WHERE id = ?`,
				a.Name, a.Province, a.Experience, tx.now, a.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "adviseur", ObjectID: a.ID})
	})
}
