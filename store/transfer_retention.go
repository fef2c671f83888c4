package store

import (
	"context"
	"fmt"
)

// receivedTransferDays is how long a receiving school keeps the content
// of a transfer it accepted: the platform's longest retention for cases,
// counted from the acceptance. The receiving side has no clause of its own
// for it (the clause belongs to the sending municipality), so the
// documented maximum bounds it. A declined transfer never held content;
// its initials go after the grace. One not yet decided stays: the school
// still has to answer it.
const receivedTransferDays = 5 * 365

// receivedTransfers wipes the content and the initials of the transfers
// the municipality received once they are due, and deletes them after the
// grace, with deletion records as for signals.
func (p *retentionPass) receivedTransfers(ctx context.Context) error {
	tx := p.tx
	m := p.municipalityID
	ids, err := p.ids(ctx, `SELECT id FROM transfer_receipts WHERE municipality_id = ? AND (content_sealed <> '' OR initials_sealed <> '')
		AND ((status = 'aanvaard' AND decided_at < ?) OR (status = 'afgewezen' AND decided_at < ?))`,
		m, tx.now.AddDate(0, 0, -receivedTransferDays), tx.now.AddDate(0, 0, -retentionGrace))
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			return tx.execIn(ctx, `UPDATE transfer_receipts SET content_sealed = '', initials_sealed = '', key_version = 0 WHERE id IN (?list)`, list)
		})
	}
	if err != nil {
		return err
	}
	p.record(retentionRule{}, "overdrachten", "gepseudonimiseerd", len(ids),
		fmt.Sprintf("Ontvangen overdrachten: inhoud %d dagen na aanvaarden gewist, initialen van afgewezen overdrachten na %d dagen.", receivedTransferDays, retentionGrace))

	ids, err = p.ids(ctx, `SELECT id FROM transfer_receipts WHERE municipality_id = ? AND content_sealed = '' AND initials_sealed = ''
		AND ((status = 'aanvaard' AND decided_at < ?) OR (status = 'afgewezen' AND decided_at < ?))`,
		m, tx.now.AddDate(0, 0, -receivedTransferDays-retentionGrace), tx.now.AddDate(0, 0, -2*retentionGrace))
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			return tx.execIn(ctx, `DELETE FROM transfer_receipts WHERE id IN (?list)`, list)
		})
	}
	if err != nil {
		return err
	}
	p.record(retentionRule{}, "overdrachten", "verwijderd", len(ids), graceReason("Ontvangen overdrachten"))
	return nil
}
