package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// User administration beyond the IdentityService: what the administration
// pages of a municipality need.

// EndUserSessions ends every session of a user, as an administrator does
// for someone who lost a laptop.
func (db *Accounts) EndUserSessions(ctx context.Context, userID, municipalityID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		// As the handler: the administrator's right first, so that the
		// answer tells an outsider nothing about who has an account.
		if err := tx.authorizeUsers(ctx, municipalityID, userID); err != nil {
			return err
		}
		owners, err := tx.userMunicipalities(ctx, userID, municipalityID)
		if err != nil {
			return err
		}
		if err := tx.authorize(ctx, vios.ActionEndSession, vios.Resource{OwnerUserID: userID, OwnerMunicipalities: owners}, "gebruiker", userID); err != nil {
			return err
		}
		if err := endAllSessions(ctx, tx, userID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "sessies-beeindigd", ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.process(ctx, "sessies-beeindigen", vios.ActivityAccounts, municipalityID, Subject{userID, "gebruiker"})
	})
}

// RequestPasswordReset stores a reset link (by the hash of its token) for a
// user and queues its mail, in one transaction, unless the user already got
// max reset links in the past hour: then ETOOMANY and nothing is written.
// Only reset links count, not other mail to the address: a busy partner
// who got many agendas still gets their link.
func (db *Accounts) RequestPasswordReset(ctx context.Context, userID, tokenHash string, valid time.Duration, max int, to, subject, body string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Two requests at once must not both count below the limit: on
		// PostgreSQL the user's row is locked first (SQLite's single
		// writer serialises them already).
		if db.dialect == Postgres {
			var id string
			if err := tx.queryRow(ctx, `SELECT id FROM users WHERE id = ? FOR UPDATE`, userID).Scan(&id); err != nil {
				return errNoRows(err, "Deze gebruiker bestaat niet.")
			}
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM user_tokens WHERE user_id = ? AND purpose = 'wachtwoordherstel' AND created_at > ?`,
			userID, tx.now.Add(-time.Hour)).Scan(&n); err != nil {
			return fmt.Errorf("count reset links: %w", err)
		}
		if n >= max {
			return vios.Errorf(vios.ETOOMANY, "Er zijn het afgelopen uur al %d herstellinks verstuurd.", max)
		}
		if err := tx.exec(ctx, `INSERT INTO user_tokens (id, user_id, purpose, created_at, expires_at) VALUES (?, ?, 'wachtwoordherstel', ?, ?)`,
			tokenHash, userID, tx.now, tx.now.Add(valid)); err != nil {
			return err
		}
		return queueMail(ctx, tx, to, subject, body)
	})
}

// lastAdministrator is the message when the last functional
// administrator of a municipality would lose the role.
const lastAdministrator = "Dit is de laatste functioneel beheerder van deze gemeente. Geef eerst iemand anders die rol."

// RemoveRole takes a role in the municipality away, like RemoveMembership,
// but refuses (ECONFLICT) to take the last beheerder role of an active
// account: a municipality always keeps someone who can manage its users.
// The check and the removal share one transaction; on PostgreSQL the
// municipality's row is locked first, so two administrators removing each
// other at the same moment cannot both succeed.
func (db *Accounts) RemoveRole(ctx context.Context, membershipID, municipalityID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if db.dialect == Postgres {
			var id string
			if err := tx.queryRow(ctx, `SELECT id FROM municipalities WHERE id = ? FOR UPDATE`, municipalityID).Scan(&id); err != nil {
				return errNoRows(err, "Deze gemeente bestaat niet.")
			}
		}
		var userID, role string
		var disabled bool
		if err := tx.queryRow(ctx, `SELECT m.user_id, m.role, u.disabled FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.id = ? AND m.municipality_id = ?`, membershipID, municipalityID).Scan(&userID, &role, &disabled); err != nil {
			return errNoRows(err, "Deze rol bestaat niet.")
		}
		if err := tx.authorizeUsers(ctx, municipalityID, userID); err != nil {
			return err
		}
		if role == vios.RoleBeheerder && !disabled {
			var others int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.municipality_id = ? AND m.role = ? AND NOT u.disabled AND m.user_id <> ?`,
				municipalityID, vios.RoleBeheerder, userID).Scan(&others); err != nil {
				return fmt.Errorf("count administrators: %w", err)
			}
			if others == 0 {
				return vios.Errorf(vios.ECONFLICT, "%s", lastAdministrator)
			}
		}
		return tx.deleteMembership(ctx, membershipID, userID, role, municipalityID)
	})
}

// RightsReview returns the users with a role in the municipality, each with
// only their memberships of this municipality (the review is about the
// rights this municipality gives), and writes one processing record per
// user shown, in the same transaction as the read.
func (db *Accounts) RightsReview(ctx context.Context, municipalityID string) ([]*vios.User, error) {
	var list []*vios.User
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var byID map[string]*vios.User
		var err error
		if list, byID, err = tx.municipalityUsers(ctx, municipalityID); err != nil {
			return fmt.Errorf("rights review: %w", err)
		}
		if len(list) == 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT m.id, m.user_id, m.municipality_id, mu.name,
			COALESCE(m.organisation_id, ''), COALESCE(o.name, ''), m.role, m.created_at
			FROM memberships m JOIN municipalities mu ON mu.id = m.municipality_id
			LEFT JOIN organisations o ON o.id = m.organisation_id
			WHERE m.municipality_id = ? ORDER BY m.role, o.name`), municipalityID)
		ms, err := scanAll(rows, err, scanMembership)
		if err != nil {
			return fmt.Errorf("rights review memberships: %w", err)
		}
		for _, m := range ms {
			if u := byID[m.UserID]; u != nil {
				u.Memberships = append(u.Memberships, m)
			}
		}
		subjects := make([]Subject, 0, len(list))
		for _, u := range list {
			subjects = append(subjects, Subject{u.ID, "gebruiker"})
		}
		return tx.process(ctx, "rechtenoverzicht-bekijken", vios.ActivityAccounts, municipalityID, subjects...)
	})
	return list, err
}
