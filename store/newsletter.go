package store

import (
	"context"
	"slices"

	"github.com/vios-platform/vios"
)

// Newsletters keeps the monthly trend newsletters (newsletter_draft.go
// drafts them). A newsletter is read across the actor's municipalities (the
// API's list) with no tenant set, and written in its municipality, where
// row-level security refuses another municipality's rows.
type Newsletters struct{ *DB }

const (
	newsletterNotFound = "Deze nieuwsbrief bestaat niet of u heeft er geen toegang toe."
	newsletterFrozen   = "Deze nieuwsbrief is verzonden en kan niet meer worden gewijzigd of opnieuw verzonden."
)

const newsletterColumns = `n.id, n.municipality_id, m.name, m.slug, n.month, n.intro, n.status, n.no_name_confirmed, n.recipients,
	n.sent_at, n.created_at, n.updated_at`

func scanNewsletter(s scanner) (*vios.Newsletter, error) {
	n := &vios.Newsletter{}
	err := s.Scan(&n.ID, &n.MunicipalityID, &n.MunicipalityName, &n.MunicipalitySlug, &n.Month, &n.Intro, &n.Status, &n.NoNameConfirmed,
		&n.Recipients, &n.SentAt, &n.CreatedAt, &n.UpdatedAt)
	n.Month = day(n.Month)
	return n, err
}

// readNewsletter reads one newsletter with its sections, not yet
// authorized.
func (db *DB) readNewsletter(ctx context.Context, q querier, id string) (*vios.Newsletter, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, newsletterNotFound)
	}
	n, err := scanNewsletter(q.QueryRowContext(ctx, db.rebind(`SELECT `+newsletterColumns+` FROM newsletters n
		JOIN municipalities m ON m.id = n.municipality_id WHERE n.id = ?`), id))
	if err != nil {
		return nil, errNoRows(err, newsletterNotFound)
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT section_key, title, body FROM newsletter_sections
		WHERE municipality_id = ? AND newsletter_id = ? ORDER BY position`), n.MunicipalityID, n.ID)
	n.Sections, err = scanAll(rows, err, func(s scanner) (vios.NewsletterSection, error) {
		var sec vios.NewsletterSection
		return sec, s.Scan(&sec.Key, &sec.Title, &sec.Body)
	})
	return n, err
}

func newsletterResource(municipalityID string) vios.Resource {
	return vios.Resource{MunicipalityID: municipalityID}
}

// FindNewsletter returns a newsletter the actor may read: a draft only to
// the regisseur; to anyone else it does not exist.
func (db *Newsletters) FindNewsletter(ctx context.Context, id string) (*vios.Newsletter, error) {
	var n *vios.Newsletter
	if err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		n, err = db.readNewsletter(ctx, q, id)
		return err
	}); err != nil {
		return nil, err
	}
	if err := db.authorize(ctx, vios.ActionReadNewsletters, newsletterResource(n.MunicipalityID), "nieuwsbrief", n.ID); err != nil {
		return nil, vios.Errorf(vios.ENOTFOUND, newsletterNotFound)
	}
	if !n.Sent() && !may(ctx, vios.ActionEditNewsletter, newsletterResource(n.MunicipalityID)) {
		return nil, vios.Errorf(vios.ENOTFOUND, newsletterNotFound)
	}
	return n, nil
}

// ListNewsletters returns the municipality's newsletters the actor reads,
// newest month first, without their sections.
func (db *Newsletters) ListNewsletters(ctx context.Context, municipalityID string) ([]*vios.Newsletter, error) {
	if err := db.authorize(ctx, vios.ActionReadNewsletters, newsletterResource(municipalityID), "nieuwsbrief", ""); err != nil {
		return nil, err
	}
	query := `SELECT ` + newsletterColumns + ` FROM newsletters n JOIN municipalities m ON m.id = n.municipality_id
		WHERE n.municipality_id = ?`
	args := []any{municipalityID}
	if !may(ctx, vios.ActionEditNewsletter, newsletterResource(municipalityID)) {
		query, args = query+` AND n.status = ?`, append(args, vios.NewsletterSent)
	}
	var list []*vios.Newsletter
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(query+` ORDER BY n.month DESC LIMIT 240`), args...)
		list, err = scanAll(rows, err, scanNewsletter)
		return err
	})
	return list, err
}

// ReadableNewsletters returns the newsletters of every municipality where
// the actor has a role, as ListNewsletters gives them; an actor without a
// municipality is refused.
func (db *Newsletters) ReadableNewsletters(ctx context.Context) ([]*vios.Newsletter, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	var all []*vios.Newsletter
	for _, m := range actor.Municipalities() {
		if !may(ctx, vios.ActionReadNewsletters, newsletterResource(m)) {
			continue
		}
		list, err := db.ListNewsletters(ctx, m)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	if len(actor.Municipalities()) == 0 {
		// No municipality, no newsletters (the national role): refused.
		return nil, db.authorize(ctx, vios.ActionReadNewsletters, vios.Resource{}, "nieuwsbrief", "")
	}
	slices.SortStableFunc(all, func(a, b *vios.Newsletter) int { return b.Month.Compare(a.Month) })
	return all, nil
}

// draftFor reads the newsletter in tx for a change by the regisseur: it
// must exist in municipalityID ("" for any), the actor may edit it, and it
// is not sent yet, in that order.
//
// On PostgreSQL the newsletter's row is locked first, so that a save and a
// send cannot interleave: a save after a send finds it sent, and a send
// mails the sections as stored, not a version a concurrent save replaced.
// SQLite's single writer (BEGIN IMMEDIATE) serialises them already.
func (tx *Tx) draftFor(ctx context.Context, id, municipalityID string) (*vios.Newsletter, error) {
	if tx.db.dialect == Postgres && vios.ValidID(id) {
		var locked string
		if err := tx.queryRow(ctx, `SELECT id FROM newsletters WHERE id = ? FOR UPDATE`, id).Scan(&locked); err != nil {
			return nil, errNoRows(err, newsletterNotFound)
		}
	}
	n, err := tx.db.readNewsletter(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if municipalityID != "" && n.MunicipalityID != municipalityID {
		return nil, vios.Errorf(vios.ENOTFOUND, newsletterNotFound)
	}
	if err := tx.authorize(ctx, vios.ActionEditNewsletter, newsletterResource(n.MunicipalityID), "nieuwsbrief", n.ID); err != nil {
		return nil, err
	}
	if n.Sent() {
		return nil, vios.Errorf(vios.ECONFLICT, newsletterFrozen)
	}
	return n, nil
}

// municipalityOf is the municipality of a newsletter, for the tenant of
// the transaction that changes it.
func (db *DB) municipalityOf(ctx context.Context, id string) (string, error) {
	var municipalityID string
	err := db.readInTenant(ctx, "", func(q querier) error {
		n, err := db.readNewsletter(ctx, q, id)
		if err == nil {
			municipalityID = n.MunicipalityID
		}
		return err
	})
	return municipalityID, err
}

// SaveNewsletter stores the edited intro and section texts of a draft.
// The sections are matched by key; their titles are not edited.
func (db *Newsletters) SaveNewsletter(ctx context.Context, edited *vios.Newsletter) error {
	municipalityID, err := db.municipalityOf(ctx, edited.ID)
	if err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		n, err := tx.draftFor(ctx, edited.ID, edited.MunicipalityID)
		if err != nil {
			return err
		}
		n.Intro, n.NoNameConfirmed = edited.Intro, edited.NoNameConfirmed
		for i, s := range n.Sections {
			for _, e := range edited.Sections {
				if e.Key == s.Key {
					n.Sections[i].Body = e.Body
				}
			}
		}
		if err := n.Validate(); err != nil {
			return err
		}
		// The conditional UPDATE claims the draft: should a send have frozen
		// it after all, nothing is written, the sections least of all.
		claimed, err := tx.claim(ctx, `UPDATE newsletters SET intro = ?, no_name_confirmed = ?, updated_by = ?, updated_at = ?
			WHERE municipality_id = ? AND id = ? AND status = ?`, n.Intro, n.NoNameConfirmed, actorUserID(ctx), tx.now,
			n.MunicipalityID, n.ID, vios.NewsletterDraft)
		if err != nil {
			return err
		} else if !claimed {
			return vios.Errorf(vios.ECONFLICT, newsletterFrozen)
		}
		for i, s := range n.Sections {
			if err := tx.exec(ctx, `UPDATE newsletter_sections SET body = ? WHERE municipality_id = ? AND newsletter_id = ? AND position = ?`,
				s.Body, n.MunicipalityID, n.ID, i); err != nil {
				return err
			}
		}
		*edited = *n
		edited.UpdatedAt = tx.now
		return tx.audit(ctx, Audit{Action: "nieuwsbrief-gewijzigd", ObjectType: "nieuwsbrief", ObjectID: n.ID, MunicipalityID: n.MunicipalityID})
	})
}

// schoolAddresses are the addresses the newsletter goes to: the active
// accounts with the role school at a school of the municipality, each once.
func (tx *Tx) schoolAddresses(ctx context.Context, municipalityID string) ([]string, error) {
	return scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN organisations o ON o.id = m.organisation_id
		WHERE m.municipality_id = ? AND m.role = ? AND o.kind = ? AND NOT u.disabled ORDER BY u.email`),
		municipalityID, vios.RoleSchool, vios.OrgSchool))
}

// NewsletterRecipients returns how many addresses a send reaches, for the
// regisseur's preview.
func (db *Newsletters) NewsletterRecipients(ctx context.Context, municipalityID string) (int, error) {
	var n int
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditNewsletter, newsletterResource(municipalityID), "nieuwsbrief", ""); err != nil {
			return err
		}
		to, err := tx.schoolAddresses(ctx, municipalityID)
		n = len(to)
		return err
	})
	return n, err
}

// SendNewsletter queues the newsletter to every school address and
// freezes it, in one transaction with its audit entry. The conditional
// UPDATE claims the draft: a second send, here or on another instance,
// finds it sent and is refused.
func (db *Newsletters) SendNewsletter(ctx context.Context, id string) (*vios.Newsletter, error) {
	municipalityID, err := db.municipalityOf(ctx, id)
	if err != nil {
		return nil, err
	}
	var n *vios.Newsletter
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if n, err = tx.draftFor(ctx, id, municipalityID); err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		to, err := tx.schoolAddresses(ctx, municipalityID)
		if err != nil {
			return err
		}
		if len(to) == 0 {
			return vios.Errorf(vios.ECONFLICT, "Er is in deze gemeente nog geen schoolaccount om de nieuwsbrief naar te sturen.")
		}
		claimed, err := tx.claim(ctx, `UPDATE newsletters SET status = ?, sent_at = ?, sent_by = ?, recipients = ?, updated_at = ?
			WHERE municipality_id = ? AND id = ? AND status = ?`, vios.NewsletterSent, tx.now, actorUserID(ctx), len(to), tx.now,
			municipalityID, id, vios.NewsletterDraft)
		if err != nil {
			return err
		} else if !claimed {
			return vios.Errorf(vios.ECONFLICT, newsletterFrozen)
		}
		sent := tx.now
		n.Status, n.SentAt, n.Recipients = vios.NewsletterSent, &sent, len(to)
		mail := tx.db.Logs.site().Newsletter(n)
		for _, addr := range to {
			if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "nieuwsbrief-verzonden", ObjectType: "nieuwsbrief", ObjectID: n.ID, MunicipalityID: municipalityID})
	})
	return n, err
}
