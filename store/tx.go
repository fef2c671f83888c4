package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// Tx is a write transaction. Service methods build their work from small
// helpers taking a *Tx, and commit once.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
	// audited is set once the transaction wrote an audit record; a
	// processing without one gets one (who did it belongs beside it).
	audited bool
	// log collects the records of a logged read (readLogged), which runs
	// in a read transaction and hands them to the appender; nil in a write
	// transaction, which appends them itself.
	log *logBatch
	// attempted are the processing records of this transaction and
	// attempt the act it was about (the last authorization asked), which
	// recordFailure writes with status error when the transaction fails.
	attempted []*vios.ProcessingRecord
	attempt   *attempt
	// objects are the ids of the records the transaction's audit records
	// name, in order: an idempotency claim keeps them (idempotency.go).
	objects []string
}

// BeginTx starts a write transaction.
func (db *DB) BeginTx(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db, now: db.Now()}, nil
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, tx.db.rebind(query), args...)
	return err
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.QueryRowContext(ctx, tx.db.rebind(query), args...)
}

// inTx runs fn in a write transaction and commits when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		tx.Rollback() // #nosec G104 -- the denial is the error returned; before a denial is recorded in a transaction of its own
		return db.recordFailure(ctx, tx, err)
	}
	// The request's idempotency key is claimed beside its write, so a
	// crash keeps both or neither (idempotency.go).
	if err := tx.claimIdempotency(ctx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if c := vios.IdempotencyClaimFromContext(ctx); c != nil {
		c.Claimed = true
	}
	db.wrote(ctx) // the writer's next reads see this write (replica.go)
	return nil
}
