package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

const entreeNotFound = "Deze aanvraag bestaat niet (meer) of is al afgehandeld."

const entreeColumns = `e.id, e.municipality_id, e.organisation_id, o.name, o.brin, e.provider, e.issuer, e.subject,
	e.affiliations, e.proposed_role, e.name_sealed, e.email_sealed, e.status, COALESCE(e.user_id, ''), e.created_at, e.decided_at`

// scanEntree reads a request and opens its sealed name and e-mail.
func (db *DB) scanEntree(s scanner) (vios.EntreeRequest, error) {
	var r vios.EntreeRequest
	var affiliations, name, email string
	if err := s.Scan(&r.ID, &r.MunicipalityID, &r.OrganisationID, &r.OrganisationName, &r.BRIN, &r.Provider, &r.Issuer,
		&r.Subject, &affiliations, &r.ProposedRole, &name, &email, &r.Status, &r.UserID, &r.CreatedAt, &r.DecidedAt); err != nil {
		return r, err
	}
	r.Affiliations = strings.Fields(affiliations)
	var err error
	if r.Name, err = db.open(r.MunicipalityID, "entree_requests", r.ID, "name_sealed", name); err != nil {
		return r, err
	}
	r.Email, err = db.open(r.MunicipalityID, "entree_requests", r.ID, "email_sealed", email)
	return r, err
}

// RequestEntreeAccess records a first Entree login once per school with the
// BRIN in the provider's municipalities and returns the requests as they
// stand (a refused one stays refused).
func (db *Accounts) RequestEntreeAccess(ctx context.Context, req *vios.EntreeRequest, municipalityIDs []string) ([]vios.EntreeRequest, error) {
	if len(municipalityIDs) == 0 || req.BRIN == "" {
		return nil, vios.Errorf(vios.ENOTFOUND, "Uw school doet niet mee.")
	}
	var out []vios.EntreeRequest
	err := db.inTx(ctx, func(tx *Tx) error {
		args := []any{req.BRIN}
		for _, id := range municipalityIDs {
			args = append(args, id)
		}
		schools, err := scanPairs(tx.QueryContext(ctx, db.rebind(`SELECT id, municipality_id FROM organisations
			WHERE kind = 'school' AND brin = ? AND municipality_id IN (?`+strings.Repeat(", ?", len(municipalityIDs)-1)+`)
			ORDER BY municipality_id, id`), args...))
		if err != nil {
			return err
		}
		if len(schools) == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Uw school doet niet mee.")
		}
		for _, s := range schools {
			r, err := tx.entreeRequestFor(ctx, req, s[0], s[1])
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// scanPairs reads rows of two string columns.
func scanPairs(rows *sql.Rows, err error) ([][2]string, error) {
	return scanAll(rows, err, func(s scanner) (p [2]string, err error) { return p, s.Scan(&p[0], &p[1]) })
}

// entreeRequestFor returns the request of the identity for one school,
// recording it first when there is none.
func (tx *Tx) entreeRequestFor(ctx context.Context, req *vios.EntreeRequest, schoolID, municipalityID string) (vios.EntreeRequest, error) {
	found, err := tx.db.scanEntree(tx.QueryRowContext(ctx, tx.db.rebind(`SELECT `+entreeColumns+` FROM entree_requests e
		JOIN organisations o ON o.id = e.organisation_id
		WHERE e.municipality_id = ? AND e.issuer = ? AND e.subject = ? AND e.organisation_id = ?`), municipalityID, req.Issuer, req.Subject, schoolID))
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return found, err
	}
	id := uuid.NewString()
	name, err := tx.db.seal(municipalityID, "entree_requests", id, "name_sealed", req.Name)
	if err != nil {
		return found, err
	}
	email, err := tx.db.seal(municipalityID, "entree_requests", id, "email_sealed", req.Email)
	if err != nil {
		return found, err
	}
	if err := tx.exec(ctx, `INSERT INTO entree_requests (id, municipality_id, organisation_id, provider, issuer, subject, affiliations,
		proposed_role, name_sealed, email_sealed, key_version, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, municipalityID, schoolID, req.Provider, req.Issuer, req.Subject, strings.Join(req.Affiliations, " "), req.ProposedRole,
		name, email, tx.db.activeKey(municipalityID), vios.EntreeWaiting, tx.now); err != nil {
		return found, err
	}
	if err := tx.audit(ctx, Audit{Action: "entree-aanvraag", ObjectType: "entree-aanvraag", ObjectID: id, MunicipalityID: municipalityID}); err != nil {
		return found, err
	}
	r := *req
	r.ID, r.MunicipalityID, r.OrganisationID, r.Status, r.CreatedAt = id, municipalityID, schoolID, vios.EntreeWaiting, tx.now
	return r, nil
}

// ListEntreeRequests returns the waiting requests of a municipality, oldest
// first, for its beheerder.
func (db *Accounts) ListEntreeRequests(ctx context.Context, municipalityID string) ([]vios.EntreeRequest, error) {
	if err := db.authorize(ctx, vios.ActionManageUsers, vios.Resource{MunicipalityID: municipalityID}, "entree-aanvragen", ""); err != nil {
		return nil, err
	}
	var list []vios.EntreeRequest
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+entreeColumns+` FROM entree_requests e
			JOIN organisations o ON o.id = e.organisation_id
			WHERE e.municipality_id = ? AND e.status = ? ORDER BY e.created_at, e.id`), municipalityID, vios.EntreeWaiting)
		list, err = scanAll(rows, err, db.scanEntree)
		return err
	})
	return list, err
}

// waitingEntree reads a waiting request of the municipality.
func (tx *Tx) waitingEntree(ctx context.Context, municipalityID, id string) (vios.EntreeRequest, error) {
	if !vios.ValidID(id) {
		return vios.EntreeRequest{}, vios.Errorf(vios.ENOTFOUND, entreeNotFound)
	}
	r, err := tx.db.scanEntree(tx.QueryRowContext(ctx, tx.db.rebind(`SELECT `+entreeColumns+` FROM entree_requests e
		JOIN organisations o ON o.id = e.organisation_id
		WHERE e.municipality_id = ? AND e.id = ? AND e.status = ?`), municipalityID, id, vios.EntreeWaiting))
	return r, errNoRows(err, entreeNotFound)
}

// ConfirmEntreeRequest makes the account with the school role and links the
// identity, or adds the role to the account the identity already has.
func (db *Accounts) ConfirmEntreeRequest(ctx context.Context, c vios.EntreeConfirmation) error {
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		// Who may decide comes first: a refusal says nothing about the input.
		if err := tx.authorizeUsers(ctx, c.MunicipalityID, ""); err != nil {
			return err
		}
		r, err := tx.waitingEntree(ctx, c.MunicipalityID, c.RequestID)
		if err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		m := vios.Membership{MunicipalityID: r.MunicipalityID, OrganisationID: r.OrganisationID, Role: c.Role}
		userID, err := tx.giveEntreeAccount(ctx, r, c, m)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE entree_requests SET status = ?, user_id = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			vios.EntreeConfirmed, userID, actorUserID(ctx), tx.now, r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "entree-bevestigd", ObjectType: "entree-aanvraag", ObjectID: r.ID, MunicipalityID: r.MunicipalityID})
	})
}

// giveEntreeAccount adds the membership to the account linked to the
// identity, or makes that account and links it; it returns the account.
func (tx *Tx) giveEntreeAccount(ctx context.Context, r vios.EntreeRequest, c vios.EntreeConfirmation, m vios.Membership) (string, error) {
	var userID string
	err := tx.queryRow(ctx, `SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?`, r.Issuer, r.Subject).Scan(&userID)
	if err == nil {
		m.UserID = userID
		if err := insertMembership(ctx, tx, &m); err != nil {
			return "", err
		}
		return userID, tx.audit(ctx, Audit{Action: "rol-toegekend", ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: m.MunicipalityID})
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	u := &vios.User{Email: c.Email, Name: c.Name, Memberships: []vios.Membership{m}}
	if err := validateUser(u); err != nil {
		return "", err
	}
	if err := createUser(ctx, tx, u, ""); err != nil {
		return "", err
	}
	if err := tx.exec(ctx, `INSERT INTO user_identities (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?)`,
		r.Issuer, r.Subject, u.ID, tx.now); err != nil {
		return "", err
	}
	return u.ID, tx.audit(ctx, Audit{Action: "identiteit-gekoppeld", ObjectType: "gebruiker", ObjectID: u.ID, MunicipalityID: m.MunicipalityID})
}

// RefuseEntreeRequest refuses a waiting request.
func (db *Accounts) RefuseEntreeRequest(ctx context.Context, municipalityID, id string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorizeUsers(ctx, municipalityID, ""); err != nil {
			return err
		}
		r, err := tx.waitingEntree(ctx, municipalityID, id)
		if err != nil {
			return err
		}
		// What was released about a refused person is of no further use.
		if err := tx.exec(ctx, `UPDATE entree_requests SET status = ?, name_sealed = '', email_sealed = '', decided_by = ?, decided_at = ?
			WHERE id = ?`, vios.EntreeRefused, actorUserID(ctx), tx.now, r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "entree-geweigerd", ObjectType: "entree-aanvraag", ObjectID: r.ID, MunicipalityID: municipalityID})
	})
}
