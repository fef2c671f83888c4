package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vios-platform/vios"
)

// UpdateApproach replaces the approach's fields, elements and reach, if it
// was not changed since basedOn (the UpdatedAt the editor started from):
// otherwise ECONFLICT and nothing changes, so two people editing at once
// cannot silently overwrite each other.
func (db *DB) UpdateApproach(ctx context.Context, a *vios.Approach, basedOn time.Time) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		var current time.Time
		if err := tx.queryRow(ctx, `SELECT updated_at FROM approaches WHERE id = ? AND municipality_id = ?`, a.ID, a.MunicipalityID).
			Scan(&current); err != nil {
			return errNoRows(err, "Deze aanpak bestaat niet.")
		}
		if err := tx.authorizeApproach(ctx, a.MunicipalityID, "aanpak", a.ID); err != nil {
			return err
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft de aanpak intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen, zodat die van de ander niet verloren gaan.")
		}
		a.UpdatedAt = tx.now.Truncate(time.Microsecond)
		var start any
		if a.Phase.StartDate != nil {
			start = *a.Phase.StartDate
		}
		if err := tx.exec(ctx, `UPDATE approaches SET name = ?, model = ?, summary = ?, reach_description = ?, phase = ?,
			phase_start = ?, phase_remark = ?, phase_ambition = ?, updated_at = ? WHERE id = ?`,
			a.Name, a.Model, a.Summary, a.Reach.Description, a.Phase.Phase, start, a.Phase.Remark, a.Phase.Ambition,
			a.UpdatedAt, a.ID); err != nil {
			return fmt.Errorf("update approach: %w", err)
		}
		for _, table := range []string{"approach_elements", "approach_reach"} {
			if err := tx.exec(ctx, `DELETE FROM `+table+` WHERE approach_id = ?`, a.ID); err != nil {
				return err
			}
		}
		if err := insertApproachDetails(ctx, tx, a); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "aanpak-gewijzigd", ObjectType: "aanpak", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
	})
}

// SaveOrganisation creates (empty ID) or updates an organisation of the
// municipality, with its audit record. An organisation of another
// municipality is not found.
func (db *DB) SaveOrganisation(ctx context.Context, o *vios.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, o.MunicipalityID, func(tx *Tx) error {
		action := "organisatie-gewijzigd"
		if o.ID == "" {
			action = "organisatie-toegevoegd"
			if err := tx.authorizeApproach(ctx, o.MunicipalityID, "organisatie", ""); err != nil {
				return err
			}
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return err
			}
		} else {
			var n int
			// Another municipality's organisation is not found, whoever asks.
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ?`, o.ID, o.MunicipalityID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
			}
			if err := tx.authorizeApproach(ctx, o.MunicipalityID, "organisatie", o.ID); err != nil {
				return err
			}
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND id <> ? AND (name = ? OR (brin <> '' AND brin = ?))`,
				o.MunicipalityID, o.ID, o.Name, o.BRIN).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				return vios.Errorf(vios.ECONFLICT, "Er bestaat in deze gemeente al een organisatie met deze naam of BRIN-code.")
			}
			if err := tx.checkKindChange(ctx, o); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE organisations SET kind = ?, name = ?, school_type = ?, brin = ?,
				neighbourhood = ?, in_approach = ?, partner_kind = ?, team = ? WHERE id = ? AND municipality_id = ?`),
				o.Kind, o.Name, o.SchoolType, o.BRIN, o.Neighbourhood, o.InApproach, o.PartnerKind, o.Team, o.ID, o.MunicipalityID)
			if err != nil {
				return fmt.Errorf("update organisation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
			}
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "organisatie", ObjectID: o.ID, MunicipalityID: o.MunicipalityID})
	})
}

// checkKindChange refuses to change the kind (or partner kind) of an
// organisation that is a party to a covenant, or where people hold a role
// or a seat in a network: a clause gives data to parties by their kind, and
// a seat is held by role at an organisation of a kind, so relabelling one
// (youth work as "politie") would hand it what the covenant gives another.
func (tx *Tx) checkKindChange(ctx context.Context, o *vios.Organisation) error {
	var kind, partnerKind string
	if err := tx.queryRow(ctx, `SELECT kind, partner_kind FROM organisations WHERE id = ? AND municipality_id = ?`,
		o.ID, o.MunicipalityID).Scan(&kind, &partnerKind); err != nil {
		return errNoRows(err, "Deze organisatie bestaat niet.")
	}
	if kind == o.Kind && partnerKind == o.PartnerKind {
		return nil
	}
	var used int
	if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM covenant_parties WHERE organisation_id = ? AND status <> ?)
		+ (SELECT COUNT(*) FROM memberships WHERE organisation_id = ?)
		+ (SELECT COUNT(*) FROM network_members WHERE organisation_id = ? AND left_on IS NULL)`,
		o.ID, vios.PartyWithdrawn, o.ID, o.ID).Scan(&used); err != nil {
		return err
	}
	if used > 0 {
		return vios.Invalid("soort", "De soort van deze organisatie verandert niet meer: zij is partij bij een convenant, of mensen werken er met een rol of zitten namens haar in een netwerk. "+
			"Voeg zo nodig een nieuwe organisatie toe.", "De organisatie is niet gewijzigd.")
	}
	return nil
}

// FindOrganisation returns an organisation of the municipality.
func (db *DB) FindOrganisation(ctx context.Context, municipalityID, id string) (*vios.Organisation, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
	}
	o := &vios.Organisation{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT id, municipality_id, kind, name, school_type, brin, neighbourhood, in_approach,
		partner_kind, team FROM organisations WHERE id = ? AND municipality_id = ?`), id, municipalityID).
			Scan(&o.ID, &o.MunicipalityID, &o.Kind, &o.Name, &o.SchoolType, &o.BRIN, &o.Neighbourhood, &o.InApproach, &o.PartnerKind, &o.Team)
	})
	if err != nil {
		return nil, errNoRows(err, "Deze organisatie bestaat niet.")
	}
	return o, nil
}

// ListPeople returns the contact persons of an organisation of the
// municipality; reading them is a processing of personal data, logged per
// person.
func (db *DB) ListPeople(ctx context.Context, municipalityID, organisationID string) ([]*vios.Person, error) {
	var list []*vios.Person
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT id, organisation_id, name, function, email, topic, phone,
			COALESCE(school_id, ''), neighbourhood FROM people
			WHERE municipality_id = ? AND organisation_id = ? ORDER BY name, id`), municipalityID, organisationID)
		if err != nil {
			return fmt.Errorf("list people: %w", err)
		}
		var subjects []Subject
		for rows.Next() {
			p := &vios.Person{}
			if err := rows.Scan(&p.ID, &p.OrganisationID, &p.Name, &p.Function, &p.Email, &p.Topic, &p.Phone,
				&p.SchoolID, &p.Neighbourhood); err != nil {
				rows.Close()
				return err
			}
			list = append(list, p)
			subjects = append(subjects, Subject{p.ID, "persoon"})
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(subjects) == 0 {
			return err
		}
		return tx.process(ctx, "contactpersonen-bekijken", vios.ActivityDirectory, municipalityID, subjects...)
	})
	return list, err
}

// directorySchool is the school a contact person is for: the school named,
// or the home organisation when that is a school and the person names no
// school and no neighbourhood (vios.DirectoryEntry.ForSchoolID).
const directorySchool = `COALESCE(p.school_id, CASE WHEN o.kind = 'school' AND p.neighbourhood = '' THEN o.id END)`

// ListDirectory returns the contact persons on the sociale kaart of the
// municipality for the filter, by organisation name. Only the people shown
// are read, and each is a processing record of its own, as in ListPeople.
func (db *DB) ListDirectory(ctx context.Context, f vios.DirectoryFilter) ([]*vios.DirectoryEntry, error) {
	var list []*vios.DirectoryEntry
	err := db.inTenant(ctx, f.MunicipalityID, func(tx *Tx) error {
		where, args := `p.municipality_id = ?`, []any{f.MunicipalityID}
		switch {
		case f.SchoolID != "":
			// The school's own contacts, those of its neighbourhood, and
			// those for the whole municipality.
			var neighbourhood string
			if !vios.ValidID(f.SchoolID) {
				return vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
			}
			if err := tx.queryRow(ctx, `SELECT neighbourhood FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
				f.SchoolID, f.MunicipalityID, vios.OrgSchool).Scan(&neighbourhood); err != nil {
				return errNoRows(err, "Deze school bestaat niet in deze gemeente.")
			}
			where += ` AND (s.id = ? OR (s.id IS NULL AND (p.neighbourhood = '' OR LOWER(p.neighbourhood) = LOWER(?))))`
			args = append(args, f.SchoolID, neighbourhood)
		case f.Neighbourhood != "":
			// The neighbourhood's contacts, those of the schools in it, and
			// those for the whole municipality.
			where += ` AND ((s.id IS NULL AND (p.neighbourhood = '' OR LOWER(p.neighbourhood) = LOWER(?)))
				OR (s.id IS NOT NULL AND LOWER(s.neighbourhood) = LOWER(?)))`
			args = append(args, f.Neighbourhood, f.Neighbourhood)
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT p.id, p.organisation_id, p.name, p.function, p.email, p.topic, p.phone,
			COALESCE(p.school_id, ''), p.neighbourhood, o.id, o.kind, o.name, o.partner_kind, o.team,
			COALESCE(s.id, ''), COALESCE(s.name, ''), COALESCE(s.neighbourhood, '')
			FROM people p
			JOIN organisations o ON o.id = p.organisation_id AND o.municipality_id = p.municipality_id
			LEFT JOIN organisations s ON s.id = `+directorySchool+` AND s.municipality_id = p.municipality_id
			WHERE `+where+` ORDER BY o.name, o.id, p.name, p.id`), args...)
		if err != nil {
			return fmt.Errorf("list directory: %w", err)
		}
		var subjects []Subject
		for rows.Next() {
			e := &vios.DirectoryEntry{}
			p, o := &e.Person, &e.Organisation
			if err := rows.Scan(&p.ID, &p.OrganisationID, &p.Name, &p.Function, &p.Email, &p.Topic, &p.Phone,
				&p.SchoolID, &p.Neighbourhood, &o.ID, &o.Kind, &o.Name, &o.PartnerKind, &o.Team,
				&e.ForSchoolID, &e.ForSchoolName, &e.ForSchoolNeighbourhood); err != nil {
				rows.Close()
				return err
			}
			o.MunicipalityID = f.MunicipalityID
			list = append(list, e)
			subjects = append(subjects, Subject{p.ID, "persoon"})
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(subjects) == 0 {
			return err
		}
		return tx.process(ctx, "sociale-kaart-bekijken", vios.ActivityDirectory, f.MunicipalityID, subjects...)
	})
	return list, err
}

// DirectoryNeighbourhoods returns every neighbourhood the organisations and
// contact persons of the municipality name, sorted, for choosing one.
func (db *DB) DirectoryNeighbourhoods(ctx context.Context, municipalityID string) ([]string, error) {
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

// AddPerson adds a contact person to an organisation of the municipality.
func (db *DB) AddPerson(ctx context.Context, municipalityID string, p *vios.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ?`, p.OrganisationID, municipalityID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
		}
		if err := tx.authorizeApproach(ctx, municipalityID, "organisatie", p.OrganisationID); err != nil {
			return err
		}
		if err := insertPerson(ctx, tx, municipalityID, p); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "contactpersoon-toegevoegd", ObjectType: "persoon", ObjectID: p.ID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return err
		}
		return tx.process(ctx, "contactpersoon-toevoegen", vios.ActivityDirectory, municipalityID, Subject{p.ID, "persoon"})
	})
}

// RemovePerson removes a contact person of an organisation of the municipality.
func (db *DB) RemovePerson(ctx context.Context, municipalityID, organisationID, personID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM people WHERE id = ? AND organisation_id = ? AND municipality_id = ?`),
			personID, organisationID, municipalityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze contactpersoon bestaat niet.")
		}
		// After the delete, so that a missing person is not found for
		// anyone; a refusal rolls the delete back.
		if err := tx.authorizeApproach(ctx, municipalityID, "persoon", personID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "contactpersoon-verwijderd", ObjectType: "persoon", ObjectID: personID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return err
		}
		return tx.process(ctx, "contactpersoon-verwijderen", vios.ActivityDirectory, municipalityID, Subject{personID, "persoon"})
	})
}
