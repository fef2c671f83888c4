package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// The legal checklist (Wet veiligheid op school): what each school states,
// held against the law by vios.ComputeChecklist. The people named must be
// the school's on the sociale kaart: someone removed no longer counts.

// schoolPeople is the condition on people p that makes them the school's:
// working there, or its contact.
const schoolPeople = `p.municipality_id = ? AND (p.organisation_id = ? OR p.school_id = ?)`

// Checklist returns the school's legal checklist.
func (db *Protocols) Checklist(ctx context.Context, municipalityID, schoolID string) (*vios.LegalChecklist, error) {
	var c *vios.LegalChecklist
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		list, err := tx.checklists(ctx, municipalityID, schoolID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
		}
		c = list[0]
		return nil
	})
	return c, err
}

// Checklists returns the checklist of every school of the municipality,
// for the regisseur, coordinators and the OTSV.
func (db *Protocols) Checklists(ctx context.Context, municipalityID string) ([]*vios.LegalChecklist, error) {
	var list []*vios.LegalChecklist
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		list, err = tx.checklists(ctx, municipalityID, "")
		return err
	})
	return list, err
}

// checklists reads the checklists of one school, or of all ("").
func (tx *Tx) checklists(ctx context.Context, municipalityID, schoolID string) ([]*vios.LegalChecklist, error) {
	if schoolID != "" && !vios.ValidID(schoolID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
	}
	if err := tx.authorize(ctx, vios.ActionViewChecklist, vios.Resource{MunicipalityID: municipalityID, SchoolID: schoolID},
		"wettelijke-eisen", schoolID); err != nil {
		return nil, err
	}
	where, args := ``, []any{municipalityID, vios.OrgSchool}
	if schoolID != "" {
		where, args = ` AND o.id = ?`, append(args, schoolID)
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT o.id, o.name, COALESCE(f.safety_policy, FALSE),
		ap.approved_at, COALESCE(f.monitoring_instrument, ''),
		f.monitoring_on, COALESCE(f.anti_bullying_contact, ''), COALESCE(f.anti_bullying_lead, ''), COALESCE(f.incident_registration, FALSE), f.updated_at
		FROM organisations o LEFT JOIN school_legal_facts f ON f.school_id = o.id AND f.municipality_id = o.municipality_id
		LEFT JOIN safety_plans ap ON ap.municipality_id = o.municipality_id AND ap.id = (SELECT p.id FROM safety_plan_schools ps
			JOIN safety_plans p ON p.id = ps.plan_id AND p.municipality_id = ps.municipality_id
			WHERE ps.organisation_id = o.id AND ps.municipality_id = o.municipality_id AND p.approved_version > 0
			ORDER BY p.approved_at DESC LIMIT 1)
		WHERE o.municipality_id = ? AND o.kind = ?`+where+` ORDER BY o.name, o.id`), args...)
	list, err := scanAll(rows, err, func(s scanner) (*vios.LegalChecklist, error) {
		c := &vios.LegalChecklist{}
		f := &c.Facts
		var on, at, plan sql.NullTime
		err := s.Scan(&c.SchoolID, &c.SchoolName, &f.SafetyPolicy, &plan, &f.MonitoringInstrument, &on, &f.AntiBullyingContact,
			&f.AntiBullyingLead, &f.IncidentRegistration, &at)
		f.MunicipalityID, f.SchoolID = municipalityID, c.SchoolID
		if on.Valid {
			f.MonitoringOn = &on.Time
		}
		if at.Valid {
			f.UpdatedAt = &at.Time
		}
		if plan.Valid {
			f.ApprovedPlan = &plan.Time
		}
		return c, err
	})
	if err != nil {
		return nil, err
	}
	var subjects []Subject
	for _, c := range list {
		names := map[string]string{}
		for _, id := range []string{c.Facts.AntiBullyingContact, c.Facts.AntiBullyingLead} {
			if id == "" {
				continue
			}
			var name string
			err := tx.queryRow(ctx, `SELECT p.name FROM people p WHERE p.id = ? AND `+schoolPeople, id, municipalityID, c.SchoolID, c.SchoolID).Scan(&name)
			if err == nil {
				names[id] = name
				subjects = append(subjects, Subject{id, "persoon"})
			} else if err != sql.ErrNoRows {
				return nil, err
			}
		}
		c.Items = vios.ComputeChecklist(c.Facts, tx.now, names)
	}
	if len(subjects) == 0 {
		return list, nil
	}
	return list, tx.process(ctx, "wettelijke-eisen-bekijken", vios.ActivityDirectory, municipalityID, subjects...)
}

// SchoolPeople returns the people of the school's directory, to choose the
// anti-bullying contact and coordinator from.
func (db *Protocols) SchoolPeople(ctx context.Context, municipalityID, schoolID string) ([]*vios.DirectoryEntry, error) {
	var list []*vios.DirectoryEntry
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditChecklist, vios.Resource{MunicipalityID: municipalityID, SchoolID: schoolID},
			"wettelijke-eisen", schoolID); err != nil {
			return err
		}
		var err error
		if list, err = tx.directoryRows(ctx, municipalityID, schoolPeople, municipalityID, schoolID, schoolID); err != nil || len(list) == 0 {
			return err
		}
		var subjects []Subject
		for _, e := range list {
			subjects = append(subjects, Subject{e.ID, "persoon"})
		}
		return tx.process(ctx, "wettelijke-eisen-wijzigen", vios.ActivityDirectory, municipalityID, subjects...)
	})
	return list, err
}

// SaveLegalFacts records what the school states.
func (db *Protocols) SaveLegalFacts(ctx context.Context, f *vios.LegalFacts) error {
	return db.inTenant(ctx, f.MunicipalityID, func(tx *Tx) error {
		if !vios.ValidID(f.SchoolID) {
			return vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
			f.SchoolID, f.MunicipalityID, vios.OrgSchool).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze school bestaat niet in deze gemeente.")
		}
		if err := tx.authorize(ctx, vios.ActionEditChecklist, vios.Resource{MunicipalityID: f.MunicipalityID, SchoolID: f.SchoolID},
			"wettelijke-eisen", f.SchoolID); err != nil {
			return err
		}
		if err := f.Validate(tx.now); err != nil {
			return err
		}
		for field, id := range map[string]string{"aanspreekpuntPesten": f.AntiBullyingContact, "coordinatorPesten": f.AntiBullyingLead} {
			if id == "" {
				continue
			}
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people p WHERE p.id = ? AND `+schoolPeople, id, f.MunicipalityID, f.SchoolID, f.SchoolID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Invalid(field, "Kies een persoon van de school op de sociale kaart.", "De gegevens over de wettelijke eisen zijn niet opgeslagen.")
			}
		}
		var on any
		if f.MonitoringOn != nil {
			on = vios.Date(*f.MonitoringOn)
		}
		userID := ""
		if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
			userID = a.User.ID
		}
		now := tx.now.Truncate(time.Microsecond)
		if err := tx.exec(ctx, `INSERT INTO school_legal_facts (municipality_id, school_id, safety_policy, monitoring_instrument, monitoring_on,
			anti_bullying_contact, anti_bullying_lead, incident_registration, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (municipality_id, school_id) DO UPDATE SET safety_policy = excluded.safety_policy,
			monitoring_instrument = excluded.monitoring_instrument, monitoring_on = excluded.monitoring_on,
			anti_bullying_contact = excluded.anti_bullying_contact, anti_bullying_lead = excluded.anti_bullying_lead,
			incident_registration = excluded.incident_registration, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			f.MunicipalityID, f.SchoolID, f.SafetyPolicy, f.MonitoringInstrument, on, f.AntiBullyingContact, f.AntiBullyingLead,
			f.IncidentRegistration, userID, now); err != nil {
			return err
		}
		f.UpdatedAt = &now
		return tx.audit(ctx, Audit{Action: "wettelijke-eisen-gewijzigd", ObjectType: "school", ObjectID: f.SchoolID,
			MunicipalityID: f.MunicipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis})
	})
}
