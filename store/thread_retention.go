package store

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// messages applies the rule's retention for signals to the messages of its
// networks' threads (and of their cases): older messages are pseudonymised
// (their text, earlier versions, pupils and mentions wiped) and deleted
// after the grace, with deletion records as for signals.
func (p *retentionPass) messages(ctx context.Context, r retentionRule) error {
	tx := p.tx
	m := p.municipalityID
	ids, err := p.ids(ctx, `SELECT id FROM messages WHERE municipality_id = ? AND network_id IN (`+networksOf+`)
		AND posted_at < ? AND pseudonymised_at IS NULL`, m, m, r.clauseID, tx.now.AddDate(0, 0, -r.signals))
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error { return p.wipeMessages(ctx, list) })
	}
	if err != nil {
		return err
	}
	p.record(r, "berichten", "gepseudonimiseerd", len(ids), fmt.Sprintf("Berichten ouder dan %d dagen: tekst, eerdere versies en genoemde leerlingen gewist.", r.signals))
	if err := p.shorterMessages(ctx, r); err != nil {
		return err
	}

	ids, err = p.ids(ctx, `SELECT id FROM messages WHERE municipality_id = ? AND network_id IN (`+networksOf+`)
		AND pseudonymised_at < ?`, m, m, r.clauseID, tx.now.AddDate(0, 0, -retentionGrace))
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			return tx.execEachIn(ctx, list, `UPDATE messages SET reply_to_id = NULL WHERE reply_to_id IN (?list)`,
				`DELETE FROM messages WHERE id IN (?list)`)
		})
	}
	if err != nil {
		return err
	}
	p.record(r, "berichten", "verwijderd", len(ids), graceReason("Berichten"))
	return nil
}

// shorterMessages pseudonymises the messages of the rule's networks that
// keep them shorter than the clause keeps signals, each by its own period.
func (p *retentionPass) shorterMessages(ctx context.Context, r retentionRule) error {
	tx := p.tx
	m := p.municipalityID
	type shorter struct {
		id   string
		days int
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, message_retention_days FROM networks WHERE municipality_id = ?
		AND COALESCE(clause_id, '') = ? AND message_retention_days IS NOT NULL AND message_retention_days < ? ORDER BY id`), m, r.clauseID, r.signals)
	list, err := scanAll(rows, err, func(s scanner) (shorter, error) {
		var n shorter
		return n, s.Scan(&n.id, &n.days)
	})
	if err != nil {
		return err
	}
	for _, n := range list {
		ids, err := p.ids(ctx, `SELECT id FROM messages WHERE municipality_id = ? AND network_id = ? AND posted_at < ? AND pseudonymised_at IS NULL`,
			m, n.id, tx.now.AddDate(0, 0, -n.days))
		if err == nil {
			err = p.apply(ctx, ids, func(ctx context.Context, list []string) error { return p.wipeMessages(ctx, list) })
		}
		if err != nil {
			return err
		}
		p.record(r, "berichten", "gepseudonimiseerd", len(ids),
			fmt.Sprintf("Berichten ouder dan %d dagen (de kortere termijn van hun netwerk): tekst, eerdere versies en genoemde leerlingen gewist.", n.days))
	}
	return nil
}

// wipeMessages pseudonymises messages: their text, earlier versions,
// pupils and mentions go.
func (p *retentionPass) wipeMessages(ctx context.Context, list []string) error {
	tx := p.tx
	if err := tx.deleteAttachmentsOf(ctx, vios.OwnerMessage, list); err != nil {
		return err
	}
	if err := tx.execEachIn(ctx, list, `DELETE FROM message_edits WHERE message_id IN (?list)`,
		`DELETE FROM message_pupils WHERE message_id IN (?list)`, `DELETE FROM message_mentions WHERE message_id IN (?list)`); err != nil {
		return err
	}
	return tx.execIn(ctx, `UPDATE messages SET text_sealed = '', key_version = 0, pseudonymised_at = ? WHERE id IN (?list)`, list, tx.now)
}
