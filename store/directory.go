package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/vios-platform/vios"
)

// ListDirectory returns the contact persons on the sociale kaart of the
// municipality for the filter, by organisation name. Only the people shown
// are read, and each is a processing record of its own, as in ListPeople.
func (db *Organisations) ListDirectory(ctx context.Context, f vios.DirectoryFilter) ([]*vios.DirectoryEntry, error) {
	var list []*vios.DirectoryEntry
	err := db.readLogged(ctx, f.MunicipalityID, func(tx *Tx) error {
		where, args := `p.municipality_id = ?`, []any{f.MunicipalityID}
		switch {
		case f.SchoolID != "":
			// The school's own contacts, those of its neighbourhood, and
			// those for the whole municipality.
			w, a, err := tx.schoolDirectory(ctx, f.MunicipalityID, f.SchoolID)
			if err != nil {
				return err
			}
			where += w
			args = append(args, a...)
		case f.Neighbourhood != "":
			// The neighbourhood's contacts, those of the schools in it, and
			// those for the whole municipality.
			where += ` AND ((s.id IS NULL AND (p.neighbourhood = '' OR LOWER(p.neighbourhood) = LOWER(?)))
				OR (s.id IS NOT NULL AND LOWER(s.neighbourhood) = LOWER(?)))`
			args = append(args, f.Neighbourhood, f.Neighbourhood)
		}
		found, err := tx.directoryRows(ctx, f.MunicipalityID, where, args...)
		if err != nil || len(found) == 0 {
			return err
		}
		list = found
		var subjects []Subject
		for _, e := range list {
			subjects = append(subjects, Subject{e.ID, "persoon"})
		}
		return tx.process(ctx, "sociale-kaart-bekijken", vios.ActivityDirectory, f.MunicipalityID, subjects...)
	})
	return list, err
}

// DirectoryNeighbourhoods returns every neighbourhood the organisations and
// contact persons of the municipality name, sorted, for choosing one.
func (db *Organisations) DirectoryNeighbourhoods(ctx context.Context, municipalityID string) ([]string, error) {
	var list []string
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT neighbourhood FROM organisations WHERE municipality_id = ? AND neighbourhood <> ''
			UNION SELECT neighbourhood FROM people WHERE municipality_id = ? AND neighbourhood <> ''`), municipalityID, municipalityID)
		if err != nil {
			return fmt.Errorf("list neighbourhoods: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			list = append(list, n)
		}
		return rows.Err()
	})
	// Sorted here, not by the database, so both dialects agree.
	slices.Sort(list)
	return list, err
}

// directoryRows reads the contact persons of the municipality that where
// (over people p and the school s they are the contact for) chooses,
// without recording the read: the caller records what it shows.
func (tx *Tx) directoryRows(ctx context.Context, municipalityID, where string, args ...any) ([]*vios.DirectoryEntry, error) {
	var list []*vios.DirectoryEntry
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT p.id, p.organisation_id, p.name, p.function, p.email, p.topic, p.phone,
		COALESCE(p.school_id, ''), p.neighbourhood, o.id, o.kind, o.name, o.partner_kind, o.team,
		COALESCE(s.id, ''), COALESCE(s.name, ''), COALESCE(s.neighbourhood, '')
		FROM people p
		JOIN organisations o ON o.id = p.organisation_id AND o.municipality_id = p.municipality_id
		LEFT JOIN organisations s ON s.id = `+directorySchool+` AND s.municipality_id = p.municipality_id
		WHERE `+where+` ORDER BY o.name, o.id, p.name, p.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("list directory: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e := &vios.DirectoryEntry{}
		p, o := &e.Person, &e.Organisation
		if err := rows.Scan(&p.ID, &p.OrganisationID, &p.Name, &p.Function, &p.Email, &p.Topic, &p.Phone,
			&p.SchoolID, &p.Neighbourhood, &o.ID, &o.Kind, &o.Name, &o.PartnerKind, &o.Team,
			&e.ForSchoolID, &e.ForSchoolName, &e.ForSchoolNeighbourhood); err != nil {
			return nil, err
		}
		o.MunicipalityID = municipalityID
		list = append(list, e)
	}
	return list, rows.Err()
}

// schoolDirectory returns the condition on people p (and s) that chooses
// the contacts of a school: its own, those of its neighbourhood, and those
// for the whole municipality.
func (tx *Tx) schoolDirectory(ctx context.Context, municipalityID, schoolID string) (string, []any, error) {
	var neighbourhood string
	if !vios.ValidID(schoolID) {
		return "", nil, vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
	}
	if err := tx.queryRow(ctx, `SELECT neighbourhood FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
		schoolID, municipalityID, vios.OrgSchool).Scan(&neighbourhood); err != nil {
		return "", nil, errNoRows(err, "Deze school bestaat niet in deze gemeente.")
	}
	return ` AND (s.id = ? OR (s.id IS NULL AND (p.neighbourhood = '' OR LOWER(p.neighbourhood) = LOWER(?))))`,
		[]any{schoolID, neighbourhood}, nil
}
