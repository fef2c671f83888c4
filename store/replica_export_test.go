package store

import (
	"context"
	"time"
)

// WriteAs runs query in a write transaction of the actor in ctx, as a
// service method does.
func (db *DB) WriteAs(ctx context.Context, query string, args ...any) error {
	return db.inTx(ctx, func(tx *Tx) error { return tx.exec(ctx, query, args...) })
}

// ReadMunicipalityName reads a municipality's name as a page reads
// (readInTenant), and whether a standby answered (pg_is_in_recovery):
// which pool the chooser took.
func (db *DB) ReadMunicipalityName(ctx context.Context, id string) (name string, standby bool, err error) {
	err = db.readInTenant(ctx, id, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT name, pg_is_in_recovery() FROM municipalities WHERE id = ?`), id).Scan(&name, &standby)
	})
	return name, standby, err
}

// SetReplicaMaxLag sets how far behind the primary a replica read may be.
func (db *DB) SetReplicaMaxLag(d time.Duration) {
	db.replica.mu.Lock()
	defer db.replica.mu.Unlock()
	db.replica.maxLag, db.replica.sampled = d, false
}

// PinReplicaSample takes lsn as the primary's WAL position sampled just
// now. The WAL is the whole cluster's: other packages' tests writing to the
// same cluster move the primary on between a test's wait for replay and
// the chooser's own sample, so a test pins the position it waited for.
func (db *DB) PinReplicaSample(lsn string) {
	at, ok := parseLSN(lsn)
	if !ok {
		panic("not a WAL position: " + lsn)
	}
	db.replica.mu.Lock()
	defer db.replica.mu.Unlock()
	db.replica.primaryAt, db.replica.sampledAt, db.replica.sampled = at, time.Now(), true
}
