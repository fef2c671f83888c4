package store

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// SaveOrganisation creates (empty ID) or updates an organisation of the
// municipality, with its audit record. An organisation of another
// municipality is not found.
func (db *Approaches) SaveOrganisation(ctx context.Context, o *vios.Organisation) error {
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
			if err := tx.checkMemberMunicipality(ctx, o); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE organisations SET kind = ?, name = ?, school_type = ?, brin = ?,
				neighbourhood = ?, in_approach = ?, partner_kind = ?, team = ?, member_municipality = ? WHERE id = ? AND municipality_id = ?`),
				o.Kind, o.Name, o.SchoolType, o.BRIN, o.Neighbourhood, o.InApproach, o.PartnerKind, o.Team, o.MemberMunicipality, o.ID, o.MunicipalityID)
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
	var kind, partnerKind, member string
	if err := tx.queryRow(ctx, `SELECT kind, partner_kind, member_municipality FROM organisations WHERE id = ? AND municipality_id = ?`,
		o.ID, o.MunicipalityID).Scan(&kind, &partnerKind, &member); err != nil {
		return errNoRows(err, "Deze organisatie bestaat niet.")
	}
	if member != o.MemberMunicipality {
		if err := tx.checkMemberChange(ctx, o); err != nil {
			return err
		}
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

// checkMemberChange refuses to move an organisation that is a party to a
// covenant, where people hold a role, or that a network reaches, to
// another member municipality of its regio: the member municipalities a
// network reaches decide whose signature its names need
// (vios.RegionalSharing), so relabelling one member's school as another's
// would share its pupils' names without the first member's signature, and
// relabelling the region's own team as a member's would let the region
// sign for that member.
func (tx *Tx) checkMemberChange(ctx context.Context, o *vios.Organisation) error {
	var used int
	if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM covenant_parties WHERE organisation_id = ? AND status <> ?)
		+ (SELECT COUNT(*) FROM memberships WHERE organisation_id = ?)
		+ (SELECT COUNT(*) FROM network_members WHERE organisation_id = ? AND left_on IS NULL)
		+ (SELECT COUNT(*) FROM network_schools WHERE organisation_id = ?)`,
		o.ID, vios.PartyWithdrawn, o.ID, o.ID, o.ID).Scan(&used); err != nil {
		return err
	}
	if used > 0 {
		return vios.Invalid("deelnemendeGemeente", "De deelnemende gemeente van deze organisatie verandert niet meer: zij is partij bij een convenant, "+
			"mensen werken er met een rol, of zij hoort bij een netwerk. "+
			"Voeg zo nodig een nieuwe organisatie toe.", "De organisatie is niet gewijzigd.")
	}
	return nil
}

// FindOrganisation returns an organisation of the municipality.
func (db *Approaches) FindOrganisation(ctx context.Context, municipalityID, id string) (*vios.Organisation, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze organisatie bestaat niet.")
	}
	o := &vios.Organisation{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT id, municipality_id, kind, name, school_type, brin, neighbourhood, in_approach,
		partner_kind, team, member_municipality FROM organisations WHERE id = ? AND municipality_id = ?`), id, municipalityID).
			Scan(&o.ID, &o.MunicipalityID, &o.Kind, &o.Name, &o.SchoolType, &o.BRIN, &o.Neighbourhood, &o.InApproach, &o.PartnerKind, &o.Team, &o.MemberMunicipality)
	})
	if err != nil {
		return nil, errNoRows(err, "Deze organisatie bestaat niet.")
	}
	return o, nil
}

// ListPeople returns the contact persons of an organisation of the
// municipality; reading them is a processing of personal data, logged per
// person.
func (db *Approaches) ListPeople(ctx context.Context, municipalityID, organisationID string) ([]*vios.Person, error) {
	var list []*vios.Person
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
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

// AddPerson adds a contact person to an organisation of the municipality.
func (db *Approaches) AddPerson(ctx context.Context, municipalityID string, p *vios.Person) error {
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
func (db *Approaches) RemovePerson(ctx context.Context, municipalityID, organisationID, personID string) error {
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
