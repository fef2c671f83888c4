package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// SetTOTP stores a confirmed TOTP secret and the hashes of new recovery codes,
// replacing any earlier ones.
func (db *Accounts) SetTOTP(ctx context.Context, userID, secret string, recoveryHashes []string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `UPDATE users SET totp_secret = ?, totp_confirmed = ? WHERE id = ?`, secret, true, userID); err != nil {
			return err
		}
		if err := tx.replaceRecoveryCodes(ctx, userID, recoveryHashes, currentRecoveryCodeBits); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "tweede-factor-ingesteld", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// currentRecoveryCodeBits is the entropy of the codes made at TOTP set-up
// (auth.RecoveryCodeBits; the store does not import auth).
const currentRecoveryCodeBits = 120

// ReplaceRecoveryCodes replaces the user's recovery codes with the hashes
// of new ones carrying bits of entropy; the old codes stop working.
func (db *Accounts) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, bits int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.replaceRecoveryCodes(ctx, userID, hashes, bits); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "herstelcodes-vernieuwd", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

func (tx *Tx) replaceRecoveryCodes(ctx context.Context, userID string, hashes []string, bits int) error {
	if err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if err := tx.exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash, bits) VALUES (?, ?, ?)`, userID, h, bits); err != nil {
			return err
		}
	}
	return nil
}

// OldRecoveryCodes counts the unused recovery codes of a user that carry
// fewer than vios.MinRecoveryCodeBits (made before 0.12).
func (db *Accounts) OldRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL AND bits < ?`,
		userID, vios.MinRecoveryCodeBits).Scan(&n)
	return n, err
}

// UseRecoveryCode marks an unused recovery code of the user used; ENOTFOUND
// when the code does not exist or was used.
func (db *Accounts) UseRecoveryCode(ctx context.Context, userID, codeHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`),
			tx.now, userID, codeHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze herstelcode is onjuist of al gebruikt.")
		}
		return nil
	})
}

// RemainingRecoveryCodes counts the unused recovery codes of a user.
func (db *Accounts) RemainingRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// SetPassword replaces the password hash of a user and ends their other
// sessions, except keepSession (the one that changed it, if any). Reset
// links still open are spent: the password they would replace is gone.
// With revokeTokens every API token of the user is revoked too (the page
// offers it, checked by default): a token is a credential that would
// otherwise outlive the password.
func (db *Accounts) SetPassword(ctx context.Context, userID, hash, keepSession string, revokeTokens bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`, hash, tx.now, userID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id <> ? AND ended_at IS NULL`, tx.now, userID, keepSession); err != nil {
			return err
		}
		if err := spendUserTokens(ctx, tx, userID); err != nil {
			return err
		}
		if revokeTokens {
			if err := revokeAllAccessTokens(ctx, tx, userID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "wachtwoord-gewijzigd", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// spendUserTokens marks every unused one-time link of a user used, so that
// after one link (or a password change) no older link works any more.
func spendUserTokens(ctx context.Context, tx *Tx, userID string) error {
	return tx.exec(ctx, `UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, tx.now, userID)
}

// revokeAllAccessTokens revokes every live API token of a user, with one
// audit entry when there was any.
func revokeAllAccessTokens(ctx context.Context, tx *Tx, userID string) error {
	res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`), tx.now, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.audit(ctx, Audit{Action: "tokens-ingetrokken", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	}
	return nil
}

// SetUserDisabled disables or enables an account; disabling ends every session.
func (db *Accounts) SetUserDisabled(ctx context.Context, userID string, disabled bool, municipalityID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// An administrator of the municipality, and of every municipality
		// where the user holds a role: blocking the account blocks all of
		// them (vios.MayManageUser, with each refusal a denial).
		if err := tx.authorizeUsers(ctx, municipalityID, userID); err != nil {
			return err
		}
		owners, err := tx.userMunicipalities(ctx, userID, municipalityID)
		if err != nil {
			return err
		}
		for _, m := range owners {
			if err := tx.authorizeUsers(ctx, m, userID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE users SET disabled = ? WHERE id = ?`), disabled, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Deze gebruiker bestaat niet.")
		}
		action := "gebruiker-geactiveerd"
		if disabled {
			action = "gebruiker-geblokkeerd"
			if err := endAllSessions(ctx, tx, userID); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, Audit{Action: action, ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.process(ctx, action, vios.ActivityAccounts, municipalityID, Subject{userID, "gebruiker"})
	})
}

// AddMembership gives an existing user a role.
func (db *Accounts) AddMembership(ctx context.Context, m *vios.Membership) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, m.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorizeUsers(ctx, m.MunicipalityID, m.UserID); err != nil {
			return err
		}
		if err := insertMembership(ctx, tx, m); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "rol-toegekend:" + m.Role, ObjectType: "gebruiker", ObjectID: m.UserID, MunicipalityID: m.MunicipalityID}); err != nil {
			return err
		}
		return tx.process(ctx, "rol-toekennen", vios.ActivityAccounts, m.MunicipalityID, Subject{m.UserID, "gebruiker"})
	})
}

// RemoveMembership takes a role away. The sessions of the user stay, but the
// role is gone from their next request on (memberships are read per request).
func (db *Accounts) RemoveMembership(ctx context.Context, membershipID, municipalityID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var userID, role string
		if err := tx.queryRow(ctx, `SELECT user_id, role FROM memberships WHERE id = ? AND municipality_id = ?`, membershipID, municipalityID).
			Scan(&userID, &role); err != nil {
			return errNoRows(err, "Deze rol bestaat niet.")
		}
		if err := tx.authorizeUsers(ctx, municipalityID, userID); err != nil {
			return err
		}
		return tx.deleteMembership(ctx, membershipID, userID, role, municipalityID)
	})
}

// deleteMembership removes a role of userID in the municipality, ends the
// seats that hung on it, and records the audit and the processing.
func (tx *Tx) deleteMembership(ctx context.Context, membershipID, userID, role, municipalityID string) error {
	if err := tx.exec(ctx, `DELETE FROM memberships WHERE id = ?`, membershipID); err != nil {
		return err
	}
	// Seats in networks held for the organisation of this role end
	// with it: a person who changes organisation no longer sits, nor
	// reads, for the old one.
	if _, err := tx.endUnrepresentedSeats(ctx, userID, municipalityID); err != nil {
		return err
	}
	if err := tx.audit(ctx, Audit{Action: "rol-ingetrokken:" + role, ObjectType: "gebruiker", ObjectID: userID, MunicipalityID: municipalityID}); err != nil {
		return err
	}
	return tx.process(ctx, "rol-intrekken", vios.ActivityAccounts, municipalityID, Subject{userID, "gebruiker"})
}

// CreateUserToken stores a one-time link token (by hash) for a user.
func (db *Accounts) CreateUserToken(ctx context.Context, userID, hash, purpose string, valid time.Duration) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `INSERT INTO user_tokens (id, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hash, userID, purpose, tx.now, tx.now.Add(valid))
	})
}

// FindUserToken returns the user of a live, unused one-time token.
func (db *Accounts) FindUserToken(ctx context.Context, hash, purpose string) (*vios.User, error) {
	var userID string
	var expires time.Time
	var used sql.NullTime
	err := db.queryRow(ctx, `SELECT user_id, expires_at, used_at FROM user_tokens WHERE id = ? AND purpose = ?`, hash, purpose).
		Scan(&userID, &expires, &used)
	if err != nil || used.Valid || !db.Now().Before(expires) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze link is ongeldig, verlopen of al gebruikt. Vraag een nieuwe aan.")
	}
	return db.FindUserByID(ctx, userID)
}

// UseUserToken spends a one-time token and sets the user's new password in
// the same transaction: a link works once, and only if the password is set.
// Every other open link of the user is spent with it (an older reset link
// must not work after a newer one was used), every session ends, and every
// API token is revoked: whoever had the old password may have made them.
func (db *Accounts) UseUserToken(ctx context.Context, hash, purpose, passwordHash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var userID string
		if err := tx.queryRow(ctx, `SELECT user_id FROM user_tokens WHERE id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`,
			hash, purpose, tx.now).Scan(&userID); err != nil {
			return errNoRows(err, "Deze link is ongeldig, verlopen of al gebruikt. Vraag een nieuwe aan.")
		}
		if err := spendUserTokens(ctx, tx, userID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`, passwordHash, tx.now, userID); err != nil {
			return err
		}
		if err := endAllSessions(ctx, tx, userID); err != nil {
			return err
		}
		if err := revokeAllAccessTokens(ctx, tx, userID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: purpose + "-gebruikt", ObjectType: "gebruiker", ObjectID: userID, UserID: userID})
	})
}

// QueueMail puts a mail in the outbox within the caller's transaction.
func queueMail(ctx context.Context, tx *Tx, to, subject, body string) error {
	return tx.exec(ctx, `INSERT INTO outbox (id, created_at, recipient, subject, body) VALUES (?, ?, ?, ?, ?)`,
		uuid.NewString(), tx.now, to, subject, body)
}

// Invite creates the user with memberships and a one-time invitation link,
// and puts the invitation mail in the outbox, all in one transaction.
// link receives the token and returns the mail body.
func (db *Accounts) Invite(ctx context.Context, u *vios.User, tokenHash string, valid time.Duration, subject, body string) error {
	if err := validateUser(u); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		// An administrator of each municipality the invitation gives a
		// role in; one without any is the platform's own work.
		var municipalities []string
		for _, m := range u.Memberships {
			if !slices.Contains(municipalities, m.MunicipalityID) {
				municipalities = append(municipalities, m.MunicipalityID)
			}
		}
		if len(municipalities) == 0 {
			municipalities = []string{""}
		}
		for _, m := range municipalities {
			if err := tx.authorizeUsers(ctx, m, ""); err != nil {
				return err
			}
		}
		if err := createUser(ctx, tx, u, ""); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO user_tokens (id, user_id, purpose, created_at, expires_at) VALUES (?, ?, 'uitnodiging', ?, ?)`,
			tokenHash, u.ID, tx.now, tx.now.Add(valid)); err != nil {
			return err
		}
		return queueMail(ctx, tx, u.Email, subject, body)
	})
}

// QueueMail puts a mail in the outbox.
func (db *Accounts) QueueMail(ctx context.Context, to, subject, body string) error {
	return db.inTx(ctx, func(tx *Tx) error { return queueMail(ctx, tx, to, subject, body) })
}

// ListMail returns the newest mails of the outbox.
func (db *Accounts) ListMail(ctx context.Context, limit int) ([]*vios.Mail, error) {
	rows, err := db.query(ctx, `SELECT id, created_at, recipient, subject, body, sent_at, attachment_name, attachment_type, attachment
		FROM outbox ORDER BY created_at DESC, id LIMIT ?`, limit)
	return scanAll(rows, err, func(s scanner) (*vios.Mail, error) {
		m := &vios.Mail{}
		var sent sql.NullTime
		if err := s.Scan(&m.ID, &m.CreatedAt, &m.Recipient, &m.Subject, &m.Body, &sent, &m.AttachmentName, &m.AttachmentType, &m.Attachment); err != nil {
			return nil, err
		}
		if sent.Valid {
			m.SentAt = &sent.Time
		}
		return m, nil
	})
}

// CreateAccessToken stores a token by its hash.
func (db *Accounts) CreateAccessToken(ctx context.Context, t *vios.AccessToken, hash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		t.ID, t.CreatedAt = uuid.NewString(), tx.now
		if err := tx.exec(ctx, `INSERT INTO access_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.ID, t.UserID, t.Name, hash, strings.Join(t.Scopes, " "), tx.now, t.ExpiresAt); err != nil {
			return fmt.Errorf("insert access token: %w", err)
		}
		return tx.audit(ctx, Audit{Action: "token-aangemaakt", ObjectType: "token", ObjectID: t.ID, UserID: t.UserID})
	})
}

// FindAccessToken returns the live token with hash and its user.
func (db *Accounts) FindAccessToken(ctx context.Context, hash string) (*vios.AccessToken, *vios.User, error) {
	t := &vios.AccessToken{}
	var scopes string
	var revoked sql.NullTime
	err := db.queryRow(ctx, `SELECT id, user_id, name, scopes, created_at, expires_at, revoked_at FROM access_tokens WHERE token_hash = ?`, hash).
		Scan(&t.ID, &t.UserID, &t.Name, &scopes, &t.CreatedAt, &t.ExpiresAt, &revoked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("find access token: %w", err)
	}
	if err != nil || revoked.Valid || !db.Now().Before(t.ExpiresAt) {
		return nil, nil, vios.Errorf(vios.EUNAUTHORIZED, "Het token is ongeldig, verlopen of ingetrokken.")
	}
	t.Scopes = strings.Fields(scopes)
	u, err := db.FindUserByID(ctx, t.UserID)
	if err != nil || u.Disabled {
		return nil, nil, vios.Errorf(vios.EUNAUTHORIZED, "Het token is ongeldig, verlopen of ingetrokken.")
	}
	return t, u, nil
}

// ListAccessTokens returns a user's tokens that are not revoked.
func (db *Accounts) ListAccessTokens(ctx context.Context, userID string) ([]*vios.AccessToken, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, name, scopes, created_at, expires_at FROM access_tokens
		WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC`, userID)
	return scanAll(rows, err, func(s scanner) (*vios.AccessToken, error) {
		t := &vios.AccessToken{}
		var scopes string
		err := s.Scan(&t.ID, &t.UserID, &t.Name, &scopes, &t.CreatedAt, &t.ExpiresAt)
		t.Scopes = strings.Fields(scopes)
		return t, err
	})
}

// RevokeAccessToken revokes a token of the user.
func (db *Accounts) RevokeAccessToken(ctx context.Context, userID, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`), tx.now, id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ENOTFOUND, "Dit token bestaat niet of is al ingetrokken.")
		}
		return tx.audit(ctx, Audit{Action: "token-ingetrokken", ObjectType: "token", ObjectID: id, UserID: userID})
	})
}

// UseTOTPStep records that the code of a time step was used; ECONFLICT when
// that step (or a later one) was used already, so no code works twice.
func (db *Accounts) UseTOTPStep(ctx context.Context, userID string, step int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`), step, userID, step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ECONFLICT, "Deze code is al gebruikt. Wacht op de volgende code in uw app.")
		}
		return nil
	})
}
