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
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			if err := tx.deleteAttachmentsOf(ctx, vios.OwnerMessage, list); err != nil {
				return err
			}
			if err := tx.execEachIn(ctx, list, `DELETE FROM message_edits WHERE message_id IN (?list)`,
				`DELETE FROM message_pupils WHERE message_id IN (?list)`, `DELETE FROM message_mentions WHERE message_id IN (?list)`); err != nil {
				return err
			}
			return tx.execIn(ctx, `UPDATE messages SET text_sealed = '', key_version = 0, pseudonymised_at = ? WHERE id IN (?list)`, list, tx.now)
		})
	}
	if err != nil {
		return err
	}
	p.record(r, "berichten", "gepseudonimiseerd", len(ids), fmt.Sprintf("Berichten ouder dan %d dagen: tekst, eerdere versies en genoemde leerlingen gewist.", r.signals))

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
