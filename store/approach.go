package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

const approachColumns = `a.id, a.municipality_id, a.name, a.model, a.summary, a.reach_description,
	a.phase, a.phase_start, a.phase_remark, a.phase_ambition, a.updated_at,
	m.slug, m.name, m.kind`

// approachFilterSQL returns the WHERE clause and arguments for filter. Empty
// filter fields compare against ” so the query text stays the same.
func approachFilterSQL(f vios.ApproachFilter) (string, []any) {
	return `WHERE (? = '' OR EXISTS (SELECT 1 FROM approach_elements e WHERE e.approach_id = a.id AND e.element = ?))
	  AND (? = '' OR a.model = ?)
	  AND (? = '' OR EXISTS (SELECT 1 FROM approach_reach r WHERE r.approach_id = a.id AND r.school_type = ? AND r.status = 'deelnemend'))
	  AND (? = '' OR a.phase = ?)`,
		[]any{f.Element, f.Element, f.Model, f.Model, f.SchoolType, f.SchoolType, f.Phase, f.Phase}
}

// ListApproaches returns the approaches matching filter, by municipality name.
func (db *Approaches) ListApproaches(ctx context.Context, filter vios.ApproachFilter) ([]*vios.Approach, error) {
	if err := filter.Validate(); err != nil {
		return nil, err
	}
	where, args := approachFilterSQL(filter)
	return db.listApproaches(ctx, where+` ORDER BY m.name, a.id`, args...)
}

// FindApproachByID returns the approach with id, ENOTFOUND when there is none.
func (db *Approaches) FindApproachByID(ctx context.Context, id string) (*vios.Approach, error) {
	if !vios.ValidID(id) {
		return nil, &vios.Error{Code: vios.EINVALID, Message: "De id van de aanpak is ongeldig.",
			Fields: []vios.FieldError{{Field: "id", Message: "Een id is een UUID in kleine letters, zoals 0b6f0d3e-4a53-4c1e-9a57-0f0e5b0e7a11."}}}
	}
	return db.findApproach(ctx, "Deze aanpak bestaat niet.", `WHERE a.id = ?`, id)
}

// FindApproachByMunicipality returns the approach of the municipality with slug.
func (db *Approaches) FindApproachByMunicipality(ctx context.Context, slug string) (*vios.Approach, error) {
	if !vios.ValidSlug(slug) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze gemeente staat niet op het platform.")
	}
	return db.findApproach(ctx, "Deze gemeente staat niet op het platform.", `WHERE m.slug = ?`, slug)
}

func (db *Approaches) findApproach(ctx context.Context, notFound, where string, args ...any) (*vios.Approach, error) {
	list, err := db.listApproaches(ctx, where, args...)
	if err != nil {
		return nil, err
	} else if len(list) == 0 {
		return nil, vios.Errorf(vios.ENOTFOUND, "%s", notFound)
	}
	return list[0], nil
}

// listApproaches reads the approaches selected by where, then their elements
// and reach in one query each (not one per approach).
func (db *Approaches) listApproaches(ctx context.Context, where string, args ...any) ([]*vios.Approach, error) {
	rows, err := db.query(ctx, `SELECT `+approachColumns+`
		FROM approaches a JOIN municipalities m ON m.id = a.municipality_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list approaches: %w", err)
	}
	defer rows.Close()
	var list []*vios.Approach
	byID := map[string]*vios.Approach{}
	for rows.Next() {
		a := &vios.Approach{Municipality: &vios.Municipality{}}
		var start sql.NullTime
		if err := rows.Scan(&a.ID, &a.MunicipalityID, &a.Name, &a.Model, &a.Summary, &a.Reach.Description,
			&a.Phase.Phase, &start, &a.Phase.Remark, &a.Phase.Ambition, &a.UpdatedAt,
			&a.Municipality.Slug, &a.Municipality.Name, &a.Municipality.Kind); err != nil {
			return nil, fmt.Errorf("scan approach: %w", err)
		}
		a.Municipality.ID = a.MunicipalityID
		a.UpdatedAt = a.UpdatedAt.UTC()
		if start.Valid {
			d := time.Date(start.Time.Year(), start.Time.Month(), start.Time.Day(), 0, 0, 0, 0, time.UTC)
			a.Phase.StartDate = &d
		}
		list = append(list, a)
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list approaches: %w", err)
	}
	rows.Close()
	if len(list) == 0 {
		return list, nil
	}
	if err := db.loadApproachDetails(ctx, byID); err != nil {
		return nil, err
	}
	return list, nil
}

func (db *Approaches) loadApproachDetails(ctx context.Context, byID map[string]*vios.Approach) error {
	ids := make([]any, 0, len(byID))
	munis := make([]any, 0, len(byID))
	for id, a := range byID {
		ids = append(ids, id)
		munis = append(munis, a.MunicipalityID)
	}
	in := placeholders(len(ids))

	rows, err := db.query(ctx, `SELECT approach_id, element, status, note FROM approach_elements
		WHERE approach_id IN (`+in+`) ORDER BY approach_id, position`, ids...)
	if err != nil {
		return fmt.Errorf("list approach elements: %w", err)
	}
	for rows.Next() {
		var id string
		var e vios.ApproachElement
		if err := rows.Scan(&id, &e.Code, &e.Status, &e.Note); err != nil {
			rows.Close()
			return fmt.Errorf("scan approach element: %w", err)
		}
		byID[id].Elements = append(byID[id].Elements, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list approach elements: %w", err)
	}

	rows, err = db.query(ctx, `SELECT approach_id, school_type, status, school_count FROM approach_reach
		WHERE approach_id IN (`+in+`) ORDER BY approach_id, position`, ids...)
	if err != nil {
		return fmt.Errorf("list approach reach: %w", err)
	}
	for rows.Next() {
		var id string
		var r vios.ReachSchoolType
		if err := rows.Scan(&id, &r.SchoolType, &r.Status, &r.SchoolCount); err != nil {
			rows.Close()
			return fmt.Errorf("scan approach reach: %w", err)
		}
		byID[id].Reach.SchoolTypes = append(byID[id].Reach.SchoolTypes, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list approach reach: %w", err)
	}

	byMunicipality := map[string]*vios.Approach{}
	for _, a := range byID {
		byMunicipality[a.MunicipalityID] = a
	}
	rows, err = db.query(ctx, `SELECT municipality_id, name FROM municipality_members
		WHERE municipality_id IN (`+in+`) ORDER BY municipality_id, position`, munis...)
	if err != nil {
		return fmt.Errorf("list municipality members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("scan municipality member: %w", err)
		}
		m := byMunicipality[id].Municipality
		m.Members = append(m.Members, name)
	}
	return rows.Err()
}

// CreateApproach validates and stores a new approach for an existing
// municipality, which may not have one yet.
func (db *Approaches) CreateApproach(ctx context.Context, a *vios.Approach) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM municipalities WHERE id = ?`, a.MunicipalityID).Scan(&n); err != nil {
			return fmt.Errorf("find municipality: %w", err)
		} else if n == 0 {
			return &vios.Error{Code: vios.EINVALID, Message: "De aanpak is niet volledig of niet juist ingevuld.",
				Fields: []vios.FieldError{{Field: "gemeente", Message: "Deze gemeente bestaat niet."}}}
		}
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM approaches WHERE municipality_id = ?`, a.MunicipalityID).Scan(&n); err != nil {
			return fmt.Errorf("find approach: %w", err)
		} else if n > 0 {
			return vios.Errorf(vios.ECONFLICT, "Deze gemeente heeft al een aanpak.")
		}
		if err := tx.authorizeApproach(ctx, a.MunicipalityID, "aanpak", ""); err != nil {
			return err
		}
		return insertApproach(ctx, tx, a)
	})
}

func insertApproach(ctx context.Context, tx *Tx, a *vios.Approach) error {
	a.ID = uuid.NewString()
	a.UpdatedAt = tx.now
	var start any
	if a.Phase.StartDate != nil {
		start = *a.Phase.StartDate
	}
	if err := tx.exec(ctx, `INSERT INTO approaches (id, municipality_id, name, model, summary, reach_description,
		phase, phase_start, phase_remark, phase_ambition, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.MunicipalityID, a.Name, a.Model, a.Summary, a.Reach.Description,
		a.Phase.Phase, start, a.Phase.Remark, a.Phase.Ambition, tx.now, tx.now); err != nil {
		return fmt.Errorf("insert approach: %w", err)
	}
	return insertApproachDetails(ctx, tx, a)
}

// insertApproachDetails stores the elements and reach of an approach.
func insertApproachDetails(ctx context.Context, tx *Tx, a *vios.Approach) error {
	for i, e := range a.Elements {
		if err := tx.exec(ctx, `INSERT INTO approach_elements (approach_id, position, element, status, note)
			VALUES (?, ?, ?, ?, ?)`, a.ID, i, e.Code, e.Status, e.Note); err != nil {
			return fmt.Errorf("insert approach element: %w", err)
		}
	}
	for i, r := range a.Reach.SchoolTypes {
		if err := tx.exec(ctx, `INSERT INTO approach_reach (approach_id, position, school_type, status, school_count)
			VALUES (?, ?, ?, ?, ?)`, a.ID, i, r.SchoolType, r.Status, r.SchoolCount); err != nil {
			return fmt.Errorf("insert approach reach: %w", err)
		}
	}
	return nil
}

// errNoRows maps sql.ErrNoRows to ENOTFOUND with message.
func errNoRows(err error, message string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return vios.Errorf(vios.ENOTFOUND, "%s", message)
	}
	return err
}
