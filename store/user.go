package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

const userColumns = `u.id, u.email, u.name, u.disabled, u.demo, u.totp_confirmed, u.created_at, u.last_login_at`

func scanUser(s interface{ Scan(...any) error }) (*vios.User, error) {
	u := &vios.User{}
	var last sql.NullTime
	if err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Disabled, &u.Demo, &u.HasTOTP, &u.CreatedAt, &last); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	if last.Valid {
		t := last.Time.UTC()
		u.LastLoginAt = &t
	}
	return u, nil
}

// CreateUser stores a new account with its memberships, and the audit record
// of who created it.
func (db *Accounts) CreateUser(ctx context.Context, u *vios.User, passwordHash string) error {
	if err := validateUser(u); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error { return createUser(ctx, tx, u, passwordHash) })
}

func validateUser(u *vios.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	var v vios.Validation
	for i := range u.Memberships {
		for _, f := range vios.ErrorFields(u.Memberships[i].Validate()) {
			v.Add(fmt.Sprintf("rollen[%d].%s", i, f.Field), "%s", f.Message)
		}
	}
	return v.Err("De rollen zijn niet volledig of niet juist.")
}

func createUser(ctx context.Context, tx *Tx, u *vios.User, passwordHash string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE email = ?`, u.Email).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return vios.Errorf(vios.ECONFLICT, "Er is al een account met dit e-mailadres.")
	}
	u.ID, u.CreatedAt = uuid.NewString(), tx.now
	if err := tx.exec(ctx, `INSERT INTO users (id, email, name, password_hash, demo, created_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, u.Name, passwordHash, u.Demo, tx.now, nullTime(passwordHash != "", tx.now)); err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	for i := range u.Memberships {
		u.Memberships[i].UserID = u.ID
		if err := insertMembership(ctx, tx, &u.Memberships[i]); err != nil {
			return err
		}
	}
	for _, m := range membershipMunicipalities(u.Memberships) {
		if err := tx.audit(ctx, Audit{Action: "gebruiker-aangemaakt", ObjectType: "gebruiker", ObjectID: u.ID, MunicipalityID: m}); err != nil {
			return err
		}
	}
	return tx.process(ctx, "gebruiker-aanmaken", vios.ActivityAccounts, firstOr(membershipMunicipalities(u.Memberships)), Subject{u.ID, "gebruiker"})
}

func nullTime(valid bool, t time.Time) any {
	if !valid {
		return nil
	}
	return t
}

func firstOr(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

func membershipMunicipalities(ms []vios.Membership) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.MunicipalityID] {
			out = append(out, m.MunicipalityID)
			seen[m.MunicipalityID] = true
		}
	}
	return out
}

func insertMembership(ctx context.Context, tx *Tx, m *vios.Membership) error {
	if m.OrganisationID != "" {
		var muni string
		if err := tx.queryRow(ctx, `SELECT municipality_id FROM organisations WHERE id = ?`, m.OrganisationID).Scan(&muni); err != nil || muni != m.MunicipalityID {
			return &vios.Error{Code: vios.EINVALID, Message: "De rol is niet volledig of niet juist.",
				Fields: []vios.FieldError{{Field: "organisatie", Message: "Deze organisatie hoort niet bij de gekozen gemeente."}}}
		}
	}
	m.ID, m.CreatedAt = uuid.NewString(), tx.now
	if err := tx.exec(ctx, `INSERT INTO memberships (id, user_id, municipality_id, organisation_id, role, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.ID, m.UserID, nullString(m.MunicipalityID), nullString(m.OrganisationID), m.Role, tx.now); err != nil {
		if isUniqueViolation(err) {
			return vios.Errorf(vios.ECONFLICT, "Deze persoon heeft deze rol al.")
		}
		return fmt.Errorf("insert membership: %w", err)
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func isUniqueViolation(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "23505")
}

// FindUserByID returns the user with memberships, ENOTFOUND when there is none.
func (db *Accounts) FindUserByID(ctx context.Context, id string) (*vios.User, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze gebruiker bestaat niet.")
	}
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if err != nil {
		return nil, errNoRows(err, "Deze gebruiker bestaat niet.")
	}
	if u.Memberships, err = db.memberships(ctx, `m.user_id = ?`, id); err != nil {
		return nil, err
	}
	return u, nil
}

// FindCredentials returns the user with this e-mail address and its secrets,
// ENOTFOUND when there is none.
func (db *Accounts) FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error) {
	var c vios.Credentials
	row := db.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash, u.totp_secret FROM users u WHERE u.email = ?`,
		strings.ToLower(strings.TrimSpace(email)))
	u := &vios.User{}
	var last sql.NullTime
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Disabled, &u.Demo, &u.HasTOTP, &u.CreatedAt, &last, &c.PasswordHash, &c.TOTPSecret); err != nil {
		return nil, c, errNoRows(err, "Onbekend account.")
	}
	c.TOTPConfirmed = u.HasTOTP
	var err error
	if u.Memberships, err = db.memberships(ctx, `m.user_id = ?`, u.ID); err != nil {
		return nil, c, err
	}
	return u, c, nil
}

// memberships returns memberships matching where, with the names of their
// municipality and organisation.
func (db *Accounts) memberships(ctx context.Context, where string, args ...any) ([]vios.Membership, error) {
	rows, err := db.query(ctx, `SELECT m.id, m.user_id, COALESCE(m.municipality_id, ''), COALESCE(mu.name, ''),
		COALESCE(m.organisation_id, ''), COALESCE(o.name, ''), m.role, m.created_at
		FROM memberships m LEFT JOIN municipalities mu ON mu.id = m.municipality_id
		LEFT JOIN organisations o ON o.id = m.organisation_id
		WHERE `+where+` ORDER BY mu.name, m.role, o.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	return scanAll(rows, nil, scanMembership)
}

// scanMembership reads the columns m.id, m.user_id, the municipality's id
// and name, the organisation's id and name, m.role and m.created_at.
func scanMembership(s scanner) (vios.Membership, error) {
	var m vios.Membership
	return m, s.Scan(&m.ID, &m.UserID, &m.MunicipalityID, &m.MunicipalityName, &m.OrganisationID,
		&m.OrganisationName, &m.Role, &m.CreatedAt)
}

// municipalityUsers returns the users with a role in the municipality, by
// name, and the same users by id so their memberships can be attached.
func (tx *Tx) municipalityUsers(ctx context.Context, municipalityID string) ([]*vios.User, map[string]*vios.User, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+userColumns+` FROM users u
		WHERE u.id IN (SELECT user_id FROM memberships WHERE municipality_id = ?) ORDER BY u.name, u.id`), municipalityID)
	list, err := scanAll(rows, err, func(r scanner) (*vios.User, error) { return scanUser(r) })
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*vios.User, len(list))
	for _, u := range list {
		byID[u.ID] = u
	}
	return list, byID, nil
}

// ListUsers returns the users with a role in the municipality, with all their
// memberships (also elsewhere, so an administrator sees what they cannot
// change), and one processing record per user shown.
func (db *Accounts) ListUsers(ctx context.Context, municipalityID string) ([]*vios.User, error) {
	var list []*vios.User
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var byID map[string]*vios.User
		var err error
		if list, byID, err = tx.municipalityUsers(ctx, municipalityID); err != nil {
			return fmt.Errorf("list users: %w", err)
		}
		if len(list) == 0 {
			return nil
		}
		ms, err := db.memberships(ctx, `m.user_id IN (SELECT user_id FROM memberships WHERE municipality_id = ?)`, municipalityID)
		if err != nil {
			return err
		}
		subjects := make([]Subject, 0, len(list))
		for _, m := range ms {
			byID[m.UserID].Memberships = append(byID[m.UserID].Memberships, m)
		}
		for _, u := range list {
			subjects = append(subjects, Subject{u.ID, "gebruiker"})
		}
		return tx.process(ctx, "gebruikers-bekijken", vios.ActivityAccounts, municipalityID, subjects...)
	})
	return list, err
}
