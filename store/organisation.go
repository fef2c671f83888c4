package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

var (
	_ vios.OrganisationService = (*Organisations)(nil)
	_ vios.SetupService        = (*Organisations)(nil)
)

// CreateMunicipality validates and stores a municipality with a unique slug.
func (db *Organisations) CreateMunicipality(ctx context.Context, m *vios.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return insertMunicipality(ctx, tx, m) })
}

func insertMunicipality(ctx context.Context, tx *Tx, m *vios.Municipality) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM municipalities WHERE slug = ?`, m.Slug).Scan(&n); err != nil {
		return fmt.Errorf("find municipality: %w", err)
	} else if n > 0 {
		return vios.Errorf(vios.ECONFLICT, "Er staat al een gemeente met de code '%s' op het platform.", m.Slug)
	}
	m.ID = uuid.NewString()
	if err := tx.exec(ctx, `INSERT INTO municipalities (id, slug, name, kind, created_at) VALUES (?, ?, ?, ?, ?)`,
		m.ID, m.Slug, m.Name, m.Kind, tx.now); err != nil {
		return fmt.Errorf("insert municipality: %w", err)
	}
	for i, name := range m.Members {
		if err := tx.exec(ctx, `INSERT INTO municipality_members (municipality_id, position, name) VALUES (?, ?, ?)`,
			m.ID, i, name); err != nil {
			return fmt.Errorf("insert municipality member: %w", err)
		}
	}
	return nil
}

// FindMunicipalityBySlug returns ENOTFOUND when there is none; a regio
// comes with its member municipalities.
func (db *Organisations) FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error) {
	m := &vios.Municipality{}
	err := db.queryRow(ctx, `SELECT id, slug, name, kind FROM municipalities WHERE slug = ?`, slug).
		Scan(&m.ID, &m.Slug, &m.Name, &m.Kind)
	if err != nil {
		return nil, errNoRows(err, "Deze gemeente staat niet op het platform.")
	}
	if m.Kind == vios.MunicipalityKindRegio {
		rows, err := db.query(ctx, `SELECT name FROM municipality_members WHERE municipality_id = ? ORDER BY position`, m.ID)
		if m.Members, err = scanStrings(rows, err); err != nil {
			return nil, fmt.Errorf("municipality members: %w", err)
		}
	}
	return m, nil
}

// ListMunicipalities returns every municipality by name (members not filled in).
func (db *Organisations) ListMunicipalities(ctx context.Context) ([]*vios.Municipality, error) {
	rows, err := db.query(ctx, `SELECT id, slug, name, kind FROM municipalities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list municipalities: %w", err)
	}
	defer rows.Close()
	var list []*vios.Municipality
	for rows.Next() {
		m := &vios.Municipality{}
		if err := rows.Scan(&m.ID, &m.Slug, &m.Name, &m.Kind); err != nil {
			return nil, fmt.Errorf("scan municipality: %w", err)
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// CreateOrganisation validates and stores an organisation in an existing municipality.
func (db *Organisations) CreateOrganisation(ctx context.Context, o *vios.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, o.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorizeApproach(ctx, o.MunicipalityID, "organisatie", ""); err != nil {
			return err
		}
		return insertOrganisation(ctx, tx, o)
	})
}

func insertOrganisation(ctx context.Context, tx *Tx, o *vios.Organisation) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND (name = ? OR (brin <> '' AND brin = ?))`,
		o.MunicipalityID, o.Name, o.BRIN).Scan(&n); err != nil {
		return fmt.Errorf("find organisation: %w", err)
	} else if n > 0 {
		return vios.Errorf(vios.ECONFLICT, "Er bestaat in deze gemeente al een organisatie met deze naam of BRIN-code.")
	}
	if err := tx.checkMemberMunicipality(ctx, o); err != nil {
		return err
	}
	o.ID = uuid.NewString()
	if err := tx.exec(ctx, `INSERT INTO organisations (id, municipality_id, kind, name, school_type, brin,
		neighbourhood, in_approach, partner_kind, team, member_municipality, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.MunicipalityID, o.Kind, o.Name, o.SchoolType, o.BRIN, o.Neighbourhood, o.InApproach,
		o.PartnerKind, o.Team, o.MemberMunicipality, tx.now); err != nil {
		return fmt.Errorf("insert organisation: %w", err)
	}
	return nil
}

// ListOrganisations returns the organisations of a municipality by kind and name.
func (db *Organisations) ListOrganisations(ctx context.Context, f vios.OrganisationFilter) ([]*vios.Organisation, error) {
	var list []*vios.Organisation
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, municipality_id, kind, name, school_type, brin, neighbourhood,
		in_approach, partner_kind, team, member_municipality FROM organisations
		WHERE municipality_id = ? AND (? = '' OR kind = ?) ORDER BY kind, school_type, name, id`),
			f.MunicipalityID, f.Kind, f.Kind)
		if err != nil {
			return fmt.Errorf("list organisations: %w", err)
		}
		list, err = scanAll(rows, nil, func(r scanner) (*vios.Organisation, error) {
			o := &vios.Organisation{}
			if err := r.Scan(&o.ID, &o.MunicipalityID, &o.Kind, &o.Name, &o.SchoolType, &o.BRIN,
				&o.Neighbourhood, &o.InApproach, &o.PartnerKind, &o.Team, &o.MemberMunicipality); err != nil {
				return nil, fmt.Errorf("scan organisation: %w", err)
			}
			return o, nil
		})
		return err
	})
	return list, err
}

// CreatePerson validates and stores a person in an existing organisation.
func (db *Organisations) CreatePerson(ctx context.Context, p *vios.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var municipalityID string
		if err := tx.queryRow(ctx, `SELECT municipality_id FROM organisations WHERE id = ?`, p.OrganisationID).
			Scan(&municipalityID); err != nil {
			if err = errNoRows(err, ""); vios.ErrorCode(err) == vios.ENOTFOUND {
				return &vios.Error{Code: vios.EINVALID, Message: "De gegevens van de persoon zijn niet volledig of niet juist.",
					Fields: []vios.FieldError{{Field: "organisatie", Message: "Deze organisatie bestaat niet."}}}
			}
			return fmt.Errorf("find organisation: %w", err)
		}
		return insertPerson(ctx, tx, municipalityID, p)
	})
}

func insertPerson(ctx context.Context, tx *Tx, municipalityID string, p *vios.Person) error {
	if err := checkPersonSchool(ctx, tx, municipalityID, p); err != nil {
		return err
	}
	p.ID = uuid.NewString()
	if err := tx.exec(ctx, `INSERT INTO people (id, municipality_id, organisation_id, name, function, email,
		topic, phone, school_id, neighbourhood, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, municipalityID, p.OrganisationID, p.Name, p.Function, p.Email,
		p.Topic, p.Phone, nullString(p.SchoolID), p.Neighbourhood, tx.now); err != nil {
		return fmt.Errorf("insert person: %w", err)
	}
	return nil
}

// checkPersonSchool refuses a school that is no school of the municipality:
// the sociale kaart of one municipality never points at another's school.
func checkPersonSchool(ctx context.Context, tx *Tx, municipalityID string, p *vios.Person) error {
	if p.SchoolID == "" {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
		p.SchoolID, municipalityID, vios.OrgSchool).Scan(&n); err != nil {
		return fmt.Errorf("find school: %w", err)
	} else if n == 0 {
		return vios.Invalid("school", "Kies een school van deze gemeente uit de lijst.",
			"De gegevens van de persoon zijn niet volledig of niet juist.")
	}
	return nil
}

// CountPeople returns the number of people in the municipality's organisations.
func (db *Organisations) CountPeople(ctx context.Context, municipalityID string) (int, error) {
	var n int
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM people WHERE municipality_id = ?`), municipalityID).Scan(&n)
	})
	return n, err
}

// SetUpMunicipality stores a municipality with its approach, organisations
// and people in one transaction: all of it, or nothing.
func (db *Organisations) SetUpMunicipality(ctx context.Context, s *vios.MunicipalitySetup) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionSetUpMunicipality, vios.Resource{}, "gemeente", s.Municipality.Slug); err != nil {
			return err
		}
		if err := insertMunicipality(ctx, tx, &s.Municipality); err != nil {
			return err
		}
		s.Approach.MunicipalityID = s.Municipality.ID
		if err := insertApproach(ctx, tx, &s.Approach); err != nil {
			return err
		}
		ids := map[string]string{}
		for i := range s.Organisations {
			o := &s.Organisations[i]
			o.MunicipalityID = s.Municipality.ID
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return err
			}
			ids[o.Name] = o.ID
		}
		for i := range s.People {
			p := &s.People[i].Person
			p.OrganisationID = ids[s.People[i].Organisation]
			if err := insertPerson(ctx, tx, s.Municipality.ID, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// isSchoolOf reports whether id is a school of the municipality: what a
// network, a signal or a pupil may name.
func (tx *Tx) isSchoolOf(ctx context.Context, municipalityID, id string) (bool, error) {
	var kind string
	err := tx.queryRow(ctx, `SELECT kind FROM organisations WHERE id = ? AND municipality_id = ?`, id, municipalityID).Scan(&kind)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil && kind == vios.OrgSchool, err
}

// idArgs turns ids into the arguments of an IN (…) list.
func idArgs(ids []string) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
