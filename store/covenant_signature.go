package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vios-platform/vios"
)

// Signatures of covenant parties: the editor of a covenant records that a
// party signed on paper; a user of the party, not the recorder, confirms
// or declines it (vios/covenant_signature.go).

// saveParty inserts party p at position i of covenant c, as the editor's
// save makes it given the party as it was (was, nil for a new party). A new
// recording of a signature is mailed to the party's users.
func (tx *Tx) saveParty(ctx context.Context, c *vios.Covenant, i int, p *vios.CovenantParty, was *vios.CovenantParty) error {
	recorder := ""
	if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
		recorder = a.User.ID
	}
	recorded, err := p.SettleRecording(was, recorder, tx.now.Truncate(time.Microsecond))
	if err != nil {
		return err
	}
	reason, err := tx.db.seal(c.MunicipalityID, "covenant_parties", p.ID, "decline_reason_sealed", p.Signature.DeclineReason)
	if err != nil {
		return err
	}
	// Who signs names people: sealed, the old plain column left blank.
	signatories, err := tx.db.seal(c.MunicipalityID, "covenant_parties", p.ID, "signatories_sealed", p.Signatories)
	if err != nil {
		return err
	}
	s := p.Signature
	if err := tx.exec(ctx, `INSERT INTO covenant_parties (id, municipality_id, covenant_id, position, organisation_id, role,
		responsibilities, signatories, signatories_sealed, status, signed_on, recorded_by, recorded_at, decided_by, decided_at,
		decline_reason_sealed, key_version) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, c.MunicipalityID, c.ID, i, p.OrganisationID, p.Role, p.Responsibilities, signatories, p.Status, datePtr(p.SignedOn),
		s.RecordedBy, s.RecordedAt, s.DecidedBy, s.DecidedAt, reason,
		keyVersionOf(signatories+reason, tx.db.activeKey(c.MunicipalityID))); err != nil {
		return fmt.Errorf("insert party: %w", err)
	}
	if !recorded {
		return nil
	}
	return tx.mailSignatureRequest(ctx, c, p)
}

// keyVersionOf is the key version of a row whose sealed values, joined,
// are sealed: the active key, or 0 when nothing is sealed.
func keyVersionOf(sealed string, active int) int {
	if sealed == "" {
		return 0
	}
	return active
}

// mailSignatureRequest tells the users who may answer for the party that a
// signature of theirs was recorded and waits for them; the recorder is
// left out, as they may not answer.
func (tx *Tx) mailSignatureRequest(ctx context.Context, c *vios.Covenant, p *vios.CovenantParty) error {
	var slug string
	if err := tx.queryRow(ctx, `SELECT slug FROM municipalities WHERE id = ?`, c.MunicipalityID).Scan(&slug); err != nil {
		return err
	}
	to, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN organisations o ON o.id = ? WHERE m.municipality_id = ? AND NOT u.disabled AND u.id <> ?
		AND (m.organisation_id = o.id OR (o.kind = ? AND m.role = ? AND COALESCE(m.organisation_id, '') = ''))
		ORDER BY u.email`), p.OrganisationID, c.MunicipalityID, p.Signature.RecordedBy, vios.OrgMunicipal, vios.RoleRegisseur))
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().SignatureRequest(slug, c.ID, p.ID, c.Title, p.OrganisationName)
	for _, addr := range to {
		if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
			return err
		}
	}
	return nil
}

// ConfirmSignature makes the party signed, as the actor: a user of the
// party who did not record the signature.
func (db *Covenants) ConfirmSignature(ctx context.Context, municipalityID, covenantID, partyID string) error {
	return db.answerSignature(ctx, municipalityID, covenantID, partyID, vios.PartySigned, "")
}

// DeclineSignature records, as the actor, that the party did not sign, and
// why (sealed).
func (db *Covenants) DeclineSignature(ctx context.Context, municipalityID, covenantID, partyID, reason string) error {
	return db.answerSignature(ctx, municipalityID, covenantID, partyID, vios.PartyDeclined, reason)
}

func (db *Covenants) answerSignature(ctx context.Context, municipalityID, covenantID, partyID, status, reason string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		c, p, err := tx.partyToAnswer(ctx, municipalityID, covenantID, partyID)
		if err != nil {
			return err
		}
		// Who may not answer hears that first, not what is wrong with the reason.
		if status == vios.PartyDeclined {
			if reason, err = vios.ValidateDecline(reason); err != nil {
				return err
			}
		}
		actor := vios.ActorFromContext(ctx)
		sealed, err := db.seal(municipalityID, "covenant_parties", p.ID, "decline_reason_sealed", reason)
		if err != nil {
			return err
		}
		// The signatories are sealed again with it, so the whole row is
		// under the key its key_version names (rotation relies on that).
		signatories, err := db.seal(municipalityID, "covenant_parties", p.ID, "signatories_sealed", p.Signatories)
		if err != nil {
			return err
		}
		signedOn := datePtr(p.SignedOn)
		if status == vios.PartyDeclined {
			signedOn = nil
		}
		// Compare and set: two users of the party answering at once, or an
		// editor changing the party meanwhile, cannot both win.
		claimed, err := tx.claim(ctx, `UPDATE covenant_parties SET status = ?, signed_on = ?, decided_by = ?, decided_at = ?,
			decline_reason_sealed = ?, signatories_sealed = ?, signatories = '', key_version = ?
			WHERE id = ? AND covenant_id = ? AND status = ? AND decided_by = ''`,
			status, signedOn, actor.User.ID, tx.now, sealed, signatories, keyVersionOf(signatories+sealed, db.activeKey(municipalityID)),
			p.ID, c.ID, p.Status)
		if err != nil {
			return err
		} else if !claimed {
			return vios.Errorf(vios.ECONFLICT, "Deze ondertekening is intussen gewijzigd; laad de pagina opnieuw.")
		}
		action := "convenant-ondertekening-bevestigd"
		if status == vios.PartyDeclined {
			action = "convenant-ondertekening-geweigerd"
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "convenant-partij", ObjectID: p.ID, MunicipalityID: municipalityID})
	})
}

// partyToAnswer finds the party of a covenant the actor may read, and
// checks that its signature waits for an answer the actor may give. One
// who may not read the covenant finds nothing (ENOTFOUND).
func (tx *Tx) partyToAnswer(ctx context.Context, municipalityID, covenantID, partyID string) (*vios.Covenant, *vios.CovenantParty, error) {
	const notFound = "Deze partij van het convenant bestaat niet."
	c, err := scanCovenant(tx.queryRow(ctx, `SELECT `+covenantColumns+` FROM covenants WHERE id = ? AND municipality_id = ?`,
		covenantID, municipalityID))
	if err != nil {
		return nil, nil, errNoRows(err, notFound)
	}
	if c.Parties, err = tx.db.Covenants.covenantParties(ctx, tx, c.ID); err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(c.Parties, func(p vios.CovenantParty) bool { return p.ID == partyID })
	if i < 0 || !may(ctx, vios.ActionViewCovenant, c.Resource()) {
		return nil, nil, vios.Errorf(vios.ENOTFOUND, notFound)
	}
	p := &c.Parties[i]
	access, err := tx.db.Covenants.signatureAccess(ctx, tx, c, p)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.authorize(ctx, vios.ActionAnswerSignature, vios.Resource{MunicipalityID: municipalityID, Signature: access},
		"convenant-partij", p.ID); err != nil {
		return nil, nil, err
	}
	if !p.AwaitsAnswer() {
		return nil, nil, vios.Errorf(vios.ECONFLICT, "De ondertekening van %s wacht niet op bevestiging.", p.OrganisationName)
	}
	return c, p, nil
}

// signatureAccess is what deciding an answer for party p needs. Who
// recorded a signature before confirmations existed is not known: then no
// one who saved a version of the covenant may answer.
func (db *Covenants) signatureAccess(ctx context.Context, q querier, c *vios.Covenant, p *vios.CovenantParty) (*vios.SignatureAccess, error) {
	a := &vios.SignatureAccess{OrganisationID: p.OrganisationID}
	if err := q.QueryRowContext(ctx, db.rebind(`SELECT kind, member_municipality FROM organisations WHERE id = ?`), p.OrganisationID).
		Scan(&a.OrganisationKind, &a.MemberMunicipality); err != nil {
		return nil, err
	}
	switch {
	case p.Signature.RecordedAt == nil:
		editors, err := scanStrings(q.QueryContext(ctx, db.rebind(`SELECT DISTINCT changed_by FROM covenant_versions
			WHERE covenant_id = ? AND changed_by <> '' ORDER BY changed_by`), c.ID))
		if err != nil {
			return nil, err
		}
		a.Recorders = editors
	case p.Signature.RecordedBy != "":
		a.Recorders = []string{p.Signature.RecordedBy}
	}
	return a, nil
}

// ListSignatureRequests returns the signatures the actor may answer, in
// the covenants not ended of every municipality where they hold a role.
func (db *Covenants) ListSignatureRequests(ctx context.Context) ([]vios.SignatureRequest, error) {
	actor := vios.ActorFromContext(ctx)
	var list []vios.SignatureRequest
	for _, municipalityID := range actor.Municipalities() {
		err := db.readInTenant(ctx, municipalityID, func(q querier) error {
			rows, err := q.QueryContext(ctx, db.rebind(`SELECT DISTINCT `+prefixed("c", covenantColumns)+`, mu.slug FROM covenants c
				JOIN municipalities mu ON mu.id = c.municipality_id JOIN covenant_parties p ON p.covenant_id = c.id
				WHERE c.municipality_id = ? AND c.ended_on IS NULL AND c.ends_on >= ?
				AND (p.status = ? OR (p.status = ? AND p.decided_by = '')) ORDER BY c.title, c.id`),
				municipalityID, vios.Date(db.Now()), vios.PartyPending, vios.PartySigned)
			type found struct {
				c    *vios.Covenant
				slug string
			}
			covenants, err := scanAll(rows, err, func(sc scanner) (found, error) {
				var slug string
				c, err := scanCovenant(scanFunc(func(dest ...any) error { return sc.Scan(append(dest, &slug)...) }))
				return found{c, slug}, err
			})
			if err != nil {
				return err
			}
			for _, f := range covenants {
				mine, err := db.requestsIn(ctx, q, f.c)
				if err != nil {
					return err
				}
				for _, p := range mine {
					list = append(list, vios.SignatureRequest{Covenant: f.c, MunicipalitySlug: f.slug, Party: p})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return list, nil
}

// requestsIn returns the parties of covenant c whose signature the actor
// may answer now.
func (db *Covenants) requestsIn(ctx context.Context, q querier, c *vios.Covenant) ([]vios.CovenantParty, error) {
	var err error
	if c.Parties, err = db.covenantParties(ctx, q, c.ID); err != nil {
		return nil, err
	}
	actor := vios.ActorFromContext(ctx)
	var mine []vios.CovenantParty
	for i := range c.Parties {
		p := &c.Parties[i]
		if !p.AwaitsAnswer() {
			continue
		}
		access, err := db.signatureAccess(ctx, q, c, p)
		if err != nil {
			return nil, err
		}
		if vios.Authorize(actor, vios.ActionAnswerSignature, vios.Resource{MunicipalityID: c.MunicipalityID, Signature: access}) == nil {
			mine = append(mine, *p)
		}
	}
	return mine, nil
}

// scanFunc makes a function a row to scan.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
