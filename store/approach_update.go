package store

import (
	"context"
	"fmt"
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
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, a.MunicipalityID); err != nil {
			return err
		}
		var current time.Time
		if err := tx.queryRow(ctx, `SELECT updated_at FROM approaches WHERE id = ? AND municipality_id = ?`, a.ID, a.MunicipalityID).
			Scan(&current); err != nil {
			return errNoRows(err, "Deze aanpak bestaat niet.")
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
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, o.MunicipalityID); err != nil {
			return err
		}
		action := "organisatie-gewijzigd"
		if o.ID == "" {
			action = "organisatie-toegevoegd"
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return err
			}
		} else {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND id <> ? AND (name = ? OR (brin <> '' AND brin = ?))`,
				o.MunicipalityID, o.ID, o.Name, o.BRIN).Scan(&n); err != nil {
				return err
			} else if n > 0 {
				return vios.Errorf(vios.ECONFLICT, "Er bestaat in deze gemeente al een organisatie met deze naam of BRIN-code.")
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

// FindOrganisation returns an organisation of the municipality.
func (db *DB) FindOrganisation(ctx context.Context, municipalityID, id string) (*vios.Organisation, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
	}
	o := &vios.Organisation{}
	err := db.queryRow(ctx, `SELECT id, municipality_id, kind, name, school_type, brin, neighbourhood, in_approach,
		partner_kind, team FROM organisations WHERE id = ? AND municipality_id = ?`, id, municipalityID).
		Scan(&o.ID, &o.MunicipalityID, &o.Kind, &o.Name, &o.SchoolType, &o.BRIN, &o.Neighbourhood, &o.InApproach, &o.PartnerKind, &o.Team)
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
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, municipalityID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT id, organisation_id, name, function, email FROM people
			WHERE municipality_id = ? AND organisation_id = ? ORDER BY name, id`), municipalityID, organisationID)
		if err != nil {
			return fmt.Errorf("list people: %w", err)
		}
		var subjects []Subject
		for rows.Next() {
			p := &vios.Person{}
			if err := rows.Scan(&p.ID, &p.OrganisationID, &p.Name, &p.Function, &p.Email); err != nil {
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

// AddPerson adds a contact person to an organisation of the municipality.
func (db *DB) AddPerson(ctx context.Context, municipalityID string, p *vios.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, municipalityID); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ?`, p.OrganisationID, municipalityID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
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
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, municipalityID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM people WHERE id = ? AND organisation_id = ? AND municipality_id = ?`),
			personID, organisationID, municipalityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze contactpersoon bestaat niet.")
		}
		if err := tx.audit(ctx, Audit{Action: "contactpersoon-verwijderd", ObjectType: "persoon", ObjectID: personID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return err
		}
		return tx.process(ctx, "contactpersoon-verwijderen", vios.ActivityDirectory, municipalityID, Subject{personID, "persoon"})
	})
}
