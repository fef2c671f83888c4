package store

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// Onboard adds a municipality with its starter approach and key, and its
// first beheerder with a one-time invitation whose mail is queued, all in
// one transaction with the audit entry (vios.OnboardingService). The key
// is written last, just before the commit: a refused slug or address
// leaves no key behind, and a key that cannot be written leaves no
// municipality without one (serve would not start).
func (db *Organisations) Onboard(ctx context.Context, o *vios.Onboarding, token, tokenHash string, valid time.Duration) (*vios.Municipality, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	m := o.Municipality()
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionOnboardMunicipality, vios.Resource{}, "gemeente", m.Slug); err != nil {
			return err
		}
		if err := insertMunicipality(ctx, tx, m); err != nil {
			return err
		}
		a := vios.StarterApproach(m)
		if err := insertApproach(ctx, tx, &a); err != nil {
			return err
		}
		for _, team := range o.MemberTeams(m.ID) {
			if err := insertOrganisation(ctx, tx, team); err != nil {
				return err
			}
		}
		u := o.Admin(m.ID)
		if err := createUser(ctx, tx, u, ""); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO user_tokens (id, user_id, purpose, created_at, expires_at) VALUES (?, ?, 'uitnodiging', ?, ?)`,
			tokenHash, u.ID, tx.now, tx.now.Add(valid)); err != nil {
			return err
		}
		mail := notify.Site{BaseURL: db.BaseURL}.FirstAdminInvitation(m.Name, token)
		if err := queueMail(ctx, tx, u.Email, mail.Subject, mail.Body); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "gemeente-toegevoegd", ObjectType: "gemeente", ObjectID: m.ID, MunicipalityID: m.ID}); err != nil {
			return err
		}
		return db.newKey(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// newKey gives the new municipality its key, or checks that the keys in
// use have one.
func (db *Organisations) newKey(ctx context.Context, m *vios.Municipality) error {
	if db.NewKey != nil {
		return db.NewKey(ctx, m)
	}
	if db.Keys == nil || db.Keys.Keyring().Active(m.ID) == 0 {
		return vios.Errorf(vios.EINTERNAL, "Dit platform kan geen sleutel voor een nieuwe gemeente aanmaken.")
	}
	return nil
}
