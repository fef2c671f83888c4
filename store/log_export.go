package store

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// The export of the processing log to the municipality's OTLP receiver
// (jobs.LogExporter). The database stays the source of truth: log_exports
// holds how far the log was sent, as a sequence number (the log is
// numbered in commit order: appending takes the head's lock), and a lease,
// so that with several instances on one database one sends at a time. A
// pass claims the lease and reads the records after the mark; only when
// the receiver accepted them is the mark moved on. A receiver that does
// not answer leaves the mark, and the next pass sends the same records.

const exportOTLP = "otlp"

// ClaimLogExport takes the export's lease for holder until now+lease (when
// it is free, expired, or holder's own) and returns up to limit records
// after the mark, oldest first; none, without error, when another
// instance holds the lease.
func (db *Logs) ClaimLogExport(ctx context.Context, holder string, lease time.Duration, limit int) ([]*vios.ProcessingRecord, error) {
	now := db.Now()
	var mark int64
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE log_exports SET holder = ?, lease_until = ?
			WHERE name = ? AND (holder = '' OR holder = ? OR lease_until IS NULL OR lease_until < ?)`),
			holder, now.Add(lease), exportOTLP, holder, now)
		if err != nil {
			return fmt.Errorf("claim log export: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			mark = -1
			return nil
		}
		return tx.queryRow(ctx, `SELECT seq FROM log_exports WHERE name = ?`, exportOTLP).Scan(&mark)
	})
	if err != nil || mark < 0 {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT `+processingColumns+` FROM processing_log p WHERE p.seq > ? ORDER BY p.seq LIMIT ?`, mark, limit)
	return scanAll(rows, err, scanProcessing)
}

// FinishLogExport ends holder's pass: sent is the last sequence number the
// receiver accepted (0: none), errText why the pass failed ("" when it did
// not; it names no record). The mark only moves forward, and only for the
// lease's holder: an instance whose lease ran out and was taken over
// changes nothing.
func (db *Logs) FinishLogExport(ctx context.Context, holder string, sent int64, errText string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `UPDATE log_exports SET seq = CASE WHEN seq < ? THEN ? ELSE seq END, holder = '', lease_until = NULL,
			last_error = ? WHERE name = ? AND holder = ?`, sent, sent, errText, exportOTLP, holder)
	})
}

// LogExportMark returns how far the log was sent and the last pass's error.
func (db *Logs) LogExportMark(ctx context.Context) (int64, string, error) {
	var seq int64
	var lastError string
	err := db.queryRow(ctx, `SELECT seq, last_error FROM log_exports WHERE name = ?`, exportOTLP).Scan(&seq, &lastError)
	return seq, lastError, err
}
