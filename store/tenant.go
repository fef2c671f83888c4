package store

import (
	"context"
	"database/sql"

	"github.com/vios-platform/vios"
)

// setTenant narrows the transaction to one municipality on PostgreSQL: the
// row-level security policies then hide and refuse other municipalities'
// rows, a second wall behind the WHERE clauses. On SQLite it does nothing.
// The setting is transaction-local (set_config's third argument), so it
// never leaks to the next user of the pooled connection.
func (tx *Tx) setTenant(ctx context.Context, municipalityID string) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	return tx.exec(ctx, `SELECT set_config('vios.tenant', ?, true)`, municipalityID)
}

// inTenant runs fn in one write transaction narrowed to the municipality:
// the one way the store writes a municipality's rows (with their audit and
// processing records, a queued mail). Reads that only log use readLogged
// (appender.go), reads that write nothing readInTenant; both keep SQLite's
// reader pool.
func (db *DB) inTenant(ctx context.Context, municipalityID string, fn func(tx *Tx) error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, municipalityID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// eachMunicipality runs fn for every municipality: periodic work over all
// municipalities reads and writes one municipality's rows at a time (fn
// uses inTenant or inJobChunks). It stops at the first error; what earlier
// municipalities did stays committed, as it would have been had the pass
// run a moment earlier.
func (db *DB) eachMunicipality(ctx context.Context, fn func(municipalityID string) error) error {
	ids, err := scanStrings(db.query(ctx, `SELECT id FROM municipalities ORDER BY id`))
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

// querier is what a read needs: a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readInTenant runs the reads in fn behind the row-level security of one
// municipality, for reads that need no write transaction. On PostgreSQL
// that takes a read-only transaction with vios.tenant set (a local setting
// lives only as long as a transaction); on SQLite, which has no row-level
// security, fn reads from the pool directly and takes no write lock. fn
// passes its queries through db.rebind, like every other query. Such a
// read may be answered by the read replica (reader, replica.go).
func (db *DB) readInTenant(ctx context.Context, municipalityID string, fn func(q querier) error) error {
	if db.dialect != Postgres {
		return fn(db.read)
	}
	pool := db.reader(ctx)
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil && pool != db.read {
		// The replica is away: the primary answers.
		tx, err = db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	}
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('vios.tenant', $1, true)`, municipalityID); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// findInTenant reads one record of the municipality: query, with the
// parameters id and municipalityID in that order, gives the row for scan,
// and details reads what belongs to it, all in one read of the tenant. An
// id that cannot exist and a missing row are both ENOTFOUND with notFound.
func findInTenant[T any](ctx context.Context, db *DB, municipalityID, id, notFound, query string,
	scan func(scanner) (T, error), details func(q querier, v T) error) (T, error) {
	var v T
	if !vios.ValidID(id) {
		return v, vios.Errorf(vios.ENOTFOUND, "%s", notFound)
	}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		if v, err = scan(q.QueryRowContext(ctx, db.rebind(query), id, municipalityID)); err != nil {
			return errNoRows(err, notFound)
		}
		return details(q, v)
	})
	return v, err
}
