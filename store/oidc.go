package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// oidcLoginTTL is how long a started single sign-on may take.
const oidcLoginTTL = 10 * time.Minute

// SaveOIDCLogin keeps a started single sign-on: the PKCE verifier and nonce
// stay on the server, found by the hash of the state.
func (db *Accounts) SaveOIDCLogin(ctx context.Context, stateHash, provider, verifier, nonce string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Old, never finished logins are of no use to anyone.
		if err := tx.exec(ctx, `DELETE FROM oidc_logins WHERE created_at < ?`, tx.now.Add(-time.Hour)); err != nil {
			return err
		}
		return tx.exec(ctx, `INSERT INTO oidc_logins (state_hash, provider, verifier, nonce, created_at) VALUES (?, ?, ?, ?, ?)`,
			stateHash, provider, verifier, nonce, tx.now)
	})
}

// ConsumeOIDCLogin returns the verifier and nonce of a started login and
// spends it: a state works once, for its provider, within ten minutes.
func (db *Accounts) ConsumeOIDCLogin(ctx context.Context, stateHash, provider string) (verifier, nonce string, err error) {
	err = db.inTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT verifier, nonce FROM oidc_logins WHERE state_hash = ? AND provider = ?
			AND used_at IS NULL AND created_at > ?`, stateHash, provider, tx.now.Add(-oidcLoginTTL)).Scan(&verifier, &nonce); err != nil {
			return errNoRows(err, "Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw.")
		}
		return tx.exec(ctx, `UPDATE oidc_logins SET used_at = ? WHERE state_hash = ?`, tx.now, stateHash)
	})
	return verifier, nonce, err
}

// FindUserByIdentity returns the user linked to an identity of an issuer.
func (db *Accounts) FindUserByIdentity(ctx context.Context, issuer, subject string) (*vios.User, error) {
	var userID string
	if err := db.queryRow(ctx, `SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?`, issuer, subject).Scan(&userID); err != nil {
		return nil, errNoRows(err, "Onbekende identiteit.")
	}
	return db.FindUserByID(ctx, userID)
}

// LinkIdentity links an identity of an issuer to a user, creating the user
// first when u.ID is empty (an account made at first single sign-on).
func (db *Accounts) LinkIdentity(ctx context.Context, u *vios.User, issuer, subject string) error {
	if u.ID == "" {
		if err := validateUser(u); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if u.ID == "" {
			// Roles are given by an administrator of each municipality,
			// or at first single sign-on by the platform (SystemActor)
			// from the claims the municipality's provider maps.
			for _, m := range u.Memberships {
				if err := tx.authorizeUsers(ctx, m.MunicipalityID, ""); err != nil {
					return err
				}
			}
			if err := createUser(ctx, tx, u, ""); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `INSERT INTO user_identities (issuer, subject, user_id, created_at) VALUES (?, ?, ?, ?)`,
			issuer, subject, u.ID, tx.now); err != nil {
			return fmt.Errorf("link identity: %w", err)
		}
		return tx.audit(ctx, Audit{Action: "identiteit-gekoppeld", ObjectType: "gebruiker", ObjectID: u.ID, UserID: u.ID})
	})
}
